import { Root, type Type } from 'protobufjs';

/**
 * The messages of Prometheus' remote write 1.0 (`prompb/remote.proto` and `types.proto` of
 * github.com/prometheus/prometheus, Apache-2.0): only the fields a sender of float samples
 * fills, with their field numbers. protobufjs builds the encoder from this description at
 * load time (pure JavaScript, no generated code, no native addon).
 */
const root = Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: {
          fields: {
            timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 },
            metadata: { rule: 'repeated', type: 'MetricMetadata', id: 3 },
          },
        },
        TimeSeries: {
          fields: {
            labels: { rule: 'repeated', type: 'Label', id: 1 },
            samples: { rule: 'repeated', type: 'Sample', id: 2 },
          },
        },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
        MetricMetadata: {
          fields: {
            type: { type: 'MetricType', id: 1 },
            metricFamilyName: { type: 'string', id: 2 },
            help: { type: 'string', id: 4 },
            unit: { type: 'string', id: 5 },
          },
          nested: {
            MetricType: {
              values: {
                UNKNOWN: 0,
                COUNTER: 1,
                GAUGE: 2,
                HISTOGRAM: 3,
                GAUGEHISTOGRAM: 4,
                SUMMARY: 5,
                INFO: 6,
                STATESET: 7,
              },
            },
          },
        },
      },
    },
  },
});

export const WriteRequest: Type = root.lookupType('prometheus.WriteRequest');

export interface Label {
  name: string;
  value: string;
}

export interface TimeSeries {
  /** Sorted by name, `__name__` among them (the protocol asks for it). */
  labels: Label[];
  samples: { value: number; timestamp: number }[];
}

/** MetricMetadata.MetricType's values, as the encoder takes them. */
export const METRIC_TYPE = { COUNTER: 1, GAUGE: 2, HISTOGRAM: 3 } as const;

export interface MetricMetadata {
  type: (typeof METRIC_TYPE)[keyof typeof METRIC_TYPE];
  metricFamilyName: string;
  help: string;
  unit: string;
}

/**
 * A WriteRequest's bytes, protobuf-encoded (not yet compressed). The plain objects are
 * encoded as they are (no `fromObject` copy): their fields are the messages' own, int64
 * timestamps as numbers (exact up to 2^53 ms), the enum as its number.
 */
export function encodeWriteRequest(timeseries: TimeSeries[], metadata: MetricMetadata[]): Uint8Array {
  return WriteRequest.encode({ timeseries, metadata }).finish();
}
