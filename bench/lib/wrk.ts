// Runs wrk (Debian) with bench/wrk/post.lua and parses the JSON line its done() prints.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const LUA = fileURLToPath(new URL("../wrk/post.lua", import.meta.url));

export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  /** Socket errors, timeouts and non-2xx/3xx answers. */
  errors: number;
  non2xx: number;
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
    latency_us: { p50: number; p90: number; p99: number; p999: number; max: number };
  };
  const seconds = j.duration_us / 1e6;
  const non2xx = j.errors.status ?? 0;
  return {
    requests: j.requests,
    seconds,
    // Only successful answers count as throughput.
    rps: (j.requests - non2xx) / seconds,
    errors: Object.values(j.errors).reduce((a, b) => a + b, 0),
    non2xx,
    p50_ms: j.latency_us.p50 / 1000,
    p90_ms: j.latency_us.p90 / 1000,
    p99_ms: j.latency_us.p99 / 1000,
    p999_ms: j.latency_us.p999 / 1000,
    max_ms: j.latency_us.max / 1000,
  };
}

/** A short unmeasured run (JIT, connection setup, instance warm-up), then the measured one. */
export async function measure(o: WrkOptions, warmupSec: number): Promise<WrkResult> {
  if (warmupSec > 0) await runWrk({ ...o, seconds: warmupSec });
  return runWrk(o);
}
