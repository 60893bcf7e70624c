import { SalvoError } from '../errors.ts';

/**
 * `--ab B_URL[:SHARE]`: B's base URL and its share of the iterations (default 0.5). SHARE
 * is a decimal with a point (`0.1`) or a percentage (`10%`), so a port (`:8080`) is never
 * taken for one: `--ab http://new:8080:0.1`.
 */
export function abFlag(value: string | undefined): { url: string; share: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(.*):(\d*\.\d+|\d+(?:\.\d+)?%)$/.exec(value);
  const url = match ? match[1]! : value;
  const shareText = match?.[2];
  const share =
    shareText === undefined
      ? 0.5
      : shareText.endsWith('%')
        ? Number(shareText.slice(0, -1)) / 100
        : Number(shareText);
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `--ab must be B's http:// or https:// base URL, then :SHARE if any, got "${value}"`,
    );
  }
  if (!(share > 0 && share < 1)) {
    throw new SalvoError(
      'SALVO_ERR_USAGE',
      `--ab: B's share must be above 0 and below 1 (0.1 or 10%), got "${shareText}"`,
    );
  }
  return { url, share };
}
