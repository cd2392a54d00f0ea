// What VISION §7 promises beyond the basics: deadlines cancel queued work, hung workers are
// found by heartbeat, updates roll without dropping requests; and the allspark surface
// real EAS processors use (worker_processes, the queued API, MODEL_DIR, PAI_ENDPOINT).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, startTestServer, type TestServer } from "../helpers/server.js";

interface Svc {
  status: string;
  message: string;
  token: string;
  version: number;
  running_instances: number;
  instances: { pid: number; ready: boolean; restarts: number; state: string; version: number }[];
}

let t: TestServer;
let scratch: string;
const svc = (name: string) => t.admin<Svc>("GET", `/api/v1/services/${name}`).then((r) => r.json);
const running = (name: string, n = 1, ms = 30_000) =>
  t.waitFor(
    `${name} running with ${n}`,
    async () => {
      const s = await svc(name);
      if (s.status === "Failed") throw new Error(`${name} failed: ${s.message}`);
      return s.status === "Running" && s.running_instances === n ? s : undefined;
    },
    ms,
  );
async function create(name: string, dir: string, metadata: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await t.admin<{ token: string; message?: string }>("POST", "/api/v1/services", {
    name,
    processor_type: "python",
    processor_path: fixture("processors", dir),
    metadata: { instance: 1, ...metadata },
    ...extra,
  });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  await running(name, Number(metadata.instance ?? 1));
  return r.json.token;
}

beforeAll(async () => {
  t = await startTestServer();
  scratch = mkdtempSync(join(tmpdir(), "easel-rel-"));
});
afterAll(async () => {
  await t?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe("deadlines", () => {
  it("a request that times out in the queue answers 408 and never runs", async () => {
    const token = await create("rec", "recorder", { "rpc.keepalive": 600, "rpc.max_queue_size": 10 });
    const auth = { authorization: token };
    const marks = join(scratch, "marks.txt");
    // Two worker threads, both busy for 1.5 s: the marker waits in the queue past its deadline.
    const busy = [t.predict("rec", "sleep:1500", auth), t.predict("rec", "sleep:1500", auth)];
    await new Promise((r) => setTimeout(r, 100));
    const marked = await t.predict("rec", `mark:${marks}`, auth);
    expect(marked.status).toBe(408);
    expect(JSON.parse(marked.text)).toMatchObject({ code: "RequestTimeout" });
    for (const b of await Promise.all(busy)) expect(b.status).toBe(408); // they ran past keepalive too
    await new Promise((r) => setTimeout(r, 2000)); // the sleeps finish; the marker must still not run
    expect(existsSync(marks)).toBe(false);
    // The service is healthy afterwards.
    expect((await t.predict("rec", "x", auth)).text).toBe("v1:x");
  });
});

describe("an instance killed with work queued inside it", () => {
  /** 4 slow requests over 2 instances of 2 threads, 8 markers queued behind them, then one instance is killed. */
  async function killOneUnderWork(name: string, metadata: Record<string, unknown>) {
    const token = await create(name, "recorder", { instance: 2, "rpc.keepalive": 15000, ...metadata });
    const auth = { authorization: token };
    // Fast answers first, so the gateway lets each connection prefetch beyond its 2 threads.
    for (let i = 0; i < 40; i++) expect((await t.predict(name, "warm", auth)).status).toBe(200);
    const sleeps = Array.from({ length: 4 }, () => t.predict(name, "sleep:2500", auth));
    await new Promise((r) => setTimeout(r, 200));
    const files = Array.from({ length: 8 }, (_, i) => join(scratch, `${name}-${i}.txt`));
    const marks = files.map((f) => t.predict(name, `mark:${f}`, auth));
    await new Promise((r) => setTimeout(r, 200));
    const victim = (await svc(name)).instances[0]!;
    process.kill(victim.pid, "SIGKILL");
    return { sleepResults: await Promise.all(sleeps), markResults: await Promise.all(marks), files };
  }

  it("loses nothing: what it was running runs again elsewhere, what it had not started runs once", async () => {
    const { sleepResults, markResults, files } = await killOneUnderWork("resend", {});
    expect(sleepResults.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(markResults.map((r) => r.status)).toEqual(Array(8).fill(200));
    for (const f of files) expect(readFileSync(f, "utf8")).toBe("ran\n");
    // The events say what became of them.
    const events = (await t.admin<{ events: { reason: string; message: string }[] }>("GET", "/api/v1/services/resend/events")).json.events;
    const note = events.find((e) => e.reason === "RequestsInterrupted");
    expect(note?.message).toMatch(/died holding \d+ requests: sent to other instances/);
  }, 60_000);

  it("with rpc.retry_on_crash=false, fails only the requests it was running, saying why", async () => {
    const { sleepResults, markResults, files } = await killOneUnderWork("noretry", { "rpc.retry_on_crash": false });
    // The two sleeps the victim was running: 502 naming the kill. The others finished.
    expect(sleepResults.map((r) => r.status).sort()).toEqual([200, 200, 502, 502]);
    for (const r of sleepResults.filter((x) => x.status === 502)) expect(JSON.parse(r.text).message).toMatch(/killed by SIGKILL/);
    const events = (await t.admin<{ events: { reason: string; message: string }[] }>("GET", "/api/v1/services/noretry/events")).json.events;
    expect(events.find((e) => e.reason === "RequestsInterrupted")?.message).toMatch(/not started were sent to other instances; 2 it was running answered 502/);
    // The markers had not started: they still run, exactly once.
    expect(markResults.map((r) => r.status)).toEqual(Array(8).fill(200));
    for (const f of files) expect(readFileSync(f, "utf8")).toBe("ran\n");
  }, 60_000);

  it("a request that kills every instance it reaches is retried once, then answered 502", async () => {
    const token = await create("poison", "recorder", { instance: 2 });
    const auth = { authorization: token };
    const r = await t.predict("poison", "die", auth);
    expect(r.status).toBe(502);
    const msg = JSON.parse(r.text).message as string;
    expect(msg).toMatch(/killed by SIGKILL/);
    expect(msg).toMatch(/already been retried once/);
    // Two instances died for it, not more; both come back and serve.
    const back = await running("poison", 2);
    expect(back.instances.map((i) => i.restarts).sort()).toEqual([1, 1]);
    expect((await t.predict("poison", "x", auth)).text).toBe("v1:x");
  }, 60_000);
});

describe("rate limit", () => {
  it("answers 429 past rpc.rate_limit requests per second, and serves again after", async () => {
    const token = await create("limited", "echo", { "rpc.rate_limit": 5 });
    const auth = { authorization: token };
    const burst = await Promise.all(Array.from({ length: 20 }, () => t.predict("limited", "x", auth)));
    const ok = burst.filter((r) => r.status === 200).length;
    const limited = burst.filter((r) => r.status === 429);
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThanOrEqual(6);
    expect(limited.length).toBe(20 - ok);
    expect(JSON.parse(limited[0]!.text)).toMatchObject({ code: "RateLimited", message: expect.stringMatching(/rpc.rate_limit=5/) });
    await new Promise((r) => setTimeout(r, 1100));
    expect((await t.predict("limited", "again", auth)).status).toBe(200);
  });
});

describe("heartbeats", () => {
  it("a frozen instance (SIGSTOP) is detected, killed and replaced", async () => {
    const token = await create("frozen", "echo");
    const before = (await svc("frozen")).instances[0]!;
    process.kill(before.pid, "SIGSTOP");
    const after = await t.waitFor(
      "a new pid",
      async () => {
        const s = await svc("frozen");
        const i = s.instances[0];
        return i && i.ready && i.pid !== before.pid ? i : undefined;
      },
      30_000,
    );
    expect(after.restarts).toBeGreaterThanOrEqual(1);
    const events = (await t.admin<{ events: { reason: string; message: string }[] }>("GET", "/api/v1/services/frozen/events")).json.events;
    expect(events.some((e) => e.reason === "Hung" && /heartbeats/.test(e.message))).toBe(true);
    expect((await t.predict("frozen", "hello", { authorization: token })).text).toBe("hello");
  }, 45_000);
});

describe("rolling update", () => {
  it("a new version takes over with no failed request", async () => {
    const token = await create("roll", "recorder", { instance: 2 });
    const auth = { authorization: token };
    let stop = false;
    const statuses: number[] = [];
    const load = (async () => {
      while (!stop) {
        const rs = await Promise.all([1, 2, 3, 4].map(() => t.predict("roll", "ping", auth)));
        for (const r of rs) statuses.push(r.status);
      }
    })();
    // A different package (echo) is a new version: instances start, get ready, then routing flips.
    const upd = await t.admin<Svc>("PUT", "/api/v1/services/roll", { processor_path: fixture("processors", "echo") });
    expect(upd.status).toBe(200);
    await t.waitFor("version 2 serving", async () => {
      const s = await svc("roll");
      return s.version === 2 && s.status === "Running" && s.instances.length === 2 && s.instances.every((i) => i.version === 2 && i.ready) ? s : undefined;
    });
    const answer = await t.predict("roll", "ping", auth);
    stop = true;
    await load;
    expect(answer.text).toBe("ping"); // echo, not "v1:ping"
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  }, 60_000);
});

describe("allspark surface used by real EAS processors", () => {
  it("worker_processes=2: two processes serve one instance", async () => {
    const token = await create("multi", "multiproc");
    const answers = await Promise.all(Array.from({ length: 16 }, () => t.predict("multi", "x", { authorization: token })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.text)).size).toBe(2);
  });

  it("the queued API (Context, queued_service, read/write/error)", async () => {
    const token = await create("queued", "queued");
    expect(await t.predict("queued", "hello", { authorization: token })).toMatchObject({ status: 200, text: "HELLO" });
    expect(await t.predict("queued", "bad", { authorization: token })).toMatchObject({ status: 422, text: "bad input" });
  });

  it("model_path is unpacked for the instance (MODEL_DIR) and PAI_ENDPOINT is set", async () => {
    const models = join(scratch, "model");
    mkdirSync(models);
    writeFileSync(join(models, "weights.txt"), "w=42\n");
    const token = await create("reader", "modelreader", {}, { model_path: models });
    const r = await t.predict("reader", "x", { authorization: token });
    expect(r.status).toBe(200);
    const [weights, endpoint] = r.text.split("|");
    expect(weights).toBe("w=42");
    expect(endpoint).toMatch(/:\d+$/);
    // The version runs the bytes it was created with, not the folder as it is now.
    writeFileSync(join(models, "weights.txt"), "w=changed\n");
    expect((await t.predict("reader", "x", { authorization: token })).text.split("|")[0]).toBe("w=42");
    expect(readFileSync(join(models, "weights.txt"), "utf8")).toBe("w=changed\n");
  });
});
