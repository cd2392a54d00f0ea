// The processor `pysdk init` writes: the PAI-EAS tutorial's template, byte for byte
// (typos included — users compare it with the tutorial). One copy, in examples/tutorial,
// which is also the example service `npm start` deploys.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../paths.js";

/** Read when needed, not at CLI start-up. */
export function appPy(): string {
  return readFileSync(join(REPO_ROOT, "examples", "tutorial", "app.py"), "utf8");
}

/**
 * The tutorial's original app.json, named after the project folder. processor_path is
 * "./" — the folder app.json is in — so `easel create app.json` packs and uploads the
 * project right after init; `pysdk pack -u` prints a target path to put there instead.
 */
export function appJson(name: string): string {
  const spec = {
    name,
    processor_entry: "./app.py",
    processor_type: "python",
    processor_path: "./",
    metadata: { region: "cn-beijing", instance: 1, memory: 2000, resource: "", cpu: 1 },
  };
  return `${JSON.stringify(spec, null, 2)}\n`;
}

/** A service name from a folder name: lower case letters, digits and underscores, starting with a letter. */
export function serviceNameFor(dirName: string): string {
  const s = dirName.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  return /^[a-z]/.test(s) ? s.slice(0, 63) : `svc_${s}`.slice(0, 63);
}
