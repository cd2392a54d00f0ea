// e. Dynamic batching: the numpy matmul model (bench/processors/matmul) deployed twice,
// with rpc.batching (max_batch_size 32, max_batch_timeout 5 ms) and without; throughput
// ratio batching / no batching under the same wrk load.
//
// The package is bench/.venv/np/: app.py copied from bench/processors/matmul plus ENV/,
// a venv made with --copies holding numpy (Easel runs ENV/bin/python when present).
// Correctness: numpy computes the expected answer (argmax of x @ W) in this run, in its own
// process; both services must answer exactly that before and during the load runs.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, startEasel, type ServiceView } from "../lib/easel.js";
import { stat, type Ctx, type Scenario, type ScenarioResult } from "../lib/report.js";
import { checkAnswer } from "../lib/services.js";
import { ensureVenv, BENCH_DIR } from "../lib/venv.js";
import { measure, type WrkResult } from "../lib/wrk.js";

const N = 6144; // must match bench/processors/matmul/app.py
const CONNECTIONS = 64;
const PKG = join(BENCH_DIR, ".venv", "np");

function bodyBytes(): Buffer {
  // Deterministic pseudo-random float32 vector (LCG), little-endian.
  const b = Buffer.alloc(N * 4);
  let s = 12345;
  for (let i = 0; i < N; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    b.writeFloatLE(s / 2 ** 32 - 0.5, i * 4);
  }
  return b;
}

interface ModelAlone {
  single_ms: number;
  batch32_ms: number;
  speedup: number;
  /** The answer to the request body, as app.py computes it (argmax of x @ W, one row). */
  expected: string;
  /** The same from a 32-row product (what a batch computes): must be the same. */
  expected_batched: string;
}

/**
 * The expected answer to `bodyFile` (same W as app.py), and the ceiling: how much faster
 * one 32-row product is than 32 one-row products, timed in-process with the same numpy on
 * the servers' CPU (no serving overhead at all).
 */
function modelAlone(python: string, cpus: string | undefined, bodyFile: string, iterations: { single: number; batch: number }): ModelAlone {
  const code = `
import json, sys, time, numpy as np
N = ${N}
w = np.random.default_rng(0).standard_normal((N, N), dtype=np.float32)
body = np.frombuffer(open(sys.argv[1], "rb").read(), dtype="<f4")
expected = str(int(np.argmax(body @ w)))
expected_batched = str(int(np.argmax(np.stack([body] * 32) @ w, axis=1)[7]))
x = np.random.default_rng(1).standard_normal(N, dtype=np.float32)
xs = np.stack([x] * 32)
def t(f, n):
    f()
    t0 = time.perf_counter()
    for _ in range(n):
        f()
    return (time.perf_counter() - t0) / n * 1000
single = t(lambda: x @ w, ${iterations.single})
batch = t(lambda: xs @ w, ${iterations.batch})
print(json.dumps({"single_ms": single, "batch32_ms": batch, "speedup": 32 * single / batch, "expected": expected, "expected_batched": expected_batched}))
`;
  const argv = [python, "-c", code, bodyFile];
  const [cmd, args] = cpus ? ["taskset", ["-c", cpus, ...argv]] : [argv[0]!, argv.slice(1)];
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" } });
  if (r.status !== 0) throw new Error(`numpy reference failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout) as ModelAlone;
  if (!/^\d+$/.test(m.expected) || m.expected !== m.expected_batched) {
    throw new Error(`numpy reference: one-row answer ${m.expected} vs batched ${m.expected_batched} (the body must not sit on a tie)`);
  }
  return m;
}

function spec(name: string, batching: boolean): Record<string, unknown> {
  return {
    name,
    processor_type: "python",
    processor_entry: "./app.py",
    processor_path: PKG,
    metadata: {
      instance: 1,
      "rpc.keepalive": 30_000,
      "rpc.max_queue_size": 1024,
      ...(batching ? { "rpc.batching": true, "rpc.max_batch_size": 32, "rpc.max_batch_timeout": 5 } : {}),
    },
  };
}

export const batching: Scenario = {
  name: "batching",
  quick: true,
  describe: `numpy ${N}x${N} matmul model, rpc.batching (32, 5 ms) vs off, ${CONNECTIONS} connections`,
  async run(ctx: Ctx): Promise<ScenarioResult> {
    mkdirSync(PKG, { recursive: true });
    const python = await ensureVenv(join(PKG, "ENV"), ["numpy"], ["numpy"], ctx.log, true);
    copyFileSync(join(REPO, "bench", "processors", "matmul", "app.py"), join(PKG, "app.py"));
    const bodyFile = join(ctx.workDir, "matmul-body.bin");
    const body = bodyBytes();
    writeFileSync(bodyFile, body);
    const ceiling = modelAlone(python, ctx.cpus.server, bodyFile, ctx.mode === "smoke" ? { single: 4, batch: 1 } : { single: 64, batch: 8 });
    ctx.log(`  model alone: 1 row ${ceiling.single_ms.toFixed(2)} ms, 32 rows ${ceiling.batch32_ms.toFixed(2)} ms: ${ceiling.speedup.toFixed(1)}x per item; numpy's answer to the body: ${ceiling.expected}`);

    const easel = await startEasel({ cpus: ctx.cpus.server, logFile: join(ctx.workDir, "batching-easel.log") });
    const runs: Record<"on" | "off", WrkResult[]> = { on: [], off: [] };
    try {
      const t0 = performance.now();
      await easel.create(spec("mm_batch", true));
      await easel.create(spec("mm_plain", false));
      const svc: Record<"on" | "off", ServiceView> = { on: await easel.waitRunning("mm_batch"), off: await easel.waitRunning("mm_plain") };
      ctx.log(`  both deployed in ${((performance.now() - t0) / 1000).toFixed(1)} s (packs ENV with numpy)`);
      await checkAnswer("mm_batch (batching on)", svc.on.endpoint, { body, auth: svc.on.token }, ceiling.expected);
      await checkAnswer("mm_plain (batching off)", svc.off.endpoint, { body, auth: svc.off.token }, ceiling.expected);
      for (let i = 0; i < ctx.dur.rounds; i++) {
        for (const side of i % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const)) {
          const r = await measure(
            { url: svc[side].endpoint, auth: svc[side].token, bodyFile, expect: ceiling.expected, connections: CONNECTIONS, seconds: ctx.dur.seconds, cpus: ctx.cpus.load, timeoutSec: 30 },
            ctx.dur.warmup,
            `batching ${side}`,
          );
          runs[side].push(r);
          ctx.log(`  round ${i + 1} batching ${side.padEnd(3)}: ${r.rps.toFixed(0)} req/s p50 ${r.p50_ms.toFixed(1)} ms p99 ${r.p99_ms.toFixed(1)} ms, ${r.checked} answers checked`);
        }
      }
    } finally {
      await easel.stop();
    }
    const on = stat(runs.on, (r) => r.rps);
    const off = stat(runs.off, (r) => r.rps);
    const p99on = stat(runs.on, (r) => r.p99_ms);
    const p99off = stat(runs.off, (r) => r.p99_ms);
    const checked = [...runs.on, ...runs.off].reduce((a, r) => a + r.checked, 0);
    return {
      rows: [
        {
          scenario: "batching",
          metric: "throughput, batching on",
          unit: "req/s",
          easel: on.median,
          easelRange: on.range,
          baseline: off.median,
          baselineRange: off.range,
          baselineLabel: "batching off",
          ratio: on.median / off.median,
          target: ">= 4x off",
          pass: on.median / off.median >= 4,
          note: `every answer (${checked} in the measured runs, and the warm-ups) was 200 "${ceiling.expected}", numpy's argmax of x @ W computed in this run`,
        },
        {
          scenario: "batching",
          metric: "p99 latency, batching on",
          unit: "ms",
          easel: p99on.median,
          easelRange: p99on.range,
          baseline: p99off.median,
          baselineRange: p99off.range,
          baselineLabel: "batching off",
          target: "-",
        },
        {
          scenario: "batching",
          metric: "model alone: 32x(1 row) / (32 rows)",
          unit: "ms",
          easel: ceiling.batch32_ms,
          baseline: 32 * ceiling.single_ms,
          baselineLabel: "32 single rows",
          ratio: ceiling.speedup,
          target: "- (ceiling)",
          note: "in-process numpy, no serving: the most batching could gain for this model on this machine",
        },
      ],
      raw: { n: N, model_alone: ceiling, connections: CONNECTIONS, on: runs.on, off: runs.off },
    };
  },
};
