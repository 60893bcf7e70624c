import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promptDataset } from './prompts.ts';

const dir = mkdtempSync(join(tmpdir(), 'salvo-prompts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('a JSONL dataset replays in order per VU, prompt or messages, output_tokens as maxTokens', () => {
  const path = file(
    'mix.jsonl',
    [
      '{"prompt": "What is the capital of India?", "output_tokens": 12}',
      '',
      '{"messages": [{"role": "user", "content": "Hi"}]}',
      '{"prompt": "Tell me a story", "output_tokens": 200}',
    ].join('\n'),
  );
  const prompts = promptDataset(path);
  assert.equal(prompts.size, 3);
  const vu = { id: 1 };
  const seen = [prompts.next(vu), prompts.next(vu), prompts.next(vu), prompts.next(vu)];
  assert.deepEqual(seen, [
    { prompt: 'What is the capital of India?', maxTokens: 12 },
    { messages: [{ role: 'user', content: 'Hi' }] },
    { prompt: 'Tell me a story', maxTokens: 200 },
    { prompt: 'What is the capital of India?', maxTokens: 12 },
  ]);
  assert.deepEqual(prompts.next({ id: 2 }), seen[0], 'each VU replays from the start');
});

test('bad rows are refused when the file is loaded, with the row and a code', () => {
  const noPrompt = file('none.jsonl', '{"prompt": "ok"}\n{"text": "no prompt"}\n');
  assert.throws(() => promptDataset(noPrompt), /row 2: needs "prompt"/);
  const badLength = file('length.jsonl', '{"prompt": "x", "output_tokens": 0}\n');
  assert.throws(() => promptDataset(badLength), /output_tokens must be a whole number >= 1, got 0/);
  const notJson = file('broken.jsonl', '{"prompt": "x"}\n{oops\n');
  assert.throws(() => promptDataset(notJson), /line 2 is not JSON/);
});
