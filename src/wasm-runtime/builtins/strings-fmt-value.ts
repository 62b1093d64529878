// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Go-quoted strings (strconv.Quote) and the Rego text of any value
// (ast.Value.String: `["a", 1]`, `{"k": true}`, `set()`), which sprintf
// prints for operands that are not numbers or strings.
// %q uses strconv.IsPrint from quote.ts (Unicode general categories).
import { T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, N_INT, N_FLOAT } from "../layout";
import { typeOf, boolOf, numRepr, numInt, numFloat, refPtr, refLen, strPtr, strLen, arrLen, arrAt } from "../values";
import { ensureSorted, tblLen, keyAt, valAt } from "../table";
import { floatText, intText } from "../numbers";
import { decodeRune, dRune, dLen, RUNE_ERROR } from "./utf8";
import { sbByte, sbBytes, sbAscii, sbReserve } from "./builder";
import { quoteBytes } from "./quote";
import { NUMTXT } from "./strings-fmt-float";

// ---- Go quoting (strconv) -----------------------------------------------------

/** strconv.Quote (asciiOnly: QuoteToASCII) of the bytes. */
export function appendQuoted(p: usize, n: usize, asciiOnly: bool): void {
  sbReserve(n + 2);
  quoteBytes(p, n, asciiOnly, sbByte);
}

/** Whether Go's %#q may print the bytes as a `raw string`. */
export function canBackquote(p: usize, n: usize): bool {
  let end = p + n;
  let i = p;
  while (i < end) {
    decodeRune(i, end);
    let r = dRune;
    i += dLen;
    if (dLen > 1) { if (r == 0xFEFF) return false; continue; }
    if (r == RUNE_ERROR) return false;
    if ((r < 32 && r != 9) || r == 96 || r == 0x7F) return false;
  }
  return true;
}

// ---- Rego text of a value (ast.Value.String) ---------------------------------

export function appendNumberText(v: usize): void {
  let r = numRepr(v);
  if (r == N_INT) { sbBytes(NUMTXT, intText(numInt(v), NUMTXT)); return; }
  if (r == N_FLOAT) {
    let f = numFloat(v);
    if (isNaN(f)) { sbAscii("NaN"); return; }
    if (!isFinite(f)) { sbAscii(f > 0 ? "+Inf" : "-Inf"); return; }
    sbBytes(NUMTXT, floatText(f, NUMTXT));
    return;
  }
  sbBytes(refPtr(v), refLen(v));
}

export function appendValueText(v: usize): void {
  let t = typeOf(v);
  if (t == T_NULL) { sbAscii("null"); return; }
  if (t == T_BOOLEAN) { sbAscii(boolOf(v) ? "true" : "false"); return; }
  if (t == T_NUMBER) { appendNumberText(v); return; }
  if (t == T_STRING) { appendQuoted(strPtr(v), strLen(v), false); return; }
  if (t == T_ARRAY) {
    sbByte(91);
    let n = arrLen(v);
    for (let i: u32 = 0; i < n; i++) {
      if (i != 0) { sbByte(44); sbByte(32); }
      appendValueText(arrAt(v, i));
    }
    sbByte(93);
    return;
  }
  ensureSorted(v);
  let n = tblLen(v);
  if (t == T_OBJECT) {
    sbByte(123);
    for (let i: u32 = 0; i < n; i++) {
      if (i != 0) { sbByte(44); sbByte(32); }
      appendValueText(keyAt(v, i));
      sbByte(58); sbByte(32);
      appendValueText(valAt(v, i));
    }
    sbByte(125);
    return;
  }
  if (n == 0) { sbAscii("set()"); return; }
  sbByte(123);
  for (let i: u32 = 0; i < n; i++) {
    if (i != 0) { sbByte(44); sbByte(32); }
    appendValueText(keyAt(v, i));
  }
  sbByte(125);
}
