/**
 * A generation's token times on one timeline from the moment it starts: each delay runs from
 * when the last token was due, not from when its timer fired. Node fires timers a little
 * late, more so on a busy machine; measured from the firing, that lateness would add up
 * over an answer and every token after a late one would be late too, so the profile's
 * rate would not hold.
 */
export class Pace {
  private dueMs = 0;

  /** The timeline starts now (the generation got its slot). */
  start(): void {
    this.dueMs = performance.now();
  }

  /** The timer delay until `ms` after the last due time (0 when that moment has passed). */
  after(ms: number): number {
    this.dueMs += ms;
    return Math.max(0, this.dueMs - performance.now());
  }
}
