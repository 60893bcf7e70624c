import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '../views/html.ts';
import { layout, PAGE_CSP } from '../views/layout.ts';

/** Route config of server-rendered pages: their errors are answered as HTML pages. */
export const PAGE_ROUTE = { config: { page: true } } as const;

export function isPageRequest(request: FastifyRequest): boolean {
  const config = request.routeOptions.config as { page?: boolean } | undefined;
  if (config?.page === true) return true;
  return request.routeOptions.url === undefined && (request.headers.accept ?? '').includes('text/html');
}

/** The hidden form field that carries the CSRF token (see security/csrf.ts). */
export const CSRF_FIELD = '_csrf';

export function sendPage(
  reply: FastifyReply,
  request: FastifyRequest,
  statusCode: number,
  title: string,
  content: SafeHtml,
): FastifyReply {
  return reply
    .code(statusCode)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .send(layout(title, request.user, content, formTokenOf(request)));
}

function formTokenOf(request: FastifyRequest): { field: string; token: string } | undefined {
  return request.csrfToken === null ? undefined : { field: CSRF_FIELD, token: request.csrfToken };
}

/** `/post/12` style ids from the path: anything else is simply not a post (404). */
export function parseId(raw: string): number | undefined {
  return /^[1-9]\d{0,14}$/.test(raw) ? Number(raw) : undefined;
}

export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).send();
}
