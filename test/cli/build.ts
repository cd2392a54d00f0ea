// The subprocess tests run bin/easel.js, which imports dist/: rebuild when src is newer.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./helpers.js";

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function ensureBuilt(): void {
  const out = join(REPO, "dist", "cli", "main.js");
  if (existsSync(out) && statSync(out).mtimeMs >= newest(join(REPO, "src"))) return;
  try {
    execFileSync(process.execPath, [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json", "--noEmitOnError", "false"], {
      cwd: REPO,
      stdio: "pipe",
    });
  } catch {
    // type errors elsewhere in the tree still emit JS; the runs below show any real breakage
  }
}
