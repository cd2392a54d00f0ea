// b. The tutorial model on BentoML, Ray Serve, MLServer and LitServe (bench/peers/*),
// each pip-installed on first use into bench/.venv/peers/<name>, pinned like Easel and
// loaded with the same wrk settings; Easel's tutorial service is measured in the same
// run. A peer that fails to install or start is reported as "skipped: <reason>".
import { createServer } from "node:net";
import { join } from "node:path";
import { startProcess, waitHttp, type Child } from "../lib/child.js";
import { startEasel } from "../lib/easel.js";
import { descendants } from "../lib/proc.js";
import { median, type Ctx, type Row, type Scenario, type ScenarioResult } from "../lib/report.js";
import { deployTutorial, TUTORIAL_BODY } from "../lib/services.js";
import { ensureVenv, BENCH_DIR } from "../lib/venv.js";
import { measure, type WrkResult } from "../lib/wrk.js";
import { CONNECTIONS } from "./gateway.js";

interface Peer {
  name: string;
  packages: string[];
  modules: string[];
  /** Path of the predict request, its body and content type. */
  path: string;
  body: string;
  contentType: string;
  /** The answer carries the tutorial's "False". */
  answers(text: string): boolean;
  command(python: string, dir: string): { cmd: string; args: string[]; env?: NodeJS.ProcessEnv };
  startTimeoutMs?: number;
}

const PEERS: Peer[] = [
  {
    name: "bentoml",
    packages: ["bentoml"],
    modules: ["bentoml"],
    path: "/predict",
    body: JSON.stringify({ data: TUTORIAL_BODY }),
    contentType: "application/json",
    answers: (t) => t.trim() === "False",
    command: (py, dir) => ({
      cmd: py,
      args: ["-m", "bentoml", "serve", "service:Tutorial", "--host", "127.0.0.1", "--port", "{port}"],
      env: { BENTOML_DO_NOT_TRACK: "True", BENTOML_HOME: join(dir, ".bentoml-home") },
    }),
  },
  {
    name: "rayserve",
    packages: ["ray[serve]"],
    modules: ["ray", "ray.serve"],
    path: "/tutorial",
    body: TUTORIAL_BODY,
    contentType: "application/octet-stream",
    answers: (t) => t.trim() === "False",
    command: (py) => ({ cmd: py, args: ["serve_app.py"], env: { RAY_USAGE_STATS_ENABLED: "0" } }),
    startTimeoutMs: 180_000,
  },
  {
    name: "mlserver",
    packages: ["mlserver"],
    modules: ["mlserver"],
    path: "/v2/models/tutorial/infer",
    body: JSON.stringify({ inputs: [{ name: "xy", shape: [1], datatype: "BYTES", data: [TUTORIAL_BODY] }] }),
    contentType: "application/json",
    answers: (t) => t.includes('"False"'),
    command: (py) => ({
      cmd: py,
      // the mlserver console script, without its absolute shebang (venvs may move)
      args: ["-c", "import sys; from mlserver.cli import main; sys.argv[0] = 'mlserver'; sys.exit(main())", "start", "."],
      env: { MLSERVER_HTTP_PORT: "{port}", MLSERVER_GRPC_PORT: "{port2}", MLSERVER_METRICS_PORT: "{port3}" },
    }),
  },
  {
    name: "litserve",
    packages: ["litserve"],
    modules: ["litserve"],
    path: "/predict",
    body: JSON.stringify({ input: TUTORIAL_BODY }),
    contentType: "application/json",
    answers: (t) => t.includes('"False"'),
    command: (py) => ({ cmd: py, args: ["server.py"], env: { BENCH_PORT: "{port}" } }),
  },
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

interface PeerOutcome {
  name: string;
  runs?: WrkResult[];
  skipped?: string;
}

async function runPeer(p: Peer, ctx: Ctx): Promise<PeerOutcome> {
  const dir = join(BENCH_DIR, "peers", p.name);
  let python: string;
  try {
    python = await ensureVenv(join(BENCH_DIR, ".venv", "peers", p.name), p.packages, p.modules, ctx.log);
  } catch (e) {
    return { name: p.name, skipped: `install failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  const ports = { "{port}": String(await freePort()), "{port2}": String(await freePort()), "{port3}": String(await freePort()) };
  const subst = (s: string) => s.replace(/\{port\d?\}/g, (m) => ports[m as keyof typeof ports]);
  const c = p.command(python, dir);
  const env: NodeJS.ProcessEnv = { BENCH_PORT: ports["{port}"], PYTHONUNBUFFERED: "1" };
  for (const [k, v] of Object.entries(c.env ?? {})) env[k] = subst(v ?? "");
  const url = `http://127.0.0.1:${ports["{port}"]}${p.path}`;
  const logFile = join(ctx.workDir, `peer-${p.name}.log`);
  let child: Child<undefined> | undefined;
  let family: number[] = [];
  try {
    const t0 = performance.now();
    child = await startProcess(
      c.cmd,
      c.args.map(subst),
      async (proc) => {
        await waitHttp(url, { method: "POST", body: p.body, headers: { "content-type": p.contentType }, timeoutMs: p.startTimeoutMs ?? 90_000, proc });
      },
      { cpus: ctx.cpus.server, cwd: dir, env, logFile, group: true },
    );
    ctx.log(`  ${p.name}: ready after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    family = descendants(child.pid);
    const res = await fetch(url, { method: "POST", body: p.body, headers: { "content-type": p.contentType } });
    const text = await res.text();
    if (res.status !== 200 || !p.answers(text)) return { name: p.name, skipped: `wrong answer: ${res.status} ${text.slice(0, 200)}` };
    const runs: WrkResult[] = [];
    for (let i = 0; i < ctx.dur.rounds; i++) {
      const r = await measure({ url, body: p.body, contentType: p.contentType, connections: CONNECTIONS, seconds: ctx.dur.seconds, cpus: ctx.cpus.load }, ctx.dur.warmup);
      runs.push(r);
      ctx.log(`  round ${i + 1} ${p.name}: ${r.rps.toFixed(0)} req/s p99 ${r.p99_ms.toFixed(2)} ms errors ${r.errors}`);
    }
    return { name: p.name, runs };
  } catch (e) {
    return { name: p.name, skipped: `did not start: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}` };
  } finally {
    if (child) {
      family = [...new Set([...family, ...descendants(child.pid)])];
      await child.stop();
    }
    // Workers that left the process group (setsid) are ended by pid.
    for (const pid of family) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
  }
}

export const peers: Scenario = {
  name: "peers",
  quick: false,
  describe: "the tutorial model on BentoML, Ray Serve, MLServer, LitServe vs Easel (same wrk load)",
  async run(ctx: Ctx): Promise<ScenarioResult> {
    const outcomes: PeerOutcome[] = [];
    for (const p of PEERS) {
      const o = await runPeer(p, ctx);
      if (o.skipped) ctx.log(`  ${p.name}: skipped: ${o.skipped}`);
      outcomes.push(o);
    }

    const easel = await startEasel({ cpus: ctx.cpus.server, logFile: join(ctx.workDir, "peers-easel.log") });
    const easelRuns: WrkResult[] = [];
    try {
      const svc = await deployTutorial(easel, "tutorial");
      for (let i = 0; i < ctx.dur.rounds; i++) {
        const r = await measure({ url: svc.endpoint, auth: svc.token, body: TUTORIAL_BODY, connections: CONNECTIONS, seconds: ctx.dur.seconds, cpus: ctx.cpus.load }, ctx.dur.warmup);
        easelRuns.push(r);
        ctx.log(`  round ${i + 1} easel: ${r.rps.toFixed(0)} req/s p99 ${r.p99_ms.toFixed(2)} ms errors ${r.errors}`);
      }
    } finally {
      await easel.stop();
    }
    const e = median(easelRuns.map((r) => r.rps));

    const rows: Row[] = [];
    let best: { name: string; rps: number } | undefined;
    for (const o of outcomes) {
      if (!o.runs) {
        rows.push({ scenario: "peers", metric: o.name, unit: "req/s", target: "-", status: "skipped", note: `skipped: ${o.skipped}` });
        continue;
      }
      const rps = median(o.runs.map((r) => r.rps));
      const errs = o.runs.reduce((a, r) => a + r.errors, 0);
      if (!best || rps > best.rps) best = { name: o.name, rps };
      rows.push({
        scenario: "peers",
        metric: `vs ${o.name}`,
        unit: "req/s",
        easel: e,
        baseline: rps,
        baselineLabel: `${o.name}, p99 ${median(o.runs.map((r) => r.p99_ms)).toFixed(1)} ms`,
        ratio: e / rps,
        target: "info",
        note: errs ? `${o.name}: ${errs} failed requests` : undefined,
      });
    }
    rows.push({
      scenario: "peers",
      metric: "vs best peer",
      unit: "req/s",
      easel: e,
      baseline: best?.rps,
      baselineLabel: best?.name,
      ratio: best ? e / best.rps : undefined,
      target: ">= 3x best peer",
      pass: best ? e / best.rps >= 3 : undefined,
      status: best ? undefined : "skipped",
      note: best ? undefined : "skipped: no peer ran",
    });
    return { rows, raw: { connections: CONNECTIONS, easel: easelRuns, peers: outcomes } };
  },
};
