// /proc readings: a process's resident memory, and its descendants.
import { readdirSync, readFileSync } from "node:fs";

/** VmRSS of one process in MB (10^6 bytes; /proc/<pid>/status counts KiB), or undefined when unreadable. */
export function rssMB(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? (Number(m[1]) * 1024) / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** All descendants of pid (children, grandchildren...). */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      // pid (comm) state ppid ...; comm may contain spaces and parentheses
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parent.set(Number(d), ppid);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, pp] of parent) {
      if (pp === p) {
        out.push(c);
        walk(c);
      }
    }
  };
  walk(pid);
  return out;
}

/** CPU time (user + system, in ms) used so far by pid and its live descendants. */
export function cpuMs(pid: number): number {
  const tick = 10; // USER_HZ is 100 on Linux
  let total = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(f[11]) + Number(f[12])) * tick;
    } catch {
      /* exited */
    }
  }
  return total;
}

export interface SchedStat {
  /** Time on a CPU, ns. */
  cpuNs: number;
  /** Time runnable but waiting on a run queue, ns. */
  waitNs: number;
  /** Times a task was put on a CPU. */
  slices: number;
}

/**
 * /proc/<pid>/task/<tid>/schedstat summed over every thread of pid and its live
 * descendants: how long they ran, and how long they were runnable but waited for a CPU.
 */
export function schedStat(pid: number): SchedStat {
  const s: SchedStat = { cpuNs: 0, waitNs: 0, slices: 0 };
  for (const p of [pid, ...descendants(pid)]) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tids) {
      try {
        const [run, wait, n] = readFileSync(`/proc/${p}/task/${t}/schedstat`, "utf8").trim().split(" ").map(Number);
        s.cpuNs += run ?? 0;
        s.waitNs += wait ?? 0;
        s.slices += n ?? 0;
      } catch {
        /* exited */
      }
    }
  }
  return s;
}

/** Busy time (everything but idle and iowait, in ms) of the given CPUs so far, from /proc/stat. */
export function cpuBusyMs(cpus: number[]): number {
  const tick = 10;
  let total = 0;
  for (const line of readFileSync("/proc/stat", "utf8").split("\n")) {
    const m = /^cpu(\d+) (.*)$/.exec(line);
    if (!m || !cpus.includes(Number(m[1]))) continue;
    const f = m[2]!.trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal
    total += ((f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0)) * tick;
  }
  return total;
}
