import { type ParseArgsConfig, parseArgs } from 'node:util';
import { SalvoError } from '../errors.ts';

/**
 * The few options of `salvo runner` and `salvo cluster`, read with node:util's parseArgs
 * (enough for them: no repeated values, no numbers that start with "-"); its errors become
 * one usage line.
 */
export function readOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: T,
  command: string,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      (error as Error).message.split('\n')[0]!,
      `see \`salvo ${command} --help\``,
    );
  }
}

export function requireRedisUrl(value: string | boolean | undefined, flag: string, command: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw new SalvoError(
    'SALVO_ERR_USAGE',
    `${flag} URL is required: where the runners and coordinators meet (redis://host:6379)`,
    `see \`salvo ${command} --help\``,
  );
}
