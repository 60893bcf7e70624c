import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the deploy tests share about the lab's images: the repository's root, the images the
 * Dockerfiles under deploy/docker build (`salvo-lab/<name>:<version>` from
 * `deploy/docker/<name>.Dockerfile`), and what a pinned third-party image looks like.
 */

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const DOCKER_DIR = join(REPO, 'deploy/docker');

/** One instruction of a Dockerfile: its keyword (upper case) and the rest, continuation lines joined. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/**
 * The instructions of a Dockerfile. Written here rather than taken from a parser package:
 * the tests read FROM, ARG, COPY, RUN, USER, EXPOSE, CMD and ENTRYPOINT of three files
 * this repository writes, which needs only comments dropped and `\` continuations joined.
 */
export function readDockerfile(path: string): Instruction[] {
  const text = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const space = line.search(/\s/);
      return { keyword: line.slice(0, space).toUpperCase(), args: line.slice(space + 1).trim() };
    });
}

/** The images the lab builds: `salvo-lab/<name>` → its Dockerfile. */
export function labImages(): Map<string, string> {
  return new Map(
    readdirSync(DOCKER_DIR)
      .filter((file) => file.endsWith('.Dockerfile'))
      .map((file) => [`salvo-lab/${file.replace(/\.Dockerfile$/, '')}`, join(DOCKER_DIR, file)]),
  );
}

/** The ports a Dockerfile's image EXPOSEs. */
export function exposedPorts(dockerfile: string): number[] {
  return readDockerfile(dockerfile)
    .filter((instruction) => instruction.keyword === 'EXPOSE')
    .flatMap((instruction) => instruction.args.split(/\s+/).map(Number));
}

/**
 * Why an image reference is not acceptable, or undefined when it is: the lab's own images
 * are built by a Dockerfile here (at the version of the package they hold, not `latest`);
 * others carry an exact version tag (`prom/prometheus:v2.53.4`) or a digest, never `latest`
 * or a bare major.
 */
export function imageProblem(image: string): string | undefined {
  const at = image.indexOf('@sha256:');
  if (at > 0) return /^[0-9a-f]{64}$/.test(image.slice(at + 8)) ? undefined : `${image}: a malformed digest`;
  const colon = image.lastIndexOf(':');
  if (colon < 0) return `${image}: no tag (it would be latest)`;
  const name = image.slice(0, colon);
  const tag = image.slice(colon + 1);
  if (name.startsWith('salvo-lab/')) {
    if (!labImages().has(name)) return `${image}: no deploy/docker/${name.slice(10)}.Dockerfile builds it`;
    return tag === labVersion() ? undefined : `${image}: the lab's images are tagged ${labVersion()}`;
  }
  return /^v?\d+\.\d+\.\d+(-[a-z0-9.]+)?$/.test(tag) ? undefined : `${image}: not an exact version tag`;
}

/** The lab images' tag: Salvo's version. */
export function labVersion(): string {
  return JSON.parse(readFileSync(join(REPO, 'packages/salvo/package.json'), 'utf8')).version;
}

/** Whether a repository path exists (relative to the root). */
export function inRepo(path: string): boolean {
  return existsSync(join(REPO, path));
}
