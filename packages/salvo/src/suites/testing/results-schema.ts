import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const ajv = new Ajv2020({ allErrors: true, strict: true, allowMatchingProperties: true });
addFormats.default(ajv);
const validate = ajv.compile(
  JSON.parse(readFileSync(new URL('../../../../../docs/results.schema.json', import.meta.url), 'utf8')),
);

/** What docs/results.schema.json finds wrong with `doc`: '' when it validates. */
export function schemaErrors(doc: unknown): string {
  return validate(doc) ? '' : ajv.errorsText(validate.errors);
}
