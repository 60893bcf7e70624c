import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VuCookieJar } from './cookies.ts';

const at = (href: string) => new URL(href);

test('host-only cookies stay on their host; Domain cookies reach subdomains', () => {
  const jar = new VuCookieJar();
  jar.storeFromResponse(at('http://shop.example.com/a/b'), ['host=1', 'wide=2; Domain=.example.com; Path=/']);
  assert.equal(jar.headerFor(at('http://shop.example.com/a/x')), 'host=1; wide=2', 'longer path first');
  assert.equal(jar.headerFor(at('http://api.example.com/')), 'wide=2');
  assert.equal(jar.headerFor(at('http://example.org/')), undefined);
});

test('a Domain the host does not match is ignored; IPs match only themselves', () => {
  const jar = new VuCookieJar();
  jar.storeFromResponse(at('http://a.example.com/'), ['evil=1; Domain=other.com']);
  jar.storeFromResponse(at('http://127.0.0.1/'), ['ip=1; Domain=0.0.1']);
  assert.equal(jar.size, 0);
});

test('default path is the request directory; Path matching is by segment', () => {
  const jar = new VuCookieJar();
  jar.storeFromResponse(at('http://h/docs/page'), ['d=1']);
  jar.storeFromResponse(at('http://h/'), ['p=1; Path=/api']);
  assert.equal(jar.headerFor(at('http://h/docs/other')), 'd=1');
  assert.equal(jar.headerFor(at('http://h/documents')), undefined);
  assert.equal(jar.headerFor(at('http://h/api/v1')), 'p=1');
  assert.equal(jar.headerFor(at('http://h/apix')), undefined);
});

test('Secure cookies only over https; Max-Age beats Expires; expiry removes', () => {
  const jar = new VuCookieJar();
  const past = new Date(Date.now() - 60_000).toUTCString();
  jar.storeFromResponse(at('https://h/'), [
    's=1; Secure; HttpOnly',
    `old=1; Expires=${past}`,
    `kept=1; Max-Age=60; Expires=${past}`,
  ]);
  assert.equal(jar.headerFor(at('http://h/')), 'kept=1');
  assert.equal(jar.headerFor(at('https://h/')), 's=1; kept=1');
  jar.storeFromResponse(at('https://h/'), ['s=; Max-Age=0']);
  assert.deepEqual(jar.get('https://h/'), { kept: '1' });
});

test('version moves on every change so cached headers can be trusted', () => {
  const jar = new VuCookieJar();
  const v0 = jar.version;
  jar.set('http://h/', 'a', '1');
  assert.ok(jar.version > v0);
  const v1 = jar.version;
  jar.clear();
  assert.ok(jar.version > v1);
  assert.equal(jar.headerFor(at('http://h/')), undefined);
});
