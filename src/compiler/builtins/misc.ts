// Everything else: printing and tracing, randomness, OPA runtime, Rego
// introspection, HTTP, the AWS signer, GraphQL, JSON Schema, and the internal
// builtins the compiler rewrites to (`internal.print`, `internal.test_case`,
// `internal.template_string`).
//
// OPA declares print and the internal.* builtins without categories or
// argument names; those here are ours.

import type { BuiltinDecl } from './decl.js';
import { T, ANY, STR, NUM, BOOL } from '../types.js';
import { arg, ARR_ANY, OBJ_ANY, OBJ_STR_ANY, SET_ANY, objWithStatic } from './shared.js';

const GQL = T.any(STR, OBJ_ANY);
/** A JSON schema or document: a JSON string or an object. */
const JSON_DOC = T.any(STR, OBJ_ANY);

export const miscBuiltins: BuiltinDecl[] = [
  {
    name: 'print',
    categories: ['tracing'],
    args: [],
    variadic: ANY,
    description: 'Writes its operands (of any type, undefined included) to the print buffer.',
  },
  {
    name: 'internal.print',
    categories: ['internal'],
    args: [arg('operands', T.array(SET_ANY))],
    description: 'What `print` is rewritten to: each operand becomes the set of its values.',
  },
  {
    name: 'internal.test_case',
    categories: ['internal'],
    args: [arg('operands', ARR_ANY)],
  },
  {
    name: 'internal.template_string',
    categories: ['internal'],
    args: [arg('parts', ARR_ANY)],
    result: arg('output', STR),
    description: 'What a template string is rewritten to.',
  },
  {
    name: 'trace',
    categories: ['tracing'],
    args: [arg('note', STR, 'the note to include')],
    result: arg('result', BOOL, 'always `true`'),
    description: 'Emits `note` as a `Note` event in the query explanation.',
  },
  {
    name: 'rand.intn',
    categories: ['numbers'],
    args: [arg('str', STR, 'seed string for the random number'), arg('n', NUM, 'upper bound of the random number (exclusive)')],
    result: arg('y', NUM, 'random integer in the range `[0, abs(n))`'),
    nondeterministic: true,
    description: 'Returns a random integer between `0` and `n` (`n` exclusive).',
  },
  {
    name: 'opa.runtime',
    categories: ['opa'],
    args: [],
    result: arg('output', OBJ_STR_ANY, 'includes a `config` key, an `env` key, and `version` and `commit` keys'),
    nondeterministic: true,
    description: 'Returns an object that describes the runtime environment where OPA is deployed.',
  },
  {
    name: 'rego.parse_module',
    categories: ['rego'],
    args: [arg('filename', STR, "file name to attach to AST nodes' locations"), arg('rego', STR, 'Rego module')],
    result: arg('output', OBJ_STR_ANY, 'AST object for the Rego module'),
    description: 'Parses the input Rego string and returns an object representation of the AST.',
  },
  {
    name: 'rego.metadata.chain',
    categories: ['rego'],
    args: [],
    result: arg('chain', ARR_ANY, 'each array entry represents a node in the path ancestry (chain) of the active rule that also has declared annotations'),
    description: 'Returns the chain of metadata for the active rule.',
  },
  {
    name: 'rego.metadata.rule',
    categories: ['rego'],
    args: [],
    result: arg('output', ANY, '"rule" scope annotations for this rule; empty object if no annotations exist'),
    description: 'Returns annotations declared for the active rule and using the _rule_ scope.',
  },
  {
    name: 'http.send',
    categories: ['http'],
    args: [arg('request', OBJ_STR_ANY, 'the HTTP request object')],
    result: arg('response', OBJ_ANY, 'the HTTP response object'),
    nondeterministic: true,
    description: 'Returns a HTTP response to the given HTTP request.',
  },
  {
    name: 'providers.aws.sign_req',
    categories: ['providers.aws'],
    args: [
      arg('request', OBJ_STR_ANY, 'HTTP request object'),
      arg('aws_config', OBJ_STR_ANY, 'AWS configuration object'),
      arg('time_ns', NUM, 'nanoseconds since the epoch'),
    ],
    result: arg('signed_request', OBJ_ANY, 'HTTP request object with `Authorization` header'),
    description: 'Signs an HTTP request object for Amazon Web Services (AWS Signature Version 4).',
  },

  {
    name: 'graphql.parse',
    categories: ['graphql'],
    args: [arg('query', GQL, 'the GraphQL query'), arg('schema', GQL, 'the GraphQL schema')],
    result: arg('output', T.tuple(OBJ_ANY, OBJ_ANY), '`[query_ast, schema_ast]`'),
    description: 'Returns AST objects for a given GraphQL query and schema after validating the query against the schema.',
  },
  {
    name: 'graphql.parse_and_verify',
    categories: ['graphql'],
    args: [arg('query', GQL, 'the GraphQL query'), arg('schema', GQL, 'the GraphQL schema')],
    result: arg('output', T.tuple(BOOL, OBJ_ANY, OBJ_ANY), '`[valid, query_ast, schema_ast]`'),
    description: 'Returns a boolean indicating success or failure alongside the parsed ASTs for a given GraphQL query and schema.',
  },
  {
    name: 'graphql.parse_query',
    categories: ['graphql'],
    args: [arg('query', STR, 'GraphQL query string')],
    result: arg('output', OBJ_ANY, 'AST object for the GraphQL query.'),
    description: 'Returns an AST object for a GraphQL query.',
  },
  {
    name: 'graphql.parse_schema',
    categories: ['graphql'],
    args: [arg('schema', STR, 'GraphQL schema string')],
    result: arg('output', OBJ_ANY, 'AST object for the GraphQL schema.'),
    description: 'Returns an AST object for a GraphQL schema.',
  },
  {
    name: 'graphql.is_valid',
    categories: ['graphql'],
    args: [arg('query', GQL, 'the GraphQL query'), arg('schema', GQL, 'the GraphQL schema')],
    result: arg('output', BOOL, '`true` if the query is valid under the given schema. `false` otherwise.'),
    description: 'Checks that a GraphQL query is valid against a given schema.',
  },
  {
    name: 'graphql.schema_is_valid',
    categories: ['graphql'],
    args: [arg('schema', GQL, 'the schema to verify')],
    result: arg('output', BOOL, '`true` if the schema is a valid GraphQL schema. `false` otherwise.'),
    description: 'Checks that the input is a valid GraphQL schema.',
  },

  {
    name: 'json.verify_schema',
    categories: ['object'],
    args: [arg('schema', JSON_DOC, 'the schema to verify')],
    result: arg('output', T.tuple(BOOL, T.any(T.null, STR)), '`[valid, error]`'),
    description: 'Checks that the input is a valid JSON schema object. The schema can be either a JSON string or an JSON object.',
  },
  {
    name: 'json.match_schema',
    categories: ['object'],
    args: [arg('document', JSON_DOC, 'document to verify by schema'), arg('schema', JSON_DOC, 'schema to verify document by')],
    result: arg(
      'output',
      // OPA's error objects have only these four static keys and no dynamic
      // part; RegoType needs one, so it is object[string: string].
      T.tuple(BOOL, T.array(objWithStatic([['desc', STR], ['error', STR], ['field', STR], ['type', STR]], STR, STR))),
      '`[match, errors]`',
    ),
    description: 'Checks that the document matches the JSON schema.',
  },
];
