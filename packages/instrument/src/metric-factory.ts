import { Counter, Gauge, Histogram, type Registry } from '@prometheus-io/client';

/** Configuration of a business counter or gauge. */
export interface MetricConfig<L extends string = string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

/** Configuration of a business histogram; `buckets` in the metric's unit (seconds for durations). */
export interface HistogramConfig<L extends string = string> extends MetricConfig<L> {
  buckets?: number[];
}

type MetricClass = typeof Counter | typeof Gauge | typeof Histogram;

/**
 * Returns the metric already registered under `config.name` if it has the same type and label
 * names, registers a new one otherwise; a clash of type or labels is a clear error.
 */
function existing(registry: Registry, config: MetricConfig, kind: MetricClass): unknown {
  const found = registry.getSingleMetric(config.name);
  if (found === undefined) return undefined;
  if (!(found instanceof kind)) {
    throw new Error(`metric "${config.name}" is already registered as another type (not a ${kind.name})`);
  }
  const had = [...((found as unknown as { labelNames?: string[] }).labelNames ?? [])].sort().join(',');
  const want = [...(config.labelNames ?? [])].sort().join(',');
  if (had !== want) {
    throw new Error(`metric "${config.name}" is already registered with labels [${had}], not [${want}]`);
  }
  return found;
}

export function getCounter<L extends string>(registry: Registry, config: MetricConfig<L>): Counter<L> {
  return (
    (existing(registry, config, Counter) as Counter<L> | undefined) ??
    new Counter<L>({
      name: config.name,
      help: config.help,
      labelNames: config.labelNames ?? [],
      registers: [registry],
    })
  );
}

export function getGauge<L extends string>(registry: Registry, config: MetricConfig<L>): Gauge<L> {
  return (
    (existing(registry, config, Gauge) as Gauge<L> | undefined) ??
    new Gauge<L>({
      name: config.name,
      help: config.help,
      labelNames: config.labelNames ?? [],
      registers: [registry],
    })
  );
}

export function getHistogram<L extends string>(registry: Registry, config: HistogramConfig<L>): Histogram<L> {
  const found = existing(registry, config, Histogram) as Histogram<L> | undefined;
  if (found !== undefined) return found;
  return new Histogram<L>({
    name: config.name,
    help: config.help,
    labelNames: config.labelNames ?? [],
    registers: [registry],
    ...(config.buckets === undefined ? {} : { buckets: config.buckets }),
  });
}
