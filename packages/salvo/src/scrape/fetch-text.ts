import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { nodeHttp } from '../http/node-http.ts';

const { Agent: HttpAgent, request: httpRequest } = nodeHttp;

/** A body larger than this is not a metrics page (a service with 200 routes serves ~200 KB). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Ask for the classic text format: an OpenMetrics-capable service then serves 0.0.4. */
const ACCEPT = 'text/plain;version=0.0.4;q=1,*/*;q=0.1';

/** Why a scrape failed, in a few words a user reads on one line. */
export class ScrapeFailure extends Error {
  override name = 'ScrapeFailure';
}

/**
 * GETs scrape targets over one keep-alive connection each (node:http, not the load's
 * transports: scraping is the coordinator's, off the hot path), each request bounded by
 * `timeoutMs` from start to last byte. `close` ends the connections.
 */
export class TextFetcher {
  readonly #http = new HttpAgent({ keepAlive: true, maxSockets: 1 });
  readonly #https = new HttpsAgent({ keepAlive: true, maxSockets: 1 });

  /** The body of a 2xx answer; rejects with ScrapeFailure otherwise. */
  get(url: URL, timeoutMs: number): Promise<string> {
    const secure = url.protocol === 'https:';
    const request = secure ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const fail = (message: string) => {
        req.destroy();
        reject(new ScrapeFailure(message));
      };
      const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
      const req = request(url, { agent: secure ? this.#https : this.#http, headers: { accept: ACCEPT } });
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new ScrapeFailure(networkMessage(error)));
      });
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) {
          clearTimeout(timer);
          res.resume();
          reject(new ScrapeFailure(`HTTP ${status}`));
          return;
        }
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > MAX_BODY_BYTES) {
            clearTimeout(timer);
            fail(`body over ${MAX_BODY_BYTES / 1024 / 1024} MiB`);
          } else chunks.push(chunk);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve(Buffer.concat(chunks).toString('utf8'));
        });
        res.on('error', (error) => {
          clearTimeout(timer);
          reject(new ScrapeFailure(networkMessage(error)));
        });
      });
      req.end();
    });
  }

  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }
}

function networkMessage(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host';
    case 'ECONNRESET':
      return 'connection reset';
    default:
      return error.code ? `${error.code}: ${error.message}` : error.message;
  }
}
