// @ts-nocheck -- AssemblyScript source (see README.md "Why @ts-nocheck").
// For the linker: where static data ends in the runtime as built. The build
// script reads it once and records it in runtime.json; the compiler places
// each policy's constants there and moves `rt_heap_base` past them.
export function rt_default_heap_base(): i32 { return <i32>__heap_base; }
