// Kill -9 the whole server: on restart every service comes back as it was, with its token.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { sha256Hex, signedHeaders } from "../../src/auth/admin-signature.js";
import { fixture, REPO } from "../helpers/server.js";

const home = mkdtempSync(join(tmpdir(), "easel-restart-"));
const children: ChildProcess[] = [];

async function spawnServer(port = 0): Promise<{ url: string; key: { id: string; secret: string }; child: ChildProcess }> {
  const child = spawn(process.execPath, [fixture("server-child.mjs"), home, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (c) => reject(new Error(`server exited with ${c}`)));
  });
  const j = JSON.parse(line) as { url: string; key: { id: string; secret: string } };
  return { ...j, child };
}

async function admin<T>(url: string, key: { id: string; secret: string }, method: string, path: string, body?: unknown): Promise<T> {
  const payload = body === undefined ? "" : JSON.stringify(body);
  const headers: Record<string, string> = signedHeaders(key, method, path, sha256Hex(payload));
  if (payload) headers["content-type"] = "application/json";
  const res = await fetch(url + path, { method, headers, body: payload || undefined });
  return (await res.json()) as T;
}

async function waitRunning(url: string, key: { id: string; secret: string }, name: string, n: number) {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    const s = await admin<{ status: string; running_instances: number; token: string }>(url, key, "GET", `/api/v1/services/${name}`);
    if (s.status === "Running" && s.running_instances === n) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} not running`);
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(home, { recursive: true, force: true });
});

describe("server kill -9", () => {
  it("brings every service back with its token and settings", async () => {
    const a = await spawnServer();
    const spec = (name: string, n: number) => ({
      name, processor_type: "python", processor_entry: "./app.py", processor_path: `${REPO}examples/tutorial`, token: name === "keep_token" ? "my-chosen-token" : undefined, metadata: { instance: n },
    });
    await admin(a.url, a.key, "POST", "/api/v1/services", spec("keep_token", 1));
    await admin(a.url, a.key, "POST", "/api/v1/services", spec("two", 2));
    await admin(a.url, a.key, "POST", "/api/v1/services", spec("halted", 1));
    await admin(a.url, a.key, "POST", "/api/v1/services/halted/stop");
    const before = await waitRunning(a.url, a.key, "two", 2);
    await waitRunning(a.url, a.key, "keep_token", 1);
    a.child.kill("SIGKILL");
    await new Promise((r) => a.child.once("exit", r));

    const b = await spawnServer(Number(new URL(a.url).port));
    expect(b.key.id).toBe(a.key.id);
    const two = await waitRunning(b.url, b.key, "two", 2);
    expect(two.token).toBe(before.token);
    const kept = await waitRunning(b.url, b.key, "keep_token", 1);
    expect(kept.token).toBe("my-chosen-token");
    const halted = await admin<{ status: string }>(b.url, b.key, "GET", "/api/v1/services/halted");
    expect(halted.status).toBe("Stopped");
    const res = await fetch(`${b.url}/api/predict/keep_token`, { method: "POST", headers: { authorization: "my-chosen-token" }, body: "2 104" });
    expect(await res.text()).toBe("True");
    b.child.kill("SIGTERM");
    await new Promise((r) => b.child.once("exit", r));
  });
});
