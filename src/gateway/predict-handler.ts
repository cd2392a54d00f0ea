// POST /api/predict/<service>[/<subpath>] on plain node:http: this route is the hot
// path, so it skips the web framework. Order of checks: service (404), token for the
// raw/Bearer forms before reading the body (401 costs nothing), size (413), rate
// (429), then dispatch (450/503/408/502), then the processor's answer.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { checkServiceToken } from "../auth/service-token.js";
import { DeadlineExceededError, InstanceCrashedError, type InvokeResult } from "../runtime/types.js";
import { GatewayError, errorBody } from "./errors.js";
import type { Gateway, ServiceRoute } from "./gateway.js";
import type { GatewayMetrics } from "./metrics.js";

export const PREDICT_PREFIX = "/api/predict/";
const REQUEST_ID_HEADER = "x-easel-request-id";

let seq = 0;
const idBase = `${process.pid.toString(36)}${Date.now().toString(36)}`;
function nextRequestId(): string {
  return `${idBase}-${(++seq).toString(36)}`;
}

export interface PredictDeps {
  gateway: Gateway;
  metrics: GatewayMetrics;
  log: Logger;
}

export function createPredictHandler(deps: PredictDeps) {
  return function handlePredict(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    const requestId = nextRequestId();
    const url = req.url ?? "";
    const q = url.indexOf("?");
    const pathname = q === -1 ? url : url.slice(0, q);
    const rest = pathname.slice(PREDICT_PREFIX.length);
    const slash = rest.indexOf("/");
    const name = decodeURIComponent(slash === -1 ? rest : rest.slice(0, slash));
    const subpath = slash === -1 ? "" : rest.slice(slash);

    const fail = (err: GatewayError, service: string) => {
      if (err.status >= 500 || err.code === "RequestTimeout") {
        deps.log.warn({ request_id: requestId, service, code: err.code }, err.message);
      }
      send(res, err.status, errorBody(err.code, err.message, requestId), requestId, true);
      if (service) deps.metrics.observe(service, err.status, (performance.now() - started) / 1000);
      req.resume();
    };

    const route = deps.gateway.route(name);
    if (!route) return fail(new GatewayError("ServiceNotFound", `service "${name}" not found`), "");

    const auth = req.headers.authorization;
    const easSigned = auth !== undefined && auth.startsWith("EAS ");
    if (!easSigned && checkServiceToken(auth, route.tokens, unusedSigned) !== "ok") {
      return fail(unauthorized(auth), name);
    }
    const max = route.rpc.max_body_size;
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > max) return fail(tooLarge(max), name);
    if (!route.limiter.take()) {
      return fail(new GatewayError("RateLimited", `over the service's rate limit (rpc.rate_limit=${route.rpc.rate_limit}/s)`), name);
    }

    readBody(req, max, (tooBig, body) => {
      if (tooBig) return fail(tooLarge(max), name);
      if (easSigned) {
        const check = checkServiceToken(auth, route.tokens, () => ({
          body,
          contentMd5: header(req, "content-md5"),
          contentType: header(req, "content-type"),
          date: header(req, "date"),
          resource: route.resource,
        }));
        if (check !== "ok") return fail(unauthorized(auth), name);
      }
      dispatch(route, requestId, subpath, body).then(
        (r) => {
          if (r.error !== undefined) {
            deps.log.info({ request_id: requestId, service: name }, `processor raised: ${r.error}`);
            // 400: process() raised (EAS's code, so clients do not retry); the worker may flag
            // others itself, e.g. 500 for an invalid status, 503 when draining.
            const st = r.status >= 400 && r.status <= 599 ? r.status : 400;
            send(res, st, errorBody(st === 503 ? "InstanceDraining" : "ProcessorError", r.error, requestId), requestId, false);
            deps.metrics.observe(name, st, (performance.now() - started) / 1000);
            return;
          }
          const status = r.status === 0 ? 200 : r.status;
          res.writeHead(status, { "content-length": r.body.length, [REQUEST_ID_HEADER]: requestId });
          res.end(r.body);
          deps.metrics.observe(name, status, (performance.now() - started) / 1000);
        },
        (e: unknown) => fail(toGatewayError(e, route), name),
      );
    });
  };
}

function dispatch(route: ServiceRoute, requestId: string, path: string, body: Buffer): Promise<InvokeResult> {
  return route.dispatcher.submit({ requestId, path, body, deadline: Date.now() + route.rpc.keepalive });
}

function toGatewayError(e: unknown, route: ServiceRoute): GatewayError {
  if (e instanceof GatewayError) return e;
  if (e instanceof DeadlineExceededError) {
    return new GatewayError("RequestTimeout", `no answer within rpc.keepalive=${route.rpc.keepalive} ms (${e.message})`);
  }
  if (e instanceof InstanceCrashedError) return new GatewayError("InstanceCrashed", e.message);
  return new GatewayError("InstanceCrashed", `instance failed: ${e instanceof Error ? e.message : String(e)}`);
}

function unauthorized(auth: string | undefined): GatewayError {
  return new GatewayError(
    "Unauthorized",
    auth ? "invalid token (send the service token in the Authorization header)" : "missing Authorization header: send the service token (see easel desc <service>)",
  );
}

function tooLarge(max: number): GatewayError {
  return new GatewayError("PayloadTooLarge", `request body is larger than rpc.max_body_size=${max} bytes`);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const unusedSigned = () => ({ body: Buffer.alloc(0), contentMd5: undefined, contentType: undefined, date: undefined, resource: "" });

function send(res: ServerResponse, status: number, body: string, requestId: string, close: boolean): void {
  if (res.headersSent) return;
  const headers: Record<string, string | number> = {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    [REQUEST_ID_HEADER]: requestId,
  };
  // After an early rejection the rest of a large body would still arrive: close instead of draining it.
  if (close && status === 413) headers.connection = "close";
  res.writeHead(status, headers);
  res.end(body);
}

/** Collects the body up to `max` bytes; past it, stops collecting and reports tooBig. */
function readBody(req: IncomingMessage, max: number, done: (tooBig: boolean, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  req.on("data", (c: Buffer) => {
    if (over) return;
    size += c.length;
    if (size > max) {
      over = true;
      chunks.length = 0;
      done(true, Buffer.alloc(0));
      return;
    }
    chunks.push(c);
  });
  req.on("end", () => {
    if (over) return;
    done(false, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
  });
  req.on("error", () => {
    /* client went away; nothing to answer */
  });
}
