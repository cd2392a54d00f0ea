// The ENV/ of a Python processor project: a venv with the allspark SDK in it, made the
// way `eascmd pysdk init` does with conda, but with the python3 already on the machine.
import { cpSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "./errors.js";
import { SDK_PYTHON_DIR } from "./paths.js";
import { run, tailLines } from "./run.js";

const MIN_PYTHON: [number, number] = [3, 8];

export function envPython(envDir: string): string {
  return process.platform === "win32" ? join(envDir, "Scripts", "python.exe") : join(envDir, "bin", "python");
}

export async function pythonVersion(python: string): Promise<string> {
  const r = await run(python, ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], { timeoutMs: 30_000 });
  if (r.spawnError?.code === "ENOENT") throw new CliError(`${python} not found: install Python ${MIN_PYTHON.join(".")}+ or pass --python PATH`);
  if (r.code !== 0) throw new CliError(`${python} does not run: ${tailLines(r.stderr || r.stdout, 1)[0] ?? `exit code ${r.code}`}`);
  const version = r.stdout.trim();
  const [major = 0, minor = 0] = version.split(".").map(Number);
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new CliError(`${python} is Python ${version}; the allspark SDK needs ${MIN_PYTHON.join(".")} or newer (pass another with --python PATH)`);
  }
  return version;
}

export async function canImport(python: string, module: string): Promise<boolean> {
  const r = await run(python, ["-c", `import ${module}`], { timeoutMs: 60_000 });
  return r.code === 0;
}

/**
 * Creates the venv. `--copies` puts a real interpreter in ENV/bin instead of a link
 * to /usr/bin/python3, so the packed ENV holds no link leaving the project (the server
 * refuses those when unpacking). Falls back to links, then to a venv without pip.
 */
export async function createVenv(python: string, envDir: string): Promise<{ pip: boolean }> {
  const attempts: [string[], boolean][] = [
    [["-m", "venv", "--copies", envDir], true],
    [["-m", "venv", envDir], true],
    [["-m", "venv", "--without-pip", "--copies", envDir], false],
  ];
  let last = "";
  for (const [args, pip] of attempts) {
    const r = await run(python, args, { timeoutMs: 300_000 });
    if (r.code === 0 && (await canImport(envPython(envDir), "sys"))) return { pip };
    last = tailLines(r.stderr || r.stdout, 3).join(" / ");
  }
  throw new CliError(`could not create a virtual environment with ${python}: ${last || "unknown error"} (on Debian/Ubuntu: apt install python3-venv)`);
}

/**
 * Installs the SDK from this repository: pip when it can (offline-friendly flags), else
 * a copy of the packages into site-packages (the SDK is pure standard library).
 */
export async function installSdk(envDir: string, hasPip: boolean): Promise<"pip" | "copy"> {
  const py = envPython(envDir);
  const hasProject = ["pyproject.toml", "setup.py", "setup.cfg"].some((f) => existsSync(join(SDK_PYTHON_DIR, f)));
  if (hasPip && hasProject) {
    const args = ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "-q"];
    // With setuptools already in the venv, build without downloading anything.
    if (await canImport(py, "setuptools")) args.push("--no-build-isolation", "--no-index");
    else args.push("--retries", "0", "--timeout", "10");
    const r = await run(py, [...args, SDK_PYTHON_DIR], { timeoutMs: 180_000, env: { ...process.env, PIP_NO_WARN_SCRIPT_LOCATION: "1" } });
    if (r.code === 0 && (await canImport(py, "allspark"))) return "pip";
  }
  const site = await run(py, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], { timeoutMs: 30_000 });
  const purelib = site.stdout.trim();
  if (site.code !== 0 || !purelib) throw new CliError(`cannot find site-packages of ${py}: ${tailLines(site.stderr, 1)[0] ?? ""}`);
  const packages = readdirSync(SDK_PYTHON_DIR, { withFileTypes: true }).filter(
    (d) => d.isDirectory() && d.name !== "tests" && existsSync(join(SDK_PYTHON_DIR, d.name, "__init__.py")),
  );
  if (packages.length === 0) throw new CliError(`no Python SDK packages found in ${SDK_PYTHON_DIR}`);
  for (const p of packages) {
    cpSync(join(SDK_PYTHON_DIR, p.name), join(purelib, p.name), {
      recursive: true,
      filter: (src) => !src.includes("__pycache__") && !src.endsWith(".pyc"),
    });
  }
  return "copy";
}
