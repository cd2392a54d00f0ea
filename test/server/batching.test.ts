// Dynamic batching: with rpc.batching, concurrent requests reach process_batch together
// (up to rpc.max_batch_size), and each caller still gets its own answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, startTestServer, type TestServer } from "../helpers/server.js";

let t: TestServer;
let token = "";

beforeAll(async () => {
  t = await startTestServer();
  const r = await t.admin<{ token: string }>("POST", "/api/v1/services", {
    name: "batcher",
    processor_type: "python",
    processor_path: fixture("processors", "batcher"),
    metadata: { instance: 1, "rpc.batching": true, "rpc.max_batch_size": 8, "rpc.max_batch_timeout": 30, "rpc.max_queue_size": 200 },
  });
  expect(r.status).toBe(201);
  token = r.json.token;
  await t.waitFor("running", async () => ((await t.admin<{ status: string }>("GET", "/api/v1/services/batcher")).json.status === "Running" ? true : undefined));
});
afterAll(async () => {
  await t?.close();
});

describe("dynamic batching", () => {
  it("groups concurrent requests into batches of at most max_batch_size, answers in order per caller", async () => {
    const n = 40;
    const answers = await Promise.all(Array.from({ length: n }, (_, i) => t.predict("batcher", `r${i}`, { authorization: token })));
    const sizes: number[] = [];
    answers.forEach((a, i) => {
      expect(a.status).toBe(200);
      const [item, size] = a.text.split(":");
      expect(item).toBe(`r${i}`);
      sizes.push(Number(size));
    });
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
  });

  it("exports batch sizes and queue waits to /metrics", async () => {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    const count = (name: string) => Number(new RegExp(`^${name}_count\\{service="batcher"\\} (\\d+)`, "m").exec(text)?.[1] ?? "NaN");
    expect(count("easel_batch_size")).toBeGreaterThan(0);
    expect(count("easel_queue_wait_seconds")).toBeGreaterThanOrEqual(40);
    // 40 requests in batches of at most 8: at least 5 batch frames.
    expect(Number(/^easel_batch_size_sum\{service="batcher"\} (\d+)/m.exec(text)?.[1])).toBeGreaterThanOrEqual(40);
  });

  it("a lone request still goes out after max_batch_timeout", async () => {
    const a = await t.predict("batcher", "alone", { authorization: token });
    expect(a.text).toBe("alone:1");
  });
});
