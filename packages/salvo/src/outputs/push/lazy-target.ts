import type { PushTarget } from './pusher.ts';

/**
 * A target whose code is loaded at its first push. The protocol libraries (the
 * OpenTelemetry SDK: about half a second and 15 MB at start-up; protobufjs and snappyjs)
 * are then loaded only by runs that push, not by every `salvo` command.
 */
export function lazyTarget(kind: string, url: string, load: () => Promise<PushTarget>): PushTarget {
  let loaded: Promise<PushTarget> | undefined;
  return {
    kind,
    url,
    async send(run, meta, timeoutMs) {
      loaded ??= load();
      return (await loaded).send(run, meta, timeoutMs);
    },
    async close() {
      if (loaded !== undefined) await (await loaded).close?.();
    },
  };
}
