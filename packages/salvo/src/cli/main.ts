import { EXIT_CODES, SalvoError, userErrorLines } from '../errors.ts';
import { SALVO_VERSION } from '../version.ts';
import { MAIN_HELP } from './help.ts';
import { runCommand } from './run-command.ts';
import { suggestion } from './suggest.ts';

const COMMANDS = [
  'run',
  'report',
  'sweep',
  'cache',
  'capacity',
  'compare',
  'proxy',
  'runner',
  'cluster',
  'version',
  'help',
];

/**
 * The `salvo` command: dispatches to one module per command and turns every error into
 * one line per problem on stderr, each with its SALVO_ERR_* code, and exit code 1; a stack
 * trace only with SALVO_DEBUG=1.
 */
export async function main(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest);
      // the other commands load only when asked for: a run's memory holds none of their
      // modules (suites, the proxy, the report page; cluster mode and ioredis)
      case 'report':
        return await (await import('./report-command.ts')).reportCommand(rest);
      case 'sweep':
        return await (await import('./sweep-command.ts')).sweepCommand(rest);
      case 'cache':
        return await (await import('./cache-command.ts')).cacheCommand(rest);
      case 'capacity':
        return await (await import('./capacity-command.ts')).capacityCommand(rest);
      case 'compare':
        return await (await import('./compare-command.ts')).compareCommand(rest);
      case 'runner':
        return await (await import('../cluster/index.ts')).runnerCommand(rest);
      case 'cluster':
        return await (await import('../cluster/index.ts')).clusterCommand(rest);
      case 'proxy':
        return await (await import('./proxy-command.ts')).proxyCommand(rest);
      case 'version':
      case '--version':
        process.stdout.write(`salvo ${SALVO_VERSION}\n`);
        return EXIT_CODES.passed;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(MAIN_HELP);
        return command === undefined ? EXIT_CODES.error : EXIT_CODES.passed;
      default:
        throw new SalvoError(
          'SALVO_ERR_USAGE',
          `unknown command "${command}"${suggestion(command, COMMANDS, '')}`,
          suggestion(command, COMMANDS, '') ? undefined : 'see `salvo help`',
        );
    }
  } catch (error) {
    if (process.env.SALVO_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    for (const line of userErrorLines(error)) process.stderr.write(`salvo: ${line}\n`);
    return EXIT_CODES.error;
  }
}
