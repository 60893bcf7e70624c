import type { DraftCache } from './ai/draft-cache.ts';
import type { DraftService } from './ai/draft-service.ts';
import type { JobStore } from './ai/job-store.ts';
import type { Accounts } from './auth/accounts.ts';
import type { BlogConfig } from './config.ts';
import type { PostsRepo } from './db/posts-repo.ts';
import type { User } from './db/users-repo.ts';
import type { BlogMetrics } from './metrics.ts';
import type { OpenAnswers } from './open-answers.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The resolved configuration the app was built with. */
    blogConfig: BlogConfig;
  }
  interface FastifyRequest {
    /** The logged-in user, set from the session cookie before the handler runs. */
    user: User | null;
    sessionId: string | null;
    /** The session's form token (security/csrf.ts), null without a session. */
    csrfToken: string | null;
  }
}

/** Everything the routes need, built once per app. */
export interface BlogContext {
  config: BlogConfig;
  accounts: Accounts;
  posts: PostsRepo;
  drafts: DraftService;
  /** Draft answers in progress, which closing waits for (they end with a shutdown event). */
  draftAnswers: OpenAnswers;
  jobs: JobStore;
  cache: DraftCache;
  metrics: BlogMetrics;
}
