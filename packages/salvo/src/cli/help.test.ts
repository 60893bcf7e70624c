import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { RUN_OPTIONS } from './args.ts';
import { RUN_HELP } from './help.ts';

const CLI_DOC = readFileSync(new URL('../../../../docs/cli.md', import.meta.url), 'utf8');

test('every option of salvo run, with each of its letters, is in --help and in docs/cli.md', () => {
  for (const [name, spec] of Object.entries(RUN_OPTIONS)) {
    assert.match(RUN_HELP, new RegExp(`--${name}\\b`), `--${name} in --help`);
    assert.match(CLI_DOC, new RegExp(`\`(-\\w, )*--${name}\\b`), `--${name} in docs/cli.md`);
    for (const letter of 'short' in spec ? spec.short : '') {
      assert.match(
        RUN_HELP,
        new RegExp(`-${letter}, [^\\n]*--${name}\\b`),
        `-${letter} beside --${name} in --help`,
      );
      assert.match(
        CLI_DOC,
        new RegExp(`\`-${letter}\`, [^\\n]*--${name}\\b`),
        `-${letter} beside --${name} in docs`,
      );
    }
  }
});
