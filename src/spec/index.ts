export { parseSpec, describe } from "./parse.js";
export { mergeSpec, classifyChange, type ChangeKind } from "./merge.js";
export { applyOverrides, overridesToPatch } from "./overrides.js";
export { NAME_RE } from "./schema.js";
export * from "./types.js";
