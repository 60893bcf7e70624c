import { StringDecoder } from 'node:string_decoder';

/** One server-sent event, as the EventSource interface dispatches it. */
export interface SseEvent {
  /** The `event:` field, or 'message'. */
  readonly event: string;
  /** The `data:` lines joined with '\n'. */
  readonly data: string;
  /** The last event ID after this event (it carries over events that set none), '' if none. */
  readonly id: string;
  /** The `retry:` value in ms seen in this event's block, if any. */
  readonly retry: number | undefined;
}

/**
 * The event-stream parser of the HTML standard (§ 9.2.6, "Interpreting an event stream"),
 * fed with the body's pieces as they arrive. Hand-written because its whole job is these
 * sixty lines of spec, and the npm parsers (eventsource-parser and others) take strings, so
 * the UTF-8 decoding across pieces, the BOM and the CR/LF split across pieces would be ours
 * anyway. What it does: UTF-8 decoded across piece boundaries, one leading BOM dropped,
 * lines ended by CRLF, LF or CR (a CR at the end of one piece and an LF at the start of the
 * next are one line end), comments (`:`) ignored, `data` lines joined with LF, `id` with a
 * NUL ignored, the last event ID taken at each blank line (as browsers resume from it), `retry` only as ASCII digits, an event dispatched at a blank line and only
 * when it has data, a last event with no blank line after it discarded at the end.
 */
export class SseParser {
  private readonly onEvent: (event: SseEvent) => void;
  private readonly decoder = new StringDecoder('utf8');
  /** The start of an unfinished line from earlier pieces. */
  private pending = '';
  private firstText = true;
  /** The previous piece ended with CR: an LF starting this one ends no second line. */
  private afterCr = false;
  private data = '';
  private hasData = false;
  private eventType = '';
  private retryInBlock: number | undefined;
  /** The spec's "last event ID buffer": the id lines of the block being read. */
  private idBuffer = '';
  /**
   * The last event ID as of the last blank line (the spec's "last event ID string"): kept
   * across events and reconnections; an id in a block the body cut off does not count.
   */
  lastEventId = '';
  /** The reconnection time the server asked for with `retry:`, if it did. */
  retryMs: number | undefined;

  constructor(onEvent: (event: SseEvent) => void) {
    this.onEvent = onEvent;
  }

  /** Takes the next piece of the body. */
  push(chunk: Buffer | string): void {
    let text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (this.firstText && text.length > 0) {
      this.firstText = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.length === 0) return;
    let start = 0;
    if (this.afterCr && text.charCodeAt(0) === 10) start = 1;
    this.afterCr = false;
    const length = text.length;
    for (let i = start; i < length; i++) {
      const code = text.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      const line = this.pending === '' ? text.slice(start, i) : this.pending + text.slice(start, i);
      this.pending = '';
      this.line(line);
      if (code === 13) {
        if (i + 1 === length) this.afterCr = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    if (start < length) this.pending += text.slice(start);
  }

  /**
   * The body ended: an event not closed by a blank line is discarded (as the spec says), and
   * the parser is ready for a reconnection's body (the last event ID and retry stay).
   */
  end(): void {
    this.decoder.end();
    this.pending = '';
    this.afterCr = false;
    this.firstText = true;
    this.idBuffer = this.lastEventId;
    this.resetBlock();
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ':' a comment
    const colon = line.indexOf(':');
    let field = line;
    let value = '';
    if (colon >= 0) {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    switch (field) {
      case 'data':
        this.data = this.hasData ? `${this.data}\n${value}` : value;
        this.hasData = true;
        break;
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.idBuffer = value;
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) {
          this.retryMs = Number(value);
          this.retryInBlock = this.retryMs;
        }
        break;
      default: // unknown fields are ignored
    }
  }

  private dispatch(): void {
    this.lastEventId = this.idBuffer;
    if (this.hasData) {
      this.onEvent({
        event: this.eventType === '' ? 'message' : this.eventType,
        data: this.data,
        id: this.lastEventId,
        retry: this.retryInBlock,
      });
    }
    this.resetBlock();
  }

  private resetBlock(): void {
    this.data = '';
    this.hasData = false;
    this.eventType = '';
    this.retryInBlock = undefined;
  }
}
