// Signed admin API client (every /api/v1 request carries an EASEL-HMAC-SHA256 signature).
import { type AdminKey, EMPTY_SHA256, sha256File, sha256Hex, signedHeaders } from "./signing";
import { postWithProgress } from "./upload";
import type { BlobAnswer, Issue, Service, ServiceEvent, ServiceVersion, StatsResponse } from "./types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Called on any 401 so the app can send the user back to sign-in. */
let onUnauthorized: ((message: string) => void) | undefined;
export function setUnauthorizedHandler(fn: ((message: string) => void) | undefined): void {
  onUnauthorized = fn;
}

async function errorFrom(res: Response): Promise<ApiError> {
  const text = await res.text();
  try {
    const j = JSON.parse(text) as { code?: string; message?: string; issues?: Issue[] };
    return new ApiError(res.status, j.code ?? `HTTP${res.status}`, j.message ?? text, j.issues ?? []);
  } catch {
    return new ApiError(res.status, `HTTP${res.status}`, text || res.statusText);
  }
}

/**
 * Browser clock minus server clock, learnt from the Date header of a "stale" 401, so a
 * machine whose clock is off by more than the server's 15-minute window can still sign.
 */
let clockOffsetMs = 0;
const signingNow = () => Date.now() - clockOffsetMs;

/** True when the answer was a stale-timestamp 401 and the clock offset was corrected. */
function learnClock(res: Response, err: ApiError): boolean {
  if (res.status !== 401 || !/from the server clock/.test(err.message)) return false;
  const server = Date.parse(res.headers.get("date") ?? "");
  if (Number.isNaN(server)) return false;
  clockOffsetMs = Date.now() - server;
  return true;
}

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat a 401 as "signed out" (the sign-in form checks the key itself). */
  quiet401?: boolean;
}

export async function request(key: AdminKey, method: string, path: string, opts: RequestOptions = {}, retried = false): Promise<Response> {
  const payload = opts.body === undefined ? "" : JSON.stringify(opts.body);
  const headers = await signedHeaders(key, method, path, payload ? await sha256Hex(payload) : EMPTY_SHA256, signingNow());
  if (payload) headers["content-type"] = "application/json";
  const res = await fetch(path, { method, headers, body: payload || undefined, signal: opts.signal });
  if (!res.ok) {
    const err = await errorFrom(res);
    if (!retried && learnClock(res, err)) return request(key, method, path, opts, true);
    if (res.status === 401 && !opts.quiet401) onUnauthorized?.(err.message);
    throw err;
  }
  return res;
}

async function json<T>(key: AdminKey, method: string, path: string, opts?: RequestOptions): Promise<T> {
  return (await (await request(key, method, path, opts)).json()) as T;
}

const svc = (name: string) => `/api/v1/services/${encodeURIComponent(name)}`;

export const api = {
  listServices: (k: AdminKey, quiet401 = false) => json<{ services: Service[] }>(k, "GET", "/api/v1/services", { quiet401 }),
  getService: (k: AdminKey, name: string) => json<Service>(k, "GET", svc(name)),
  createService: (k: AdminKey, spec: unknown) => json<Service>(k, "POST", "/api/v1/services", { body: spec }),
  updateService: (k: AdminKey, name: string, patch: unknown) => json<Service>(k, "PUT", svc(name), { body: patch }),
  deleteService: (k: AdminKey, name: string) => json<{ name: string; status: string }>(k, "DELETE", svc(name)),
  start: (k: AdminKey, name: string) => json<Service>(k, "POST", `${svc(name)}/start`),
  stop: (k: AdminKey, name: string) => json<Service>(k, "POST", `${svc(name)}/stop`),
  versions: (k: AdminKey, name: string) => json<{ versions: ServiceVersion[] }>(k, "GET", `${svc(name)}/versions`),
  activateVersion: (k: AdminKey, name: string, version: number) => json<Service>(k, "POST", `${svc(name)}/versions/${version}/activate`),
  events: (k: AdminKey, name: string, limit = 100) => json<{ events: ServiceEvent[] }>(k, "GET", `${svc(name)}/events?limit=${limit}`),
  stats: (k: AdminKey) => json<StatsResponse>(k, "GET", "/api/v1/stats"),
  logs: (k: AdminKey, name: string, tail: number, follow: boolean, signal?: AbortSignal) =>
    request(k, "GET", `${svc(name)}/logs?tail=${tail}${follow ? "&follow=1" : ""}`, { signal }),

  /** Raw bytes upload; the signed body hash is the file's own sha256. `onPhase` says how far it is ("Uploading 40%"). */
  async uploadBlob(k: AdminKey, file: File, onPhase?: (phase: string) => void): Promise<BlobAnswer> {
    const pct = (f: number) => `${Math.floor(100 * f)}%`;
    onPhase?.("Hashing");
    const hash = await sha256File(file, (done) => onPhase?.(`Hashing ${pct(done / file.size)}`));
    onPhase?.("Uploading");
    for (let attempt = 0; ; attempt++) {
      const headers = await signedHeaders(k, "POST", "/api/v1/blobs", hash, signingNow());
      headers["content-type"] = "application/octet-stream";
      headers["x-easel-filename"] = encodeURIComponent(file.name);
      const res = await postWithProgress("/api/v1/blobs", headers, file, (f) => onPhase?.(f < 1 ? `Uploading ${pct(f)}` : "Storing"));
      if (res.ok) return (await res.json()) as BlobAnswer;
      const err = await errorFrom(res);
      if (attempt === 0 && learnClock(res, err)) continue;
      throw err;
    }
  },
};

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return e instanceof Error ? e.message : String(e);
}
