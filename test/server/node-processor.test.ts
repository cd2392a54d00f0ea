// JavaScript and TypeScript processors (processor_type "node") end to end: a real server,
// the local driver starting dist/runtime/node-worker/main.js, calls through the gateway.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTsx } from "../../src/runtime/node-worker/load.js";
import { ensureBuilt } from "../cli/build.js";
import { fixture, startTestServer, type TestServer } from "../helpers/server.js";

interface Svc {
  name: string;
  status: string;
  message: string;
  token: string;
  running_instances: number;
  instances: { pid: number; ready: boolean; restarts: number }[];
}

let t: TestServer;
const svc = (name: string) => t.admin<Svc>("GET", `/api/v1/services/${name}`).then((r) => r.json);
const running = (name: string) =>
  t.waitFor(`${name} running`, async () => {
    const s = await svc(name);
    if (s.status === "Failed") throw new Error(`${name} failed: ${s.message}`);
    return s.status === "Running" && s.running_instances === 1 ? s : undefined;
  }, 30_000);

function spec(name: string, dir: string, entry?: string, metadata: Record<string, unknown> = {}) {
  return {
    name,
    processor_type: "node",
    processor_path: fixture("processors", dir),
    ...(entry ? { processor_entry: entry } : {}),
    metadata: { instance: 1, "rpc.keepalive": 10_000, ...metadata },
  };
}

beforeAll(async () => {
  ensureBuilt(); // instances run the compiled worker from dist/
  t = await startTestServer();
  for (const s of [
    spec("node_echo", "node-echo"), // default entry ./index.js
    spec("node_raise", "node-raise", "./index.js"),
    spec("node_sleep", "node-sleep", "./index.mjs", { rpc: { worker_threads: 8 } }),
    spec("node_ts", "node-ts", "./index.ts"),
  ]) {
    const r = await t.admin("POST", "/api/v1/services", s);
    expect(r.status, JSON.stringify(r.json)).toBe(201);
  }
  await Promise.all(["node_echo", "node_raise", "node_sleep", "node_ts"].map(running));
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe("an ESM JavaScript processor", () => {
  it("answers after its async initialize(), with [body, status] mapped to the HTTP answer", async () => {
    const { token } = await svc("node_echo");
    expect(await t.predict("node_echo", "2 105", { authorization: token })).toMatchObject({ status: 200, text: "False" });
    expect(await t.predict("node_echo", "2 104", { authorization: token })).toMatchObject({ status: 200, text: "True" });
    expect(await t.predict("node_echo", "status:418", { authorization: token })).toMatchObject({ status: 418, text: '{"error":"custom"}' });
    // status 0 means 200; a Buffer body comes back byte for byte
    const bytes = Buffer.from([0, 1, 2, 254, 255]);
    const res = await fetch(`${t.url}/api/predict/node_echo`, { method: "POST", headers: { authorization: token }, body: bytes });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
  });
});

describe("exceptions in process()", () => {
  it("turn into 400 JSON naming the error, and the service keeps answering", async () => {
    const { token, instances } = await svc("node_raise");
    const r = await t.predict("node_raise", "raise", { authorization: token });
    expect(r.status).toBe(400);
    const j = JSON.parse(r.text) as { code: string; message: string };
    expect(j).toMatchObject({ code: "ProcessorError" });
    expect(j.message).toMatch(/TypeError: asked to raise/);
    expect(j.message).not.toMatch(/at .*index\.js/); // no stack trace to the caller
    const rejected = await t.predict("node_raise", "reject", { authorization: token });
    expect(rejected.status).toBe(400);
    expect(JSON.parse(rejected.text).message).toMatch(/RangeError: rejected after \d+ calls/);
    // A return value that is no answer is the processor's bug, not the caller's: 500, as Python's invalid status.
    const bad = await t.predict("node_raise", "undefined", { authorization: token });
    expect(bad.status).toBe(500);
    expect(JSON.parse(bad.text).message).toMatch(/process\(\) returned undefined/);
    expect(await t.predict("node_raise", "still here", { authorization: token })).toMatchObject({ status: 200, text: "STILL HERE" });
    // same process: nothing crashed or restarted
    const after = await svc("node_raise");
    expect(after.instances[0]).toMatchObject({ pid: instances[0]!.pid, restarts: 0 });
  });
});

describe("a failing initialize()", () => {
  it("marks the service Failed with the processor's own message", async () => {
    expect((await t.admin("POST", "/api/v1/services", spec("node_broken", "node-broken-init"))).status).toBe(201);
    const s = await t.waitFor("node_broken failed", async () => {
      const x = await svc("node_broken");
      return x.status === "Failed" ? x : undefined;
    }, 30_000);
    expect(s.message).toMatch(/Error: model file weights\/model.bin not found/);
    expect((await t.predict("node_broken", "x", { authorization: s.token })).status).toBe(503);
    expect((await t.admin("DELETE", "/api/v1/services/node_broken")).status).toBe(200);
  }, 40_000);

  it("an entry that is missing or exports no processor fails the same way, saying why", async () => {
    expect((await t.admin("POST", "/api/v1/services", spec("node_noentry", "node-echo", "./missing.js"))).status).toBe(201);
    expect((await t.admin("POST", "/api/v1/services", spec("node_noexport", "node-ts", "./weights.ts"))).status).toBe(201);
    for (const [name, why] of [
      ["node_noentry", /Cannot find module .*missing\.js/],
      ["node_noexport", /weights\.ts exports no processor/],
    ] as const) {
      const s = await t.waitFor(`${name} failed`, async () => {
        const x = await svc(name);
        return x.status === "Failed" ? x : undefined;
      }, 30_000);
      expect(s.message).toMatch(why);
      expect((await t.admin("DELETE", `/api/v1/services/${name}`)).status).toBe(200);
    }
  }, 60_000);
});

describe("concurrency", () => {
  it("overlaps requests to an async process() up to rpc.worker_threads", async () => {
    const { token } = await svc("node_sleep");
    const n = 8;
    const started = Date.now();
    const all = await Promise.all(Array.from({ length: n }, () => t.predict("node_sleep", "sleep:500", { authorization: token })));
    const elapsed = Date.now() - started;
    expect(all.every((r) => r.status === 200)).toBe(true);
    const peak = Math.max(...all.map((r) => (JSON.parse(r.text) as { peak: number }).peak));
    expect(peak).toBe(n); // all 8 in process() at once, in one instance process
    expect(new Set(all.map((r) => (JSON.parse(r.text) as { pid: number }).pid)).size).toBe(1);
    expect(elapsed).toBeLessThan(n * 500 * 0.5); // far from 8 × 500 ms in a row
  });
});

describe("a TypeScript processor (processor_entry ./index.ts)", () => {
  it("runs through tsx: types, an enum and a relative .ts import", async () => {
    const { token } = await svc("node_ts");
    expect(await t.predict("node_ts", "2 105", { authorization: token })).toMatchObject({ status: 200, text: "False" });
    expect(await t.predict("node_ts", "2 104", { authorization: token })).toMatchObject({ status: 200, text: "True" });
  });

  it("without tsx, initialize fails with what to do", async () => {
    const missing = async (s: string) => {
      throw new Error(`Cannot find package '${s}'`);
    };
    await expect(loadTsx("/srv/app/index.ts", missing)).rejects.toThrow(/index\.ts is TypeScript and running it needs tsx.*install tsx .* or compile the processor to JavaScript/);
  });
});
