// `-Dkey=value` → a partial spec for PUT /services/:name (deep-merged by the server).
// Values are typed from the service's current config (a number stays a number), so
// `-Dmetadata.instance=3` sends 3, not "3"; and a key the config holds in EAS's flat
// form ("rpc.keepalive" inside metadata) is written back in that form, not duplicated.
import { CliError } from "./errors.js";

type Obj = Record<string, unknown>;

/** Fields that are text even when they look like numbers (a token "123456"). */
const STRING_FIELDS = new Set([
  "name",
  "token",
  "processor",
  "processor_path",
  "processor_entry",
  "processor_type",
  "model_path",
  "model_entry",
  "warm_up_data_path",
  "metadata.region",
  "metadata.resource",
]);

export function parseDefine(def: string): { key: string; value: string } {
  const eq = def.indexOf("=");
  const key = eq > 0 ? def.slice(0, eq).trim() : "";
  if (!key || key.split(".").some((s) => s === "")) {
    throw new CliError(`-D${def}: expected -Dkey=value with a dotted key, e.g. -Dmetadata.instance=3`);
  }
  return { key, value: def.slice(eq + 1) };
}

export function definesToPartial(defines: string[], current: Obj = {}): Obj {
  const partial: Obj = {};
  for (const def of defines) {
    const { key, value } = parseDefine(def);
    const path = resolvePath(current, key.split("."));
    const existing = getPath(current, path);
    setPath(partial, path, coerce(def, key, value, existing));
  }
  return partial;
}

/** Maps dotted segments onto the keys the config really has, preferring flat keys that contain dots. */
export function resolvePath(current: unknown, segments: string[]): string[] {
  const out: string[] = [];
  let node: unknown = current;
  let rest = segments;
  while (rest.length > 0) {
    let take = 1;
    if (isObj(node)) {
      for (let n = rest.length; n > 1; n--) {
        if (rest.slice(0, n).join(".") in node) {
          take = n;
          break;
        }
      }
    }
    const key = rest.slice(0, take).join(".");
    out.push(key);
    node = isObj(node) ? node[key] : undefined;
    rest = rest.slice(take);
  }
  return out;
}

function coerce(def: string, key: string, raw: string, existing: unknown): unknown {
  const bad = (what: string): never => {
    throw new CliError(`-D${def}: ${key} expects ${what}, got ${JSON.stringify(raw)}`);
  };
  if (STRING_FIELDS.has(key) || typeof existing === "string") return raw;
  if (typeof existing === "number") {
    const n = Number(raw);
    return raw.trim() !== "" && Number.isFinite(n) ? n : bad("a number");
  }
  if (typeof existing === "boolean") {
    if (/^(true|false)$/i.test(raw)) return raw.toLowerCase() === "true";
    return bad("true or false");
  }
  if (existing !== undefined && existing !== null && typeof existing === "object") {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return bad("a JSON value");
    }
  }
  // A field the config does not have yet: read the value as JSON when it is one.
  if (/^(true|false|null)$/.test(raw) || /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw) || /^[[{]/.test(raw)) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  return raw;
}

function getPath(o: unknown, path: string[]): unknown {
  let node = o;
  for (const k of path) node = isObj(node) ? node[k] : undefined;
  return node;
}

function setPath(o: Obj, path: string[], value: unknown): void {
  let node = o;
  for (const k of path.slice(0, -1)) {
    if (!isObj(node[k])) node[k] = {};
    node = node[k] as Obj;
  }
  node[path[path.length - 1]!] = value;
}

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
