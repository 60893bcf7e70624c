import { SalvoError } from '../../errors.ts';

/** A push output's `url` checked: http or https, or a usage error naming the output. */
export function pushUrl(kind: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SalvoError('SALVO_ERR_USAGE', `--out ${kind}=${url}: not a URL (http:// or https://)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SalvoError('SALVO_ERR_USAGE', `--out ${kind}=${url}: the URL must be http:// or https://`);
  }
  return parsed.href;
}
