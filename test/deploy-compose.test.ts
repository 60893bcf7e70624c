/**
 * deploy/compose.yaml, checked without a Docker engine (none runs here; the docker client has
 * no compose plugin either): it parses, names only images built here or pinned exactly,
 * mounts only files that exist, keeps its secrets out of git, publishes on loopback only,
 * and its services are the hosts the Prometheus, Grafana and service configurations name.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { RUN_HELP } from '../packages/salvo/src/cli/help.ts';
import {
  exposedPorts,
  imageProblem,
  inRepo,
  labImages,
  REPO,
  readDockerfile,
} from './helpers/deploy-files.ts';

const DEPLOY = join(REPO, 'deploy');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  secrets?: { source: string; target: string }[];
  depends_on?: string[] | Record<string, { condition: string }>;
}

const compose = parse(readFileSync(join(DEPLOY, 'compose.yaml'), 'utf8')) as {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
};
const services = compose.services;

/** The port a service listens on inside the lab's network: EXPOSEd by its image, or its published one. */
function containerPorts(service: Service): number[] {
  const dockerfile = service.image === undefined ? undefined : labImages().get(service.image.split(':')[0]!);
  const published = (service.ports ?? []).map((port) => Number(port.split(':').at(-1)));
  return dockerfile === undefined ? published : exposedPorts(dockerfile);
}

/** `host:port` a URL or target names. */
function hostPort(target: string): { host: string; port: number } {
  const url = new URL(target.includes('://') ? target : `http://${target}`);
  return { host: url.hostname, port: Number(url.port) };
}

describe('deploy/compose.yaml', () => {
  it('names only images built by a Dockerfile here, at the lab’s version, or pinned to an exact version', () => {
    assert.ok(Object.keys(services).length >= 8);
    for (const [name, service] of Object.entries(services)) {
      assert.ok(service.image, `${name}: an image`);
      assert.equal(imageProblem(service.image), undefined, name);
      if (service.image.startsWith('salvo-lab/')) {
        assert.ok(service.build, `${name}: built here`);
        const dockerfile = resolve(DEPLOY, service.build.context, service.build.dockerfile);
        assert.equal(
          dockerfile,
          labImages().get(service.image.split(':')[0]!),
          `${name}: its own Dockerfile`,
        );
        assert.equal(resolve(DEPLOY, service.build.context), resolve(REPO), `${name}: built from the root`);
      } else {
        assert.equal(service.build, undefined, `${name}: pulled, not built`);
      }
    }
  });

  it('publishes every port on 127.0.0.1 only', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const port of service.ports ?? []) assert.match(port, /^127\.0\.0\.1:\d+:\d+$/, name);
    }
  });

  it('mounts only files and folders that exist, and the named volumes it declares', () => {
    let mounts = 0;
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        mounts++;
        if (source!.startsWith('./')) assert.ok(existsSync(join(DEPLOY, source!)), `${name}: ${source}`);
        else if (!source!.startsWith('/')) assert.ok(source! in compose.volumes, `${name}: volume ${source}`);
      }
    }
    assert.ok(mounts >= 8, `${mounts} mounts`);
  });

  it('reads Alertmanager’s secrets from files git ignores, where alertmanager.yml reads them', () => {
    const config = readFileSync(join(DEPLOY, 'alertmanager/alertmanager.yml'), 'utf8');
    const read = [...config.matchAll(/_file: (\S+)/g)].map((m) => m[1]!).sort();
    const mounted = (services.alertmanager!.secrets ?? []).map((secret) => secret.target).sort();
    assert.deepEqual(mounted, read);
    for (const { source } of services.alertmanager!.secrets ?? []) {
      const file = join('deploy', compose.secrets[source]!.file);
      const ignored = spawnSync('git', ['check-ignore', '-q', file], { cwd: REPO });
      assert.equal(ignored.status, 0, `${file}: git must ignore it`);
    }
  });

  it('has every host Prometheus scrapes, on the port it scrapes, and the alertmanager it alerts', () => {
    const config = parse(readFileSync(join(DEPLOY, 'prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
      alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
    };
    const targets = [
      ...config.scrape_configs.flatMap((job) => job.static_configs.flatMap((s) => s.targets)),
      ...config.alerting.alertmanagers.flatMap((a) => a.static_configs.flatMap((s) => s.targets)),
    ].filter((target) => !target.startsWith('localhost:'));
    assert.ok(targets.length >= 4);
    for (const target of targets) {
      const { host, port } = hostPort(target);
      assert.ok(services[host], `${target}: no service ${host}`);
      if (services[host]!.image?.startsWith('salvo-lab/') || services[host]!.ports) {
        assert.ok(
          containerPorts(services[host]!).includes(port),
          `${target}: ${host} does not listen on ${port}`,
        );
      }
    }
  });

  it('has every host the services and Grafana’s datasource are pointed at', () => {
    const datasources = readFileSync(
      join(DEPLOY, 'grafana/provisioning/datasources/prometheus.yaml'),
      'utf8',
    );
    const urls = [
      /url: (\S+)/.exec(datasources)![1]!,
      ...Object.values(services).flatMap((service) =>
        Object.values(service.environment ?? {}).filter((value) => /^[a-z]+:\/\//.test(value)),
      ),
    ];
    assert.ok(urls.length >= 4, urls.join(' '));
    for (const url of urls) {
      const { host, port } = hostPort(url);
      assert.ok(services[host], `${url}: no service ${host}`);
      assert.ok(containerPorts(services[host]!).includes(port), `${url}: ${host} does not listen on ${port}`);
    }
  });

  it('runs the Salvo test with flags the command has, on a test file its image carries', () => {
    const [command, file, ...flags] = services.salvo!.command!;
    assert.equal(command, 'run');
    assert.ok(inRepo(file!), file);
    const copied = readDockerfile(labImages().get('salvo-lab/salvo')!)
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .map((i) => i.args.split(/\s+/)[0]!);
    assert.ok(
      copied.some((source) => file!.startsWith(`${source}/`)),
      `${file}: not copied into the image`,
    );
    for (const flag of flags) {
      const name = flag.split('=')[0]!;
      assert.ok(RUN_HELP.includes(` ${name}`), `${name}: not a flag of salvo run`);
    }
  });
});
