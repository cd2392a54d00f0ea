// An Easel server for the benchmarks: `node bin/easel.js server --home <tmp> --port 0`
// as a child process (optionally pinned), its admin key read from <home>/admin-key.json,
// and a small signed admin client (create a service, wait until Running, delete).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256Hex, signedHeaders } from "../../src/auth/admin-signature.js";
import { sleep, startChild, type Child } from "./child.js";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));

export interface ServiceView {
  name: string;
  status: string;
  message: string;
  endpoint: string;
  token: string;
  running_instances?: number;
  instances?: { pid: number | null; state: string; last_error?: string | null }[];
}

export interface EaselServer {
  url: string;
  home: string;
  pid: number;
  child: Child<{ url: string }>;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
  /** POST /api/v1/services; throws on anything but 201. */
  create(spec: Record<string, unknown>): Promise<ServiceView>;
  /** Polls GET /api/v1/services/:name until Running (throws on Failed or timeout). */
  waitRunning(name: string, timeoutMs?: number, pollMs?: number): Promise<ServiceView>;
  remove(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface EaselOptions {
  cpus?: string;
  logFile?: string;
  env?: NodeJS.ProcessEnv;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

export async function startEasel(opts: EaselOptions = {}): Promise<EaselServer> {
  const home = mkdtempSync(join(tmpdir(), "easel-bench-"));
  const child = await startChild<{ url: string }>(
    process.execPath,
    [...(opts.nodeArgs ?? []), join(REPO, "bin", "easel.js"), "server", "--home", home, "--port", "0", "--json", "--log-level", "warn"],
    { cpus: opts.cpus, logFile: opts.logFile, env: opts.env, cwd: REPO },
  );
  const raw = JSON.parse(readFileSync(join(home, "admin-key.json"), "utf8")) as { access_id: string; access_key: string };
  const key = { id: raw.access_id, secret: raw.access_key };
  const url = child.info.url;

  const admin = async <T>(method: string, path: string, body?: unknown) => {
    const payload = body === undefined ? "" : JSON.stringify(body);
    const headers: Record<string, string> = signedHeaders(key, method, path, sha256Hex(payload));
    if (payload) headers["content-type"] = "application/json";
    const res = await fetch(url + path, { method, headers, body: payload || undefined });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep the text */
    }
    return { status: res.status, json: json as T };
  };

  const get = async (name: string) => {
    const r = await admin<ServiceView>("GET", `/api/v1/services/${encodeURIComponent(name)}`);
    if (r.status !== 200) throw new Error(`GET service ${name}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  };

  return {
    url,
    home,
    pid: child.pid,
    child,
    admin,
    async create(spec) {
      const r = await admin<ServiceView>("POST", "/api/v1/services", spec);
      if (r.status !== 201) throw new Error(`create ${String(spec.name)}: ${r.status} ${JSON.stringify(r.json)}`);
      return r.json;
    },
    async waitRunning(name, timeoutMs = 120_000, pollMs = 20) {
      const end = Date.now() + timeoutMs;
      let last: ServiceView | undefined;
      while (Date.now() < end) {
        last = await get(name);
        if (last.status === "Running") return last;
        if (last.status === "Failed") {
          const why = last.instances?.map((i) => i.last_error).filter(Boolean).join("; ");
          throw new Error(`service ${name} failed: ${last.message}${why ? ` (${why})` : ""}`);
        }
        await sleep(pollMs);
      }
      throw new Error(`service ${name} not Running within ${timeoutMs} ms (status ${last?.status}: ${last?.message})`);
    },
    async remove(name) {
      await admin("DELETE", `/api/v1/services/${encodeURIComponent(name)}`);
    },
    async stop() {
      await child.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** One predict call (the pre-flight check before a load run): returns status and text. */
export async function predictOnce(endpoint: string, token: string, body: string | Buffer): Promise<{ status: number; text: string }> {
  const res = await fetch(endpoint, { method: "POST", headers: { authorization: token }, body });
  return { status: res.status, text: await res.text() };
}
