/**
 * A generation's token times on one timeline from its first token: each delay runs from
 * when the last token was due, not from when its timer fired. Node fires timers a little
 * late, more so on a busy machine; measured from the firing, that lateness would add up
 * over an answer and every token after a late one would be late too, so the profile's
 * rate would not hold. The timeline starts at the first token as it went out, so a late
 * first token (TTFT) does not shorten the gaps after it (TPOT).
 */
export class Pace {
  private dueMs = 0;

  /** The timeline starts now (the first token went out). */
  start(): void {
    this.dueMs = performance.now();
  }

  /** The timer delay until `ms` after the last due time (0 when that moment has passed). */
  after(ms: number): number {
    this.dueMs += ms;
    return Math.max(0, this.dueMs - performance.now());
  }
}
