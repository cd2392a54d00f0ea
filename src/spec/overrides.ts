// eascmd-style -Dkey=value overrides applied to a raw spec, with type coercion guided by
// the value already there (or by the known field's type), then validated by parseSpec.
import { mergeSpec } from "./merge.js";
import { describe, isObject, parseSpec } from "./parse.js";
import type { SpecResult } from "./types.js";

type Obj = Record<string, unknown>;

const NUMERIC = /^(metadata\.(instance|cpu|memory|gpu)|metadata\.rpc\.(keepalive|io_threads|worker_threads|max_queue_size|max_batch_size|max_batch_timeout|rate_limit|max_body_size)|autoscaler\.(min|max))$/;
const BOOLEAN = /^(metadata\.rpc\.(batching|retry_on_crash)|runtime\.enable_crash_block)$/;

/** "metadata.rpc.keepalive=20000" → {metadata: {"rpc.keepalive": 20000}} when the spec uses the flat form. */
export function overridesToPatch(raw: Obj, defines: string[]): Obj {
  let patch: Obj = {};
  for (const d of defines) {
    const eq = d.indexOf("=");
    if (eq <= 0) throw new Error(`-D${d}: expected key=value, e.g. -Dmetadata.instance=3`);
    const key = d.slice(0, eq).trim();
    const text = d.slice(eq + 1);
    const norm = key.replace(/^metadata\.rpc\./, "metadata.rpc.");
    const value = coerce(norm, text, lookup(raw, norm));
    patch = mergeSpec(patch, nest(raw, key, value)) as Obj;
  }
  return patch;
}

export function applyOverrides(raw: Obj, defines: string[]): SpecResult {
  return parseSpec(mergeSpec(raw, overridesToPatch(raw, defines)));
}

function coerce(key: string, text: string, existing: unknown): unknown {
  const wantsNumber = typeof existing === "number" || NUMERIC.test(key);
  const wantsBool = typeof existing === "boolean" || BOOLEAN.test(key);
  if (wantsNumber) {
    const n = Number(text);
    if (text.trim() === "" || !Number.isFinite(n)) throw new Error(`-D${key}: expected a number, got ${describe(text)}`);
    return n;
  }
  if (wantsBool) {
    if (text === "true") return true;
    if (text === "false") return false;
    throw new Error(`-D${key}: expected true or false, got ${describe(text)}`);
  }
  return text;
}

function lookup(raw: Obj, key: string): unknown {
  const m = /^metadata\.rpc\.(.+)$/.exec(key);
  const meta = isObject(raw.metadata) ? raw.metadata : {};
  if (m) return meta[`rpc.${m[1]}`] ?? (isObject(meta.rpc) ? meta.rpc[m[1] ?? ""] : undefined);
  let cur: unknown = raw;
  for (const part of key.split(".")) cur = isObject(cur) ? cur[part] : undefined;
  return cur;
}

/** Builds the patch object, writing rpc fields in the form the spec already uses (flat by default, as EAS). */
function nest(raw: Obj, key: string, value: unknown): Obj {
  const m = /^metadata\.rpc\.(.+)$/.exec(key);
  if (m) {
    const meta = isObject(raw.metadata) ? raw.metadata : {};
    const nested = isObject(meta.rpc) && (meta.rpc[m[1] ?? ""] !== undefined || !(`rpc.${m[1]}` in meta));
    return { metadata: nested ? { rpc: { [m[1] ?? ""]: value } } : { [`rpc.${m[1]}`]: value } };
  }
  const parts = key.split(".");
  const out: Obj = {};
  let cur = out;
  parts.forEach((p, i) => {
    if (i === parts.length - 1) cur[p] = value;
    else cur = cur[p] = {} as Obj;
  });
  return out;
}
