import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from '../http-error.ts';
import { CSRF_FIELD, isPageRequest } from '../routes/page-kit.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Fetch-Metadata values of a request the blog's own pages (or the user, typing a URL) made. */
const OWN_SITES = new Set(['same-origin', 'none']);

/**
 * The per-session form token: HMAC-SHA256(session secret, session id). Nothing to store, it
 * dies with the session, and a page of another origin cannot read it from our pages.
 */
export function csrfToken(secret: string, sessionId: string): string {
  return createHmac('sha256', secret).update(`csrf\u0000${sessionId}`).digest('base64url');
}

function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Refuses a browser request sent by a page of another origin (another port counts). */
function checkOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && !OWN_SITES.has(site)) {
    throw new HttpError(403, `Cross-site request refused (Sec-Fetch-Site: ${site})`);
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) {
    throw new HttpError(403, `Cross-site request refused (Origin: ${origin})`);
  }
}

/**
 * CSRF defences, in three layers:
 * - every POST/PUT/PATCH/DELETE from a browser must come from this origin (Sec-Fetch-Site,
 *   then Origin; clients that send neither, like curl or Salvo, are not browsers);
 * - the JSON routes (every route that is not a page) take only application/json bodies (415),
 *   which a cross-site form cannot send;
 * - a form post with a session must carry the session's token in `_csrf` (the pages render it).
 */
export function registerCsrfChecks(app: FastifyInstance, secret: string): void {
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method)) return;
    checkOrigin(request);
    const type = request.headers['content-type'];
    if (type !== undefined && !isPageRequest(request) && !/^application\/json\s*(;|$)/i.test(type)) {
      throw new HttpError(415, 'This route takes only application/json bodies');
    }
  });
  // After authentication (the token belongs to the session) and body parsing.
  app.decorateRequest('csrfToken', null);
  app.addHook('preHandler', async (request) => {
    if (request.sessionId === null) return;
    const token = csrfToken(secret, request.sessionId);
    request.csrfToken = token;
    if (!STATE_CHANGING.has(request.method) || !isPageRequest(request)) return;
    const body = request.body as Record<string, unknown> | undefined;
    if (!sameToken(body?.[CSRF_FIELD], token)) {
      throw new HttpError(403, 'The form is missing its CSRF token or it is stale; reload the page');
    }
  });
}
