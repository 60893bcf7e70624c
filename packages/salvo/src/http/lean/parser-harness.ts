import { ParserState, ResponseParser } from './response-parser.ts';

/** What the parser made of one response fed to it: the tests' common view. */
interface ParseOutcome {
  status: number;
  headers: Record<string, string>;
  setCookies: readonly string[];
  body: string;
  keepAlive: boolean;
  /** The chunked body's trailer fields; undefined when none. */
  trailers: Record<string, string> | undefined;
  /** Empty when the response parsed. */
  error: string;
  /** Bytes left after the response (the next pipelined one's). */
  rest: number;
}

interface FeedOptions {
  method?: string;
  /** Split points; the bytes are fed in these pieces. */
  splits?: readonly number[];
  /** Feed through one reused buffer, as net's onread does. */
  volatileInput?: boolean;
  /** The peer closes after the bytes (ends close-delimited bodies). */
  eof?: boolean;
  /** Reuse this parser (its caches) instead of a fresh one. */
  parser?: ResponseParser;
}

/** Feeds `raw` to a fresh parser in pieces and reports what came out. */
export function feed(raw: Buffer | string, options: FeedOptions = {}): ParseOutcome {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw;
  const parser = options.parser ?? new ResponseParser();
  parser.setVolatileInput(options.volatileInput === true);
  parser.reset(options.method === 'HEAD', false);
  const cuts = [...(options.splits ?? []), bytes.length];
  const scratch = Buffer.alloc(bytes.length + 16, 0x41);
  let from = 0;
  let rest = 0;
  for (const cut of cuts) {
    if (cut <= from) continue;
    let piece = bytes.subarray(from, cut);
    let end = piece.length;
    if (options.volatileInput === true) {
      piece.copy(scratch, 0);
      piece = scratch;
      end = cut - from;
    }
    const pos = parser.execute(piece, 0, end);
    if (parser.state === ParserState.done) rest = end - pos + (bytes.length - cut);
    if (options.volatileInput === true) scratch.fill(0x42); // stale bytes must never be read
    from = cut;
    if (parser.state === ParserState.done || parser.state === ParserState.error) break;
  }
  if (options.eof === true && parser.state !== ParserState.done && parser.state !== ParserState.error) {
    parser.finishAtEof();
  }
  const done = parser.state === ParserState.done;
  const error = done ? '' : parser.error || 'incomplete';
  return {
    status: parser.headDone ? parser.head.status : 0,
    headers: parser.headDone ? parser.head.headers : {},
    setCookies: parser.headDone ? parser.head.setCookies : [],
    body: done ? (parser.takeBody()?.toString('latin1') ?? '') : '',
    keepAlive: parser.keepAlive,
    trailers: done ? parser.takeTrailers() : undefined,
    error,
    rest,
  };
}
