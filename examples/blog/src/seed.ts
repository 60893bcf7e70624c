import { hashPassword } from './auth/password.ts';
import type { PostsRepo } from './db/posts-repo.ts';
import type { Role, UsersRepo } from './db/users-repo.ts';

/** Demo password of the seeded accounts (documented in the README; a local demo only). */
export const SEED_PASSWORD = 'salvo-demo-password';

export const SEED_USERS: readonly { username: string; role: Role }[] = [
  { username: 'admin', role: 'admin' },
  { username: 'alice', role: 'author' },
  { username: 'bob', role: 'author' },
  { username: 'carol', role: 'reader' },
];

const SEED_POSTS = [
  [
    'alice',
    'Load testing without a GPU',
    'A simulated model answers like Ollama, so the whole stack runs on a laptop.',
  ],
  [
    'alice',
    'Why percentiles are never averaged',
    'Merge HDR histograms instead; the 99th percentile of averages means little.',
  ],
  [
    'bob',
    'Open versus closed workload models',
    'Arrival-rate executors keep sending even when the server slows down.',
  ],
  [
    'bob',
    'Caching drafts by title',
    'The second request for the same title comes back from the cache at once.',
  ],
  ['admin', 'Welcome to the Salvo blog', 'This blog is the reference system Salvo is tested against.'],
] as const;

/**
 * Fills an empty database with demo users and posts; does nothing when users already exist.
 * Seeded accounts are not counted in user_registrations_total.
 */
export async function seedDemoData(users: UsersRepo, posts: PostsRepo): Promise<boolean> {
  if (users.count() > 0) return false;
  const hashes = await Promise.all(SEED_USERS.map(() => hashPassword(SEED_PASSWORD)));
  const ids = new Map<string, number>();
  SEED_USERS.forEach(({ username, role }, i) => {
    const user = users.create(username, hashes[i] ?? '', role);
    if (user !== undefined) ids.set(username, user.id);
  });
  for (const [author, title, body] of SEED_POSTS) {
    const authorId = ids.get(author);
    if (authorId !== undefined) posts.create(authorId, { title, body });
  }
  return true;
}
