// Files the CLI ships with, found relative to its own module: src/cli/ under vitest/tsx,
// dist/cli/ when built — both two levels below the repository root.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export const SDK_PYTHON_DIR = join(REPO_ROOT, "sdk", "python");

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version?: string }).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}
