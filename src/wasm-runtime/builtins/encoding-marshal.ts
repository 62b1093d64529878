// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// json.marshal, json.marshal_with_options, json.unmarshal, json.is_valid:
// OPA's option handling and error texts over the JSON reader/writer in
// encoding-json.ts.
import { T_STRING, T_OBJECT, T_BOOLEAN } from "../layout";
import { typeOf, boolOf, boolValue, strPtr, strLen } from "../values";
import { ensureSorted, tblLen, keyAt, valAt } from "../table";
import { dump } from "../json-dump";
import {
  typeError, typeNameOf, strictErrors, msgStart, msgText, msgBytes, msgUint, msgBuiltinError, msgTypeError,
} from "./errors";
import { sbStart, sbString } from "./builder";
import { jsonValid, jsonUnmarshal, eJsonError, marshalCompact, marshalIndent } from "./encoding-json";
import { keyIs } from "./encoding-codecs";

// ---- json -------------------------------------------------------------------

export function builtin_json_marshal(x: usize): usize {
  sbStart(64);
  marshalCompact(x);
  return sbString();
}

function optTypeFail(idx: u32, what: string, key: usize, got: usize): usize {
  if (!strictErrors()) return 0;
  msgStart();
  msgText("operand 2 ");
  if (key == 0) {
    msgText("failed to stringify key ");
    let d = dump(got, true);
    let l: usize = 0;
    while (load<u8>(d + l) != 0) l++;
    msgBytes(d, l);
    msgText(" at index ");
    msgUint(<u64>idx);
    msgText(": operand ");
    msgUint(<u64>idx);
    msgText(" must be string but got ");
    msgText(typeNameOf(got));
    return msgTypeError("json.marshal_with_options");
  }
  msgText("key ");
  msgBytes(strPtr(key), strLen(key));
  if (what.length == 0) {
    msgText(" failed cast to bool");
    return msgTypeError("json.marshal_with_options");
  }
  msgText(" failed cast to string: operand ");
  msgUint(<u64>idx);
  msgText(" must be string but got ");
  msgText(typeNameOf(got));
  return msgTypeError("json.marshal_with_options");
}

export function builtin_json_marshal_with_options(x: usize, opts: usize): usize {
  if (typeOf(opts) != T_OBJECT) return typeError("json.marshal_with_options", 2, "object", opts);
  let prefixP: usize = 0, prefixN: usize = 0;
  let indentP: usize = 0, indentN: usize = 0;
  let indentSet = false;
  let implicit = false;
  let explicitSet = false;
  let explicit = false;
  ensureSorted(opts);
  let n = tblLen(opts);
  for (let i: u32 = 0; i < n; i++) {
    let k = keyAt(opts, i);
    let v = valAt(opts, i);
    if (typeOf(k) != T_STRING) return optTypeFail(i, "", 0, k);
    if (keyIs(k, "prefix")) {
      if (typeOf(v) != T_STRING) return optTypeFail(i, "string", k, v);
      prefixP = strPtr(v); prefixN = strLen(v);
      implicit = true;
    } else if (keyIs(k, "indent")) {
      if (typeOf(v) != T_STRING) return optTypeFail(i, "string", k, v);
      indentP = strPtr(v); indentN = strLen(v);
      implicit = true;
      indentSet = true;
    } else if (keyIs(k, "pretty")) {
      explicitSet = true;
      if (typeOf(v) != T_BOOLEAN) return optTypeFail(i, "", k, v);
      explicit = boolOf(v);
    } else {
      if (!strictErrors()) return 0;
      msgStart();
      msgText("operand 2 object contained unknown key ");
      msgBytes(strPtr(k), strLen(k));
      return msgTypeError("json.marshal_with_options");
    }
  }
  let pretty = explicitSet ? explicit : implicit;
  sbStart(64);
  if (!pretty) {
    marshalCompact(x);
    return sbString();
  }
  if (!indentSet) { indentP = TAB; indentN = 1; }
  marshalIndent(x, prefixP, prefixN, indentP, indentN);
  return sbString();
}

const TAB: usize = memory.data<u8>([9]);

function unmarshalFail(name: string): usize {
  if (!strictErrors()) return 0;
  msgStart();
  eJsonError();
  return msgBuiltinError(name);
}

export function builtin_json_unmarshal(x: usize): usize {
  if (typeOf(x) != T_STRING) return typeError("json.unmarshal", 1, "string", x);
  let v = jsonUnmarshal(strPtr(x), strLen(x));
  return v != 0 ? v : unmarshalFail("json.unmarshal");
}

export function builtin_json_is_valid(x: usize): usize {
  if (typeOf(x) != T_STRING) return boolValue(false);
  return boolValue(jsonValid(strPtr(x), strLen(x)));
}
