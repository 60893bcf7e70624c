import { randomUUID } from 'node:crypto';
import { DraftError, type DraftEvent } from './draft-service.ts';

export type JobStatus = 'running' | 'done' | 'error';

export interface JobView {
  id: string;
  title: string;
  status: JobStatus;
  progress: { chunks: number; chars: number };
  result?: { draft: string; cached: boolean; model: string; durationMs: number };
  error?: { statusCode: number; message: string };
}

interface Job {
  view: JobView;
  userId: number;
  text: string;
  finishedAtMs: number | undefined;
  controller: AbortController;
}

export interface JobStoreOptions {
  /** Jobs running at once, all users together. */
  maxJobs: number;
  /** Jobs one user may have running at once, so one author cannot take every slot. */
  maxJobsPerUser: number;
  /** How long a finished job can still be polled. */
  keepMs: number;
}

export type DraftRunner = (title: string, signal: AbortSignal) => AsyncGenerator<DraftEvent>;

/** Why a job was not started: every slot is taken, or this user's share of them. */
export type JobRefusal = 'all-slots-busy' | 'user-slots-busy';

/**
 * Background drafting jobs, polled by id. Bounded: finished jobs expire, running ones are capped
 * in total and per user.
 */
export class JobStore {
  readonly #options: JobStoreOptions;
  readonly #jobs = new Map<string, Job>();
  /** Running jobs by user id; a user with none has no entry. */
  readonly #runningByUser = new Map<number, number>();

  constructor(options: JobStoreOptions) {
    this.#options = options;
  }

  /** Starts a job, or says why not: maxJobs running in all, or maxJobsPerUser for this user. */
  start(userId: number, title: string, run: DraftRunner): JobView | JobRefusal {
    const running = this.#runningByUser.get(userId) ?? 0;
    if (running >= this.#options.maxJobsPerUser) return 'user-slots-busy';
    this.#prune();
    if (this.#jobs.size >= this.#options.maxJobs) return 'all-slots-busy';
    this.#runningByUser.set(userId, running + 1);
    const view: JobView = { id: randomUUID(), title, status: 'running', progress: { chunks: 0, chars: 0 } };
    const job: Job = { view, userId, text: '', finishedAtMs: undefined, controller: new AbortController() };
    this.#jobs.set(view.id, job);
    void this.#drive(job, run(title, job.controller.signal));
    return { ...view };
  }

  /** A job is visible only to the user who started it. */
  get(id: string, userId: number): JobView | undefined {
    const job = this.#jobs.get(id);
    if (job === undefined || job.userId !== userId) return undefined;
    return structuredClone(job.view);
  }

  close(): void {
    for (const job of this.#jobs.values()) job.controller.abort('closing');
    this.#jobs.clear();
    this.#runningByUser.clear();
  }

  async #drive(job: Job, events: AsyncGenerator<DraftEvent>): Promise<void> {
    try {
      for await (const event of events) {
        if (event.type === 'chunk') {
          job.text += event.text;
          job.view.progress.chunks += 1;
          job.view.progress.chars = job.text.length;
        } else {
          const { cached, model, durationMs } = event;
          job.view.result = { draft: job.text, cached, model, durationMs };
          job.view.status = 'done';
        }
      }
    } catch (error) {
      job.view.status = 'error';
      job.view.error =
        error instanceof DraftError
          ? { statusCode: error.statusCode, message: error.message }
          : { statusCode: 500, message: 'Drafting failed unexpectedly' };
    } finally {
      if (job.view.status === 'running') {
        job.view.status = 'error';
        job.view.error = { statusCode: 500, message: 'Drafting ended without a result' };
      }
      job.finishedAtMs = Date.now();
      const running = (this.#runningByUser.get(job.userId) ?? 1) - 1;
      if (running > 0) this.#runningByUser.set(job.userId, running);
      else this.#runningByUser.delete(job.userId);
    }
  }

  #prune(): void {
    const now = Date.now();
    for (const [id, job] of this.#jobs) {
      const finished = job.finishedAtMs !== undefined;
      if (
        finished &&
        (now - (job.finishedAtMs ?? now) >= this.#options.keepMs || this.#jobs.size >= this.#options.maxJobs)
      ) {
        this.#jobs.delete(id);
      }
    }
  }
}
