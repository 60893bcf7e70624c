import type { MetricContains, MetricType, TagSetRef, Tags } from '../results/index.ts';

export const OPERATORS = ['<=', '>=', '==', '!=', '<', '>'] as const;
export type Operator = (typeof OPERATORS)[number];

/** `p` carries its percentile; the others are read from the summary values by name. */
export type Aggregation =
  | { readonly kind: 'avg' | 'min' | 'max' | 'med' | 'count' | 'rate' | 'value' }
  | { readonly kind: 'p'; readonly percentile: number };

export interface ThresholdExpression {
  /** As the user wrote it: the key of its result. */
  readonly source: string;
  readonly aggregation: Aggregation;
  readonly operator: Operator;
  /** Times in ms, like the summary. */
  readonly value: number;
  readonly abortOnFail: boolean;
  readonly delayAbortEvalMs: number;
  /** Whether "no data" (no sample reached the threshold) passes; by default it fails the run. */
  readonly allowNoData: boolean;
}

export interface ThresholdEntry {
  /** As the user wrote it, e.g. `http_req_duration{name:/post/:id}`. */
  readonly key: string;
  readonly metric: string;
  /** In the order written. */
  readonly tags: Tags;
  readonly type: MetricType;
  readonly contains: MetricContains;
  readonly expressions: readonly ThresholdExpression[];
}

export interface ThresholdSet {
  readonly entries: readonly ThresholdEntry[];
  /** The tag sets to summarise (pass to results' metricSummaries/encodedHistograms). */
  readonly tagSets: readonly TagSetRef[];
}

/** A measured value, or `noData` when no sample reached the threshold (so there is no value). */
export type ThresholdResult =
  | { readonly ok: boolean; readonly actual: number; readonly noData?: undefined }
  | { readonly ok: boolean; readonly actual?: undefined; readonly noData: true };

export interface ThresholdEvaluation {
  /** By threshold key, then by expression source. */
  readonly results: Readonly<Record<string, Readonly<Record<string, ThresholdResult>>>>;
  readonly anyFailed: boolean;
  /** `key expression` of each threshold that saw no data and does not allow it. */
  readonly noData: readonly string[];
  /** The first failed expression with abortOnFail whose delayAbortEval has passed. */
  readonly abort: { readonly key: string; readonly expression: string } | undefined;
}

/** The user's input, as in the test definition's `thresholds` option. */
export type ThresholdInput = Readonly<
  Record<
    string,
    readonly (
      | string
      | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string | number; allowNoData?: boolean }
    )[]
  >
>;
