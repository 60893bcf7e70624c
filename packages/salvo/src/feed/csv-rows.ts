/**
 * CSV (RFC 4180) into rows of fields: `,` between fields, `"` around a field that holds a
 * comma, a quote (doubled) or a line break, CRLF or LF line ends, a UTF-8 BOM skipped,
 * blank lines skipped. A small parser of Salvo's own rather than csv-parse: this is all a
 * feeder reads (no streaming, no dialects, no type casting), it is one loop over the text,
 * and the installed package keeps one dependency fewer. Malformed input (a quote inside an
 * unquoted field, text after a closing quote, a quote never closed) is refused with its line.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  forEachCsvRow(text, (row) => rows.push(row));
  return rows;
}

/** Calls `onRow` with each row as it is parsed, so a big file never becomes one array of rows. */
export function forEachCsvRow(text: string, onRow: (row: string[]) => void): void {
  let row: string[] = [];
  let field = '';
  /** The current field was quoted: `""` alone on a line is a row of one empty field, not a blank line. */
  let quoted = false;
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    const blank = row.length === 0 && field === '' && !quoted;
    row.push(field);
    if (!blank) onRow(row);
    field = '';
    quoted = false;
    row = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      if (field !== '') throw new SyntaxError(`line ${line}: a quote inside an unquoted field`);
      const start = line;
      quoted = true;
      i++;
      for (;;) {
        if (i >= text.length) throw new SyntaxError(`line ${start}: a quoted field is never closed`);
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new SyntaxError(`line ${line}: text after a closing quote`);
      }
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      quoted = false;
      i++;
    } else if (c === '\n' || c === '\r') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
    } else {
      const stop = nextSpecial(text, i);
      field += text.slice(i, stop);
      i = stop;
    }
  }
  if (field !== '' || quoted || row.length > 0) endRow();
}

/** The index of the next `,`, `"`, CR or LF from `from` (or the end). */
function nextSpecial(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 44 || code === 34 || code === 10 || code === 13) return i;
    i++;
  }
  return i;
}
