import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Longer messages are cut: a message is a group's key and one line of a table. */
export const MAX_MESSAGE_CHARS = 200;

/** Salvo's own sources, as stack frames name them (a file URL for ESM, a path otherwise). */
const OWN_URL = new URL('..', import.meta.url).href;
const OWN_PATH = fileURLToPath(OWN_URL);

export interface ScriptErrorDetail {
  /** The error's first line: `TypeError: x is undefined` (no `Error: ` for a plain Error). */
  readonly message: string;
  /** `file:line:col` of the first frame in the user's code, relative to the working directory; '' when unknown. */
  readonly location: string;
}

/**
 * What a thrown value says, in one line, and where the user's code threw it. Never throws
 * itself (a `message` getter or `toString` that throws gives a placeholder).
 *
 * @example
 * describeScriptError(new TypeError('a\nb')) // { message: 'TypeError: a', location: 'tests/t.ts:4:11' }
 */
export function describeScriptError(error: unknown): ScriptErrorDetail {
  try {
    if (!(error instanceof Error)) return { message: oneLine(String(error)), location: '' };
    const text = oneLine(String(error.message));
    const name = error.name && error.name !== 'Error' ? String(error.name) : '';
    const message = name ? oneLine(text ? `${name}: ${text}` : name) : text || '(no message)';
    return {
      message,
      location: userFrame(error, text.length === 0 ? 1 : String(error.message).split('\n').length),
    };
  } catch {
    return { message: '(an error that cannot be described)', location: '' };
  }
}

// biome-ignore-start lint/suspicious/noControlCharactersInRegex: control characters are what these remove
const ANSI_SEQUENCE = /\u001b\[[0-9;]*[A-Za-z]/g;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/g;
// biome-ignore-end lint/suspicious/noControlCharactersInRegex: -

/** The first line, without ANSI colours or other control characters, bounded. */
function oneLine(text: string): string {
  const first = (text.split('\n', 1)[0] ?? '')
    .replace(ANSI_SEQUENCE, '')
    .replace(CONTROL_CHARACTER, ' ')
    .trim();
  return first.length > MAX_MESSAGE_CHARS ? `${first.slice(0, MAX_MESSAGE_CHARS - 1)}…` : first;
}

/**
 * The first stack frame outside Node's internals and Salvo's own sources: preferably one
 * outside node_modules too (the test file's line rather than a library's). The stack
 * starts with `Name: message`, as many lines as the message has: a message line that
 * looks like a frame is not one.
 */
function userFrame(error: Error, headerLines: number): string {
  const stack = typeof error.stack === 'string' ? error.stack : '';
  let library = '';
  for (const line of stack.split('\n').slice(headerLines)) {
    const frame = /^\s+at (?:async )?(?:.*? \()?(.+?):(\d+):(\d+)\)?$/.exec(line);
    if (!frame) continue;
    const file = frame[1]!;
    if (file.startsWith('node:') || file.startsWith(OWN_URL) || file.startsWith(OWN_PATH)) continue;
    const location = `${displayPath(file)}:${frame[2]}:${frame[3]}`;
    if (!file.includes(`${sep}node_modules${sep}`) && !file.includes('/node_modules/')) return location;
    library ||= location;
  }
  return library;
}

/** A path relative to the working directory when inside it, else absolute; URLs as paths. */
function displayPath(file: string): string {
  const path = file.startsWith('file://') ? fileURLToPath(file) : file;
  const fromCwd = relative(process.cwd(), path);
  return fromCwd.startsWith('..') || fromCwd === '' ? path : fromCwd;
}
