// Starts a real Easel server in-process on a free loopback port, with a temp home,
// and gives tests a signed admin client and a predict helper.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256Hex, signedHeaders } from "../../src/auth/admin-signature.js";
import { startServer, type RunningServer, type ServerOptions } from "../../src/server/index.js";

export interface TestServer {
  server: RunningServer;
  home: string;
  url: string;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
  predict(service: string, body: string | Buffer, headers?: Record<string, string>): Promise<{ status: number; text: string; headers: Headers }>;
  waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startTestServer(opts: { home?: string; keepHome?: boolean; autoscale?: ServerOptions["autoscale"] } = {}): Promise<TestServer> {
  const home = opts.home ?? mkdtempSync(join(tmpdir(), "easel-test-"));
  const server = await startServer({ home, port: 0, logLevel: "silent", autoscale: opts.autoscale });
  const url = server.url;
  return {
    server,
    home,
    url,
    async admin<T>(method: string, path: string, body?: unknown) {
      const payload = body === undefined ? "" : JSON.stringify(body);
      const headers: Record<string, string> = signedHeaders(server.adminKey, method, path, sha256Hex(payload));
      if (payload) headers["content-type"] = "application/json";
      const res = await fetch(url + path, { method, headers, body: payload || undefined });
      const text = await res.text();
      return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
    },
    async predict(service, body, headers = {}) {
      const res = await fetch(`${url}/api/predict/${service}`, { method: "POST", headers, body });
      return { status: res.status, text: await res.text(), headers: res.headers };
    },
    async waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const v = await fn();
        if (v !== undefined) return v;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${what}`);
    },
    async close() {
      await server.close();
      if (!opts.keepHome) rmSync(home, { recursive: true, force: true });
    },
  };
}

export const REPO = new URL("../../", import.meta.url).pathname;
export const fixture = (...p: string[]) => join(REPO, "test", "fixtures", ...p);
