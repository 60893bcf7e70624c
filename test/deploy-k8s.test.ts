/**
 * deploy/k8s, checked without a cluster: `kubectl kustomize` renders it (what `kubectl apply -k`
 * applies); every image is built here or pinned, every ConfigMap holds the real file, every
 * Service selects pods that have its ports, every annotated pod is scraped on a port it has,
 * every URL a pod is given names a Service, the runners are an Indexed Job running flags the
 * command has, and the in-cluster Prometheus configuration passes promtool.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { RUN_HELP } from '../packages/salvo/src/cli/help.ts';
import { imageProblem, inRepo, labImages, REPO, readDockerfile } from './helpers/deploy-files.ts';
import { prometheusSkipReason } from './helpers/prometheus.ts';
import { runTool } from './helpers/tools.ts';

const K8S = join(REPO, 'deploy/k8s');

function kubectlSkipReason(): string | false {
  if (spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0) return false;
  return 'kubectl is not installed: the manifests are rendered by `kubectl kustomize` (install kubectl to run these checks)';
}

interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: { name: string; value?: string }[];
  ports?: { name?: string; containerPort: number }[];
}
interface PodSpec {
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean };
  volumes?: { name: string; configMap?: { name: string; optional?: boolean } }[];
}
interface PodTemplate {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}
interface Resource {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: {
    template?: PodTemplate;
    selector?: Record<string, string> | { matchLabels: Record<string, string> };
    ports?: { port: number; targetPort: string | number }[];
    completionMode?: string;
    completions?: number;
  };
  data?: Record<string, string>;
}

describe('deploy/k8s (kubectl kustomize)', { skip: kubectlSkipReason() }, () => {
  let resources: Resource[];
  let templates: { owner: string; template: PodTemplate }[];

  before(async () => {
    const rendered = await runTool('kubectl', ['kustomize', K8S]);
    assert.equal(rendered.code, 0, rendered.output);
    resources = parseAllDocuments(rendered.output).map((doc) => doc.toJS() as Resource);
    templates = resources
      .filter((r) => r.spec?.template !== undefined)
      .map((r) => ({ owner: `${r.kind}/${r.metadata.name}`, template: r.spec!.template! }));
  });

  it('renders the blog, the simulator, Redis, Prometheus and the runners, all in one namespace', () => {
    const names = resources.map((r) => `${r.kind}/${r.metadata.name}`);
    for (const expected of [
      'Deployment/blog',
      'Deployment/llm-sim',
      'Deployment/redis',
      'Deployment/prometheus',
      'Job/salvo-runners',
    ]) {
      assert.ok(names.includes(expected), `${expected} in ${names.join(', ')}`);
    }
    for (const r of resources.filter((r) => r.kind !== 'Namespace')) {
      assert.equal(r.metadata.namespace, 'salvo-lab', `${r.kind}/${r.metadata.name}`);
    }
  });

  it('names only images built by a Dockerfile here, at the lab’s version, or pinned to an exact version', () => {
    const images = templates.flatMap(({ template }) => template.spec.containers.map((c) => c.image));
    assert.ok(images.length >= 5);
    for (const image of images) assert.equal(imageProblem(image), undefined);
  });

  it('runs every pod as a non-root user', () => {
    for (const { owner, template } of templates) {
      assert.equal(template.spec.securityContext?.runAsNonRoot, true, owner);
    }
  });

  it('fills every ConfigMap from the real file, and mounts only ConfigMaps it has or marks optional', () => {
    const configMaps = resources.filter((r) => r.kind === 'ConfigMap');
    assert.ok(configMaps.length >= 1);
    const kustomization = parse(readFileSync(join(K8S, 'kustomization.yaml'), 'utf8')) as {
      configMapGenerator: { name: string; files: string[] }[];
    };
    for (const generator of kustomization.configMapGenerator) {
      const configMap = configMaps.find((c) => c.metadata.name.startsWith(`${generator.name}-`));
      assert.ok(configMap, generator.name);
      for (const file of generator.files) {
        const key = file.split('/').at(-1)!;
        assert.equal(
          configMap.data?.[key],
          readFileSync(join(K8S, file), 'utf8'),
          `${generator.name}: ${file}`,
        );
      }
    }
    for (const { owner, template } of templates) {
      for (const volume of template.spec.volumes ?? []) {
        if (volume.configMap === undefined) continue;
        const present = configMaps.some((c) => c.metadata.name === volume.configMap!.name);
        assert.ok(
          present || volume.configMap.optional === true,
          `${owner}: ConfigMap ${volume.configMap.name}`,
        );
      }
    }
  });

  it('has every Service select pods that have its target port', () => {
    const services = resources.filter((r) => r.kind === 'Service');
    assert.ok(services.length >= 4);
    for (const service of services) {
      const selector = service.spec!.selector as Record<string, string>;
      const pods = templates.filter(({ template }) =>
        Object.entries(selector).every(([k, v]) => template.metadata.labels?.[k] === v),
      );
      assert.ok(pods.length > 0, `Service/${service.metadata.name} selects no pod`);
      for (const { port, targetPort } of service.spec!.ports!) {
        const has = pods.some(({ template }) =>
          template.spec.containers.some((c) =>
            (c.ports ?? []).some((p) => p.name === targetPort || p.containerPort === targetPort),
          ),
        );
        assert.ok(has, `Service/${service.metadata.name}:${port} → ${targetPort}: no such container port`);
      }
    }
  });

  it('scrapes every annotated pod on a port it has; the jobs are the ones the rules and dashboards select', () => {
    const scraped = templates.filter(
      ({ template }) => template.metadata.annotations?.['prometheus.io/scrape'] === 'true',
    );
    const jobs = scraped.map(({ template }) => template.metadata.annotations!['prometheus.io/job']).sort();
    assert.deepEqual(jobs, ['salvo-test', 'service']);
    for (const { owner, template } of scraped) {
      const port = Number(template.metadata.annotations!['prometheus.io/port']);
      const ports = template.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
      assert.ok(ports.includes(port), `${owner}: scraped on ${port}, has ${ports.join(', ')}`);
    }
  });

  it('gives pods only URLs of Services it has, on their ports', () => {
    const services = resources.filter((r) => r.kind === 'Service');
    const urls = templates.flatMap(({ template }) =>
      template.spec.containers.flatMap((c) => (c.env ?? []).map((e) => e.value ?? '')),
    );
    const serviceUrls = urls.filter((value) => /^[a-z]+:\/\//.test(value));
    assert.ok(serviceUrls.length >= 3, serviceUrls.join(' '));
    for (const value of serviceUrls) {
      const url = new URL(value);
      const service = services.find((s) => s.metadata.name === url.hostname);
      assert.ok(service, `${value}: no Service ${url.hostname}`);
      assert.ok(
        service.spec!.ports!.some((p) => p.port === Number(url.port)),
        `${value}: not a port of it`,
      );
    }
  });

  it('runs the Salvo runners as an Indexed Job, with flags the command has, on a file its image carries', () => {
    const job = resources.find((r) => r.kind === 'Job' && r.metadata.name === 'salvo-runners')!;
    assert.equal(job.spec!.completionMode, 'Indexed');
    assert.ok(job.spec!.completions! >= 2);
    const [container] = job.spec!.template!.spec.containers;
    const [command, file, ...flags] = container!.args!;
    assert.equal(command, 'run');
    assert.ok(inRepo(file!), file);
    const copied = readDockerfile(labImages().get('salvo-lab/salvo')!)
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .map((i) => i.args.split(/\s+/)[0]!);
    assert.ok(
      copied.some((source) => file!.startsWith(`${source}/`)),
      `${file}: not in the image`,
    );
    for (const flag of flags) {
      const name = flag.split('=')[0]!;
      assert.ok(RUN_HELP.includes(` ${name}`), `${name}: not a flag of salvo run`);
    }
    // each pod's index reaches the command through an environment variable Kubernetes expands
    const shard = container!.args!.find((arg) => arg.includes('$('));
    const variable = /\$\((\w+)\)/.exec(shard ?? '')?.[1];
    assert.ok(
      variable && container!.env!.some((e) => e.name === variable),
      `${shard}: ${variable} is not set`,
    );
  });

  it('has an in-cluster Prometheus configuration promtool accepts (discovery swapped for static targets)', {
    skip: prometheusSkipReason(),
  }, async () => {
    // Debian's Prometheus is built without Kubernetes discovery: promtool checks everything
    // else (relabelling included) with a static target in its place.
    const config = parse(readFileSync(join(K8S, 'prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: Record<string, unknown>[];
    };
    let swapped = 0;
    for (const job of config.scrape_configs) {
      if (!('kubernetes_sd_configs' in job)) continue;
      delete job.kubernetes_sd_configs;
      job.static_configs = [{ targets: ['127.0.0.1:3000'] }];
      swapped++;
    }
    assert.equal(swapped, 1);
    const dir = mkdtempSync(join(tmpdir(), 'salvo-k8s-prometheus-'));
    try {
      const file = join(dir, 'prometheus.yml');
      writeFileSync(file, stringify(config));
      const { code, output } = await runTool('promtool', ['check', 'config', file]);
      assert.equal(code, 0, output);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
