// One supervised instance: a child process that connects back over a Unix socket.
// Ready only after the worker says READY (initialize() returned). Restarted with
// back-off when it exits; killed and replaced when it stops answering heartbeats.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  InstanceCrashedError,
  type ExitInfo,
  type InstanceConfig,
  type InstanceEvent,
  type InstanceHandle,
  type InstanceListener,
  type InstanceState,
  type InstanceStatus,
  type InvokeRequest,
  type InvokeResult,
} from "../types.js";
import { launchFor, type LaunchPaths } from "./command.js";
import { logFileFor, RotatingLog } from "./log-file.js";
import { WorkerConn } from "./worker-conn.js";

export const PING_EVERY_MS = 2000;
export const HUNG_AFTER_MS = 10_000;
const STDERR_TAIL = 20;

export class LocalInstance implements InstanceHandle {
  readonly id: string;
  private state: InstanceState = "starting";
  private child?: ChildProcess;
  private conns = new Set<WorkerConn>();
  /** Connections closed before their process's exit was seen: failed when it is. */
  private onNextExit: (() => void)[] = [];
  private readyConns: WorkerConn[] = [];
  private restarts = 0;
  private failures = 0;
  private startedAt?: string;
  private readyAt?: string;
  private lastExit?: ExitInfo;
  private initError?: string;
  private stderrTail: string[] = [];
  private stderrPartial = "";
  private stopped = false;
  private restartTimer?: NodeJS.Timeout;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly log: RotatingLog;
  private readonly sockDir: string;
  private readonly sockPath: string;
  private server?: Server;
  private exited?: Promise<void>;

  constructor(
    private readonly cfg: InstanceConfig,
    private readonly listener: InstanceListener,
    private readonly paths: LaunchPaths,
    private readonly onGone: (i: LocalInstance) => void,
  ) {
    this.id = `${cfg.service}-v${cfg.version}-${cfg.index}`;
    this.log = new RotatingLog(logFileFor(cfg.logDir, this.id));
    // Unix socket paths are limited to ~107 bytes: keep them short, under /tmp.
    this.sockDir = mkdtempSync(join(tmpdir(), "easel-"));
    this.sockPath = join(this.sockDir, "w.sock");
    this.heartbeat = setInterval(() => this.checkHeartbeat(), PING_EVERY_MS);
    this.heartbeat.unref();
    this.launch();
  }

  status(): InstanceStatus {
    return {
      id: this.id,
      service: this.cfg.service,
      version: this.cfg.version,
      index: this.cfg.index,
      pid: this.child?.pid,
      state: this.state,
      restarts: this.restarts,
      consecutiveFailures: this.failures,
      startedAt: this.startedAt,
      readyAt: this.readyAt,
      lastExit: this.lastExit,
      outstanding: this.outstanding(),
      capacity: this.capacity(),
    };
  }

  available(): boolean {
    if (this.state !== "ready") return false;
    for (const c of this.readyConns) if (c.outstanding < c.limit) return true;
    return false;
  }

  /** Summed over connections (no per-request bookkeeping here: this is the hot path). */
  outstanding(): number {
    let n = 0;
    for (const c of this.conns) n += c.outstanding;
    return n;
  }

  invoke(req: InvokeRequest): Promise<InvokeResult> {
    const best = this.pickConn();
    if (!best) return Promise.reject(new InstanceCrashedError(`instance ${this.id} has no free worker`));
    return best.invoke(req);
  }

  invokeBatch(reqs: InvokeRequest[]): Promise<InvokeResult[]> {
    const c = this.pickConn();
    if (!c) return Promise.reject(new InstanceCrashedError(`instance ${this.id} has no free worker`));
    return c.invokeBatch(reqs);
  }

  private pickConn(): WorkerConn | undefined {
    let best: WorkerConn | undefined;
    for (const c of this.readyConns) if (c.outstanding < c.limit && (!best || c.outstanding < best.outstanding)) best = c;
    return best;
  }

  async stop(graceMs: number): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      clearTimeout(this.restartTimer);
      clearInterval(this.heartbeat);
      const child = this.child;
      if (child && child.exitCode === null && child.signalCode === null) {
        this.setState("draining");
        this.log.note(`draining (grace ${graceMs} ms)`);
        for (const c of this.conns) c.drain();
        const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        // A worker that is not connected (still starting) cannot be drained: ask it to stop.
        if (this.conns.size === 0) child.kill("SIGTERM");
        await this.exited;
        clearTimeout(killer);
      }
      this.setState("stopped");
      this.emit({ level: "info", reason: "Stopped", message: `instance ${this.id} stopped` });
      this.cleanup();
      this.onGone(this);
    }
    await this.exited;
  }

  /** Kill without drain (server shutdown past its grace). */
  kill(): void {
    this.child?.kill("SIGKILL");
  }

  capacity(): number {
    let n = 0;
    for (const c of this.readyConns) n += c.capacity;
    return n;
  }

  private launch(): void {
    this.initError = undefined;
    this.stderrTail = [];
    this.setupSocket();
    const l = launchFor(this.cfg, this.paths);
    const env: Record<string, string> = {
      ...filterEnv(process.env),
      ...l.env,
      ...this.cfg.env,
      EASEL_SOCKET: this.sockPath,
      EASEL_INSTANCE: this.id,
      EASEL_SERVICE: this.cfg.service,
      PAI_ENDPOINT: "0.0.0.0:8080",
    };
    if (this.cfg.modelDir) env.MODEL_DIR = this.cfg.modelDir;
    let child: ChildProcess;
    try {
      child = spawn(l.command, l.args, { cwd: l.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      this.onExit(null, null, `cannot start ${l.command}: ${(e as Error).message}`);
      return;
    }
    this.child = child;
    this.startedAt = new Date().toISOString();
    this.readyAt = undefined;
    const exited = new Promise<void>((resolve) => {
      let spawnError: string | undefined;
      child.on("error", (e) => {
        spawnError = `cannot start ${l.command}: ${e.message}`;
      });
      child.on("close", (code, signal) => {
        this.onExit(code, signal, spawnError);
        resolve();
      });
    });
    this.exited = exited;
    child.stdout?.on("data", (d: Buffer) => this.log.write(d));
    child.stderr?.on("data", (d: Buffer) => {
      this.log.write(d);
      this.captureStderr(d);
    });
    this.log.note(`started ${l.command} ${l.args.join(" ")} (pid ${child.pid ?? "?"}, cwd ${l.cwd})`);
    this.setState("starting");
    this.emit({ level: "info", reason: "Started", message: `instance ${this.id} started (pid ${child.pid ?? "?"})` });
  }

  private setupSocket(): void {
    this.server?.close();
    rmSync(this.sockPath, { force: true });
    const server = createServer((sock) => {
      const conn = new WorkerConn(sock, this.cfg.rpc.worker_threads, {
        hello: () => undefined,
        ready: (c) => {
          this.readyConns.push(c);
          if (this.state !== "ready" && this.state !== "draining") {
            this.readyAt = new Date().toISOString();
            this.failures = 0;
            this.setState("ready");
            this.emit({ level: "info", reason: "Ready", message: `instance ${this.id} is ready (initialize() returned)` });
          } else this.listener.onStatus(this.status());
        },
        initError: (_c, error) => {
          this.initError = error;
        },
        closed: (c) => {
          // Everything the worker wrote before it died has been read by now (EOF comes last),
          // so what is still pending never got an answer. Wait briefly for the exit status so
          // the error can say how the instance died.
          const since = Date.now();
          const alive = this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
          let done = false;
          const fail = () => {
            if (done) return;
            done = true;
            this.conns.delete(c);
            const { failed, notStarted } = c.failAll(new InstanceCrashedError(this.crashMessage(since), this.lastExit));
            if (failed > 0) this.emit({ level: "warning", reason: "RequestsInterrupted", message: this.interruptedMessage(failed, notStarted) });
          };
          // The exit usually follows the EOF within a millisecond or two: fail (and so resend)
          // at once when it comes, and after 500 ms at most when the process lingers.
          if (alive) {
            this.onNextExit.push(fail);
            setTimeout(fail, 500).unref();
          } else setImmediate(fail);
          this.readyConns = this.readyConns.filter((x) => x !== c);
          if (this.state === "ready" && this.readyConns.length === 0) this.setState("starting");
        },
        settled: () => undefined,
        protocolError: (_c, m) => this.log.note(`protocol error: ${m}`),
      });
      this.conns.add(conn);
    });
    server.listen(this.sockPath);
    server.on("error", (e) => this.log.note(`socket error: ${e.message}`));
    this.server = server;
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null, spawnError?: string): void {
    const wasReady = this.readyAt !== undefined;
    if (this.stderrPartial) this.pushStderrLine(this.stderrPartial);
    this.stderrPartial = "";
    const error = this.initError ?? spawnError;
    this.lastExit = { code, signal, at: new Date().toISOString(), stderrTail: [...this.stderrTail], ...(error ? { error } : {}) };
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    // Connections fail their requests when their EOF arrives (see `closed`), after any
    // answer still in the socket; one that never closes is cut after a grace period.
    for (const c of this.conns) setTimeout(() => c.destroy(), 2000).unref();
    const waiting = this.onNextExit;
    this.onNextExit = [];
    for (const fail of waiting) fail();
    this.readyConns = [];
    this.child = undefined;
    this.log.note(`process ${how}`);
    if (this.stopped) return;
    this.restarts++;
    if (!wasReady) this.failures++;
    const lastLine = error ?? this.stderrTail.filter((l) => l.trim()).at(-1) ?? "";
    if (!wasReady && this.initError) {
      this.emit({ level: "error", reason: "InitFailed", message: `initialize() failed: ${this.initError}` });
    } else {
      this.emit({ level: wasReady ? "warning" : "error", reason: "Exited", message: `instance ${this.id} ${how}${lastLine ? `: ${lastLine}` : ""}` });
    }
    const delay = wasReady ? 200 : Math.min(30_000, 500 * 2 ** Math.min(10, this.failures - 1));
    this.setState("restarting");
    this.emit({ level: "info", reason: "Restarting", message: `restarting instance ${this.id} in ${delay} ms (restart #${this.restarts})` });
    this.restartTimer = setTimeout(() => {
      if (!this.stopped) this.launch();
    }, delay);
  }

  /** What became of the requests a dead worker held (the dispatcher resends them: dispatcher.ts). */
  private interruptedMessage(failed: number, notStarted: number): string {
    const held = `instance ${this.id} died holding ${failed} request${failed === 1 ? "" : "s"}`;
    if (this.cfg.rpc.retry_on_crash || notStarted === failed) return `${held}: sent to other instances (each at most once again, within rpc.keepalive)`;
    const started = failed - notStarted;
    return `${held}: ${notStarted} not started were sent to other instances; ${started} it was running answered 502 (rpc.retry_on_crash is false)`;
  }

  private crashMessage(since: number): string {
    const e = this.lastExit;
    if (e && Date.parse(e.at) >= since - 1000) {
      return `instance ${this.id} ${e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`} while handling the request`;
    }
    return `instance ${this.id} closed its connection while handling the request`;
  }

  private checkHeartbeat(): void {
    const now = Date.now();
    for (const c of this.readyConns) {
      if (now - c.lastSeen > HUNG_AFTER_MS) {
        this.log.note(`no heartbeat for ${Math.round((now - c.lastSeen) / 1000)} s: killing the hung worker`);
        this.emit({ level: "warning", reason: "Hung", message: `instance ${this.id} did not answer heartbeats for ${HUNG_AFTER_MS / 1000} s; killing it` });
        this.child?.kill("SIGKILL");
        return;
      }
      c.ping();
    }
  }

  private captureStderr(d: Buffer): void {
    const text = this.stderrPartial + d.toString("utf8");
    const lines = text.split("\n");
    this.stderrPartial = (lines.pop() ?? "").slice(-2000);
    for (const l of lines) this.pushStderrLine(l);
  }

  private pushStderrLine(l: string): void {
    this.stderrTail.push(l.slice(0, 2000));
    if (this.stderrTail.length > STDERR_TAIL) this.stderrTail.shift();
  }

  private setState(s: InstanceState): void {
    this.state = s;
    this.listener.onStatus(this.status());
  }

  private emit(e: InstanceEvent): void {
    this.listener.onEvent(e, this.status());
  }

  private cleanup(): void {
    this.server?.close();
    this.log.close();
    rmSync(this.sockDir, { recursive: true, force: true });
  }
}

/** The server's own secrets stay out of user processes. */
function filterEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !k.startsWith("EASEL_") && !k.startsWith("npm_")) out[k] = v;
  return out;
}
