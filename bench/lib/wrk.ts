// Runs wrk (Debian) with bench/wrk/post.lua and parses the JSON line its done() prints.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const LUA = fileURLToPath(new URL("../wrk/post.lua", import.meta.url));

export interface WrkResult {
  requests: number;
  rps: number;
  errors: number;
  p50_ms: number;
  p99_ms: number;
  p999_ms: number;
}

export interface WrkOptions {
  url: string;
  connections: number;
  seconds: number;
  body: string;
  auth?: string;
  contentType?: string;
  /** CPU list for taskset, so the load generator does not steal the server's core. */
  cpus?: string;
}

export async function runWrk(o: WrkOptions): Promise<WrkResult> {
  const threads = Math.max(1, Math.min(2, o.connections));
  const args = ["-t", String(threads), "-c", String(o.connections), "-d", `${o.seconds}s`, "--timeout", "10s", "-s", LUA, o.url];
  const [cmd, argv] = o.cpus ? ["taskset", ["-c", o.cpus, "wrk", ...args]] : ["wrk", args];
  const out = await new Promise<string>((resolve, reject) => {
    const p = spawn(cmd, argv, {
      env: { ...process.env, BENCH_BODY: o.body, BENCH_AUTH: o.auth ?? "", BENCH_CT: o.contentType ?? "application/octet-stream" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let s = "";
    p.stdout.on("data", (c: Buffer) => (s += c.toString()));
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve(s) : reject(new Error(`wrk exited with ${code}: ${s}`))));
  });
  const line = out.split("\n").find((l) => l.startsWith("{"));
  if (!line) throw new Error(`wrk printed no result: ${out}`);
  const j = JSON.parse(line) as {
    requests: number;
    duration_us: number;
    errors: Record<string, number>;
    latency_us: { p50: number; p99: number; p999: number };
  };
  return {
    requests: j.requests,
    rps: j.requests / (j.duration_us / 1e6),
    errors: Object.values(j.errors).reduce((a, b) => a + b, 0),
    p50_ms: j.latency_us.p50 / 1000,
    p99_ms: j.latency_us.p99 / 1000,
    p999_ms: j.latency_us.p999 / 1000,
  };
}
