// The admin client against a tiny node:http server that checks signatures the way the
// real server does (verifySignature + body hash), so signing is tested without it.
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_HASH_HEADER, DATE_HEADER, verifySignature } from "../../src/auth/admin-signature.js";
import { AdminClient, ApiError, predict, ServerUnreachableError } from "../../src/client/index.js";

const KEY = { id: "AK1", secret: "s3cret" };

interface Seen {
  method: string;
  url: string;
  body: Buffer;
  headers: IncomingMessage["headers"];
}

let server: Server;
let endpoint: string;
const seen: Seen[] = [];

function reply(res: import("node:http").ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method!, url: req.url!, body, headers: req.headers });
      const url = req.url!;
      if (url.startsWith("/api/predict/")) {
        if (req.headers.authorization !== "tok") return reply(res, 401, { code: "Unauthorized", message: "bad token", request_id: "r1" });
        res.writeHead(200, { "x-easel-request-id": "r2" });
        return res.end(`echo:${body.toString()}`);
      }
      const v = verifySignature(
        {
          method: req.method!,
          path: url,
          authorization: req.headers.authorization,
          timestamp: req.headers[DATE_HEADER] as string,
          bodySha256: req.headers[BODY_HASH_HEADER] as string,
        },
        (id) => (id === KEY.id ? KEY.secret : undefined),
      );
      if (v.failure) return reply(res, 401, { code: "Unauthorized", message: v.message, request_id: "rq" });
      const actual = createHash("sha256").update(body).digest("hex");
      if (actual !== req.headers[BODY_HASH_HEADER]) return reply(res, 401, { code: "Unauthorized", message: "body hash mismatch" });
      if (url === "/api/v1/services") {
        if (req.method === "POST") return reply(res, 201, { name: (JSON.parse(body.toString()) as { name: string }).name, status: "Creating" });
        return reply(res, 200, { services: [{ name: "a" }] });
      }
      if (url === "/api/v1/services/missing") return reply(res, 404, { code: "ServiceNotFound", message: 'service "missing" not found', request_id: "rq2" });
      if (url === "/api/v1/services/bad" && req.method === "PUT") {
        return reply(res, 400, { code: "InvalidSpec", message: "metadata.instance: expected an integer", issues: [{ path: "metadata.instance", message: "expected an integer" }] });
      }
      if (url.startsWith("/api/v1/services/a%20b/events?")) return reply(res, 200, { events: [{ id: 1, reason: "Created" }] });
      if (url.startsWith("/api/v1/services/a/logs")) {
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("line 1\n");
        setTimeout(() => res.end("line 2 — 中文\n"), 20);
        return;
      }
      if (url === "/api/v1/blobs") {
        return reply(res, 201, { sha256: actual, size: body.length, target_path: `easel://blobs/${actual}` });
      }
      if (url === "/api/v1/services/html") {
        res.writeHead(502, { "content-type": "text/html" });
        return res.end("<html>bad gateway</html>");
      }
      return reply(res, 200, { name: "x", method: req.method, url });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const client = () => new AdminClient({ endpoint, accessId: KEY.id, accessKey: KEY.secret, configSource: "/home/u/.easel/config.json" });

describe("AdminClient", () => {
  it("signs requests, with and without a body, and encodes names and queries", async () => {
    expect(await client().listServices()).toEqual([{ name: "a" }]);
    expect(await client().createService({ name: "n1", metadata: { instance: 1 } })).toEqual({ name: "n1", status: "Creating" });
    const post = seen.find((s) => s.method === "POST" && s.url === "/api/v1/services")!;
    expect(post.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(post.body.toString())).toEqual({ name: "n1", metadata: { instance: 1 } });
    expect(await client().events("a b", { limit: 5, after: 2 })).toEqual([{ id: 1, reason: "Created" }]);
    expect(seen.at(-1)!.url).toBe("/api/v1/services/a%20b/events?limit=5&after=2");
    expect(await client().updateService("x", { metadata: { instance: 2 } })).toMatchObject({ method: "PUT" });
    expect(await client().activateVersion("x", 2)).toMatchObject({ url: "/api/v1/services/x/versions/2/activate" });
    expect(await client().stop("x")).toMatchObject({ url: "/api/v1/services/x/stop" });
    expect(seen.at(-1)!.headers["content-type"]).toBeUndefined();
  });

  it("accepts an endpoint without scheme or with a trailing slash", async () => {
    const c = new AdminClient({ endpoint: `${endpoint.replace("http://", "")}/`, accessId: KEY.id, accessKey: KEY.secret });
    expect(c.endpoint).toBe(endpoint);
    expect(await c.listServices()).toHaveLength(1);
  });

  it("turns error answers into ApiError with code, request id and issues", async () => {
    const e1 = await client().getService("missing").catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ApiError);
    expect(e1).toMatchObject({ status: 404, code: "ServiceNotFound", message: 'service "missing" not found', requestId: "rq2" });
    const e2 = await client().updateService("bad", {}).catch((e: unknown) => e);
    expect(e2).toMatchObject({ status: 400, code: "InvalidSpec", issues: [{ path: "metadata.instance", message: "expected an integer" }] });
    const e3 = await client().getService("html").catch((e: unknown) => e);
    expect(e3).toMatchObject({ status: 502, code: "HTTP502", message: "<html>bad gateway</html>" });
  });

  it("explains a rejected key and names the config file", async () => {
    const c = new AdminClient({ endpoint, accessId: KEY.id, accessKey: "wrong", configSource: "/home/u/.easel/config.json" });
    const e = await c.listServices().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(401);
    expect((e as ApiError).message).toMatch(/rejected the access key "AK1" \(from \/home\/u\/.easel\/config.json\): signature does not match/);
    expect((e as ApiError).message).toMatch(/easel config -i ID -k SECRET -e ENDPOINT/);
  });

  it("streams log text chunks", async () => {
    let text = "";
    for await (const chunk of client().logs("a", { tail: 10, instance: 0 })) text += chunk;
    expect(text).toBe("line 1\nline 2 — 中文\n");
    expect(seen.at(-1)!.url).toBe("/api/v1/services/a/logs?instance=0&tail=10");
  });

  it("uploads a blob streamed and signed with the file's sha256, reporting progress", async () => {
    const dir = mkdtempSync(join(tmpdir(), "easel-client-"));
    const file = join(dir, "pkg 1.tar.gz");
    const data = Buffer.alloc(3 * 1024 * 1024 + 7, 7);
    writeFileSync(file, data);
    const progress: number[] = [];
    const up = await client().uploadBlob(file, (sent, total) => {
      expect(total).toBe(data.length);
      progress.push(sent);
    });
    const sha = createHash("sha256").update(data).digest("hex");
    expect(up).toEqual({ sha256: sha, size: data.length, target_path: `easel://blobs/${sha}` });
    expect(progress.at(-1)).toBe(data.length);
    const req = seen.at(-1)!;
    expect(req.headers["content-type"]).toBe("application/octet-stream");
    expect(req.headers["x-easel-filename"]).toBe("pkg%201.tar.gz");
  });

  it("says the server is unreachable on a closed port", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const c = new AdminClient({ endpoint: `http://127.0.0.1:${port}`, accessId: "a", accessKey: "b" });
    const e = await c.listServices().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ServerUnreachableError);
    expect((e as Error).message).toMatch(new RegExp(`^cannot reach the Easel server at http://127.0.0.1:${port} \\(is "easel server" running\\?\\)`));
    await expect(predict({ endpoint: `127.0.0.1:${port}`, service: "x", token: "t", body: "" })).rejects.toBeInstanceOf(ServerUnreachableError);
  });
});

describe("predict helper", () => {
  it("sends the token raw in Authorization and returns status, body and request id", async () => {
    const ok = await predict({ endpoint, service: "svc", token: "tok", body: "2 105", subpath: "/sub" });
    expect(ok).toMatchObject({ status: 200, requestId: "r2" });
    expect(ok.body.toString()).toBe("echo:2 105");
    expect(seen.at(-1)!.url).toBe("/api/predict/svc/sub");
    const bad = await predict({ endpoint, service: "svc", token: "nope", body: "x" });
    expect(bad.status).toBe(401);
  });
});
