/**
 * "did you mean" for a mistyped name: the closest known name within two edits, where a
 * swap of neighbours counts as one edit (`--vsu` → `--vus`).
 *
 * @example suggestion('vsu', ['vus', 'url'], '--') // ' (did you mean --vus?)'
 */
export function suggestion(typed: string, known: readonly string[], prefix: string): string {
  const best = closestName(typed, known);
  return best === undefined ? '' : ` (did you mean ${prefix}${best}?)`;
}

/** The known name closest to `typed`, within two edits. */
export function closestName<T extends string>(typed: string, known: readonly T[]): T | undefined {
  let best: T | undefined;
  let bestDistance = 3;
  for (const name of known) {
    const distance = editDistance(typed, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
