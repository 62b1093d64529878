// Encoding builtins: JSON, YAML, base64, base64url, hex, URL query, URI.
// `uri.*` (added in OPA v1.x) has no category in OPA's builtins.go; it is
// filed under `uri`, following how OPA's metadata treats uncategorised
// dotted names.

import type { BuiltinDecl } from './decl.js';
import { T, ANY, STR, BOOL } from '../types.js';
import { arg, ARR_STR, SET_STR, objWithStatic } from './shared.js';

function enc(name: string, x: string, y: string, description: string): BuiltinDecl {
  return { name, categories: ['encoding'], args: [arg('x', STR, x)], result: arg('y', STR, y), description };
}

function valid(name: string, x: string, result: string, description: string): BuiltinDecl {
  return { name, categories: ['encoding'], args: [arg('x', STR, x)], result: arg('result', BOOL, result), description };
}

export const encodingBuiltins: BuiltinDecl[] = [
  {
    name: 'json.marshal',
    categories: ['encoding'],
    args: [arg('x', ANY, 'the term to serialize')],
    result: arg('y', STR, 'the JSON string representation of `x`'),
    description: 'Serializes the input term to JSON.',
  },
  {
    name: 'json.marshal_with_options',
    categories: ['encoding'],
    args: [
      arg('x', ANY, 'the term to serialize'),
      arg('opts', objWithStatic([['indent', STR], ['prefix', STR], ['pretty', BOOL]], STR, ANY), 'encoding options'),
    ],
    result: arg('y', STR, 'the JSON string representation of `x`, with configured prefix/indent string(s) as appropriate'),
    description: 'Serializes the input term JSON, with additional formatting options via the `opts` parameter.',
  },
  {
    name: 'json.unmarshal',
    categories: ['encoding'],
    args: [arg('x', STR, 'a JSON string')],
    result: arg('y', ANY, 'the term deserialized from `x`'),
    description: 'Deserializes the input string.',
  },
  valid('json.is_valid', 'a JSON string', '`true` if `x` is valid JSON, `false` otherwise', 'Verifies the input string is a valid JSON document.'),

  enc('base64.encode', 'string to encode', 'base64 serialization of `x`', 'Serializes the input string into base64 encoding.'),
  enc('base64.decode', 'string to decode', 'base64 deserialization of `x`', 'Deserializes the base64 encoded input string.'),
  valid('base64.is_valid', 'string to check', '`true` if `x` is valid base64 encoded value, `false` otherwise', 'Verifies the input string is base64 encoded.'),
  enc('base64url.encode', 'string to encode', 'base64url serialization of `x`', 'Serializes the input string into base64url encoding.'),
  enc('base64url.encode_no_pad', 'string to encode', 'base64url serialization of `x`', 'Serializes the input string into base64url encoding without padding.'),
  enc('base64url.decode', 'string to decode', 'base64url deserialization of `x`', 'Deserializes the base64url encoded input string.'),

  enc('urlquery.decode', 'the URL-encoded string', 'URL-encoding deserialization of `x`', 'Decodes a URL-encoded input string.'),
  enc('urlquery.encode', 'the string to encode', 'URL-encoding serialization of `x`', 'Encodes the input string into a URL-encoded string.'),
  {
    name: 'urlquery.encode_object',
    categories: ['encoding'],
    args: [arg('object', T.object(STR, T.any(STR, ARR_STR, SET_STR)), 'the object to encode')],
    result: arg('y', STR, 'the URL-encoded serialization of `object`'),
    description: 'Encodes the given object into a URL encoded query string.',
  },
  {
    name: 'urlquery.decode_object',
    categories: ['encoding'],
    args: [arg('x', STR, 'the query string')],
    result: arg('object', T.object(STR, ARR_STR), 'the resulting object'),
    description: 'Decodes the given URL query string into an object.',
  },

  {
    name: 'uri.parse',
    categories: ['uri'],
    args: [arg('uri', STR, 'the URI string to parse')],
    result: arg('output', T.object(STR, STR), 'object containing URI components'),
    description: 'Parses a URI and returns an object containing its components according to RFC 3986.',
  },
  {
    name: 'uri.is_valid',
    categories: ['uri'],
    args: [arg('uri', STR, 'the URI string to validate')],
    result: arg('result', BOOL, 'true if `uri` is a valid URI, false otherwise'),
    description: 'Returns true if the input can be parsed as a URI.',
  },

  {
    name: 'yaml.marshal',
    categories: ['encoding'],
    args: [arg('x', ANY, 'the term to serialize')],
    result: arg('y', STR, 'the YAML string representation of `x`'),
    description: 'Serializes the input term to YAML.',
  },
  {
    name: 'yaml.unmarshal',
    categories: ['encoding'],
    args: [arg('x', STR, 'a YAML string')],
    result: arg('y', ANY, 'the term deserialized from `x`'),
    description: 'Deserializes the input string.',
  },
  valid('yaml.is_valid', 'a YAML string', '`true` if `x` is valid YAML, `false` otherwise', 'Verifies the input string is a valid YAML document.'),

  enc('hex.encode', 'string to encode', 'serialization of `x` using hex-encoding', 'Serializes the input string using hex-encoding.'),
  enc('hex.decode', 'a hex-encoded string', 'deserialized from `x`', 'Deserializes the hex-encoded input string.'),
];
