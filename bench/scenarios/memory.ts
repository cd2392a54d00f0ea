// d. Gateway memory: RSS of the Easel server process (VmRSS) with 10 services deployed
// and 1000 idle keep-alive connections open on the predict port, each after one
// answered request. Context: a bare node:http server holding the same 1000 connections.
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { sleep } from "../lib/child.js";
import { startEasel } from "../lib/easel.js";
import { descendants, rssMB } from "../lib/proc.js";
import type { Ctx, Scenario, ScenarioResult } from "../lib/report.js";
import { deployTutorial, startBare, TUTORIAL_ANSWER, TUTORIAL_BODY } from "../lib/services.js";

const FULL = { services: 10, connections: 1000 };
/** --smoke: the same steps, smaller (the RSS is then not comparable with the target). */
const SMOKE = { services: 2, connections: 100 };
const PARALLEL = 50;

/** Opens a keep-alive connection, sends one request and resolves once the answer is read. */
function openIdle(url: URL, auth: string | undefined): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: url.hostname, port: Number(url.port) });
    const body = Buffer.from(TUTORIAL_BODY);
    let got = "";
    const fail = (e: Error) => {
      s.destroy();
      reject(e);
    };
    s.setTimeout(30_000, () => fail(new Error("no answer within 30 s")));
    s.once("error", fail);
    s.on("connect", () => {
      s.write(
        `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\n` +
          `${auth ? `Authorization: ${auth}\r\n` : ""}Content-Length: ${body.length}\r\n\r\n${TUTORIAL_BODY}`,
      );
    });
    const onData = (c: Buffer) => {
      got += c.toString("latin1");
      const end = got.indexOf("\r\n\r\n");
      if (end === -1) return;
      const len = Number(/content-length:\s*(\d+)/i.exec(got.slice(0, end))?.[1] ?? 0);
      if (got.length < end + 4 + len) return;
      s.off("data", onData);
      s.setTimeout(0);
      if (!got.startsWith("HTTP/1.1 200") || !got.endsWith(TUTORIAL_ANSWER)) return fail(new Error(`unexpected answer: ${got.slice(0, 200)}`));
      s.on("data", () => undefined);
      resolve(s);
    };
    s.on("data", onData);
  });
}

async function openMany(targets: { url: URL; auth?: string }[], n: number): Promise<Socket[]> {
  const out: Socket[] = [];
  for (let i = 0; i < n; i += PARALLEL) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(PARALLEL, n - i) }, (_, j) => {
        const t = targets[(i + j) % targets.length]!;
        return openIdle(t.url, t.auth);
      }),
    );
    out.push(...batch);
  }
  return out;
}

async function settledRss(pid: number, smoke: boolean): Promise<number> {
  // Let the server finish what the last requests started, then take the larger of two reads.
  await sleep(smoke ? 200 : 1500);
  const a = rssMB(pid) ?? NaN;
  await sleep(smoke ? 100 : 500);
  return Math.max(a, rssMB(pid) ?? NaN);
}

export const memory: Scenario = {
  name: "memory",
  quick: true,
  describe: `server RSS with ${FULL.services} services and ${FULL.connections} idle keep-alive connections`,
  async run(ctx: Ctx): Promise<ScenarioResult> {
    const { services: SERVICES, connections: CONNECTIONS } = ctx.mode === "smoke" ? SMOKE : FULL;
    const easel = await startEasel({ cpus: ctx.cpus.server, logFile: join(ctx.workDir, "memory-easel.log") });
    let sockets: Socket[] = [];
    let easelIdle: number;
    let easelConns: number;
    let instancesMB = 0;
    const startMB = rssMB(easel.pid) ?? NaN;
    try {
      const svcs = [];
      for (let i = 0; i < SERVICES; i++) svcs.push(await deployTutorial(easel, `mem${i}`));
      easelIdle = await settledRss(easel.pid, ctx.mode === "smoke");
      ctx.log(`  Easel: ${startMB.toFixed(1)} MB at start, ${easelIdle.toFixed(1)} MB with ${SERVICES} services`);
      sockets = await openMany(
        svcs.map((s) => ({ url: new URL(s.endpoint), auth: s.token })),
        CONNECTIONS,
      );
      easelConns = await settledRss(easel.pid, ctx.mode === "smoke");
      instancesMB = descendants(easel.pid).reduce((a, p) => a + (rssMB(p) ?? 0), 0);
      ctx.log(`  Easel: ${easelConns.toFixed(1)} MB with ${sockets.length} idle connections open (instances: ${instancesMB.toFixed(0)} MB in all)`);
    } finally {
      for (const s of sockets) s.destroy();
      await easel.stop();
    }

    const bare = await startBare(ctx.cpus.server);
    let bareIdle: number;
    let bareConns: number;
    sockets = [];
    try {
      bareIdle = await settledRss(bare.pid, ctx.mode === "smoke");
      sockets = await openMany([{ url: new URL(bare.info.url) }], CONNECTIONS);
      bareConns = await settledRss(bare.pid, ctx.mode === "smoke");
      ctx.log(`  bare node:http: ${bareIdle.toFixed(1)} MB idle, ${bareConns.toFixed(1)} MB with ${sockets.length} idle connections`);
    } finally {
      for (const s of sockets) s.destroy();
      await bare.stop();
    }

    return {
      rows: [
        {
          scenario: "memory",
          metric: `server RSS, ${SERVICES} services + ${CONNECTIONS} idle conns`,
          unit: "MB",
          easel: easelConns,
          baseline: bareConns,
          baselineLabel: "bare node:http, same conns",
          ratio: easelConns / bareConns,
          target: "<= 150 MB",
          pass: easelConns <= 150,
          note: `Easel ${startMB.toFixed(0)} MB at start, ${easelIdle.toFixed(0)} MB with ${SERVICES} services, +${(easelConns - easelIdle).toFixed(0)} MB for the connections (bare: +${(bareConns - bareIdle).toFixed(0)} MB); the ${SERVICES} Python instances use ${instancesMB.toFixed(0)} MB more (not counted)`,
        },
      ],
      raw: { services: SERVICES, connections: CONNECTIONS, easel_start_mib: startMB, easel_services_mib: easelIdle, easel_conns_mib: easelConns, instances_mib: instancesMB, bare_idle_mib: bareIdle, bare_conns_mib: bareConns },
    };
  },
};
