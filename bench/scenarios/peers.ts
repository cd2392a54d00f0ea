// b. The tutorial model on BentoML, Ray Serve, MLServer and LitServe (bench/peers/*),
// each pip-installed on first use into bench/.venv/peers/<name>, pinned like Easel and
// loaded with the same wrk settings; Easel's tutorial service is measured in the same
// run. A peer that fails to install or start is reported as "skipped: <reason>"; one that
// answers wrong (pre-flight or under load) or non-2xx is an error row (the bench exits 1).
import { createServer } from "node:net";
import { join } from "node:path";
import { startProcess, waitHttp, type Child } from "../lib/child.js";
import { startEasel } from "../lib/easel.js";
import { descendants } from "../lib/proc.js";
import { stat, type Ctx, type Row, type Scenario, type ScenarioResult } from "../lib/report.js";
import { checkAnswer, deployTutorial, TUTORIAL_ANSWER, TUTORIAL_BODY } from "../lib/services.js";
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
  /** The answer is exactly the tutorial's "False" (in the peer's own format). */
  answers(text: string): boolean;
  /**
   * What wrk checks in every answer under load, given the pre-flight answer: the exact
   * bytes, or (for answers that carry a per-request id) a string they must contain.
   */
  wrkExpect(preflight: string): { expect?: string; expectContains?: string };
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
    answers: (t) => t === TUTORIAL_ANSWER,
    wrkExpect: () => ({ expect: TUTORIAL_ANSWER }),
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
    answers: (t) => t === TUTORIAL_ANSWER,
    wrkExpect: () => ({ expect: TUTORIAL_ANSWER }),
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
    // V2 inference response: {"model_name":..,"id":"<uuid>",..,"outputs":[{..,"data":["False"]}]}
    answers: (t) => {
      const j = JSON.parse(t) as { outputs?: { data?: unknown[] }[] };
      return j.outputs?.length === 1 && j.outputs[0]?.data?.length === 1 && j.outputs[0].data[0] === TUTORIAL_ANSWER;
    },
    // The id differs per request; no other field can hold "False" when the answer is "True".
    wrkExpect: () => ({ expectContains: `"${TUTORIAL_ANSWER}"` }),
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
    answers: (t) => {
      const j = JSON.parse(t) as { output?: unknown };
      return Object.keys(j).length === 1 && j.output === TUTORIAL_ANSWER;
    },
    wrkExpect: (pre) => ({ expect: pre }),
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
  /** Wrong or failed answers: an error, not a skip. */
  error?: string;
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
  } catch (e) {
    await stopPeer(child, family);
    return { name: p.name, skipped: `did not start: ${(e instanceof Error ? e.message : String(e)).split("\n")[0]}` };
  }
  try {
    const pre = await checkAnswer(p.name, url, { body: p.body, contentType: p.contentType }, (t) => {
      try {
        return p.answers(t);
      } catch {
        return false;
      }
    });
    const runs: WrkResult[] = [];
    for (let i = 0; i < ctx.dur.rounds; i++) {
      const r = await measure(
        { url, body: p.body, contentType: p.contentType, ...p.wrkExpect(pre), connections: CONNECTIONS, seconds: ctx.dur.seconds, cpus: ctx.cpus.load },
        ctx.dur.warmup,
        p.name,
      );
      runs.push(r);
      ctx.log(`  round ${i + 1} ${p.name}: ${r.rps.toFixed(0)} req/s p50 ${r.p50_ms.toFixed(2)} p99 ${r.p99_ms.toFixed(2)} ms, ${r.checked} answers checked`);
    }
    return { name: p.name, runs };
  } catch (e) {
    return { name: p.name, error: (e instanceof Error ? e.message : String(e)).split("\n")[0] };
  } finally {
    await stopPeer(child, family);
  }
}

async function stopPeer(child: Child<undefined> | undefined, family: number[]): Promise<void> {
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

export const peers: Scenario = {
  name: "peers",
  quick: false,
  describe: "the tutorial model on BentoML, Ray Serve, MLServer, LitServe vs Easel (same wrk load)",
  async run(ctx: Ctx): Promise<ScenarioResult> {
    const outcomes: PeerOutcome[] = [];
    for (const p of PEERS) {
      const o = await runPeer(p, ctx);
      if (o.skipped) ctx.log(`  ${p.name}: skipped: ${o.skipped}`);
      if (o.error) ctx.log(`  ${p.name}: ERROR: ${o.error}`);
      outcomes.push(o);
    }

    const easel = await startEasel({ cpus: ctx.cpus.server, logFile: join(ctx.workDir, "peers-easel.log") });
    const easelRuns: WrkResult[] = [];
    try {
      const svc = await deployTutorial(easel, "tutorial");
      for (let i = 0; i < ctx.dur.rounds; i++) {
        const r = await measure(
          { url: svc.endpoint, auth: svc.token, body: TUTORIAL_BODY, expect: TUTORIAL_ANSWER, connections: CONNECTIONS, seconds: ctx.dur.seconds, cpus: ctx.cpus.load },
          ctx.dur.warmup,
          "Easel",
        );
        easelRuns.push(r);
        ctx.log(`  round ${i + 1} easel: ${r.rps.toFixed(0)} req/s p50 ${r.p50_ms.toFixed(2)} p99 ${r.p99_ms.toFixed(2)} ms, ${r.checked} answers checked`);
      }
    } finally {
      await easel.stop();
    }
    const e = stat(easelRuns, (r) => r.rps);

    const rows: Row[] = [];
    let best: { name: string; rps: number; range: typeof e.range } | undefined;
    for (const o of outcomes) {
      if (!o.runs) {
        rows.push({
          scenario: "peers",
          metric: o.name,
          unit: "req/s",
          target: "-",
          status: o.error ? "error" : "skipped",
          note: o.error ? `error: ${o.error}` : `skipped: ${o.skipped}`,
        });
        continue;
      }
      const rps = stat(o.runs, (r) => r.rps);
      if (!best || rps.median > best.rps) best = { name: o.name, rps: rps.median, range: rps.range };
      rows.push({
        scenario: "peers",
        metric: `vs ${o.name}`,
        unit: "req/s",
        easel: e.median,
        easelRange: e.range,
        baseline: rps.median,
        baselineRange: rps.range,
        baselineLabel: `${o.name}, p99 ${stat(o.runs, (r) => r.p99_ms).median.toFixed(1)} ms`,
        ratio: e.median / rps.median,
        target: "info",
      });
    }
    rows.push({
      scenario: "peers",
      metric: "vs best peer",
      unit: "req/s",
      easel: e.median,
      easelRange: e.range,
      baseline: best?.rps,
      baselineRange: best?.range,
      baselineLabel: best?.name,
      ratio: best ? e.median / best.rps : undefined,
      target: ">= 3x best peer",
      pass: best ? e.median / best.rps >= 3 : undefined,
      status: best ? undefined : "skipped",
      note: best ? undefined : "skipped: no peer ran",
    });
    return { rows, raw: { connections: CONNECTIONS, easel: easelRuns, peers: outcomes } };
  },
};
