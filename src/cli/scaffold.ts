// Writes a project's starter files, keeping any the user already has (init may be re-run).
import { existsSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Cli } from "./context.js";

/** Returns the paths it created; says one line per file. */
export function writeScaffold(cli: Cli, dir: string, files: Record<string, string>): string[] {
  const show = (p: string) => relative(process.cwd(), p) || ".";
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    if (existsSync(path)) {
      cli.say(`[OK] Kept the existing ${show(path)}`);
      continue;
    }
    writeFileSync(path, text);
    written.push(path);
    cli.say(`[OK] Created ${show(path)}`);
  }
  return written;
}
