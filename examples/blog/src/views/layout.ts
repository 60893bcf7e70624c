import type { User } from '../db/users-repo.ts';
import { html, SafeHtml } from './html.ts';

/** Pages load scripts only from this origin; styles are inline in the head. */
export const PAGE_CSP =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

const STYLE = `body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
nav{display:flex;gap:1rem;align-items:center;border-bottom:1px solid #ccc;padding-bottom:.5rem}
nav form{margin:0}.error{color:#b00020}.meta{color:#666;font-size:.9rem}
input,textarea{width:100%;box-sizing:border-box;margin:.25rem 0 .75rem}textarea{min-height:12rem}
button{padding:.4rem 1rem}article{border-bottom:1px solid #eee;padding:.5rem 0}pre{white-space:pre-wrap}`;
const STYLE_HTML = new SafeHtml(STYLE);

function nav(user: User | null): SafeHtml {
  const account =
    user === null
      ? html`<a href="/login">Log in</a> <a href="/register">Register</a>`
      : html`<span>${user.username} (${user.role})</span>
          <form method="post" action="/logout"><button type="submit">Log out</button></form>`;
  return html`<nav><a href="/"><strong>Salvo blog</strong></a> <a href="/new">New post</a>
    <a href="/generate">AI draft</a> ${account}</nav>`;
}

/** Adds the hidden token field to every post form of a page (values are escaped, so only ours match). */
function withFormToken(page: string, field: string, token: string): string {
  const hidden = html`<input type="hidden" name="${field}" value="${token}">`.value;
  return page.replace(/<form method="post"[^>]*>/g, (open) => open + hidden);
}

/**
 * The whole page around a content block; the title is escaped like any other value. With a
 * form token (logged-in users), every post form carries it.
 */
export function layout(
  title: string,
  user: User | null,
  content: SafeHtml,
  formToken?: { field: string; token: string },
): string {
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · Salvo blog</title><style>${STYLE_HTML}</style></head>
<body>${nav(user)}<main>${content}</main></body></html>`.value;
  return formToken === undefined ? page : withFormToken(page, formToken.field, formToken.token);
}
