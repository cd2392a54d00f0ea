// `easel dev [DIR]`: serve a processor project locally, no server needed, on
// http://127.0.0.1:8080 (EASEL_LOCAL_PORT or --port): POST /test or /api/predict/<any>.
// Node/TypeScript processors run in the same worker as on the server
// (dist/runtime/node-worker/main.js, spoken to over the worker protocol); Python ones run
// `python app.py`, which is allspark's own local mode.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { Command } from "commander";
import { WorkerConn } from "../../runtime/local/worker-conn.js";
import { parseSpec, type ServiceSpec } from "../../spec/index.js";
import type { Cli } from "../context.js";
import { CliError } from "../errors.js";
import { readJsonFile } from "../json-file.js";
import { REPO_ROOT, SDK_PYTHON_DIR } from "../paths.js";
import { envPython } from "../python-env.js";
import { serviceNameFor } from "../templates/app-py.js";
import { untilSignal } from "../signals.js";
import { watchAndRestart } from "../watch.js";

const NODE_ENTRIES = ["index.ts", "index.mts", "index.js", "index.mjs"];

export function registerDev(program: Command, cli: Cli): void {
  program
    .command("dev")
    .description("serve a processor project locally on http://127.0.0.1:8080 (POST /test); Ctrl-C stops")
    .argument("[dir]", "project folder (with app.json, or index.ts/index.js)", ".")
    .option("--port <port>", "port (default: $EASEL_LOCAL_PORT or 8080)")
    .option("--watch", "restart the processor when a project file changes (no re-packing)")
    .action((dir: string, opts: { port?: string; watch?: boolean }) => {
      if (!opts.watch) return dev(cli, dir, opts);
      readProject(dir); // fail fast, once, on a bad project
      return watchAndRestart(cli, resolve(dir), opts.port !== undefined ? ["--port", opts.port] : []);
    });
}

interface Project {
  dir: string;
  name: string;
  type: "python" | "node";
  entry: string;
  workerThreads: number;
  keepaliveMs: number;
}

function readProject(dirArg: string): Project {
  const dir = resolve(dirArg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`${dirArg} is not a folder`);
  const appJson = join(dir, "app.json");
  let spec: ServiceSpec | undefined;
  if (existsSync(appJson)) {
    const parsed = parseSpec(readJsonFile(appJson));
    if (!parsed.ok) throw new CliError(`${appJson}: invalid service spec`, parsed.issues.map((i) => `${i.path || "(spec)"}: ${i.message}`));
    spec = parsed.spec;
  }
  const name = spec?.name ?? serviceNameFor(basename(dir));
  const rpc = spec?.metadata.rpc;
  const base = { dir, name, workerThreads: rpc?.worker_threads ?? 5, keepaliveMs: rpc?.keepalive ?? 5000 };
  if (spec?.processor.kind === "builtin") {
    throw new CliError(`${appJson} uses the built-in "${spec.processor.name}" processor: nothing to run locally; deploy the model with "easel deploy MODEL_FILE"`);
  }
  if (spec?.processor.kind === "custom") {
    const entry = spec.processor.entry;
    if (!existsSync(join(dir, entry))) throw new CliError(`processor_entry "${entry}" (from ${appJson}) does not exist in ${dir}`);
    return { ...base, type: spec.processor.type, entry };
  }
  const found = NODE_ENTRIES.find((f) => existsSync(join(dir, f)));
  if (found) return { ...base, type: "node", entry: `./${found}` };
  if (existsSync(join(dir, "app.py"))) return { ...base, type: "python", entry: "./app.py" };
  throw new CliError(`no processor in ${dir}: expected app.json, or one of ${[...NODE_ENTRIES, "app.py"].join(", ")} (create one with "easel init --lang ts DIR")`);
}

function parsePort(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`${what} expects a port number, got "${value}"`);
  return n;
}

export async function dev(cli: Cli, dirArg: string, opts: { port?: string }): Promise<void> {
  const project = readProject(dirArg);
  const port =
    opts.port !== undefined ? parsePort(opts.port, "--port")
    : process.env.EASEL_LOCAL_PORT ? parsePort(process.env.EASEL_LOCAL_PORT, "EASEL_LOCAL_PORT")
    : 8080;
  if (project.type === "python") return devPython(cli, project, port);
  return devNode(cli, project, port);
}

function pipeOutput(cli: Cli, child: ChildProcess): void {
  child.stdout?.on("data", (d: Buffer) => cli.io.stderr.write(d));
  child.stderr?.on("data", (d: Buffer) => cli.io.stderr.write(d));
}

async function devPython(cli: Cli, p: Project, port: number): Promise<void> {
  const envPy = envPython(join(p.dir, "ENV"));
  const python = existsSync(envPy) ? envPy : process.platform === "win32" ? "python" : "python3";
  const pp = process.env.PYTHONPATH;
  const child = spawn(python, [p.entry], {
    cwd: p.dir,
    env: { ...process.env, EASEL_LOCAL_PORT: String(port), PYTHONPATH: pp ? `${SDK_PYTHON_DIR}:${pp}` : SDK_PYTHON_DIR, PYTHONUNBUFFERED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  pipeOutput(cli, child);
  cli.say(`[..] Running ${python} ${p.entry} (allspark local mode) on http://127.0.0.1:${port}`);
  const signal = untilSignal();
  const exit = new Promise<number | null>((res) => {
    child.on("error", (e) => {
      cli.warn(`easel: cannot start ${python}: ${e.message}`);
      res(1);
    });
    child.on("close", (code) => res(code));
  });
  const first = await Promise.race([exit.then((code) => ({ code })), signal.promise.then((s) => ({ signal: s }))]);
  signal.dispose();
  if ("signal" in first) {
    child.kill("SIGTERM");
    await exit;
    return;
  }
  if (first.code !== 0) cli.exitCode = first.code ?? 1;
}

async function devNode(cli: Cli, p: Project, port: number): Promise<void> {
  const workerMain = join(REPO_ROOT, "dist", "runtime", "node-worker", "main.js");
  if (!existsSync(workerMain)) throw new CliError(`${workerMain} is missing: build Easel first (npm run build)`);
  const sockDir = mkdtempSync(join(tmpdir(), "easel-dev-"));
  const sockPath = join(sockDir, "w.sock");
  let conn: WorkerConn | undefined;
  let child: ChildProcess | undefined;
  let sockServer: Server | undefined;
  const http = createHttpServer();
  const cleanup = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const c = child;
      const gone = new Promise<void>((r) => c.once("close", () => r()));
      if (conn) conn.drain();
      else c.kill("SIGTERM");
      const killer = setTimeout(() => c.kill("SIGKILL"), 3000);
      await gone;
      clearTimeout(killer);
    }
    http.closeAllConnections();
    await new Promise<void>((r) => http.close(() => r()));
    sockServer?.close();
    rmSync(sockDir, { recursive: true, force: true });
  };

  // 1. The worker: connects to our socket, says HELLO, runs initialize(), then READY or INIT_ERROR.
  let initError: string | undefined;
  const ready = new Promise<void>((resolveReady, rejectReady) => {
    sockServer = createNetServer((sock) => {
      const c = new WorkerConn(sock, p.workerThreads, {
        hello: () => undefined,
        ready: () => {
          conn = c;
          resolveReady();
        },
        initError: (_c, error) => {
          initError = error;
        },
        closed: () => undefined,
        settled: () => undefined,
        protocolError: (_c, m) => cli.warn(`easel: protocol error: ${m}`),
      });
    });
    sockServer.listen(sockPath);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("EASEL_")) env[k] = v;
    Object.assign(env, {
      EASEL_SOCKET: sockPath,
      EASEL_ENTRY: join(p.dir, p.entry),
      EASEL_WORKER_THREADS: String(p.workerThreads),
      EASEL_SERVICE: p.name,
      EASEL_INSTANCE: `${p.name}-dev`,
    });
    // Its own process group: Ctrl-C reaches only us, and we drain it (it exits when our socket closes).
    child = spawn(process.execPath, [workerMain], { cwd: p.dir, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    pipeOutput(cli, child);
    child.on("error", (e) => rejectReady(new CliError(`cannot start the node worker: ${e.message}`)));
    child.on("close", (code, signal) => {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      rejectReady(new CliError(initError ? `initialize() failed: ${initError}` : `the processor ${how} before it was ready`));
    });
  });
  cli.say(`[..] Starting ${p.entry} (initialize())`);
  try {
    await ready;
  } catch (e) {
    await cleanup();
    throw e;
  }

  // 2. The HTTP front, as allspark's local mode: POST /test[/sub] or /api/predict/<name>[/sub].
  http.on("request", (req: IncomingMessage, res: ServerResponse) => void answer(req, res));
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
    const sub = route(path);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const send = (status: number, body: Buffer | string, type?: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { ...(type ? { "content-type": type } : {}), ...extra });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    const json = (status: number, obj: unknown, extra?: Record<string, string>) => send(status, JSON.stringify(obj), "application/json", extra);
    if (req.method === "GET" || req.method === "HEAD") {
      if (path === "/" || path === "/healthz" || path === "/health") return send(200, "ok", "text/plain");
    }
    if (req.method !== "POST" || sub === undefined) {
      return json(404, { code: "NotFound", message: `no route for ${req.method ?? "?"} ${path} (POST /test or /api/predict/<name>)` });
    }
    const requestId = randomUUID();
    const headers = { "x-request-id": requestId };
    if (!conn || !conn.ready) return json(503, { code: "ServiceUnavailable", message: "the processor is not running", request_id: requestId }, headers);
    try {
      const r = await conn.invoke({ requestId, path: sub, body: Buffer.concat(chunks), deadline: Date.now() + p.keepaliveMs });
      if (r.error !== undefined) return json(r.status, { code: "ProcessorError", message: r.error, request_id: requestId }, headers);
      return send(r.status, r.body, undefined, headers);
    } catch (e) {
      const timeout = e instanceof Error && e.name === "DeadlineExceededError";
      return json(timeout ? 408 : 502, { code: timeout ? "RequestTimeout" : "BadGateway", message: e instanceof Error ? e.message : String(e), request_id: requestId }, headers);
    }
  };
  try {
    await new Promise<void>((res, rej) => {
      http.once("error", rej);
      http.listen(port, "127.0.0.1", () => res());
    });
  } catch (e) {
    await cleanup();
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === "EADDRINUSE" ? `port ${port} is in use: choose another with --port or EASEL_LOCAL_PORT` : `cannot listen on 127.0.0.1:${port}: ${(e as Error).message}`);
  }
  const addr = http.address();
  const actual = typeof addr === "object" && addr ? addr.port : port;
  cli.say(`[OK] Serving ${p.name} (${p.entry}) at http://127.0.0.1:${actual} (POST /test or /api/predict/<name>); Ctrl-C stops`);
  cli.say(`     curl http://127.0.0.1:${actual}/test -d '2 105'`);

  // 3. Until Ctrl-C, or the processor dies.
  const signal = untilSignal();
  const died = new Promise<string>((r) => child?.once("close", (code, sig) => r(sig ? `killed by ${sig}` : `exited with code ${code}`)));
  const end = await Promise.race([signal.promise.then((s) => ({ signal: s })), died.then((how) => ({ died: how }))]);
  signal.dispose();
  if ("died" in end) {
    cli.say(`[FAILED] The processor ${end.died} (its output is above)`);
    cli.exitCode = 1;
  } else {
    cli.say(`[OK] Stopped (${end.signal})`);
  }
  await cleanup();
}

/** The sub-path for /test[/...] and /api/predict/<name>[/...], else undefined (allspark's local routes). */
export function route(path: string): string | undefined {
  if (path === "/test" || path === "/test/") return "";
  if (path.startsWith("/test/")) return path.slice("/test/".length);
  const prefix = "/api/predict/";
  if (path.startsWith(prefix) && path.length > prefix.length) {
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf("/");
    return slash < 0 ? "" : rest.slice(slash + 1);
  }
  return undefined;
}
