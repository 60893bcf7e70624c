import type { FastifyRequest } from 'fastify';
import { canWrite } from './auth/accounts.ts';
import type { User } from './db/users-repo.ts';

/** An error with the status to answer; the error handler turns it into JSON or an HTML page. */
export class HttpError extends Error {
  readonly statusCode: number;

  constructor(statusCode: number, message: string) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
  }
}

export function requireUser(request: FastifyRequest): User {
  if (request.user === null) throw new HttpError(401, 'Log in first');
  return request.user;
}

export function requireWriter(request: FastifyRequest): User {
  const user = requireUser(request);
  if (!canWrite(user)) throw new HttpError(403, `A ${user.role} cannot write posts; authors and admins can`);
  return user;
}

/** Trims a text field and rejects it when only whitespace is left. */
export function nonBlank(value: string, field: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new HttpError(400, `${field} must not be blank`);
  return trimmed;
}
