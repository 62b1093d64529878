// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Natively implemented builtins, grouped by family. The compiler calls an
// export named `builtin_<name with dots as underscores>` directly when it
// exists, and goes through the host (`opa_builtinN`) otherwise. Every export
// of a module listed here becomes a wasm export, so these modules export
// builtins only; shared helpers live in modules that are not listed.
export { rt_strict_errors, rt_location } from "./errors";
export * from "./comparison";
export * from "./arithmetic";
export * from "./aggregates";
export * from "./types";
export * from "./strings";
export * from "./strings-trim";
export * from "./collections";
export * from "./encoding";
export * from "./encoding-urlquery";
export * from "./encoding-marshal";
export * from "./encoding-jwt";
export * from "./patterns";
export * from "./net";
export * from "./semver";
export * from "./uuid";
export * from "./time";
export * from "./time-format";
export * from "./time-parse";
export * from "./time-duration";
export * from "./numbers";
export * from "./numbers-to-number";
export * from "./numbers-units";
