import { EXIT_CODES, formatUserError, SalvoError } from '../errors.ts';
import { MAIN_HELP } from './help.ts';
import { runCommand } from './run-command.ts';

const VERSION = '0.1.0';

/**
 * The `salvo` command: dispatches to one module per command and turns every error into
 * one line on stderr and an exit code; a stack trace only with SALVO_DEBUG=1.
 */
export async function main(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest);
      case 'version':
      case '--version':
        process.stdout.write(`salvo ${VERSION}\n`);
        return EXIT_CODES.passed;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(MAIN_HELP);
        return command === undefined ? EXIT_CODES.usage : EXIT_CODES.passed;
      default:
        throw new SalvoError('SALVO_ERR_USAGE', `unknown command "${command}"`, 'see `salvo help`');
    }
  } catch (error) {
    if (process.env.SALVO_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    const internal = !(error instanceof SalvoError);
    process.stderr.write(
      `salvo: ${formatUserError(error)}${internal ? ' (set SALVO_DEBUG=1 for details)' : ''}\n`,
    );
    return EXIT_CODES.usage;
  }
}
