// a. The tutorial processor through Easel's gateway vs a bare node:http server answering
// the same bytes, at 1, 16, 64 and 256 keep-alive connections, measured alternately in the
// same run. The 64-connection rows carry the targets; the other counts are for information.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { startEasel, type EaselServer } from "../lib/easel.js";
import { BENCH_DIR, ensureVenv } from "../lib/venv.js";
import { cpuBusyMs, cpuMs, schedStat } from "../lib/proc.js";
import { stat, type Ctx, type Row, type Scenario, type ScenarioResult } from "../lib/report.js";
import { deployTutorial, startBare, TUTORIAL_ANSWER, TUTORIAL_BODY } from "../lib/services.js";
import { assertClean, runWrk, type WrkOptions, type WrkResult } from "../lib/wrk.js";

/** The connection count the targets are about (and the one the peers scenario uses). */
export const CONNECTIONS = 64;
/** Every count measured; BENCH_CONNECTIONS=1,64 overrides. */
export const CONNECTION_COUNTS = (process.env.BENCH_CONNECTIONS ?? "1,16,64,256")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
/**
 * The tutorial's app.json leaves rpc.max_queue_size at its default (64 queued + 5 in flight),
 * which sheds load with 450 past ~69 concurrent requests: the 256-connection row needs a
 * deeper queue. The bound costs nothing until it is reached, so every count uses it.
 */
const QUEUE = 1024;

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

type CpuRun = WrkResult & {
  connections: number;
  /** CPU time of the server process and its instances per answered request. */
  cpu_us_per_req: number;
  /** Time the server's threads (and its instances') were runnable but waited for the CPU, per request. */
  runq_wait_us_per_req: number;
  /** Mean wait each time one of them was put back on the CPU. */
  runq_wait_us_per_slice: number;
  /**
   * Share of the servers' CPU(s) used by processes that are not this server during the run
   * (other work on the machine): tails are not comparable when this is high.
   */
  other_load_pct: number;
};

/** "1,3-4" -> [1, 3, 4] */
function cpuList(list: string | undefined): number[] {
  if (!list) return [];
  return list.split(",").flatMap((p) => {
    const [a, b] = p.split("-").map(Number);
    return a === undefined ? [] : Array.from({ length: (b ?? a) - a + 1 }, (_, i) => a + i);
  });
}

/**
 * A warm-up run, then the measured run with the CPU time the server (and its instances)
 * spent per request during it: unlike req/s, this hardly moves when other work shares the
 * machine, so it is the steadier way to compare Easel with the bare server. Both runs'
 * answers are checked (status 2xx and the exact body).
 */
async function measureCpu(pid: number, o: WrkOptions, warmupSec: number, label: string, serverCpus: number[]): Promise<CpuRun> {
  if (warmupSec > 0) assertClean(await runWrk({ ...o, seconds: warmupSec }), `${label} (warm-up)`);
  const b0 = cpuBusyMs(serverCpus);
  const c0 = cpuMs(pid);
  const s0 = schedStat(pid);
  const r = assertClean(await runWrk(o), label);
  const s1 = schedStat(pid);
  const c1 = cpuMs(pid);
  const b1 = cpuBusyMs(serverCpus);
  return {
    other_load_pct: serverCpus.length ? Math.max(0, (100 * (b1 - b0 - (c1 - c0))) / (r.seconds * 1000 * serverCpus.length)) : NaN,
    ...r,
    connections: o.connections,
    cpu_us_per_req: ((c1 - c0) * 1000) / r.requests,
    runq_wait_us_per_req: (s1.waitNs - s0.waitNs) / 1000 / r.requests,
    runq_wait_us_per_slice: (s1.waitNs - s0.waitNs) / 1000 / Math.max(1, s1.slices - s0.slices),
  };
}

const ms = (v: number) => v.toFixed(2);

export const gateway: Scenario = {
  name: "gateway",
  quick: true,
  describe: `tutorial processor via Easel vs bare node:http at ${CONNECTION_COUNTS.join(", ")} keep-alive connections (wrk)`,
  async run(ctx: Ctx): Promise<ScenarioResult> {
    const bare = await startBare(ctx.cpus.server);
    let easel: EaselServer | undefined;
    const runs: Record<"easel" | "bare", CpuRun[]> = { easel: [], bare: [] };
    const serverCpus = cpuList(ctx.cpus.server);
    try {
      easel = await startEasel({
        cpus: ctx.cpus.server,
        logFile: join(ctx.workDir, "gateway-easel.log"),
        nodeArgs: ctx.profile ? ["--cpu-prof", "--cpu-prof-dir", join(ctx.workDir, "profiles")] : [],
      });
      const svc = await deployTutorial(easel, "tutorial", { "rpc.max_queue_size": QUEUE });
      const base = { seconds: ctx.dur.seconds, body: TUTORIAL_BODY, expect: TUTORIAL_ANSWER, cpus: ctx.cpus.load };
      // Rounds outside, counts inside: each count's rounds are spread over the whole run.
      for (let i = 0; i < ctx.dur.rounds; i++) {
        for (const c of CONNECTION_COUNTS) {
          // Alternate the order so a burst of background load does not always hit the same side.
          const order = i % 2 === 0 ? (["bare", "easel"] as const) : (["easel", "bare"] as const);
          for (const side of order) {
            let r: CpuRun;
            if (side === "bare") {
              r = await measureCpu(bare.pid, { ...base, connections: c, url: bare.info.url }, ctx.dur.warmup, `bare node:http, ${c} connections`, serverCpus);
            } else {
              const spy = ctx.profile && i === 0 && c === CONNECTIONS ? pySpy(easel, ctx, ctx.dur.seconds + ctx.dur.warmup) : undefined;
              r = await measureCpu(easel.pid, { ...base, connections: c, url: svc.endpoint, auth: svc.token }, ctx.dur.warmup, `Easel, ${c} connections`, serverCpus);
              await spy;
            }
            runs[side].push(r);
            ctx.log(
              `  round ${i + 1} ${String(c).padStart(3)} conns ${side.padEnd(5)}: ${r.rps.toFixed(0).padStart(6)} req/s p50 ${ms(r.p50_ms)} p99 ${ms(r.p99_ms)} p99.9 ${ms(r.p999_ms)} ms, ` +
                `${r.cpu_us_per_req.toFixed(1)} us CPU/req, run-queue wait ${r.runq_wait_us_per_req.toFixed(1)} us/req (${r.runq_wait_us_per_slice.toFixed(0)} us/slice), other load on server CPU ${r.other_load_pct.toFixed(0)}%, ${r.checked} answers checked`,
            );
          }
        }
      }
    } finally {
      await easel?.stop();
      await bare.stop();
    }

    const rows: Row[] = [];
    const summary: Record<string, unknown>[] = [];
    for (const c of CONNECTION_COUNTS) {
      const e = runs.easel.filter((r) => r.connections === c);
      const b = runs.bare.filter((r) => r.connections === c);
      const target = c === CONNECTIONS;
      const rpsE = stat(e, (r) => r.rps);
      const rpsB = stat(b, (r) => r.rps);
      const ratio = rpsE.median / rpsB.median;
      const common = { scenario: "gateway", baselineLabel: "bare" };
      rows.push({
        ...common,
        metric: `${c} conns: throughput`,
        unit: "req/s",
        easel: rpsE.median,
        easelRange: rpsE.range,
        baseline: rpsB.median,
        baselineRange: rpsB.range,
        ratio,
        target: target ? ">= 0.40x bare" : "info",
        pass: target ? ratio >= 0.4 : undefined,
      });
      for (const [name, f] of [
        ["p50", (r: CpuRun) => r.p50_ms],
        ["p99", (r: CpuRun) => r.p99_ms],
        ["p99.9", (r: CpuRun) => r.p999_ms],
      ] as const) {
        const se = stat(e, f);
        const sb = stat(b, f);
        const isTarget = target && name === "p99";
        rows.push({
          ...common,
          metric: `${c} conns: ${name} latency`,
          unit: "ms",
          easel: se.median,
          easelRange: se.range,
          baseline: sb.median,
          baselineRange: sb.range,
          target: isTarget ? "<= 5 ms" : "info",
          pass: isTarget ? se.median <= 5 : undefined,
        });
      }
      summary.push({
        connections: c,
        easel: { rps: rpsE.median, cpu_us_per_req: stat(e, (r) => r.cpu_us_per_req).median, runq_wait_us_per_req: stat(e, (r) => r.runq_wait_us_per_req).median, runq_wait_us_per_slice: stat(e, (r) => r.runq_wait_us_per_slice).median },
        bare: { rps: rpsB.median, cpu_us_per_req: stat(b, (r) => r.cpu_us_per_req).median, runq_wait_us_per_req: stat(b, (r) => r.runq_wait_us_per_req).median },
      });
    }
    const at = (side: "easel" | "bare") => runs[side].filter((r) => r.connections === CONNECTIONS);
    if (at("easel").length > 0) {
      const cpuE = stat(at("easel"), (r) => r.cpu_us_per_req);
      const cpuB = stat(at("bare"), (r) => r.cpu_us_per_req);
      rows.push({
        scenario: "gateway",
        metric: `${CONNECTIONS} conns: server CPU per request`,
        unit: "us",
        easel: cpuE.median,
        easelRange: cpuE.range,
        baseline: cpuB.median,
        baselineRange: cpuB.range,
        baselineLabel: "bare",
        ratio: cpuB.median / cpuE.median,
        target: "info (bare/Easel)",
        note: "CPU time of the server process and its instances / answered requests (steadier than req/s on a shared machine); ratio = bare / Easel",
      });
      const waitE = stat(at("easel"), (r) => r.runq_wait_us_per_req);
      const waitB = stat(at("bare"), (r) => r.runq_wait_us_per_req);
      rows.push({
        scenario: "gateway",
        metric: `${CONNECTIONS} conns: run-queue wait per request`,
        unit: "us",
        easel: waitE.median,
        easelRange: waitE.range,
        baseline: waitB.median,
        baselineRange: waitB.range,
        baselineLabel: "bare",
        target: "info",
        note: `time the server's threads and its Python instance were runnable but waited for CPU ${ctx.cpus.server ?? "?"} (/proc/*/task/*/schedstat), per request; Easel: ${stat(at("easel"), (r) => r.runq_wait_us_per_slice).median.toFixed(0)} us per wait on average`,
      });
    }
    const all = [...runs.easel, ...runs.bare];
    if (all.length > 0) {
      const oe = stat(runs.easel, (r) => r.other_load_pct);
      const ob = stat(runs.bare, (r) => r.other_load_pct);
      rows.push({
        scenario: "gateway",
        metric: "other load on the server CPU",
        unit: "%",
        easel: oe.median,
        easelRange: oe.range,
        baseline: ob.median,
        baselineRange: ob.range,
        baselineLabel: "bare",
        target: "info",
        note: "busy time of the server CPU (/proc/stat) not spent by the server under test, during its measured runs: other work on the machine; tails (p99, p99.9) of runs with more than a few % are not comparable",
      });
    }
    rows.push({
      scenario: "gateway",
      metric: "answers checked",
      unit: "answers",
      easel: all.reduce((a, r) => a + r.checked, 0),
      target: "all 200 False",
      pass: true,
      note: `every answer of the measured and warm-up runs, Easel and bare, was 200 "False" (a wrong or failed one fails the scenario); Easel's tutorial deployed with rpc.max_queue_size ${QUEUE} so 256 connections are not shed with 450`,
    });
    return { rows, raw: { connection_counts: CONNECTION_COUNTS, max_queue_size: QUEUE, summary, easel: runs.easel, bare: runs.bare } };
  },
};
