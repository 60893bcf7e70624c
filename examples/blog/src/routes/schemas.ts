/** JSON schemas shared by the API and the HTML forms (Fastify validates both the same way). */

export const USERNAME_PATTERN = '^[A-Za-z0-9_.-]+$';

const username = { type: 'string', minLength: 3, maxLength: 32, pattern: USERNAME_PATTERN } as const;
const password = { type: 'string', minLength: 8, maxLength: 200 } as const;
const title = { type: 'string', minLength: 1, maxLength: 200 } as const;
const body = { type: 'string', minLength: 1, maxLength: 20_000 } as const;

export const registerBody = {
  type: 'object',
  required: ['username', 'password'],
  properties: { username, password },
} as const;

/** Login takes any name, so a wrong one is a 401 like any other bad login, not a 400. */
export const loginBody = {
  type: 'object',
  required: ['username', 'password'],
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64 },
    password: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

export const postBody = {
  type: 'object',
  required: ['title', 'body'],
  properties: { title, body },
} as const;

export const titleBody = {
  type: 'object',
  required: ['title'],
  properties: { title },
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
} as const;

export const jobParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

export const pageQuery = {
  type: 'object',
  properties: {
    page: { type: 'integer', minimum: 1, maximum: 100_000, default: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
  },
} as const;

export interface Credentials {
  username: string;
  password: string;
}

export interface PostFields {
  title: string;
  body: string;
}

export interface PageQuery {
  page: number;
  pageSize: number;
}
