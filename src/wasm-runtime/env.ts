// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// Host imports. AssemblyScript names the import module after this file, so
// every declaration below is imported from "env" as the OPA ABI requires.

/** Abort evaluation; `addr` is a NUL-terminated UTF-8 message. Never returns. */
export declare function opa_abort(addr: i32): void;
/** Print a NUL-terminated UTF-8 message (Rego `print`). */
export declare function opa_println(addr: i32): void;
/** Host builtin dispatch: returns a value address (0 = undefined). */
export declare function opa_builtin0(id: i32, ctx: i32): i32;
export declare function opa_builtin1(id: i32, ctx: i32, a1: i32): i32;
export declare function opa_builtin2(id: i32, ctx: i32, a1: i32, a2: i32): i32;
export declare function opa_builtin3(id: i32, ctx: i32, a1: i32, a2: i32, a3: i32): i32;
export declare function opa_builtin4(id: i32, ctx: i32, a1: i32, a2: i32, a3: i32, a4: i32): i32;
