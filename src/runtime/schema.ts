// The identity object's JSON Schema (draft 2020-12), compiled once with ajv
// into a validator that returns the first problem as one line of text, so a
// rejected input becomes a deny reason ("schema: /agent: must have required
// property 'role'").

import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
type AjvClass = typeof import('ajv/dist/2020.js').default;
const ajvModule = require('ajv/dist/2020.js') as AjvClass & { default?: AjvClass };
const Ajv2020: AjvClass = ajvModule.default ?? ajvModule;
type AddFormats = typeof import('ajv-formats').default;
const formatsModule = require('ajv-formats') as AddFormats & { default?: AddFormats };
const addFormats: AddFormats = formatsModule.default ?? formatsModule;

/** Returns undefined when the input is valid, else what is wrong with it. */
export type InputValidator = (input: unknown) => string | undefined;

export class SchemaError extends Error {
  readonly code = 'bad_schema';
}

/** The file name the identity schema ships under inside a bundle. */
export const IDENTITY_SCHEMA_FILE = 'identity.schema.json';

export function compileInputSchema(schema: unknown, origin = 'schema'): InputValidator {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new SchemaError(`${origin}: a JSON Schema must be an object`);
  }
  // Unknown keywords and formats are schema mistakes (a typo validates
  // nothing), so they fail the load; the standard formats come from
  // ajv-formats. Style checks (strictRequired, strictTypes) stay off.
  const ajv = new Ajv2020({ allErrors: false, strictSchema: true, strictNumbers: true, strictTuples: false, strictTypes: false, strictRequired: false, validateFormats: true });
  addFormats(ajv);
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema as object);
  } catch (e) {
    throw new SchemaError(`${origin}: ${(e as Error).message}`);
  }
  return (input: unknown) => (validate(input) ? undefined : describe(validate.errors));
}

function describe(errors: ErrorObject[] | null | undefined): string {
  const e = errors?.[0];
  if (!e) return 'input does not match the schema';
  const where = e.instancePath === '' ? '/' : e.instancePath;
  const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : '';
  return `${where}: ${e.message ?? e.keyword}${extra}`;
}

/** Find the identity schema in a bundle's files: exactly one `identity.schema.json` at any path. */
export function findBundleSchema(files: Map<string, Uint8Array>): { name: string; schema: unknown } | undefined {
  const names = [...files.keys()].filter((n) => n === IDENTITY_SCHEMA_FILE || n.endsWith(`/${IDENTITY_SCHEMA_FILE}`));
  if (names.length === 0) return undefined;
  if (names.length > 1) throw new SchemaError(`bundle holds several ${IDENTITY_SCHEMA_FILE} files (${names.join(', ')}); pass the schema explicitly`);
  const name = names[0];
  try {
    return { name, schema: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(files.get(name)!)) };
  } catch (e) {
    throw new SchemaError(`bundle ${name}: not valid JSON: ${(e as Error).message}`);
  }
}
