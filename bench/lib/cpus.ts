// Where the load generator and the servers run. With taskset and >= 2 CPUs the load
// generator gets the first CPU of this process's affinity set and every server (and
// the processes it starts: instances inherit the affinity) the rest, so wrk does not
// steal the server's core. Otherwise nothing is pinned and the table says so.
import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";

export interface CpuPlan {
  /** taskset CPU list for wrk, or undefined when not pinning. */
  load?: string;
  /** taskset CPU list for the servers under test (Easel, its instances, baselines, peers). */
  server?: string;
  /** One line for the report. */
  note: string;
}

export function planCpus(disable = false): CpuPlan {
  const cpus = allowedCpus();
  if (disable) return { note: `not pinned (--no-pin); ${cpus.length} CPUs` };
  if (!hasTaskset()) return { note: `not pinned: taskset not found; ${cpus.length} CPUs shared by wrk and servers` };
  if (cpus.length < 2) return { note: `not pinned: only ${cpus.length} CPU; wrk and servers share it` };
  const load = String(cpus[0]);
  const server = cpus.slice(1).join(",");
  return { load, server, note: `pinned with taskset: wrk on CPU ${load}, servers and their instances on CPU ${server}` };
}

function allowedCpus(): number[] {
  try {
    // "pid 123's current affinity list: 0,1" or "0-3"
    const out = execFileSync("taskset", ["-cp", String(process.pid)], { encoding: "utf8" });
    const list = out.slice(out.lastIndexOf(":") + 1).trim();
    const cpus: number[] = [];
    for (const part of list.split(",")) {
      const [a, b] = part.split("-").map(Number);
      if (a === undefined || Number.isNaN(a)) continue;
      for (let i = a; i <= (b ?? a); i++) cpus.push(i);
    }
    if (cpus.length > 0) return cpus;
  } catch {
    /* no taskset: fall through */
  }
  return Array.from({ length: availableParallelism() }, (_, i) => i);
}

function hasTaskset(): boolean {
  try {
    execFileSync("taskset", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
