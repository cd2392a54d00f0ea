// Runs wrk (Debian) with bench/wrk/post.lua and parses the JSON line its done() prints.
// Every answer is checked by the Lua script (status 2xx, and the exact body when `expect`
// is given); assertClean() turns any failed, non-2xx or wrong answer into an exception, so
// the scenario fails and the bench exits non-zero.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const LUA = fileURLToPath(new URL("../wrk/post.lua", import.meta.url));

export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  /** Socket errors (connect/read/write) and timeouts. */
  socketErrors: number;
  /** Answers with a status outside 200-299 (wrk's own count only has >= 400). */
  non2xx: number;
  /** 2xx answers whose body was not the expected one. */
  wrong: number;
  /** socketErrors + non2xx + wrong. */
  errors: number;
  /** Answers the Lua script looked at. */
  checked: number;
  /** The first bad answer ("<status> <body...>"), if any. */
  sample: string;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  p999_ms: number;
  max_ms: number;
}

export interface WrkOptions {
  url: string;
  connections: number;
  seconds: number;
  /** Body as a string, or bodyFile for binary bodies. */
  body?: string;
  bodyFile?: string;
  auth?: string;
  contentType?: string;
  /** The exact body every answer must have. */
  expect?: string;
  /** Or: a string every answer's body must contain. */
  expectContains?: string;
  /** wrk threads (default: 1 when pinned to one CPU, else min(2, connections)). */
  threads?: number;
  /** CPU list for taskset, so the load generator does not steal the server's core. */
  cpus?: string;
  timeoutSec?: number;
}

export async function runWrk(o: WrkOptions): Promise<WrkResult> {
  const pinnedToOne = o.cpus !== undefined && !/[,-]/.test(o.cpus);
  const threads = o.threads ?? (pinnedToOne ? 1 : Math.max(1, Math.min(2, o.connections)));
  const args = ["-t", String(threads), "-c", String(o.connections), "-d", `${o.seconds}s`, "--timeout", `${o.timeoutSec ?? 10}s`, "-s", LUA, o.url];
  const [cmd, argv] = o.cpus ? ["taskset", ["-c", o.cpus, "wrk", ...args]] : ["wrk", args];
  const out = await new Promise<string>((resolve, reject) => {
    const p = spawn(cmd, argv, {
      env: {
        ...process.env,
        BENCH_BODY: o.body ?? "",
        BENCH_BODY_FILE: o.bodyFile ?? "",
        BENCH_AUTH: o.auth ?? "",
        BENCH_CT: o.contentType ?? "application/octet-stream",
        BENCH_EXPECT: o.expect ?? "",
        BENCH_EXPECT_CONTAINS: o.expectContains ?? "",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let s = "";
    let err = "";
    p.stdout.on("data", (c: Buffer) => (s += c.toString()));
    p.stderr.on("data", (c: Buffer) => (err += c.toString()));
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve(s) : reject(new Error(`wrk exited with ${code}: ${s}${err}`))));
  });
  const line = out.split("\n").find((l) => l.startsWith("{"));
  if (!line) throw new Error(`wrk printed no result: ${out}`);
  const j = JSON.parse(line) as {
    requests: number;
    duration_us: number;
    errors: Record<string, number>;
    checked: number;
    non2xx: number;
    wrong: number;
    sample: string;
    latency_us: { p50: number; p90: number; p99: number; p999: number; max: number };
  };
  const seconds = j.duration_us / 1e6;
  const socketErrors = (j.errors.connect ?? 0) + (j.errors.read ?? 0) + (j.errors.write ?? 0) + (j.errors.timeout ?? 0);
  return {
    requests: j.requests,
    seconds,
    // Only right answers count as throughput.
    rps: (j.requests - j.non2xx - j.wrong) / seconds,
    socketErrors,
    non2xx: j.non2xx,
    wrong: j.wrong,
    errors: socketErrors + j.non2xx + j.wrong,
    checked: j.checked,
    sample: j.sample,
    p50_ms: j.latency_us.p50 / 1000,
    p90_ms: j.latency_us.p90 / 1000,
    p99_ms: j.latency_us.p99 / 1000,
    p999_ms: j.latency_us.p999 / 1000,
    max_ms: j.latency_us.max / 1000,
  };
}

/** Throws when any request of the run failed, was answered non-2xx or with a wrong body. */
export function assertClean(r: WrkResult, label: string): WrkResult {
  if (r.errors > 0 || r.checked === 0) {
    const parts = [
      r.wrong ? `${r.wrong} wrong answers` : "",
      r.non2xx ? `${r.non2xx} non-2xx answers` : "",
      r.socketErrors ? `${r.socketErrors} socket errors/timeouts` : "",
      r.checked === 0 ? "no answer at all" : "",
    ].filter(Boolean);
    throw new Error(`${label}: ${parts.join(", ")} out of ${r.requests} requests${r.sample ? ` (first: ${JSON.stringify(r.sample)})` : ""}`);
  }
  return r;
}

/**
 * A short unmeasured run (JIT, connection setup, instance warm-up), then the measured one;
 * the answers of both are checked (assertClean).
 */
export async function measure(o: WrkOptions, warmupSec: number, label: string): Promise<WrkResult> {
  if (warmupSec > 0) assertClean(await runWrk({ ...o, seconds: warmupSec }), `${label} (warm-up)`);
  return assertClean(await runWrk(o), label);
}
