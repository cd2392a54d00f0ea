import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_SHA256, sha256Hex, signedHeaders } from "../../src/auth/admin-signature.js";
import { startTestServer, type TestServer, REPO } from "../helpers/server.js";
import { statSync } from "node:fs";
import { join } from "node:path";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

describe("admin API authentication", () => {
  const spec = { name: "authcheck", processor_type: "python", processor_entry: "./app.py", processor_path: join(REPO, "examples/tutorial"), metadata: { instance: 0 } };

  it("refuses unsigned requests and changes nothing", async () => {
    const res = await fetch(`${t.url}/api/v1/services`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(spec) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toMatch(/not signed/);
    expect((await t.admin<{ services: unknown[] }>("GET", "/api/v1/services")).json.services).toHaveLength(0);
  });

  it("refuses a wrong secret, a stale timestamp and a body that does not match its hash", async () => {
    const body = JSON.stringify(spec);
    const wrong = signedHeaders({ id: t.server.adminKey.id, secret: "wrong" }, "POST", "/api/v1/services", sha256Hex(body));
    const stale = signedHeaders(t.server.adminKey, "POST", "/api/v1/services", sha256Hex(body), Date.now() - 16 * 60 * 1000);
    const swapped = signedHeaders(t.server.adminKey, "POST", "/api/v1/services", sha256Hex("{}"));
    for (const [headers, msg] of [
      [wrong, /signature does not match/],
      [stale, /15 minutes/],
      [swapped, /does not match the body/],
    ] as const) {
      const res = await fetch(`${t.url}/api/v1/services`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { message: string }).message).toMatch(msg);
    }
    expect((await t.admin<{ services: unknown[] }>("GET", "/api/v1/services")).json.services).toHaveLength(0);
  });

  it("accepts a signed request with an empty body", async () => {
    const res = await fetch(`${t.url}/api/v1/services`, { headers: signedHeaders(t.server.adminKey, "GET", "/api/v1/services", EMPTY_SHA256) });
    expect(res.status).toBe(200);
  });

  it("writes the admin key and CLI config with mode 0600", () => {
    expect(statSync(join(t.home, "admin-key.json")).mode & 0o777).toBe(0o600);
    expect(statSync(join(t.home, "config.json")).mode & 0o777).toBe(0o600);
  });
});

describe("service specs through the API", () => {
  it("rejects a bad spec with field paths and stores nothing", async () => {
    const r = await t.admin<{ code: string; issues: { path: string; message: string }[] }>("POST", "/api/v1/services", {
      name: "bad",
      processor_type: "python",
      processor_entry: "./app.py",
      processor_path: join(REPO, "examples/tutorial"),
      metadata: { instance: "two" },
    });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe("InvalidSpec");
    expect(r.json.issues.map((i) => i.path)).toContain("metadata.instance");
    expect((await t.admin("GET", "/api/v1/services/bad")).status).toBe(404);
  });

  it("answers 404 for an unknown service and 409 for a duplicate", async () => {
    expect((await t.admin<{ code: string }>("GET", "/api/v1/services/nope")).json.code).toBe("ServiceNotFound");
    const spec = { name: "dup", processor_type: "python", processor_entry: "./app.py", processor_path: join(REPO, "examples/tutorial"), metadata: { instance: 0 } };
    expect((await t.admin("POST", "/api/v1/services", spec)).status).toBe(201);
    expect((await t.admin("POST", "/api/v1/services", spec)).status).toBe(409);
    expect((await t.admin("DELETE", "/api/v1/services/dup")).status).toBe(200);
  });

  it("refuses a cloud processor_path with a hint", async () => {
    const r = await t.admin<{ message: string }>("POST", "/api/v1/services", {
      name: "cloudy", processor_type: "python", processor_entry: "./app.py", processor_path: "oss://bucket/x.tar.gz", metadata: { instance: 1 },
    });
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/processor_path: .*pysdk pack -u/);
  });

  it("uploads a blob with a verified hash and refuses a mismatched one", async () => {
    const data = Buffer.from("hello blob");
    const h = signedHeaders(t.server.adminKey, "POST", "/api/v1/blobs", sha256Hex(data));
    const res = await fetch(`${t.url}/api/v1/blobs`, { method: "POST", headers: { ...h, "content-type": "application/octet-stream" }, body: data });
    expect(res.status).toBe(201);
    const j = (await res.json()) as { target_path: string; size: number };
    expect(j.target_path).toBe(`easel://blobs/${sha256Hex(data)}`);
    expect(j.size).toBe(data.length);
    const bad = signedHeaders(t.server.adminKey, "POST", "/api/v1/blobs", sha256Hex("other"));
    const res2 = await fetch(`${t.url}/api/v1/blobs`, { method: "POST", headers: { ...bad, "content-type": "application/octet-stream" }, body: Buffer.from("different bytes") });
    expect(res2.status).toBe(401);
  });

  it("serves health endpoints and metrics", async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${t.url}/metrics`)).text()).toMatch(/process_cpu_user_seconds_total/);
  });
});
