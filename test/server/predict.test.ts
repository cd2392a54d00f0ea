import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { easSignature } from "../../src/auth/service-token.js";
import { fixture, REPO, startTestServer, type TestServer } from "../helpers/server.js";

interface Svc {
  name: string;
  status: string;
  message: string;
  token: string;
  endpoint: string;
  running_instances: number;
  instances: { pid: number; ready: boolean; restarts: number; index: number }[];
}

let t: TestServer;
const svc = (name: string) => t.admin<Svc>("GET", `/api/v1/services/${name}`).then((r) => r.json);
const running = (name: string, n = 1) =>
  t.waitFor(`${name} running with ${n} instance(s)`, async () => {
    const s = await svc(name);
    if (s.status === "Failed") throw new Error(`${name} failed: ${s.message}`);
    return s.status === "Running" && s.running_instances === n ? s : undefined;
  });

function spec(name: string, path: string, metadata: Record<string, unknown> = {}) {
  return { name, processor_type: "python", processor_entry: "./app.py", processor_path: path, metadata: { instance: 1, ...metadata } };
}

beforeAll(async () => {
  t = await startTestServer();
  expect((await t.admin("POST", "/api/v1/services", spec("tutorial", `${REPO}examples/tutorial`, { "rpc.keepalive": 10000 }))).status).toBe(201);
  expect((await t.admin("POST", "/api/v1/services", spec("echo", fixture("processors", "echo"), { rpc: { max_queue_size: 2, keepalive: 800, max_body_size: 1024 } }))).status).toBe(201);
  await running("tutorial");
  await running("echo");
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe("the tutorial processor behind the gateway", () => {
  it("answers with the raw token, Bearer, and the EAS client signature", async () => {
    const { token } = await svc("tutorial");
    expect(await t.predict("tutorial", "2 105", { authorization: token })).toMatchObject({ status: 200, text: "False" });
    expect(await t.predict("tutorial", "2 104", { authorization: `Bearer ${token}` })).toMatchObject({ status: 200, text: "True" });
    const body = "2 104";
    const md5 = createHash("md5").update(body).digest("hex");
    const date = new Date().toUTCString();
    const sig = easSignature(token, "POST", md5, "application/octet-stream", date, "/api/predict/tutorial");
    const r = await t.predict("tutorial", body, { authorization: `EAS ${sig}`, "content-md5": md5, date, "content-type": "application/octet-stream" });
    expect(r).toMatchObject({ status: 200, text: "True" });
  });

  it("answers 401 without or with a wrong token, and 404 for an unknown service", async () => {
    const none = await t.predict("tutorial", "2 105");
    expect(none.status).toBe(401);
    expect(JSON.parse(none.text)).toMatchObject({ code: "Unauthorized" });
    expect(JSON.parse(none.text).request_id).toBeTruthy();
    expect((await t.predict("tutorial", "2 105", { authorization: "nope" })).status).toBe(401);
    const sigWrong = await t.predict("tutorial", "2 105", { authorization: "EAS AAAA", "content-md5": "x", date: "d" });
    expect(sigWrong.status).toBe(401);
    const unknown = await t.predict("ghost", "x", { authorization: "t" });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text).message).toMatch(/ghost/);
  });
});

describe("errors as EAS documents them", () => {
  it("turns a processor exception into 400 naming it, and keeps serving", async () => {
    const { token } = await svc("echo");
    const r = await t.predict("echo", "raise", { authorization: token });
    expect(r.status).toBe(400);
    const j = JSON.parse(r.text);
    expect(j).toMatchObject({ code: "ProcessorError" });
    expect(j.message).toMatch(/ValueError: asked to raise/);
    expect(j.message).not.toMatch(/Traceback/);
    expect(await t.predict("echo", "still here", { authorization: token })).toMatchObject({ status: 200, text: "still here" });
  });

  it("passes a processor's own status through", async () => {
    const { token } = await svc("echo");
    expect(await t.predict("echo", "status:418", { authorization: token })).toMatchObject({ status: 418, text: '{"error": "custom"}' });
    expect(await t.predict("echo", "status:0", { authorization: token })).toMatchObject({ status: 200 });
    // Not an HTTP status: the worker flags it and the caller gets a 500 that says so.
    const bad = await t.predict("echo", "status:1000", { authorization: token });
    expect(bad.status).toBe(500);
    expect(JSON.parse(bad.text)).toMatchObject({ code: "ProcessorError", message: expect.stringMatching(/invalid status 1000/) });
  });

  it("answers 413 for a body over rpc.max_body_size", async () => {
    const { token } = await svc("echo");
    const r = await t.predict("echo", Buffer.alloc(4096, 65), { authorization: token });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text).message).toMatch(/max_body_size=1024/);
  });

  it("answers 408 past rpc.keepalive and 450 when the queue is full", async () => {
    const { token } = await svc("echo");
    // 4 worker threads busy + 2 queued fill the service; the 7th is refused with 450.
    const calls = Array.from({ length: 6 }, () => t.predict("echo", "sleep:1500", { authorization: token }));
    await new Promise((r) => setTimeout(r, 150));
    const extra = await t.predict("echo", "sleep:10", { authorization: token });
    expect(extra.status).toBe(450);
    const results = await Promise.all(calls);
    expect(results.every((r) => r.status === 408)).toBe(true);
    expect(JSON.parse(results[0]!.text).message).toMatch(/keepalive=800/);
    // After the timeouts the service still answers.
    await t.waitFor("echo free again", async () => ((await t.predict("echo", "ok", { authorization: token })).status === 200 ? true : undefined), 10_000);
  });
});

describe("scaling and crashes", () => {
  it("scales to 3, survives kill -9 of one instance under load, and brings it back", async () => {
    const s0 = await svc("tutorial");
    expect((await t.admin("PUT", "/api/v1/services/tutorial", { metadata: { instance: 3 } })).status).toBe(200);
    const s = await running("tutorial", 3);
    expect(s.instances).toHaveLength(3);
    const victim = s.instances[1]!;
    let ok = 0;
    const failures: { status: number; text: string }[] = [];
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const r = await t.predict("tutorial", "2 104", { authorization: s0.token });
        if (r.status === 200 && r.text === "True") ok++;
        else failures.push(r);
      }
    };
    const loops = Array.from({ length: 8 }, worker);
    await new Promise((r) => setTimeout(r, 400));
    process.kill(victim.pid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 1200));
    stop = true;
    await Promise.all(loops);
    expect(ok).toBeGreaterThan(50);
    // What the killed instance was running ran again on the others (rpc.retry_on_crash): no failure.
    expect(failures).toEqual([]);
    const back = await running("tutorial", 3);
    const again = back.instances.find((i) => i.index === victim.index)!;
    expect(again.restarts).toBeGreaterThanOrEqual(1);
    expect(again.pid).not.toBe(victim.pid);
    const events = (await t.admin<{ events: { reason: string; message: string }[] }>("GET", "/api/v1/services/tutorial/events")).json.events;
    expect(events.some((e) => e.reason === "Exited" && /SIGKILL/.test(e.message))).toBe(true);
  });

  it("marks a service whose initialize() keeps failing as Failed with the processor's own error", async () => {
    expect((await t.admin("POST", "/api/v1/services", spec("broken", fixture("processors", "broken_init")))).status).toBe(201);
    const s = await t.waitFor("broken failed", async () => {
      const x = await svc("broken");
      return x.status === "Failed" ? x : undefined;
    }, 30_000);
    expect(s.message).toMatch(/RuntimeError: model file saved_models\/esim.h5 not found/);
    const r = await t.predict("broken", "x", { authorization: s.token });
    expect(r.status).toBe(503);
    expect((await t.admin("DELETE", "/api/v1/services/broken")).status).toBe(200);
  });
});
