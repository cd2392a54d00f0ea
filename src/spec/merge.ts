// Partial updates (modify -s FILE, -D overrides) and what kind of change they make.
import type { ServiceSpec } from "./types.js";
import { isObject } from "./parse.js";

type Obj = Record<string, unknown>;

/**
 * Deep merge of a partial spec into a stored one. Objects merge key by key; anything
 * else (arrays included) replaces. A flat EAS key ("rpc.keepalive") in the patch replaces
 * its nested twin in the base and vice versa, so the merged spec never says both.
 */
export function mergeSpec(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return patch;
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith("rpc.") && isObject(out.rpc)) {
      const rest = { ...out.rpc };
      delete rest[k.slice(4)];
      out.rpc = rest;
    }
    if (k === "rpc" && isObject(v)) for (const rk of Object.keys(v)) delete out[`rpc.${rk}`];
    out[k] = isObject(v) && isObject(out[k]) ? mergeSpec(out[k], v) : v;
  }
  return out;
}

export type ChangeKind = "none" | "scale" | "version";

/** "scale" when only the instance count differs; "version" for anything else. */
export function classifyChange(before: ServiceSpec, after: ServiceSpec): ChangeKind {
  const strip = (s: ServiceSpec) => JSON.stringify({ ...s, unknown_fields: [...s.unknown_fields].sort(), metadata: { ...s.metadata, instance: 0 } });
  if (strip(before) !== strip(after)) return "version";
  return before.metadata.instance === after.metadata.instance ? "none" : "scale";
}
