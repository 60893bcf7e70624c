import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CACHE_OPTIONS } from './cache-command.ts';
import { CAPACITY_OPTIONS } from './capacity-command.ts';
import { MAIN_HELP } from './help.ts';
import { CAPACITY_HELP, SUITE_CACHE_HELP, SWEEP_HELP } from './suite-help.ts';
import { SWEEP_OPTIONS } from './sweep-command.ts';

const CLI_DOC = readFileSync(new URL('../../../../docs/cli.md', import.meta.url), 'utf8');

/** docs/cli.md's section of one command: from its heading to the next of its level. */
function section(command: string): string {
  const start = CLI_DOC.indexOf(`\n## salvo ${command}\n`);
  assert.ok(start >= 0, `docs/cli.md has a section for salvo ${command}`);
  const next = CLI_DOC.indexOf('\n## ', start + 1);
  return CLI_DOC.slice(start, next === -1 ? undefined : next);
}

const COMMANDS = [
  ['sweep', SWEEP_OPTIONS, SWEEP_HELP],
  ['cache', CACHE_OPTIONS, SUITE_CACHE_HELP],
  ['capacity', CAPACITY_OPTIONS, CAPACITY_HELP],
] as const;

test("every option of the suite commands, with its letter, is in the command's --help and its docs/cli.md section", () => {
  for (const [command, options, help] of COMMANDS) {
    assert.match(MAIN_HELP, new RegExp(`salvo ${command}\\b`));
    const doc = section(command);
    for (const [name, spec] of Object.entries(options)) {
      assert.match(help, new RegExp(`--${name}\\b`), `--${name} in salvo ${command} --help`);
      assert.match(doc, new RegExp(`\`(-\\w, )*--${name}\\b`), `--${name} in docs/cli.md (salvo ${command})`);
      if ('short' in spec) {
        assert.match(
          help,
          new RegExp(`-${spec.short}, [^\\n]*--${name}\\b`),
          `-${spec.short} beside --${name} in --help`,
        );
        assert.match(
          doc,
          new RegExp(`\`-${spec.short}\`, [^\\n]*--${name}\\b`),
          `-${spec.short} beside --${name} in docs`,
        );
      }
    }
  }
});
