// Finds the processor a module exports: a default export or named `processor`, either an
// object with process() or a class to instantiate; or top-level initialize/process functions.
import { pathToFileURL } from "node:url";
import type { Processor } from "../../processors/types.js";

export async function loadUserProcessor(entry: string): Promise<Processor> {
  const mod = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  for (const candidate of [mod.default, mod.processor, mod.Processor]) {
    const p = asProcessor(candidate);
    if (p) return p;
  }
  if (typeof mod.process === "function") return mod as unknown as Processor;
  throw new Error(`${entry} exports no processor: export default a class or an object with process(data), or export function process(data)`);
}

function asProcessor(v: unknown): Processor | undefined {
  if (typeof v === "function") {
    const proto = (v as { prototype?: { process?: unknown } }).prototype;
    if (proto && typeof proto.process === "function") return new (v as new () => Processor)();
  }
  if (typeof v === "object" && v !== null && typeof (v as { process?: unknown }).process === "function") return v as Processor;
  return undefined;
}
