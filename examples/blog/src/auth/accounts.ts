import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role, User, UsersRepo } from '../db/users-repo.ts';
import { AttemptLimiter } from './attempt-limiter.ts';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password.ts';
import type { SessionStore } from './session-store.ts';

export const SESSION_COOKIE = 'sid';

export type RegisterResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'taken' }
  | { ok: false; reason: 'limited'; retryAfterSeconds: number };

export type LoginResult =
  | { ok: true; user: User; sessionId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'limited'; retryAfterSeconds: number };

export interface AccountsDeps {
  users: UsersRepo;
  sessions: SessionStore;
  limiter: AttemptLimiter;
  /** Registrations per IP: scrypt makes each one cost CPU, and names are a finite resource. */
  registrationLimiter: AttemptLimiter;
  onRegistered: () => void;
}

/** Registration, login (rate-limited per IP and username) and logout, shared by the API and pages. */
export class Accounts {
  readonly #deps: AccountsDeps;

  constructor(deps: AccountsDeps) {
    this.#deps = deps;
  }

  /** The new user; refused when the name is taken or this IP registered too often. */
  async register(
    ip: string,
    username: string,
    password: string,
    role: Role = 'author',
  ): Promise<RegisterResult> {
    const retryAfterSeconds = this.#deps.registrationLimiter.beginAttempt(ip);
    if (retryAfterSeconds > 0) return { ok: false, reason: 'limited', retryAfterSeconds };
    // Cheap check first, so a taken name costs no scrypt; the insert still guards against races.
    if (this.#deps.users.findByUsername(username) !== undefined) return { ok: false, reason: 'taken' };
    const user = this.#deps.users.create(username, await hashPassword(password), role);
    if (user === undefined) return { ok: false, reason: 'taken' };
    this.#deps.onRegistered();
    return { ok: true, user };
  }

  async login(ip: string, username: string, password: string): Promise<LoginResult> {
    const { users, sessions, limiter } = this.#deps;
    const key = AttemptLimiter.key(ip, username);
    // Counted before the scrypt await: concurrent attempts see each other.
    const retryAfterSeconds = limiter.beginAttempt(key);
    if (retryAfterSeconds > 0) return { ok: false, reason: 'limited', retryAfterSeconds };
    const found = users.findByUsername(username);
    const valid =
      found === undefined
        ? await verifyAgainstDummy(password)
        : await verifyPassword(password, found.passwordHash);
    if (found === undefined || !valid) return { ok: false, reason: 'invalid' };
    limiter.recordSuccess(key);
    const { passwordHash: _hash, ...user } = found;
    return { ok: true, user, sessionId: sessions.create(user.id) };
  }

  /** A session for a user who just proved who they are (e.g. right after registering). */
  startSession(user: User): string {
    return this.#deps.sessions.create(user.id);
  }

  logout(sessionId: string): void {
    this.#deps.sessions.destroy(sessionId);
  }

  /** Reads the signed session cookie; sets request.user and request.sessionId when it is live. */
  authenticate(request: FastifyRequest): void {
    const raw = request.cookies[SESSION_COOKIE];
    if (raw === undefined) return;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || unsigned.value === null) return;
    const userId = this.#deps.sessions.userIdOf(unsigned.value);
    if (userId === undefined) return;
    const user = this.#deps.users.findById(userId);
    if (user === undefined) return;
    request.user = user;
    request.sessionId = unsigned.value;
  }

  setSessionCookie(reply: FastifyReply, sessionId: string): void {
    reply.setCookie(SESSION_COOKIE, sessionId, {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: Math.floor(this.#deps.sessions.ttlMs / 1000),
    });
  }

  clearSessionCookie(reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
  }
}

/** Who may do what: posts need an author or admin; a post is changed by its author or an admin. */
export function canWrite(user: User): boolean {
  return user.role === 'author' || user.role === 'admin';
}

export function canModify(user: User, authorId: number): boolean {
  return user.role === 'admin' || user.id === authorId;
}
