/**
 * deploy/docker, checked without a Docker engine (none runs here): every file an image
 * copies is in the repository and not excluded from the build context, every stage it
 * copies from is an earlier one, the base image is the Node release the repository pins,
 * the image runs as an unprivileged user, and the files its CMD or ENTRYPOINT runs are in it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Instruction, inRepo, labImages, REPO, readDockerfile } from './helpers/deploy-files.ts';

const DOCKERIGNORE = readFileSync(join(REPO, '.dockerignore'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'));

/** The Node release the repository runs on (the `node` devDependency, as the lock file has it). */
const PINNED_NODE: string = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')).packages[
  'node_modules/node'
].version;

const WORKSPACES: string[] = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).workspaces;

/** A COPY's sources and target, flags apart (`--from=deps`). */
function copyOf(instruction: Instruction): { from: string | undefined; sources: string[]; target: string } {
  const words = instruction.args.split(/\s+/);
  const from = words.find((word) => word.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((word) => !word.startsWith('--'));
  return { from, sources: paths.slice(0, -1), target: paths.at(-1)! };
}

/** A JSON-form CMD or ENTRYPOINT's words. */
function execForm(instruction: Instruction | undefined): string[] {
  return instruction === undefined ? [] : (JSON.parse(instruction.args) as string[]);
}

function excluded(path: string): boolean {
  return DOCKERIGNORE.some((pattern) => {
    const bare = pattern.replace(/^\*\*\//, '');
    return path === bare || path.startsWith(`${bare}/`) || path.split('/').includes(bare);
  });
}

for (const [image, dockerfile] of labImages()) {
  const instructions = readDockerfile(dockerfile);
  const stages = instructions.filter((i) => i.keyword === 'FROM');
  const last = instructions.slice(instructions.lastIndexOf(stages.at(-1)!));

  describe(`${image} (${dockerfile.slice(REPO.length)})`, () => {
    it('is multi-stage, from the Node release the repository pins, tagged exactly', () => {
      assert.ok(stages.length >= 2, 'a build stage and a runtime stage at least');
      const arg = instructions.find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='));
      assert.ok(arg, 'ARG NODE_IMAGE=…');
      assert.equal(arg.args, `NODE_IMAGE=node:${PINNED_NODE}-trixie-slim`);
      for (const stage of stages) assert.match(stage.args, /^\$\{NODE_IMAGE\}( AS [a-z]+)?$/);
    });

    it('copies only files that exist and that the build context keeps, from earlier stages', () => {
      const named = new Set<string>();
      for (const instruction of instructions) {
        if (instruction.keyword === 'FROM') {
          const name = /AS ([a-z]+)$/.exec(instruction.args)?.[1];
          if (name) named.add(name);
        }
        if (instruction.keyword !== 'COPY') continue;
        const { from, sources } = copyOf(instruction);
        if (from !== undefined) {
          assert.ok(named.has(from), `COPY --from=${from}: no earlier stage of that name`);
          continue;
        }
        for (const source of sources) {
          assert.ok(inRepo(source), `COPY ${source}: not in the repository`);
          assert.ok(!excluded(source), `COPY ${source}: .dockerignore leaves it out of the context`);
        }
      }
    });

    it('installs with every workspace’s manifest (npm ci checks the lock file against all), or needs no install', () => {
      const install = instructions.find((i) => i.keyword === 'RUN' && i.args.startsWith('npm ci'));
      const copied = instructions
        .filter((i) => i.keyword === 'COPY')
        .flatMap((i) => copyOf(i).sources)
        .filter((source) => source.endsWith('package.json'));
      if (install === undefined) {
        // no install step: then what the image holds needs nothing at run time (the simulator)
        for (const manifest of copied) {
          assert.deepEqual(
            JSON.parse(readFileSync(join(REPO, manifest), 'utf8')).dependencies ?? {},
            {},
            manifest,
          );
        }
        return;
      }
      for (const workspace of WORKSPACES) assert.ok(copied.includes(`${workspace}/package.json`), workspace);
      assert.ok(copied.includes('package.json'));
      assert.match(install.args, /--omit=dev --workspace \S+ --ignore-scripts/);
    });

    it('runs as the unprivileged node user', () => {
      const user = last.filter((i) => i.keyword === 'USER').at(-1);
      assert.equal(user?.args, 'node');
    });

    it('has what its CMD or ENTRYPOINT runs', () => {
      const entry = [
        ...execForm(last.filter((i) => i.keyword === 'ENTRYPOINT').at(-1)),
        ...execForm(last.filter((i) => i.keyword === 'CMD').at(-1)),
      ];
      assert.ok(entry.length > 0, 'a CMD or an ENTRYPOINT');
      const workdir = last.filter((i) => i.keyword === 'WORKDIR').at(-1)?.args ?? '/';
      // the files the image runs: `node <file>`, or a command linked into PATH by a RUN ln -s
      const links = new Map(
        last
          .filter((i) => i.keyword === 'RUN')
          .flatMap((i) => [...i.args.matchAll(/ln -s (\S+) \/usr\/local\/bin\/(\S+)/g)])
          .map((m) => [m[2]!, m[1]!]),
      );
      const files =
        entry[0] === 'node'
          ? [`${workdir}/${entry[1]}`]
          : links.has(entry[0]!)
            ? [links.get(entry[0]!)!]
            : [];
      assert.ok(files.length > 0, `${entry.join(' ')}: runs neither node <file> nor a linked command`);
      const copied = instructions
        .filter((i) => i.keyword === 'COPY' && copyOf(i).from === undefined)
        .flatMap((i) => copyOf(i).sources);
      for (const file of files) {
        const path = file.slice(`${workdir}/`.length);
        assert.ok(inRepo(path), `${file}: ${path} is not in the repository`);
        assert.ok(
          copied.some((source) => path === source || path.startsWith(`${source}/`)),
          `${path}: no COPY puts it in the image`,
        );
      }
    });
  });
}
