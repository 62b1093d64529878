// json.verify_schema / json.match_schema: OPA's results and gojsonschema's
// error shape, through the host builtins a compiled policy calls.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compiler/compile.js';
import { createHostBuiltins } from '../../src/runtime/host-builtins.js';
import { matchSchema, verifySchema } from '../../src/runtime/host-jsonschema.js';
import { errorOf } from '../helpers/rego.js';

const require = createRequire(import.meta.url);
const { loadPolicySync } = require('@open-policy-agent/opa-wasm') as {
  loadPolicySync: (wasm: Uint8Array, memory: undefined, builtins: object) => { setData(d: unknown): void; evaluate(i?: unknown, e?: string): Array<{ result: unknown }> };
};

function evalWithHost(expr: string, input: unknown): unknown {
  const src = `package t\n\nx := __v if { __v := ${expr} }\n`;
  const { wasm } = compile([{ path: 'test.rego', text: src }], { entrypoints: ['t/x'], strictBuiltinErrors: true });
  const policy = loadPolicySync(wasm, undefined, createHostBuiltins().builtins);
  policy.setData({});
  return policy.evaluate(input, 't/x')[0]?.result;
}

const idSchema = { properties: { id: { type: 'integer' } }, required: ['id'] };

describe('json.match_schema', () => {
  it('matches from objects and from JSON strings, inside a policy', () => {
    expect(evalWithHost('json.match_schema(input.doc, input.schema)', { doc: { id: 5 }, schema: idSchema })).toEqual([true, []]);
    expect(evalWithHost('json.match_schema(input.doc, input.schema)', { doc: '{"id": 5}', schema: JSON.stringify(idSchema) })).toEqual([true, []]);
  });

  it('reports errors as gojsonschema does', () => {
    expect(matchSchema({ id: 'foo' }, idSchema)).toEqual([
      false,
      [{ desc: 'Invalid type. Expected: integer, given: string', error: 'id: Invalid type. Expected: integer, given: string', field: 'id', type: 'invalid_type' }],
    ]);
    const [, errors] = matchSchema({ a: [{ b: 1.5 }] }, {
      type: 'object',
      required: ['a', 'z'],
      additionalProperties: false,
      properties: { a: { type: 'array', items: { type: 'object', properties: { b: { type: ['string', 'null'] } } } } },
    });
    expect(errors.map((e) => e.error)).toEqual(['(root): z is required', 'a.0.b: Invalid type. Expected: [string,null], given: number']);
  });

  it('words the other keywords as gojsonschema does', () => {
    // The document is given as JSON text (a string argument is JSON in OPA).
    const one = (doc: string, schema: unknown) => matchSchema(doc, schema)[1].map((e) => `${e.type}: ${e.error}`);
    expect(one('"ab"', { minLength: 3 })).toEqual(['string_gte: (root): String length must be greater than or equal to 3']);
    expect(one('"b"', { enum: ['a', 1] })).toEqual(['enum: (root): (root) must be one of the following: "a", 1']);
    expect(one('3', { exclusiveMaximum: 3 })).toEqual(['number_lt: (root): Must be less than 3']);
    expect(one('3', { maximum: 2, exclusiveMaximum: true })).toEqual(['number_lt: (root): Must be less than 2']); // draft-04 form
    expect(one('2000000', { maximum: 1_000_000 })).toEqual(['number_lte: (root): Must be less than or equal to 1e+06']);
    expect(one('[1, 1]', { uniqueItems: true })).toEqual(['unique: (root): array items[0,1] must be unique']);
    expect(one('{"x": 1}', { additionalProperties: false })).toEqual(['additional_property_not_allowed: (root): Additional property x is not allowed']);
    expect(one('"x"', { format: 'email' })).toEqual(["format: (root): Does not match format 'email'"]);
    expect(one('"x"', { pattern: '^[0-9]+$' })).toEqual(["pattern: (root): Does not match pattern '^[0-9]+$'"]);
    expect(one('{"a": 1}', { type: 'object', if: { required: ['a'] }, then: { required: ['b'] } })).toEqual([
      'condition_then: (root): Must validate "then" as "if" was valid',
      'required: (root): b is required',
    ]);
  });

  it('keeps the closest anyOf branch, after the anyOf error', () => {
    const [ok, errors] = matchSchema({ n: 'x' }, { anyOf: [{ required: ['a', 'b'] }, { properties: { n: { type: 'number' } } }] });
    expect(ok).toBe(false);
    expect(errors.map((e) => e.type)).toEqual(['number_any_of', 'invalid_type']);
  });

  it('fails with a builtin error on an invalid schema or document', () => {
    const bad = { properties: { id: { type: 'unknown' } } };
    expect(errorOf(() => evalWithHost('json.match_schema(input.doc, input.schema)', { doc: {}, schema: bad }))).toBe(
      'eval_builtin_error: json.match_schema: has a primitive type that is NOT VALID -- given: /unknown/ Expected valid values are:[array boolean integer number null object string]',
    );
    expect(errorOf(() => evalWithHost('json.match_schema(input.doc, input.schema)', { doc: '{', schema: {} }))).toBe(
      'eval_builtin_error: json.match_schema: invalid JSON string',
    );
  });
});

describe('json.verify_schema', () => {
  it('is [true, null] for a valid schema and [false, reason] otherwise', () => {
    expect(verifySchema(idSchema)).toEqual([true, null]);
    expect(verifySchema('{"type": "string"}')).toEqual([true, null]);
    expect(verifySchema({ type: 'nope' })[1]).toMatch(/^jsonschema: has a primitive type that is NOT VALID -- given: \/nope\//);
    expect(verifySchema('{')).toEqual([false, 'jsonschema: invalid JSON string']);
    expect(verifySchema({ minLength: 'x' })[0]).toBe(false);
  });
});
