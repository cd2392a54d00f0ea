// Python virtual environments the benchmarks need (numpy for the batching model, the
// peer servers), created lazily under bench/ on first use and reused afterwards.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = fileURLToPath(new URL("../", import.meta.url));

/** Python of a venv. */
export const venvPython = (dir: string) => join(dir, "bin", "python");

function imports(dir: string, modules: string[], bin?: string): boolean {
  if (!existsSync(venvPython(dir))) return false;
  if (bin !== undefined && !existsSync(bin)) return false;
  const r = spawnSync(venvPython(dir), ["-c", modules.map((m) => `import ${m}`).join("; ")], { stdio: "ignore", timeout: 120_000 });
  return r.status === 0;
}

function run(cmd: string, args: string[], log: (m: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let tail = "";
    const keep = (c: Buffer) => {
      tail = (tail + c.toString()).slice(-2000);
    };
    p.stdout.on("data", keep);
    p.stderr.on("data", keep);
    p.on("error", reject);
    p.on("exit", (code) => {
      if (code === 0) return resolve();
      log(tail);
      reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}: ${tail.trim().split("\n").pop() ?? ""}`));
    });
  });
}

/**
 * Makes sure `dir` is a venv where `modules` import, pip-installing `packages` when not.
 * `copies`: python3 -m venv --copies (a processor's ENV must not link outside its package).
 * `bin`: a file the packages install (for tools without an importable module, e.g. py-spy).
 */
export async function ensureVenv(dir: string, packages: string[], modules: string[], log: (m: string) => void, copies = false, bin?: string): Promise<string> {
  if (imports(dir, modules, bin)) return venvPython(dir);
  log(`  installing ${packages.join(" ")} into ${dir} (first run only)...`);
  if (!existsSync(venvPython(dir))) await run("python3", ["-m", "venv", ...(copies ? ["--copies"] : []), dir], log);
  await run(venvPython(dir), ["-m", "pip", "install", "-q", "--disable-pip-version-check", ...packages], log);
  if (!imports(dir, modules, bin)) throw new Error(`${packages.join(" ")} installed into ${dir} but "${modules.join(", ")}" does not import`);
  return venvPython(dir);
}
