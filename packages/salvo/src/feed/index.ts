/**
 * Test data for VUs from CSV and JSON files, loaded once per process into shared memory.
 *
 * @example
 * const users = feed('users.csv', { mode: 'unique' });
 * const user = users.next(vu);
 */
export {
  adoptFeeds,
  Feed,
  FeedExhaustedError,
  type FeedMode,
  type FeedOptions,
  feed,
  loadedFeeds,
  setFeedBaseDir,
} from './feed.ts';
export type { SharedRows } from './shared-rows.ts';
