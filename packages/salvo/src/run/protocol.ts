/**
 * The version of the messages between a coordinator and its runners (worker threads, and
 * remote runners over Redis). Every message carries it; a receiver drops a message of
 * another version with one log line instead of misreading it. Raise it when a message's
 * shape changes. 2: interval snapshots carry histograms in the uncompressed encoding.
 * 3: remote runners' snapshots name each series once and carry histograms as bytes
 * (cluster/snapshot-wire.ts); a takeover hands on iteration counts.
 */
export const PROTOCOL_VERSION = 3;

/** Why `message` cannot be read by this version, or undefined when it can. */
export function unreadable(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return 'not an object';
  const { v, type } = message as { v?: unknown; type?: unknown };
  if (v !== PROTOCOL_VERSION) {
    return `protocol version ${JSON.stringify(v)}, this Salvo speaks ${PROTOCOL_VERSION}`;
  }
  if (typeof type !== 'string') return 'no message type';
  return undefined;
}
