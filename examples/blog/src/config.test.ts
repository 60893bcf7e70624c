import assert from 'node:assert/strict';
import { test } from 'node:test';
import { optionsFromEnv, resolveConfig } from './config.ts';
import { escapeHtml, html, SafeHtml } from './views/html.ts';

test('resolveConfig fills defaults and rejects what cannot work', () => {
  const config = resolveConfig();
  assert.equal(config.dbPath, ':memory:');
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.model, 'llama3.2');
  assert.ok(config.sessionSecret.length >= 32, 'a random secret is generated');
  assert.notEqual(resolveConfig().sessionSecret, config.sessionSecret);
  assert.equal(resolveConfig({ ollamaHost: '127.0.0.1:11434' }).ollamaHost, 'http://127.0.0.1:11434');
  assert.throws(() => resolveConfig({ sessionSecret: 'short' }), /SESSION_SECRET must be at least 16/);
  assert.throws(() => resolveConfig({ redisUrl: 'not a url' }), /REDIS_URL is not a URL/);
  assert.throws(() => resolveConfig({ port: 70_000 }), /PORT must be 0-65535/);
  assert.throws(() => resolveConfig({ generationTimeoutMs: 0 }), /generationTimeoutMs must be a positive/);
});

test('optionsFromEnv reads the documented variables', () => {
  const options = optionsFromEnv({ PORT: '8080', MODEL: 'sim-small', REDIS_URL: '', SEED: '1' });
  assert.equal(options.port, 8080);
  assert.equal(options.model, 'sim-small');
  assert.equal(options.redisUrl, undefined);
  assert.equal(options.seed, true);
  assert.throws(() => optionsFromEnv({ PORT: 'eighty' }), /PORT must be a number/);
});

test('html escapes interpolations unless they are SafeHtml', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  const inner = html`<b>${'<i>'}</b>`;
  assert.equal(
    html`<p>${inner}${['<x>', new SafeHtml('<y>')]}${null}</p>`.value,
    '<p><b>&lt;i&gt;</b>&lt;x&gt;<y></p>',
  );
});
