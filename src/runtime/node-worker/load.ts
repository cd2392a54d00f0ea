// Finds the processor a module exports: a default export or named `processor`, either an
// object with process() or a class to instantiate; or top-level initialize/process functions.
// A TypeScript entry (.ts/.mts/.cts) is loaded through tsx's ESM API (Node 20 cannot strip
// types); without tsx the instance fails to initialize with a message saying what to do.
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Processor } from "../../processors/types.js";

type Namespace = Record<string, unknown>;
type TsImport = (specifier: string, parentURL: string) => Promise<unknown>;

export const TS_ENTRY = /\.[cm]?tsx?$/i;

export async function loadUserProcessor(entry: string): Promise<Processor> {
  const mod = TS_ENTRY.test(entry) ? await importTypeScript(entry) : ((await import(pathToFileURL(entry).href)) as Namespace);
  const p = findProcessor(mod) ?? findProcessor(commonJsExports(mod));
  if (p) return p;
  throw new Error(
    `${basename(entry)} exports no processor: export default a class or an object with process(data), ` +
      `or export function process(data) (and optionally initialize())`,
  );
}

function findProcessor(mod: Namespace | undefined): Processor | undefined {
  if (!mod) return undefined;
  for (const candidate of [mod.default, mod.processor, mod.Processor]) {
    const p = asProcessor(candidate);
    if (p) return p;
  }
  if (typeof mod.process === "function") {
    // Top-level functions: call them with the module as `this`, like methods.
    const fns = mod as { process: Processor["process"]; initialize?: unknown };
    const init = typeof fns.initialize === "function" ? (fns.initialize as () => void | Promise<void>) : undefined;
    return { initialize: init && (() => init.call(mod)), process: (data) => fns.process.call(mod, data) };
  }
  return undefined;
}

/** A TypeScript file compiled as CommonJS (no "type": "module" next to it) puts its exports under `default`. */
function commonJsExports(mod: Namespace): Namespace | undefined {
  const d = mod.default;
  return typeof d === "object" && d !== null && !Array.isArray(d) ? (d as Namespace) : undefined;
}

function asProcessor(v: unknown): Processor | undefined {
  if (typeof v === "function") {
    const proto = (v as { prototype?: { process?: unknown } }).prototype;
    if (proto && typeof proto.process === "function") return new (v as new () => Processor)();
  }
  if (typeof v === "object" && v !== null && typeof (v as { process?: unknown }).process === "function") return v as Processor;
  return undefined;
}

async function importTypeScript(entry: string): Promise<Namespace> {
  const tsImport = await loadTsx(entry);
  return (await tsImport(pathToFileURL(entry).href, import.meta.url)) as Namespace;
}

/**
 * tsx from Easel's own install, else from the processor's folder (its node_modules).
 * `importer` is swappable for tests.
 */
export async function loadTsx(entry: string, importer: (spec: string) => Promise<unknown> = (s) => import(s)): Promise<TsImport> {
  const tried: string[] = [];
  const candidates: string[] = ["tsx/esm/api"];
  try {
    candidates.push(pathToFileURL(createRequire(join(dirname(entry), "noop.js")).resolve("tsx/esm/api")).href);
  } catch {
    // not installed next to the processor either
  }
  for (const spec of candidates) {
    try {
      const api = (await importer(spec)) as { tsImport?: unknown };
      if (typeof api.tsImport === "function") return api.tsImport as TsImport;
      tried.push(`${spec}: no tsImport export (tsx >= 4 is needed)`);
    } catch (e) {
      tried.push(`${spec}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    }
  }
  throw new Error(
    `${basename(entry)} is TypeScript and running it needs tsx, which cannot be loaded (${tried.join("; ")}): ` +
      `install tsx (npm install tsx, next to Easel or in the processor folder) or compile the processor to JavaScript ` +
      `and point processor_entry at the .js file`,
  );
}
