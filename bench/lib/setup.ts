import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A program the bench needs and the Debian packages that provide it, in order of preference. */
export interface Requirement {
  binary: string;
  packages: readonly string[];
}

export const REQUIREMENTS = {
  nginx: { binary: 'nginx', packages: ['nginx-light', 'nginx'] },
  wrk: { binary: 'wrk', packages: ['wrk'] },
  h2load: { binary: 'h2load', packages: ['nghttp2-client'] },
  hey: { binary: 'hey', packages: ['hey'] },
  locust: { binary: 'locust', packages: ['python3-locust'] },
  time: { binary: '/usr/bin/time', packages: ['time'] },
} as const satisfies Record<string, Requirement>;

/** Where `binary` is on PATH (plus the sbin folders, where nginx lives), or null. */
export function findBinary(binary: string, path = process.env.PATH ?? ''): string | null {
  const dirs = binary.includes('/') ? [''] : [...path.split(delimiter), '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    const candidate = dir === '' ? binary : join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function aptGet(args: string[]): boolean {
  const result = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
  });
  return result.status === 0;
}

/**
 * Installs, with apt-get, the packages of requirements whose binary is missing (idempotent:
 * nothing runs when all are present). Returns, per missing binary, why it is still missing.
 */
export function ensureInstalled(
  requirements: readonly Requirement[],
  log: (line: string) => void,
): Map<string, string> {
  const missing = requirements.filter((req) => findBinary(req.binary) === null);
  const unavailable = new Map<string, string>();
  if (missing.length === 0) return unavailable;
  if (process.getuid?.() !== 0 || findBinary('apt-get') === null) {
    for (const req of missing) unavailable.set(req.binary, `not installed (install ${req.packages[0]})`);
    return unavailable;
  }
  log(`installing: ${missing.map((req) => req.packages[0]).join(' ')} (apt-get)`);
  aptGet(['update', '-qq']);
  // One install for all first choices; on failure, each requirement's packages one by one.
  if (
    !aptGet(['install', '-y', '-qq', '--no-install-recommends', ...missing.map((req) => req.packages[0]!)])
  ) {
    for (const req of missing) {
      for (const pkg of req.packages) {
        if (findBinary(req.binary) !== null) break;
        aptGet(['install', '-y', '-qq', '--no-install-recommends', pkg]);
      }
    }
  }
  for (const req of missing) {
    if (findBinary(req.binary) === null) {
      unavailable.set(req.binary, `apt-get could not install ${req.packages.join(' or ')}`);
    }
  }
  return unavailable;
}
