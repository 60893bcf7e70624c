/**
 * A seeded pseudo-random generator (mulberry32: 32 bits of state, passes SmallCrush), so a
 * bootstrap gives the same interval for the same data on every run and machine: a CI gate
 * must not flip on a re-run. Math.random cannot be seeded.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
