// json.verify_schema and json.match_schema as host builtins, on ajv. OPA
// uses gojsonschema (drafts 4, 6 and 7 mixed, "hybrid" mode); this module
// accepts the same schemas (draft-04 boolean exclusiveMinimum/Maximum are
// rewritten to the draft-06 form, the $schema of the root is ignored) and
// reports errors in gojsonschema's shape and wording:
//   {"error": "id: Invalid type. Expected: integer, given: string",
//    "desc": "Invalid type. Expected: integer, given: string",
//    "field": "id", "type": "invalid_type"}
// Known differences: patterns are JavaScript regular expressions, and
// schema errors other than an unknown `type` keep ajv's wording.

import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { goFormatG, goJsonMarshal } from './go-json.js';

const require = createRequire(import.meta.url);
type AjvClass = typeof import('ajv').default;
const ajvModule = require('ajv') as AjvClass & { default?: AjvClass };
const Ajv: AjvClass = ajvModule.default ?? ajvModule;
type AddFormats = typeof import('ajv-formats').default;
const formatsModule = require('ajv-formats') as AddFormats & { default?: AddFormats };
const addFormats: AddFormats = formatsModule.default ?? formatsModule;

/** A failure OPA reports as a builtin error; the message is what follows `name: `. */
export class SchemaBuiltinError extends Error {}

export interface SchemaError {
  error: string;
  type: string;
  field: string;
  desc: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** OPA's astValueToJSONSchemaLoader: a JSON string or an object / array. */
function loadDocument(v: unknown): unknown {
  if (typeof v === 'string') {
    try {
      return JSON.parse(v);
    } catch {
      throw new SchemaBuiltinError('invalid JSON string');
    }
  }
  if (typeof v === 'object' && v !== null) return v;
  throw new SchemaBuiltinError('wrong type, expected string or object');
}

// ---- schema preparation ------------------------------------------------------

const JSON_TYPES = ['array', 'boolean', 'integer', 'number', 'null', 'object', 'string'];

/** Keywords whose value is a schema, an array of schemas, or a map of schemas. */
const SCHEMA_KEYWORDS = ['additionalItems', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'items'];
const SCHEMA_ARRAYS = ['allOf', 'anyOf', 'oneOf', 'items'];
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependencies'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of the schema that ajv (draft-07) reads as gojsonschema does. */
function prepareSchema(schema: unknown, root = true): unknown {
  if (!isObject(schema)) return schema;
  const out: Record<string, unknown> = { ...schema };
  if (root) delete out.$schema;
  checkTypes(out.type);
  // draft-04: boolean exclusive bounds modify minimum / maximum.
  for (const [excl, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[excl] !== 'boolean') continue;
    if (out[excl] === true && typeof out[bound] === 'number') {
      out[excl] = out[bound];
      delete out[bound];
    } else delete out[excl];
  }
  if (typeof out.id === 'string' && out.$id === undefined) out.$id = out.id;
  for (const k of SCHEMA_KEYWORDS) if (isObject(out[k]) || typeof out[k] === 'boolean') out[k] = prepareSchema(out[k], false);
  for (const k of SCHEMA_ARRAYS) if (Array.isArray(out[k])) out[k] = (out[k] as unknown[]).map((s) => prepareSchema(s, false));
  for (const k of SCHEMA_MAPS) {
    const m = out[k];
    if (!isObject(m)) continue;
    out[k] = Object.fromEntries(Object.entries(m).map(([name, s]) => [name, Array.isArray(s) ? s : prepareSchema(s, false)]));
  }
  return out;
}

function checkTypes(type: unknown): void {
  for (const t of Array.isArray(type) ? type : type === undefined ? [] : [type]) {
    if (typeof t === 'string' && !JSON_TYPES.includes(t)) {
      throw new SchemaBuiltinError(`has a primitive type that is NOT VALID -- given: /${t}/ Expected valid values are:[${JSON_TYPES.join(' ')}]`);
    }
  }
}

const MAX_CACHED = 64;
/** Compiled schemas by their JSON text, oldest first, with the ajv instance holding each. */
const cache = new Map<string, { validate: ValidateFunction; ajv: InstanceType<AjvClass>; schema: object | boolean }>();
let sharedAjv: InstanceType<AjvClass> | undefined;

function newAjv(): InstanceType<AjvClass> {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, logger: false });
  addFormats(ajv);
  return ajv;
}

/** Compile (or reuse) a schema; throws SchemaBuiltinError when it is not a valid schema. */
function compileSchema(schemaArg: unknown): ValidateFunction {
  const schema = loadDocument(schemaArg);
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) return hit.validate;
  const prepared = prepareSchema(schema);
  if (!isObject(prepared) && typeof prepared !== 'boolean') throw new SchemaBuiltinError('schema must be an object or a boolean');
  // One ajv instance serves all schemas (creating one costs tens of ms); a
  // schema whose $id another cached schema already uses gets its own.
  let ajv = (sharedAjv ??= newAjv());
  if (isObject(prepared) && typeof prepared.$id === 'string' && ajv.getSchema(prepared.$id)) ajv = newAjv();
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(prepared as object | boolean);
  } catch (e) {
    throw new SchemaBuiltinError((e as Error).message);
  }
  if (cache.size >= MAX_CACHED) {
    const [oldKey, old] = cache.entries().next().value as [string, { ajv: InstanceType<AjvClass>; schema: object | boolean }];
    if (typeof old.schema === 'object') old.ajv.removeSchema(old.schema);
    cache.delete(oldKey);
  }
  cache.set(key, { validate, ajv, schema: prepared as object | boolean });
  return validate;
}

// ---- errors in gojsonschema's shape -----------------------------------------

/** gojsonschema's field: the JSON path below (root), dot-separated. */
function fieldOf(instancePath: string): string {
  if (instancePath === '') return '(root)';
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const num = (v: unknown) => (typeof v === 'number' ? goFormatG(v) : String(v));

/** gojsonschema's error type and description for one ajv error. */
function describe(e: ErrorObject, field: string): [string, string] {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const want = Array.isArray(e.schema) ? `[${(e.schema as string[]).join(',')}]` : String(e.schema);
      return ['invalid_type', `Invalid type. Expected: ${want}, given: ${jsonType(e.data)}`];
    }
    case 'required': return ['required', `${String(p.missingProperty)} is required`];
    case 'enum': {
      const allowed = (e.schema as unknown[]).map(goJsonMarshal).join(', ');
      return ['enum', `${field} must be one of the following: ${allowed || '(none)'}`];
    }
    case 'const': return ['const', `${field} does not match: ${goJsonMarshal(e.schema)}`];
    case 'minLength': return ['string_gte', `String length must be greater than or equal to ${num(p.limit)}`];
    case 'maxLength': return ['string_lte', `String length must be less than or equal to ${num(p.limit)}`];
    case 'pattern': return ['pattern', `Does not match pattern '${String(p.pattern)}'`];
    case 'format': return ['format', `Does not match format '${String(p.format)}'`];
    case 'multipleOf': return ['multiple_of', `Must be a multiple of ${num(p.multipleOf)}`];
    case 'minimum': return ['number_gte', `Must be greater than or equal to ${num(p.limit)}`];
    case 'exclusiveMinimum': return ['number_gt', `Must be greater than ${num(p.limit)}`];
    case 'maximum': return ['number_lte', `Must be less than or equal to ${num(p.limit)}`];
    case 'exclusiveMaximum': return ['number_lt', `Must be less than ${num(p.limit)}`];
    case 'minItems': return ['array_min_items', `Array must have at least ${num(p.limit)} items`];
    case 'maxItems': return ['array_max_items', `Array must have at most ${num(p.limit)} items`];
    case 'uniqueItems': return ['unique', `array items[${num(p.j)},${num(p.i)}] must be unique`];
    case 'contains': return ['contains', 'At least one of the items must match'];
    case 'minProperties': return ['array_min_properties', `Must have at least ${num(p.limit)} properties`];
    case 'maxProperties': return ['array_max_properties', `Must have at most ${num(p.limit)} properties`];
    case 'additionalProperties': return ['additional_property_not_allowed', `Additional property ${String(p.additionalProperty)} is not allowed`];
    case 'additionalItems': return ['array_no_additional_items', 'No additional items allowed on array'];
    case 'propertyNames': return ['invalid_property_name', `Property name of "${String(p.propertyName)}" does not match`];
    case 'dependencies': return ['missing_dependency', `Has a dependency on ${String(p.missingProperty)}`];
    case 'anyOf': return ['number_any_of', 'Must validate at least one schema (anyOf)'];
    case 'oneOf': return ['number_one_of', 'Must validate one and only one schema (oneOf)'];
    case 'not': return ['number_not', 'Must not validate the schema (not)'];
    case 'false schema': return ['false', 'False always fails validation'];
    case 'if':
      return p.failingKeyword === 'then'
        ? ['condition_then', 'Must validate "then" as "if" was valid']
        : ['condition_else', 'Must validate "else" as "if" was not valid'];
  }
  return [e.keyword, e.message ?? e.keyword];
}

/** The errors of the branch with the fewest, as gojsonschema keeps only the closest branch. */
function closestBranch(errors: ErrorObject[], prefix: string): ErrorObject[] {
  const byBranch = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const branch = e.schemaPath.slice(prefix.length).split('/')[0];
    byBranch.set(branch, [...(byBranch.get(branch) ?? []), e]);
  }
  let best: ErrorObject[] = [];
  for (const list of byBranch.values()) if (!best.length || list.length < best.length) best = list;
  return best;
}

/**
 * ajv lists a combinator's own error after the errors of its branches;
 * gojsonschema puts it first and keeps, for anyOf / oneOf, only the closest
 * branch's errors.
 */
function reorder(errors: ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  for (const e of errors) {
    const k = e.keyword;
    if (k !== 'anyOf' && k !== 'oneOf' && k !== 'if') {
      out.push(e);
      continue;
    }
    const base = e.schemaPath.slice(0, -k.length);
    const prefixes = k === 'if' ? [`${base}then/`, `${base}else/`] : [`${e.schemaPath}/`];
    const inBranch = (x: ErrorObject) => x.instancePath.startsWith(e.instancePath) && prefixes.some((p) => x.schemaPath.startsWith(p));
    const branches = out.filter(inBranch);
    const kept = k === 'if' ? branches : closestBranch(branches, prefixes[0]);
    const rest = out.filter((x) => !inBranch(x));
    out.length = 0;
    out.push(...rest, e, ...kept);
  }
  return out;
}

function toSchemaErrors(errors: ErrorObject[]): SchemaError[] {
  const out: SchemaError[] = [];
  for (const e of reorder(errors)) {
    const field = fieldOf(e.instancePath);
    const [type, desc] = describe(e, field);
    out.push({ error: `${field}: ${desc}`, type, field, desc });
  }
  return out;
}

// ---- the builtins ---------------------------------------------------------------

/** json.verify_schema: `[true, null]`, or `[false, "jsonschema: <why>"]`. */
export function verifySchema(schema: unknown): [boolean, string | null] {
  try {
    compileSchema(schema);
    return [true, null];
  } catch (e) {
    if (e instanceof SchemaBuiltinError) return [false, `jsonschema: ${e.message}`];
    throw e;
  }
}

/** json.match_schema: `[matches, errors]`; a bad document or schema throws SchemaBuiltinError. */
export function matchSchema(document: unknown, schema: unknown): [boolean, SchemaError[]] {
  const doc = loadDocument(document) as Json;
  const validate = compileSchema(schema);
  if (validate(doc)) return [true, []];
  return [false, toSchemaErrors(validate.errors ?? [])];
}
