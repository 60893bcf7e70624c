import { hashPassword, verifyPassword } from './auth/password.ts';
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

let seedHash: Promise<string> | undefined;

/**
 * Fills an empty database with demo users and posts; does nothing when users already exist.
 * Seeded accounts are not counted in user_registrations_total.
 */
export async function seedDemoData(users: UsersRepo, posts: PostsRepo): Promise<boolean> {
  if (users.count() > 0) return false;
  // One hash per process for the shared, public demo password: seeding stays cheap for tests.
  seedHash ??= hashPassword(SEED_PASSWORD);
  const hash = await seedHash;
  const ids = new Map<string, number>();
  SEED_USERS.forEach(({ username, role }) => {
    const user = users.create(username, hash, role);
    if (user !== undefined) ids.set(username, user.id);
  });
  for (const [author, title, body] of SEED_POSTS) {
    const authorId = ids.get(author);
    if (authorId !== undefined) posts.create(authorId, { title, body });
  }
  return true;
}

/**
 * The seeded accounts that still have the public demo password: a database seeded on a
 * loopback address keeps it when the blog is later started on a public one.
 */
export async function accountsWithDemoPassword(users: UsersRepo): Promise<string[]> {
  const found: string[] = [];
  for (const { username } of SEED_USERS) {
    const user = users.findByUsername(username);
    if (user !== undefined && (await verifyPassword(SEED_PASSWORD, user.passwordHash))) found.push(username);
  }
  return found;
}
