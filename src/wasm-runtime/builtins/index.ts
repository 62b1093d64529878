// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// Natively implemented builtins, one file per family. The compiler calls an
// export named `builtin_<name with dots as underscores>` directly when it
// exists, and goes through the host (`opa_builtinN`) otherwise.
export { rt_strict_errors, rt_location } from "./errors";
export * from "./comparison";
export * from "./arithmetic";
export * from "./aggregates";
export * from "./types";
export * from "./strings";
export * from "./collections";
export * from "./encoding";
export * from "./patterns";
export * from "./netsemver";
export * from "./time";
export * from "./numbers";
