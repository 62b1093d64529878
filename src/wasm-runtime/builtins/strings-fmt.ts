// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Go's fmt.Sprintf as OPA's `sprintf` uses it, writing into the string
// builder of builder.ts. OPA passes each array element as a Go value:
//   integer that fits int64        -> int       (verbs d b o O x X c q U v)
//   other integer                  -> *big.Int  (its Format: d s v b o O x X)
//   number with a fraction/exponent-> float64   (e E f F g G b x X v)
//   string                         -> string    (s v q x X)
//   anything else                  -> string of the value's Rego text
//                                     (`["a", 1]`, `{"k": true}`, `set()`)
// Errors are printed inline as Go does: %!d(string=x), %!d(MISSING),
// %!(EXTRA int=1), %!(NOVERB), %!(BADINDEX), %!(BADWIDTH), %!(BADPREC).
//
// Floats with an explicit precision are rounded from their exact binary
// value (half to even on exact ties), like strconv; shortest forms come from
// the runtime's shortest round-trip digits. Limits: our numbers do not keep
// their literal text, so an integral float literal (`1.0`, `1e2`) formats as
// an int; an integral float beyond int64 (our arithmetic's overflow) is a
// *big.Int of its exact value below 1e21 and a float64 above; composite
// values print floats in their shortest form, not the literal's spelling.
//
// Modules: this directive parser, the printer and verbs (strings-fmt-verbs),
// strconv number formatting (strings-fmt-float), value text and quoting
// (strings-fmt-value).
// %q uses strconv.IsPrint from quote.ts (Unicode general categories).
import { T_NUMBER, N_INT } from "../layout";
import { typeOf, numRepr, numInt, arrLen, arrAt } from "../values";
import { decodeRune, dRune, dLen } from "./utf8";
import { sbByte, sbBytes, sbRune, sbAscii } from "./builder";
import {
  wid, widP, prec, precP, fMinus, fPlus, fSharp, fSpace, fZero, fPlusV, fSharpV, clearFlags, loadArg, releaseArg,
  typeName, printLoaded, printArg,
} from "./strings-fmt-verbs";

// ---- doPrintf ---------------------------------------------------------------------

let fmtP: usize = 0;
let fmtEnd: usize = 0;
let args: usize = 0;
let nargs: i32 = 0;
let argNum: i32 = 0;
let reordered = false;
let goodArgNum = true;
let afterIndex = false;
let pos: usize = 0; // index into the format

// parsenum results
let pnNum: i32 = 0;
let pnOk = false;

function tooLarge(x: i32): bool { return x > 1000000 || x < -1000000; }

/** Parse digits in [start, end); sets pnNum/pnOk, returns the new index. */
function parsenum(start: usize, end: usize): usize {
  pnNum = 0;
  pnOk = false;
  if (start >= end) return end;
  let i = start;
  while (i < end) {
    let c = load<u8>(fmtP + i);
    if (c < 48 || c > 57) break;
    if (tooLarge(pnNum)) { pnNum = 0; pnOk = false; return end; }
    pnNum = pnNum * 10 + <i32>(c - 48);
    pnOk = true;
    i++;
  }
  return i;
}

/** An explicit [n] argument index at pos; sets argNum/pos/afterIndex. */
function argNumber(): void {
  if (pos >= fmtEnd || load<u8>(fmtP + pos) != 91) { afterIndex = false; return; }
  reordered = true;
  // parseArgNumber(format[pos:])
  let index = 0;
  let w: usize = 1;
  let ok = false;
  if (fmtEnd - pos >= 3) {
    for (let j = pos + 1; j < fmtEnd; j++) {
      if (load<u8>(fmtP + j) == 93) {
        let ni = parsenum(pos + 1, j);
        if (!pnOk || ni != j) { w = j - pos + 1; ok = false; }
        else { index = pnNum - 1; w = j - pos + 1; ok = true; }
        break;
      }
    }
  }
  if (ok && index >= 0 && index < nargs) {
    argNum = index;
    pos += w;
    afterIndex = true;
    return;
  }
  goodArgNum = false;
  pos += w;
  afterIndex = ok;
}

// intFromArg results
let ifaNum: i32 = 0;
let ifaOk = false;

function intFromArg(): void {
  ifaNum = 0;
  ifaOk = false;
  if (argNum < nargs) {
    let v = arrAt(args, <u32>argNum);
    if (typeOf(v) == T_NUMBER && numRepr(v) == N_INT) {
      let x = numInt(v);
      if (x >= -1000000 && x <= 1000000) { ifaNum = <i32>x; ifaOk = true; }
    }
    argNum++;
  }
}

/** fmt.Sprintf(format, args...) appended to the builder. */
export function appendSprintf(fp: usize, fn: usize, arr: usize): void {
  fmtP = fp;
  fmtEnd = fn;
  args = arr;
  nargs = <i32>arrLen(arr);
  argNum = 0;
  afterIndex = false;
  reordered = false;
  pos = 0;
  while (pos < fmtEnd) {
    goodArgNum = true;
    let last = pos;
    while (pos < fmtEnd && load<u8>(fmtP + pos) != 37) pos++;
    if (pos > last) sbBytes(fmtP + last, pos - last);
    if (pos >= fmtEnd) break;
    pos++;
    clearFlags();
    let simple = false;
    while (pos < fmtEnd) {
      let c = <i32>load<u8>(fmtP + pos);
      if (c == 35) fSharp = true;
      else if (c == 48) fZero = !fMinus;
      else if (c == 43) fPlus = true;
      else if (c == 45) { fMinus = true; fZero = false; }
      else if (c == 32) fSpace = true;
      else {
        if (c >= 97 && c <= 122 && argNum < nargs) {
          if (c == 118) { fSharpV = fSharp; fSharp = false; fPlusV = fPlus; fPlus = false; }
          printArg(arrAt(args, <u32>argNum), c);
          argNum++;
          pos++;
          simple = true;
        }
        break;
      }
      pos++;
    }
    if (simple) continue;

    argNumber();

    if (pos < fmtEnd && load<u8>(fmtP + pos) == 42) { // '*'
      pos++;
      intFromArg();
      wid = ifaNum; widP = ifaOk;
      if (!widP) sbAscii("%!(BADWIDTH)");
      if (wid < 0) { wid = -wid; fMinus = true; fZero = false; }
      afterIndex = false;
    } else {
      pos = parsenum(pos, fmtEnd);
      wid = pnNum; widP = pnOk;
      if (afterIndex && widP) goodArgNum = false;
    }

    if (pos + 1 < fmtEnd && load<u8>(fmtP + pos) == 46) { // '.'
      pos++;
      if (afterIndex) goodArgNum = false;
      argNumber();
      if (pos < fmtEnd && load<u8>(fmtP + pos) == 42) {
        pos++;
        intFromArg();
        prec = ifaNum; precP = ifaOk;
        if (prec < 0) { prec = 0; precP = false; }
        if (!precP) sbAscii("%!(BADPREC)");
        afterIndex = false;
      } else {
        pos = parsenum(pos, fmtEnd);
        prec = pnNum; precP = pnOk;
        if (!precP) { prec = 0; precP = true; }
      }
    }

    if (!afterIndex) argNumber();

    if (pos >= fmtEnd) { sbAscii("%!(NOVERB)"); break; }

    decodeRune(fmtP + pos, fmtP + fmtEnd);
    let verb = dRune;
    pos += dLen;

    if (verb == 37) { sbByte(37); continue; }
    if (!goodArgNum) { sbByte(37); sbByte(33); sbRune(verb); sbAscii("(BADINDEX)"); continue; }
    if (argNum >= nargs) { sbByte(37); sbByte(33); sbRune(verb); sbAscii("(MISSING)"); continue; }
    if (verb == 118) { fSharpV = fSharp; fSharp = false; fPlusV = fPlus; fPlus = false; }
    printArg(arrAt(args, <u32>argNum), verb);
    argNum++;
  }

  if (!reordered && argNum < nargs) {
    clearFlags();
    sbAscii("%!(EXTRA ");
    for (let i = argNum; i < nargs; i++) {
      if (i > argNum) { sbByte(44); sbByte(32); }
      loadArg(arrAt(args, <u32>i));
      typeName();
      sbByte(61);
      printLoaded(118, false);
      releaseArg();
    }
    sbByte(41);
  }
}
