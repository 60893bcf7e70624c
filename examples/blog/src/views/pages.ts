import type { Post } from '../db/posts-repo.ts';
import { html, type SafeHtml } from './html.ts';

function when(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function errorLine(error: string | undefined): SafeHtml {
  return error === undefined ? html`` : html`<p class="error" role="alert">${error}</p>`;
}

function excerpt(body: string): string {
  return body.length > 240 ? `${body.slice(0, 240)}…` : body;
}

export function homeContent(posts: Post[], page: number, pageSize: number, total: number): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const items = posts.map(
    (post) => html`<article><h2><a href="/post/${post.id}">${post.title}</a></h2>
      <p class="meta">by ${post.author} · ${when(post.createdAt)}</p><p>${excerpt(post.body)}</p></article>`,
  );
  const prev = page > 1 ? html`<a href="/?page=${page - 1}">← Newer</a>` : html``;
  const next = page < pages ? html`<a href="/?page=${page + 1}">Older →</a>` : html``;
  const empty = posts.length === 0 ? html`<p>No posts here yet.</p>` : html``;
  return html`<h1>Posts</h1>${items}${empty}<p>${prev} Page ${page} of ${pages} ${next}</p>`;
}

export function postContent(post: Post, canModify: boolean): SafeHtml {
  const actions = canModify
    ? html`<details><summary>Edit</summary>
        <form method="post" action="/post/${post.id}/edit">
          <label>Title <input name="title" required maxlength="200" value="${post.title}"></label>
          <label>Body <textarea name="body" required maxlength="20000">${post.body}</textarea></label>
          <button type="submit">Save</button></form></details>
        <form method="post" action="/post/${post.id}/delete"><button type="submit">Delete</button></form>`
    : html``;
  return html`<article><h1>${post.title}</h1>
    <p class="meta">by ${post.author} · ${when(post.createdAt)}</p><pre>${post.body}</pre></article>${actions}`;
}

export function credentialsForm(
  kind: 'login' | 'register',
  error: string | undefined,
  username = '',
): SafeHtml {
  const heading = kind === 'login' ? 'Log in' : 'Register';
  return html`<h1>${heading}</h1>${errorLine(error)}
    <form method="post" action="/${kind}">
      <label>Username <input name="username" required maxlength="64" value="${username}"></label>
      <label>Password <input name="password" type="password" required maxlength="200"></label>
      <button type="submit">${heading}</button></form>`;
}

export function newPostForm(error: string | undefined, title = '', body = ''): SafeHtml {
  return html`<h1>New post</h1>${errorLine(error)}
    <form method="post" action="/new">
      <label>Title <input name="title" required maxlength="200" value="${title}"></label>
      <label>Body <textarea name="body" required maxlength="20000">${body}</textarea></label>
      <button type="submit">Publish</button></form>`;
}

/** The draft streams into the textarea (see generate-script.ts), which then publishes like /new. */
export function generateContent(): SafeHtml {
  return html`<h1>Draft a post with AI</h1>
    <form id="generate-form"><label>Title <input id="generate-title" name="title" required maxlength="200"></label>
      <button type="submit">Generate</button></form>
    <p id="generate-status" class="meta" aria-live="polite"></p>
    <form method="post" action="/new">
      <input type="hidden" id="publish-title" name="title">
      <label>Draft <textarea id="draft" name="body" required maxlength="20000"></textarea></label>
      <button type="submit">Publish</button></form>
    <script src="/assets/generate.js"></script>`;
}

export function errorContent(statusCode: number, message: string): SafeHtml {
  const login = statusCode === 401 ? html`<a href="/login">Log in</a> · ` : html``;
  return html`<h1>${statusCode}</h1><p class="error">${message}</p><p>${login}<a href="/">Back to the posts</a></p>`;
}
