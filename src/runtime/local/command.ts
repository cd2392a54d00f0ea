// What process an instance runs: the processor's own Python (ENV/bin/python when the
// package has one, else python3 from PATH), or Node for TypeScript/JS and built-ins.
import { accessSync, constants } from "node:fs";
import { join } from "node:path";
import type { InstanceConfig } from "../types.js";

export interface LaunchPaths {
  /** Folder holding the allspark package (put on PYTHONPATH). */
  sdkPythonPath: string;
  /** Compiled worker host for node and built-in processors. */
  nodeWorkerPath: string;
  /** Interpreter for packages without ENV (default python3). */
  python?: string;
}

export interface Launch {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

export function launchFor(cfg: InstanceConfig, paths: LaunchPaths): Launch {
  const env: Record<string, string> = {};
  const p = cfg.processor;
  if (p.kind === "custom" && p.type === "python") {
    const workdir = cfg.workdir ?? ".";
    const envPython = join(workdir, "ENV", "bin", "python");
    const command = isExecutable(envPython) ? envPython : (paths.python ?? "python3");
    const pp = process.env.PYTHONPATH;
    env.PYTHONPATH = pp ? `${paths.sdkPythonPath}:${pp}` : paths.sdkPythonPath;
    env.PYTHONUNBUFFERED = "1";
    env.PYTHONDONTWRITEBYTECODE = "1";
    return { command, args: [p.entry], cwd: workdir, env };
  }
  if (p.kind === "custom") {
    env.EASEL_ENTRY = join(cfg.workdir ?? ".", p.entry);
  } else {
    env.EASEL_BUILTIN = p.name;
    if (cfg.modelFile) env.EASEL_MODEL_FILE = cfg.modelFile;
  }
  env.EASEL_WORKER_THREADS = String(cfg.rpc.worker_threads);
  return { command: process.execPath, args: [paths.nodeWorkerPath], cwd: cfg.workdir ?? cfg.modelDir ?? process.cwd(), env };
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
