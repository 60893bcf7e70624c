/** The body of a worker thread: load the plan, say ready, run the segment when told. */
import { parentPort, workerData } from 'node:worker_threads';
import { SalvoError } from '../errors.ts';
import { adoptFeeds } from '../feed/index.ts';
import { adoptFaultRouting } from '../http/index.ts';
import { vuHttpFactory } from './http-factory.ts';
import { loadPlan } from './load-plan.ts';
import { PROTOCOL_VERSION, unreadable } from './protocol.ts';
import { Runner } from './runner.ts';
import type { FromWorker, ToWorker } from './runner-handle.ts';
import type { WorkerData } from './thread-runner.ts';

const port = parentPort!;
const data = workerData as WorkerData;
type Unversioned<T> = T extends unknown ? Omit<T, 'v'> : never;
const send = (message: Unversioned<FromWorker>) => port.postMessage({ v: PROTOCOL_VERSION, ...message });

function failed(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  send({ type: 'failed', message, code: error instanceof SalvoError ? error.code : undefined });
}

try {
  adoptFeeds(data.feeds);
  adoptFaultRouting(data.faultRouting);
  const plan = await loadPlan(data.source);
  let runner: Runner | undefined;
  port.on('message', (message: ToWorker) => {
    const problem = unreadable(message);
    if (problem) {
      send({ type: 'log', line: `runner ${data.runnerId}: ignored a message: ${problem}` });
      return;
    }
    if (message.type === 'stop') {
      runner?.stop(message.mode);
      return;
    }
    runner = new Runner(plan, {
      runnerId: data.runnerId,
      segment: data.segment,
      startAtEpochMs: message.startAtEpochMs,
      ...(message.resumeAtEpochMs === undefined ? {} : { resumeAtEpochMs: message.resumeAtEpochMs }),
      ...(message.handedIterations === undefined ? {} : { handedIterations: message.handedIterations }),
      setupData: message.setupData,
      createHttp: vuHttpFactory(data.source.overrides?.httpDebug),
      onSnapshot: (snapshot) => send({ type: 'snapshot', snapshot }),
      printError: (line) => send({ type: 'log', line }),
    });
    runner.run().then(() => send({ type: 'done' }), failed);
  });
  send({ type: 'ready' });
} catch (error) {
  failed(error);
}
