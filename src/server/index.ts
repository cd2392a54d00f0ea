// Wires one Easel server: store, blobs, runtime driver, control plane, gateway and the
// HTTP front. The predict route is served on node:http directly (hot path); everything
// else goes to fastify.
import { mkdirSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import Fastify, { type FastifyError } from "fastify";
import pino from "pino";
import { collectDefaultMetrics, Registry } from "prom-client";
import { BlobStore } from "../blobs/index.js";
import { Artifacts } from "../control/artifacts.js";
import { Autoscaler } from "../control/autoscaler.js";
import { ApiError } from "../control/errors.js";
import { ServiceManager } from "../control/service-manager.js";
import type { DispatchObserver } from "../gateway/dispatcher.js";
import { Gateway } from "../gateway/gateway.js";
import { GatewayMetrics } from "../gateway/metrics.js";
import { createPredictHandler, PREDICT_PREFIX } from "../gateway/predict-handler.js";
import { LocalDriver } from "../runtime/local/index.js";
import { Store } from "../store/index.js";
import { DEFAULT_HOST, DEFAULT_PORT, paths } from "../util/home.js";
import { registerAdminAuth } from "./admin-auth.js";
import { ensureAdminKey, ensureCliConfig } from "./bootstrap.js";
import { deployExample } from "./example.js";
import { registerBlobRoutes } from "./routes/blobs.js";
import { registerHealthRoutes } from "./routes/health.js";
import { registerLogRoutes } from "./routes/logs.js";
import { registerServiceRoutes } from "./routes/services.js";
import { registerStatsRoutes } from "./routes/stats.js";
import { registerConsole } from "./console.js";

export interface ServerOptions {
  home: string;
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  /** Deploy examples/tutorial when the store has no services yet. */
  example?: boolean;
  /** pino level; "silent" in tests. */
  logLevel?: string;
  /** Largest blob upload in bytes (default 2 GiB). */
  maxUploadBytes?: number;
  /** How often the autoscaler looks at the load (default 5 s), and how long a lower count must last before it scales down (default 60 s). */
  autoscale?: { tickMs: number; downDelayMs: number };
}

export interface RunningServer {
  url: string;
  port: number;
  home: string;
  adminKey: { id: string; secret: string };
  /** Name of the example service when one was deployed by this start. */
  example?: string;
  close(): Promise<void>;
}

/** Repository root (works from src/ under vitest and from dist/ when built). */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const home = opts.home;
  mkdirSync(home, { recursive: true, mode: 0o700 });
  for (const dir of [paths.blobs(home), paths.unpacked(home), paths.logs(home)]) mkdirSync(dir, { recursive: true });
  const log = pino({ level: opts.logLevel ?? "info", base: undefined });
  const store = Store.open(paths.db(home));
  const adminKey = ensureAdminKey(home, store);
  const blobs = new BlobStore(paths.blobs(home), { maxBytes: opts.maxUploadBytes ?? 2 * 1024 ** 3 });

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // The gateway and its metrics refer to each other: metrics read queue depths, dispatchers
  // report waits (resolved on first use, after `metrics` exists).
  const gateway = new Gateway((service) => {
    let o: DispatchObserver | undefined;
    return {
      queueWait: (s) => (o ??= metrics.dispatchObserver(service)).queueWait(s),
      batch: (n) => (o ??= metrics.dispatchObserver(service)).batch(n),
    };
  });
  const metrics = new GatewayMetrics(registry, (s) => gateway.route(s)?.dispatcher.stats().queued ?? 0, () => gateway.services());
  const driver = new LocalDriver({
    sdkPythonPath: join(REPO_ROOT, "sdk", "python"),
    nodeWorkerPath: join(REPO_ROOT, "dist", "runtime", "node-worker", "main.js"),
  });
  let baseUrl = "";
  const manager = new ServiceManager({
    store,
    driver,
    gateway,
    artifacts: new Artifacts(blobs, paths.unpacked(home)),
    logDir: paths.logs(home),
    cwd: process.cwd(),
    baseUrl: () => baseUrl,
  });

  const predict = createPredictHandler({ gateway, metrics, log });
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024 * 1024,
    serverFactory: (handler) =>
      createServer({ keepAliveTimeout: 65_000 }, (req: IncomingMessage, res: ServerResponse) => {
        if (req.url !== undefined && req.url.startsWith(PREDICT_PREFIX)) predict(req, res);
        else handler(req, res);
      }),
  });
  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError) {
      return reply.code(err.status).send({ code: err.code, message: err.message, request_id: req.id, ...(err.issues ? { issues: err.issues } : {}) });
    }
    const status = typeof err.statusCode === "number" && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) log.error({ err, request_id: req.id }, "admin request failed");
    return reply.code(status).send({ code: status === 500 ? "Internal" : (err.code ?? "BadRequest"), message: err.message, request_id: req.id });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ code: "NotFound", message: `no route ${req.method} ${req.url.split("?")[0]}`, request_id: req.id });
  });
  registerAdminAuth(app, (id) => store.accessKeys.get(id)?.secret);
  registerHealthRoutes(app, manager, registry);
  registerServiceRoutes(app, manager, store, () => baseUrl);
  registerBlobRoutes(app, blobs, opts.maxUploadBytes ?? 2 * 1024 ** 3);
  registerLogRoutes(app, manager, paths.logs(home));
  registerStatsRoutes(app, manager, gateway, metrics);
  await registerConsole(app, REPO_ROOT);

  const host = opts.host ?? DEFAULT_HOST;
  await app.listen({ host, port: opts.port ?? DEFAULT_PORT });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : (opts.port ?? DEFAULT_PORT);
  const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  baseUrl = `http://${shownHost}:${port}`;
  ensureCliConfig(home, adminKey, baseUrl);

  await manager.recoverAll();
  let example: string | undefined;
  if (opts.example && manager.list().length === 0) example = await deployExample(manager, REPO_ROOT);

  const autoscaler = new Autoscaler(
    {
      services: () => manager.autoscaled(),
      rps: (name) => metrics.recent.snapshot(name).requests_per_second,
      scale: (name, n, why) => manager.autoscale(name, n, why),
      note: (name, message) => manager.note(name, "warning", "AutoscalerNote", message),
    },
    opts.autoscale ?? { tickMs: 5000, downDelayMs: 60_000 },
  );
  autoscaler.start();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      autoscaler.stop();
      await app.close();
      await manager.shutdown(5000);
      await driver.shutdown(1000);
      store.close();
    })());
  return { url: baseUrl, port, home, adminKey, example, close };
}
