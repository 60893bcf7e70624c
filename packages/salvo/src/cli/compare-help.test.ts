import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { COMPARE_OPTIONS } from './compare-command.ts';
import { COMPARE_HELP } from './help.ts';

const CLI_DOC = readFileSync(new URL('../../../../docs/cli.md', import.meta.url), 'utf8');

test('every option of salvo compare is in its --help and in docs/cli.md', () => {
  for (const [name, spec] of Object.entries(COMPARE_OPTIONS)) {
    const short = 'short' in spec ? spec.short : undefined;
    const inHelp = short ? `-${short}, --${name}` : `--${name}`;
    const inDoc = short ? `\`-${short}\`, \`--${name}` : `\`--${name}`;
    assert.ok(COMPARE_HELP.includes(inHelp), `${inHelp} in --help`);
    assert.ok(CLI_DOC.includes(inDoc), `${inDoc} in docs/cli.md`);
  }
});
