// parseSpec: raw JSON (as the user wrote it) → a validated ServiceSpec, or every problem
// found, each naming the field path, what was expected and what was found.
import type { z } from "zod";
import { METADATA_FIELDS, RPC_FIELDS, TOP_FIELDS } from "./schema.js";
import { RPC_DEFAULTS, type BuiltinProcessor, type ProcessorRef, type RpcConfig, type ServiceSpec, type SpecIssue, type SpecResult } from "./types.js";

type Obj = Record<string, unknown>;
const BUILTINS: readonly BuiltinProcessor[] = ["pmml", "onnx"];

export function parseSpec(input: unknown): SpecResult {
  const issues: SpecIssue[] = [];
  if (!isObject(input)) return { ok: false, issues: [{ path: "", message: `expected a JSON object, got ${describe(input)}` }] };
  const raw = input;
  const unknown: string[] = [];
  const top: Obj = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    const schema = (TOP_FIELDS as Record<string, z.ZodType>)[k];
    if (!schema) {
      unknown.push(k);
      continue;
    }
    const val = check(schema, v, k, issues);
    if (val !== undefined) top[k] = val;
  }
  if (raw.name === undefined) issues.push({ path: "name", message: "required: the service name" });

  const meta = isObject(raw.metadata) ? raw.metadata : {};
  const metaOut: Obj = {};
  const rpc: Obj = {};
  const rpcSeen: Record<string, string> = {};
  const takeRpc = (field: string, value: unknown, path: string) => {
    const schema = (RPC_FIELDS as Record<string, z.ZodType>)[field];
    if (!schema) {
      unknown.push(path);
      return;
    }
    const prev = rpcSeen[field];
    if (prev !== undefined && JSON.stringify(rpc[field]) !== JSON.stringify(value)) {
      issues.push({ path, message: `conflicts with ${prev} (${JSON.stringify(rpc[field])} vs ${JSON.stringify(value)}); give it once` });
      return;
    }
    const val = check(schema, value, path, issues);
    if (val !== undefined) {
      rpc[field] = val;
      rpcSeen[field] = path;
    }
  };
  for (const [k, v] of Object.entries(meta)) {
    if (k === "rpc") {
      if (!isObject(v)) issues.push({ path: "metadata.rpc", message: `expected an object, got ${describe(v)}` });
      else for (const [rk, rv] of Object.entries(v)) takeRpc(rk, rv, `metadata.rpc.${rk}`);
    } else if (k.startsWith("rpc.")) {
      takeRpc(k.slice(4), v, `metadata.${k}`);
    } else {
      const schema = (METADATA_FIELDS as Record<string, z.ZodType>)[k];
      if (!schema) unknown.push(`metadata.${k}`);
      else {
        const val = check(schema, v, `metadata.${k}`, issues);
        if (val !== undefined) metaOut[k] = val;
      }
    }
  }

  const processor = resolveProcessor(top, raw, issues);
  if (top.autoscaler && isObject(top.autoscaler)) {
    const a = top.autoscaler as { min: number; max: number };
    if (a.min > a.max) issues.push({ path: "autoscaler.min", message: `expected min <= max, got min ${a.min} > max ${a.max}` });
  }
  if (processor?.kind === "builtin" && top.model_path === undefined) {
    issues.push({ path: "model_path", message: `required with "processor": "${processor.name}": the model file to serve` });
  }
  if (issues.length > 0 || !processor) return { ok: false, issues };

  const spec: ServiceSpec = {
    name: top.name as string,
    processor,
    model_path: top.model_path as string | undefined,
    model_entry: top.model_entry as string | undefined,
    model_config: top.model_config,
    token: top.token as string | undefined,
    warm_up_data_path: top.warm_up_data_path as string | undefined,
    autoscaler: top.autoscaler as ServiceSpec["autoscaler"],
    runtime: { enable_crash_block: (top.runtime as { enable_crash_block?: boolean } | undefined)?.enable_crash_block ?? false },
    metadata: {
      instance: (metaOut.instance as number | undefined) ?? 1,
      cpu: metaOut.cpu as number | undefined,
      memory: metaOut.memory as number | undefined,
      gpu: metaOut.gpu as number | undefined,
      region: metaOut.region as string | undefined,
      resource: metaOut.resource as string | undefined,
      rpc: { ...RPC_DEFAULTS, ...(rpc as Partial<RpcConfig>) },
    },
    unknown_fields: unknown,
  };
  return { ok: true, spec, raw };
}

function resolveProcessor(top: Obj, raw: Obj, issues: SpecIssue[]): ProcessorRef | undefined {
  const builtin = top.processor as string | undefined;
  if (builtin !== undefined) {
    if (!(BUILTINS as readonly string[]).includes(builtin)) {
      issues.push({ path: "processor", message: `expected one of ${BUILTINS.map((b) => `"${b}"`).join(", ")} (Easel's built-in processors), got ${JSON.stringify(builtin)}; for your own code use processor_type "python" or "node" with processor_path` });
      return undefined;
    }
    for (const f of ["processor_type", "processor_path"]) {
      if (raw[f] !== undefined) issues.push({ path: f, message: `not allowed with the built-in "processor": "${builtin}"` });
    }
    return { kind: "builtin", name: builtin as BuiltinProcessor };
  }
  const path = top.processor_path as string | undefined;
  const type = (top.processor_type as "python" | "node" | undefined) ?? (raw.processor_type === undefined ? "python" : undefined);
  if (raw.processor_path === undefined) {
    issues.push({ path: "processor_path", message: 'required: your processor package (a target path from "pysdk pack -u", a folder or a .tar.gz), or use "processor": "pmml"|"onnx" with model_path' });
    return undefined;
  }
  if (path === undefined || type === undefined) return undefined;
  const entry = (top.processor_entry as string | undefined) ?? (type === "python" ? "./app.py" : "./index.js");
  if (entry.startsWith("/") || entry.split(/[\\/]/).includes("..")) {
    issues.push({ path: "processor_entry", message: `expected a path inside the package, got ${JSON.stringify(entry)}` });
    return undefined;
  }
  return { kind: "custom", type, entry, path };
}

function check(schema: z.ZodType, value: unknown, path: string, issues: SpecIssue[]): unknown {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return r.data;
  for (const i of r.error.issues) {
    const p = [path, ...i.path.map(String)].filter((s) => s !== "").join(".");
    const found = "input" in i ? `, got ${describe(i.input)}` : "";
    issues.push({ path: p, message: `${i.message}${found}` });
  }
  return undefined;
}

export function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return String(v);
}

export function isObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
