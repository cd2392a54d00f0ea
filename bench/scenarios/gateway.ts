// a. The tutorial processor through Easel's gateway vs a bare node:http server answering
// the same bytes, 64 keep-alive connections, measured alternately in the same run.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { startEasel, type EaselServer } from "../lib/easel.js";
import { BENCH_DIR, ensureVenv } from "../lib/venv.js";
import { cpuMs } from "../lib/proc.js";
import { median, type Ctx, type Scenario, type ScenarioResult } from "../lib/report.js";
import { deployTutorial, startBare, TUTORIAL_BODY } from "../lib/services.js";
import { runWrk, type WrkOptions, type WrkResult } from "../lib/wrk.js";

export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);

/**
 * With --profile: py-spy (bench/.venv/tools, pip-installed on first use) samples the
 * tutorial instance while it is under load; the folded stacks go to profiles/.
 */
async function pySpy(easel: EaselServer, ctx: Ctx, seconds: number): Promise<void> {
  const tools = join(BENCH_DIR, ".venv", "tools");
  const bin = join(tools, "bin", "py-spy");
  try {
    if (!existsSync(bin)) await ensureVenv(tools, ["py-spy"], [], ctx.log, false, bin);
  } catch (e) {
    ctx.log(`  py-spy unavailable: ${String(e)}`);
    return;
  }
  const svc = await easel.admin<{ instances?: { pid: number | null }[] }>("GET", "/api/v1/services/tutorial");
  const pid = svc.json.instances?.[0]?.pid;
  if (!pid) return;
  mkdirSync(join(ctx.workDir, "profiles"), { recursive: true });
  const out = join(ctx.workDir, "profiles", `instance-${pid}.folded`);
  ctx.log(`  py-spy: sampling instance pid ${pid} for ${seconds} s -> ${out}`);
  const p = spawn(bin, ["record", "-p", String(pid), "-d", String(seconds), "-r", "200", "-t", "-f", "raw", "-o", out, "--nonblocking"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  return new Promise<void>((resolve) => p.on("exit", () => resolve()));
}

type CpuRun = WrkResult & { cpu_us_per_req: number };

/**
 * A warm-up run, then the measured run with the CPU time the server (and its instances)
 * spent per request during it: unlike req/s, this hardly moves when other work shares the
 * machine, so it is the steadier way to compare Easel with the bare server.
 */
async function measureCpu(pid: number, o: WrkOptions, warmupSec: number): Promise<CpuRun> {
  if (warmupSec > 0) await runWrk({ ...o, seconds: warmupSec });
  const c0 = cpuMs(pid);
  const r = await runWrk(o);
  return { ...r, cpu_us_per_req: ((cpuMs(pid) - c0) * 1000) / r.requests };
}

export const gateway: Scenario = {
  name: "gateway",
  quick: true,
  describe: "tutorial processor via Easel vs bare node:http, 64 keep-alive connections (wrk)",
  async run(ctx: Ctx): Promise<ScenarioResult> {
    const bare = await startBare(ctx.cpus.server);
    const easel = await startEasel({
      cpus: ctx.cpus.server,
      logFile: join(ctx.workDir, "gateway-easel.log"),
      nodeArgs: ctx.profile ? ["--cpu-prof", "--cpu-prof-dir", join(ctx.workDir, "profiles")] : [],
    });
    const easelRuns: CpuRun[] = [];
    const bareRuns: CpuRun[] = [];
    try {
      const svc = await deployTutorial(easel, "tutorial");
      const load = { connections: CONNECTIONS, seconds: ctx.dur.seconds, body: TUTORIAL_BODY, cpus: ctx.cpus.load };
      for (let i = 0; i < ctx.dur.rounds; i++) {
        // Alternate the order so a burst of background load does not always hit the same side.
        const order = i % 2 === 0 ? (["bare", "easel"] as const) : (["easel", "bare"] as const);
        for (const side of order) {
          if (side === "bare") {
            const r = await measureCpu(bare.pid, { ...load, url: bare.info.url }, ctx.dur.warmup);
            bareRuns.push(r);
            ctx.log(`  round ${i + 1} bare:  ${r.rps.toFixed(0)} req/s p99 ${r.p99_ms.toFixed(2)} ms errors ${r.errors}, ${r.cpu_us_per_req.toFixed(1)} us CPU/req`);
          } else {
            const spy = ctx.profile && i === 0 ? pySpy(easel, ctx, load.seconds + ctx.dur.warmup) : undefined;
            const r = await measureCpu(easel.pid, { ...load, url: svc.endpoint, auth: svc.token }, ctx.dur.warmup);
            await spy;
            easelRuns.push(r);
            ctx.log(`  round ${i + 1} easel: ${r.rps.toFixed(0)} req/s p99 ${r.p99_ms.toFixed(2)} ms errors ${r.errors}, ${r.cpu_us_per_req.toFixed(1)} us CPU/req`);
          }
        }
      }
    } finally {
      await easel.stop();
      await bare.stop();
    }
    const e = median(easelRuns.map((r) => r.rps));
    const b = median(bareRuns.map((r) => r.rps));
    const p99 = median(easelRuns.map((r) => r.p99_ms));
    const cpuE = median(easelRuns.map((r) => r.cpu_us_per_req));
    const cpuB = median(bareRuns.map((r) => r.cpu_us_per_req));
    const errors = easelRuns.reduce((a, r) => a + r.errors, 0);
    return {
      rows: [
        {
          scenario: "gateway",
          metric: "throughput",
          unit: "req/s",
          easel: e,
          baseline: b,
          baselineLabel: "bare node:http",
          ratio: e / b,
          target: ">= 0.40x bare",
          pass: e / b >= 0.4 && errors === 0,
          note: errors ? `${errors} Easel requests failed (socket errors or non-2xx)` : undefined,
        },
        {
          scenario: "gateway",
          metric: "server CPU per request",
          unit: "us",
          easel: cpuE,
          baseline: cpuB,
          baselineLabel: "bare node:http",
          ratio: cpuB / cpuE,
          target: "info (bare/Easel)",
          note: "CPU time of the server process and its instances / answered requests (steadier than req/s on a shared machine); ratio = bare / Easel",
        },
        {
          scenario: "gateway",
          metric: "p99 latency",
          unit: "ms",
          easel: p99,
          baseline: median(bareRuns.map((r) => r.p99_ms)),
          baselineLabel: "bare node:http",
          target: "<= 5 ms",
          pass: p99 <= 5,
        },
      ],
      raw: { connections: CONNECTIONS, easel: easelRuns, bare: bareRuns },
    };
  },
};
