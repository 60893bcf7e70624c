/**
 * The chunk extensions after a chunk size, `*( ";" [ name ] [ "=" ( token / quoted-string ) ] )`,
 * read one byte at a time up to the CR that ends the chunk line. As strict as Node's llhttp,
 * since two parsers that split a chunk line differently are how responses get smuggled: no
 * whitespace anywhere (RFC 9112 §7.1.1's BWS included), no `;` ending the line, no
 * control characters; like llhttp, an empty name or value (`;=v`, `;n=`) is let through.
 */

/** Just after a `;`: the first state. */
export const EXT_START = 0;
const EXT_NAME = 1;
const EXT_VALUE_START = 2;
const EXT_TOKEN = 3;
const EXT_QUOTED = 4;
const EXT_QUOTED_PAIR = 5;
const EXT_AFTER_QUOTED = 6;
/** The CR ending the line was read. */
export const EXT_END = 7;
export const EXT_ERROR = 8;

const CR = 13;
const SEMICOLON = 59;
const EQUALS = 61;
const QUOTE = 34;
const BACKSLASH = 92;
const TOKEN = tokenTable();

function tokenTable(): Uint8Array {
  const table = new Uint8Array(256);
  for (const c of Buffer.from("!#$%&'*+-.^_`|~0123456789", 'latin1')) table[c] = 1;
  for (let c = 65; c <= 90; c++) table[c] = table[c + 32] = 1;
  return table;
}

/** The state after byte `c` in state `state`. */
export function nextExtensionState(state: number, c: number): number {
  switch (state) {
    case EXT_START:
      if (TOKEN[c] === 1) return EXT_NAME;
      if (c === EQUALS) return EXT_VALUE_START;
      return c === SEMICOLON ? EXT_START : EXT_ERROR;
    case EXT_NAME:
      if (TOKEN[c] === 1) return EXT_NAME;
      if (c === EQUALS) return EXT_VALUE_START;
      return afterItem(c);
    case EXT_VALUE_START:
      if (TOKEN[c] === 1) return EXT_TOKEN;
      if (c === QUOTE) return EXT_QUOTED;
      return afterItem(c);
    case EXT_TOKEN:
      return TOKEN[c] === 1 ? EXT_TOKEN : afterItem(c);
    case EXT_QUOTED:
      if (c === QUOTE) return EXT_AFTER_QUOTED;
      if (c === BACKSLASH) return EXT_QUOTED_PAIR;
      return isQuotedText(c) ? EXT_QUOTED : EXT_ERROR;
    case EXT_QUOTED_PAIR:
      return isQuotedText(c) || c === QUOTE || c === BACKSLASH ? EXT_QUOTED : EXT_ERROR;
    case EXT_AFTER_QUOTED:
      return afterItem(c);
    default:
      return EXT_ERROR;
  }
}

function afterItem(c: number): number {
  if (c === SEMICOLON) return EXT_START;
  return c === CR ? EXT_END : EXT_ERROR;
}

/** qdtext: HTAB, SP, visible ASCII but `"` and `\`, obs-text. */
function isQuotedText(c: number): boolean {
  return c === 9 || (c >= 32 && c !== QUOTE && c !== BACKSLASH && c !== 127);
}
