// Typed client of the signed admin API (docs/admin-api.md). Every request is signed
// over the exact bytes sent; blob uploads are hashed in a first streaming pass so a
// large file is never held in memory.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Dispatcher } from "undici";
import { EMPTY_SHA256, sha256Hex, signedHeaders } from "../auth/admin-signature.js";
import { normalizeEndpoint } from "./endpoint.js";
import { httpRequest } from "./http.js";
import { ApiError, ServerUnreachableError, unreachableCode } from "./errors.js";
import type { ApiIssue, BlobUpload, Instance, LogOptions, Service, ServiceEvent, ServiceVersion } from "./types.js";

export interface AdminClientOptions {
  endpoint: string;
  accessId: string;
  accessKey: string;
  /** Where the key came from, named in the "wrong key" message. */
  configSource?: string;
}

interface SendOptions {
  body?: Buffer | Readable;
  bodySha256?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Streams (logs -f) may be idle for long: no body timeout then. */
  streaming?: boolean;
}

export class AdminClient {
  readonly endpoint: string;
  private readonly key: { id: string; secret: string };
  private readonly configSource: string | undefined;

  constructor(opts: AdminClientOptions) {
    this.endpoint = normalizeEndpoint(opts.endpoint);
    this.key = { id: opts.accessId, secret: opts.accessKey };
    this.configSource = opts.configSource;
  }

  // ---- services ----

  async listServices(): Promise<Service[]> {
    return (await this.json<{ services: Service[] }>("GET", "/api/v1/services")).services;
  }

  createService(spec: unknown): Promise<Service> {
    return this.json<Service>("POST", "/api/v1/services", spec);
  }

  getService(name: string): Promise<Service> {
    return this.json<Service>("GET", svc(name));
  }

  /** A partial spec, deep-merged into the current one by the server. */
  updateService(name: string, partial: unknown): Promise<Service> {
    return this.json<Service>("PUT", svc(name), partial);
  }

  deleteService(name: string): Promise<{ name: string; status: string }> {
    return this.json("DELETE", svc(name));
  }

  start(name: string): Promise<Service> {
    return this.json<Service>("POST", `${svc(name)}/start`);
  }

  stop(name: string): Promise<Service> {
    return this.json<Service>("POST", `${svc(name)}/stop`);
  }

  async versions(name: string): Promise<ServiceVersion[]> {
    return (await this.json<{ versions: ServiceVersion[] }>("GET", `${svc(name)}/versions`)).versions;
  }

  activateVersion(name: string, version: number | string): Promise<Service> {
    return this.json<Service>("POST", `${svc(name)}/versions/${encodeURIComponent(String(version))}/activate`);
  }

  async events(name: string, opts: { limit?: number; after?: number } = {}): Promise<ServiceEvent[]> {
    const q = query({ limit: opts.limit, after: opts.after });
    return (await this.json<{ events: ServiceEvent[] }>("GET", `${svc(name)}/events${q}`)).events;
  }

  async instances(name: string): Promise<Instance[]> {
    return (await this.json<{ instances: Instance[] }>("GET", `${svc(name)}/instances`)).instances;
  }

  /** Instance logs as text chunks; with `follow` the iteration lasts until `signal` aborts or the server ends it. */
  async *logs(name: string, opts: LogOptions = {}): AsyncGenerator<string, void, undefined> {
    const q = query({ instance: opts.instance, tail: opts.tail, follow: opts.follow ? 1 : undefined });
    const res = await this.send("GET", `${svc(name)}/logs${q}`, { signal: opts.signal, streaming: opts.follow });
    await this.check(res, "GET", `${svc(name)}/logs`);
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        const text = decoder.decode(chunk, { stream: true });
        if (text) yield text;
      }
    } catch (e) {
      if (opts.signal?.aborted) return; // the caller stopped following
      throw e;
    } finally {
      res.body.destroy();
    }
    const rest = decoder.decode();
    if (rest) yield rest;
  }

  // ---- blobs ----

  /** Streams a file to the blob store; returns its target path (`easel://blobs/<sha256>`). */
  async uploadBlob(file: string, onProgress?: (sent: number, total: number) => void): Promise<BlobUpload> {
    const { size } = await stat(file);
    const hash = createHash("sha256");
    await pipeline(createReadStream(file), hash);
    const sha = hash.digest("hex");
    let sent = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        sent += chunk.length;
        onProgress?.(sent, size);
        done(null, chunk);
      },
    });
    const body = createReadStream(file).pipe(counter);
    const res = await this.send("POST", "/api/v1/blobs", {
      body,
      bodySha256: sha,
      headers: {
        "content-type": "application/octet-stream",
        "content-length": String(size),
        "x-easel-filename": encodeURIComponent(basename(file)),
      },
    });
    return this.parse<BlobUpload>(res, "POST", "/api/v1/blobs");
  }

  // ---- plumbing ----

  private async json<T>(method: string, path: string, payload?: unknown): Promise<T> {
    const body = payload === undefined ? undefined : Buffer.from(JSON.stringify(payload));
    const headers: Record<string, string> = body ? { "content-type": "application/json" } : {};
    const res = await this.send(method, path, { body, bodySha256: body ? sha256Hex(body) : EMPTY_SHA256, headers });
    return this.parse<T>(res, method, path);
  }

  private async send(method: string, path: string, opts: SendOptions): Promise<Dispatcher.ResponseData<unknown>> {
    const url = new URL(this.endpoint + path);
    const signedPath = url.pathname + url.search;
    const headers = { ...opts.headers, ...signedHeaders(this.key, method, signedPath, opts.bodySha256 ?? EMPTY_SHA256) };
    try {
      return await httpRequest(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body: opts.body,
        signal: opts.signal,
        ...(opts.streaming ? { bodyTimeout: 0 } : {}),
      });
    } catch (e) {
      const code = unreachableCode(e);
      if (code) throw new ServerUnreachableError(this.endpoint, code);
      throw e;
    }
  }

  private async parse<T>(res: Dispatcher.ResponseData<unknown>, method: string, path: string): Promise<T> {
    await this.check(res, method, path);
    const text = await res.body.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Throws an ApiError for any status >= 400, with a message that says what to do. */
  private async check(res: Dispatcher.ResponseData<unknown>, method: string, path: string): Promise<void> {
    if (res.statusCode < 400) return;
    const text = await res.body.text().catch(() => "");
    let body: { code?: string; message?: string; request_id?: string; issues?: ApiIssue[] } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = { message: text.trim().slice(0, 300) };
    }
    const code = body.code ?? `HTTP${res.statusCode}`;
    let message = body.message || `${method} ${path} failed with HTTP ${res.statusCode}`;
    if (res.statusCode === 401) {
      const where = this.configSource ? ` (from ${this.configSource})` : "";
      message =
        `the server at ${this.endpoint} rejected the access key "${this.key.id}"${where}: ${message}. ` +
        `Check the access key, or run "easel config -i ID -k SECRET -e ENDPOINT"`;
    }
    throw new ApiError(res.statusCode, code, message, body.request_id, body.issues);
  }
}

function svc(name: string): string {
  return `/api/v1/services/${encodeURIComponent(name)}`;
}

function query(params: Record<string, number | string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}
