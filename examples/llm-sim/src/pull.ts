import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CatalogEntry } from './catalog.ts';
import { sendJson } from './respond.ts';

/** Ollama's answer when the registry has no such model. */
export const PULL_UNKNOWN_ERROR = 'pull model manifest: file does not exist';

const PROGRESS_STEPS = 4;

function layerDigest(name: string, layer: string): string {
  return `sha256:${createHash('sha256').update(`${name}\n${layer}`).digest('hex')}`;
}

/** The status lines Ollama streams for a pull: manifest, each layer's progress, verify, write, success. */
function pullStatuses(entry: CatalogEntry): Array<Record<string, unknown>> {
  const layers = [
    { layer: 'model', total: entry.sizeBytes },
    { layer: 'template', total: 18 },
    { layer: 'params', total: 32 },
  ];
  const lines: Array<Record<string, unknown>> = [{ status: 'pulling manifest' }];
  for (const { layer, total } of layers) {
    const digest = layerDigest(entry.name, layer);
    const status = `pulling ${digest.slice('sha256:'.length, 'sha256:'.length + 12)}`;
    for (let step = 0; step <= PROGRESS_STEPS; step++) {
      lines.push({ status, digest, total, completed: Math.round((total * step) / PROGRESS_STEPS) });
    }
  }
  lines.push({ status: 'verifying sha256 digest' }, { status: 'writing manifest' }, { status: 'success' });
  return lines;
}

/**
 * Answers POST /api/pull: a served model "downloads" at once (its layers already here, as Ollama
 * pulling a model it has); an unknown one fails as the registry would. Streamed lines leave one per
 * event-loop turn, so a client sees them arrive one by one.
 */
export async function answerPull(
  entry: CatalogEntry | undefined,
  stream: boolean,
  res: ServerResponse,
): Promise<void> {
  if (!stream) {
    if (entry) sendJson(res, 200, { status: 'success' });
    else sendJson(res, 500, { error: PULL_UNKNOWN_ERROR });
    return;
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  const lines = entry ? pullStatuses(entry) : [{ status: 'pulling manifest' }, { error: PULL_UNKNOWN_ERROR }];
  for (const line of lines) {
    if (res.destroyed) return;
    res.write(`${JSON.stringify(line)}\n`);
    await nextTurn();
  }
  res.end();
}
