/**
 * Which target each iteration of an A/B run goes to (docs/ab.md): iteration n of a
 * scenario's runner goes to B when ⌊(n+1)·share⌋ > ⌊n·share⌋, so after any n iterations B
 * has had ⌊n·share⌋ of them: exact to one iteration per runner, spread evenly (at 0.1,
 * every tenth), the same every run. A random draw would be off by √n and differ each time.
 */
export class AbSplit {
  readonly #share: number;
  #started = 0;

  constructor(share: number) {
    this.#share = share;
  }

  /** 0 for A, 1 for B. */
  next(): 0 | 1 {
    const n = this.#started++;
    // the epsilon keeps 10 × 0.1 at 1 where floating point would land a hair below
    return Math.floor((n + 1) * this.#share + 1e-9) > Math.floor(n * this.#share + 1e-9) ? 1 : 0;
  }
}
