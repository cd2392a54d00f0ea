// The example a new user gets from `npm start`: the tutorial's processor (examples/tutorial).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ServiceManager } from "../control/service-manager.js";

export async function deployExample(m: ServiceManager, repoRoot: string): Promise<string> {
  const dir = join(repoRoot, "examples", "tutorial");
  const spec = JSON.parse(readFileSync(join(dir, "app.json"), "utf8")) as Record<string, unknown>;
  const row = await m.create(spec, dir);
  return row.name;
}
