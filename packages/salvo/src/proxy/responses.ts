import { FAULT_HEADER } from '../http/index.ts';
import { nodeHttp } from '../http/node-http.ts';
import type { Fault, FaultKind } from './fault-types.ts';

const synthetic = new WeakMap<Fault, Buffer>();

/** An http-error fault's answer, built once per fault; keep-alive, marked. */
export function syntheticResponse(fault: Fault): Buffer {
  let bytes = synthetic.get(fault);
  if (bytes === undefined) {
    const body = Buffer.from(fault.body, 'utf8');
    bytes = Buffer.concat([
      Buffer.from(
        `HTTP/1.1 ${fault.status} ${nodeHttp.STATUS_CODES[fault.status] ?? 'Fault'}\r\n` +
          `${FAULT_HEADER}: ${fault.kind}\r\ncontent-type: text/plain; charset=utf-8\r\n` +
          `content-length: ${body.length}\r\n\r\n`,
        'latin1',
      ),
      body,
    ]);
    synthetic.set(fault, bytes);
  }
  return bytes;
}

/** A response head from the service with the fault's header added after its status line. */
export function markedHead(head: Buffer, kind: FaultKind): Buffer {
  const lineEnd = head.indexOf('\r\n') + 2;
  return Buffer.concat([
    head.subarray(0, lineEnd),
    Buffer.from(`${FAULT_HEADER}: ${kind}\r\n`, 'latin1'),
    head.subarray(lineEnd),
  ]);
}
