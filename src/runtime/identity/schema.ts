// Validation of identity objects against the identity JSON Schema (draft
// 2020-12) with ajv. Compiled validators are cached per schema object, so a
// schema loaded once (e.g. from the bundle) costs one compile.

import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
// ajv's draft 2020-12 entry is CommonJS; load it the way Node resolves it.
const Ajv2020 = require('ajv/dist/2020').default as new (opts: object) => { compile(schema: object): ValidateFunction };

const validators = new WeakMap<object, ValidateFunction>();

/** A validator for the schema; throws when the schema itself is invalid. */
export function schemaValidator(schema: object): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = new Ajv2020({ strict: true, allErrors: false }).compile(schema);
    validators.set(schema, validate);
  }
  return validate;
}

/** undefined when valid, else the first problem as "<path> <message>". */
export function schemaProblem(schema: object, value: unknown): string | undefined {
  const validate = schemaValidator(schema);
  if (validate(value)) return undefined;
  return describe(validate.errors?.[0]);
}

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'invalid';
  const where = error.instancePath || '/';
  const extra = error.keyword === 'additionalProperties' ? ` (${(error.params as { additionalProperty: string }).additionalProperty})` : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}
