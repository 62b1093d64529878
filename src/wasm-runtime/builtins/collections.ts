// @ts-nocheck -- AssemblyScript source (see ../README.md "Why @ts-nocheck").
// (family file: filled in by its owner)
export const __family_collections: i32 = 0;
