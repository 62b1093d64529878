// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// The runtime's entry file: everything exported here is visible to the
// compiler's linker (and, for the ABI names, to OPA's SDKs).
export * from "./abi";
export * from "./builtins/index";
export * from "./link";
export * from "./with";
