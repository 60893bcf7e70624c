import { StringDecoder } from 'node:string_decoder';

/**
 * Newline-delimited JSON (Ollama's streams, JSON Lines): each line one JSON value, lines
 * ended by LF (a CR before it is dropped), blank lines skipped, a last line without an LF
 * parsed at the end. A line that is not JSON is reported through `onError` with its number
 * and the parser goes on (the caller decides whether that ends the stream).
 */
export class NdjsonParser<T = unknown> {
  private readonly onValue: (value: T) => void;
  private readonly onError: (message: string) => void;
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private lineNumber = 0;

  constructor(onValue: (value: T) => void, onError: (message: string) => void) {
    this.onValue = onValue;
    this.onError = onError;
  }

  push(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      const line =
        this.pending === '' ? text.slice(start, newline) : this.pending + text.slice(start, newline);
      this.pending = '';
      this.line(line);
      start = newline + 1;
    }
    if (start < text.length) this.pending += text.slice(start);
  }

  /** The body ended: parses a last line that had no LF, and starts over for another body. */
  end(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (rest !== '') this.line(rest);
    this.lineNumber = 0;
  }

  private line(raw: string): void {
    this.lineNumber++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    let value: T;
    try {
      value = JSON.parse(line) as T;
    } catch (error) {
      this.onError(`line ${this.lineNumber} is not JSON: ${(error as Error).message}`);
      return;
    }
    this.onValue(value);
  }
}
