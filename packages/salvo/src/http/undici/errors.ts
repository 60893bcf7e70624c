import { kindForErrorCode } from '../error-kinds.ts';
import type { NetworkError } from '../types.ts';

/** An undici or Node error as a one-line NetworkError (never header values). */
export function errorFromUndici(err: Error): NetworkError {
  const code = (err as { code?: unknown }).code;
  const codeText = typeof code === 'string' ? code : undefined;
  // the transport closed the connection itself: its message is the one both transports give
  if (codeText === 'SALVO_TRANSPORT_CLOSED') return { kind: 'interrupted', message: err.message };
  // Unknown codes are failures of the exchange itself, which `protocol` describes best.
  const kind = kindForErrorCode(codeText) ?? 'protocol';
  const line = firstLine(err.message);
  return {
    kind,
    message: codeText !== undefined && !line.includes(codeText) ? `${codeText}: ${line}` : line,
  };
}

export function requestTimeoutError(requestMs: number): NetworkError {
  return { kind: 'timeout', message: `request timed out after ${requestMs}ms` };
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text : text.slice(0, end);
}
