// Child processes for the benchmarks: servers started (optionally pinned with taskset)
// that either print a JSON object when listening (startChild) or are polled over HTTP
// until they answer (startProcess + waitHttp). taskset execs the command, so the pid
// we get is the server's own pid.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";

export interface Child<T> {
  info: T;
  proc: ChildProcess;
  pid: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  cpus?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where the child's stderr (and stdout once ready) go; default: inherited stderr. */
  logFile?: string;
  /** How long to wait for readiness (ms). */
  timeoutMs?: number;
  /** Run in its own process group so stop() can end its children too (peers fork workers). */
  group?: boolean;
}

function spawnPinned(cmd: string, args: string[], opts: StartOptions): { proc: ChildProcess; log: WriteStream | undefined } {
  const [c, a] = opts.cpus ? ["taskset", ["-c", opts.cpus, cmd, ...args]] : [cmd, args];
  const log = opts.logFile ? createWriteStream(opts.logFile, { flags: "a" }) : undefined;
  const proc = spawn(c, a, {
    stdio: ["ignore", "pipe", log ? "pipe" : "inherit"],
    env: { ...process.env, ...opts.env },
    cwd: opts.cwd,
    detached: opts.group ?? false,
  });
  if (log) proc.stderr?.pipe(log);
  return { proc, log };
}

function stopper(proc: ChildProcess, group: boolean, log: WriteStream | undefined): () => Promise<void> {
  const kill = (sig: NodeJS.Signals) => {
    try {
      if (group && proc.pid !== undefined) process.kill(-proc.pid, sig);
      else proc.kill(sig);
    } catch {
      /* already gone */
    }
  };
  return () =>
    new Promise<void>((resolve) => {
      const finish = () => {
        // A process group may outlive its leader (forked workers): make sure it is gone.
        if (group) kill("SIGKILL");
        log?.end();
        resolve();
      };
      if (proc.exitCode !== null || proc.signalCode !== null) return finish();
      const t = setTimeout(() => kill("SIGKILL"), 20_000); // generous: node --cpu-prof writes its profile at exit
      proc.once("exit", () => {
        clearTimeout(t);
        finish();
      });
      kill("SIGTERM");
    });
}

/**
 * Starts a server that prints one JSON object on stdout when it is ready (one line, or
 * pretty-printed over several) and returns it parsed.
 */
export async function startChild<T>(cmd: string, args: string[], opts: StartOptions = {}): Promise<Child<T>> {
  const { proc, log } = spawnPinned(cmd, args, opts);
  const stop = stopper(proc, opts.group ?? false, log);
  try {
    const info = await new Promise<T>((resolve, reject) => {
      let buf = "";
      const timer = setTimeout(() => reject(new Error(`${cmd} printed no JSON within ${opts.timeoutMs ?? 30_000} ms: ${buf.slice(0, 500)}`)), opts.timeoutMs ?? 30_000);
      const onData = (c: Buffer) => {
        buf += c.toString();
        const start = buf.indexOf("{");
        if (start === -1) return;
        try {
          const v = JSON.parse(buf.slice(start)) as T;
          clearTimeout(timer);
          proc.stdout?.off("data", onData);
          if (log) proc.stdout?.pipe(log);
          else proc.stdout?.resume();
          resolve(v);
        } catch {
          /* not complete yet */
        }
      };
      proc.stdout?.on("data", onData);
      proc.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      proc.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${cmd} exited with ${code} before it was ready${opts.logFile ? ` (log: ${opts.logFile})` : ""}`));
      });
    });
    return { info, proc, pid: proc.pid!, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Starts a process that is ready when `ready()` resolves (e.g. an HTTP poll). */
export async function startProcess(
  cmd: string,
  args: string[],
  ready: (proc: ChildProcess) => Promise<void>,
  opts: StartOptions = {},
): Promise<Child<undefined>> {
  const { proc, log } = spawnPinned(cmd, args, opts);
  if (log) proc.stdout?.pipe(log);
  else proc.stdout?.resume();
  const stop = stopper(proc, opts.group ?? false, log);
  try {
    await Promise.race([
      ready(proc),
      new Promise<never>((_, reject) => {
        proc.once("error", reject);
        proc.once("exit", (code) => reject(new Error(`${cmd} exited with ${code} before it was ready${opts.logFile ? ` (log: ${opts.logFile})` : ""}`)));
      }),
    ]);
    return { info: undefined, proc, pid: proc.pid!, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Polls until `url` answers with `expect` (a status) to the given request, or times out. */
export async function waitHttp(url: string, init: RequestInit & { expectStatus?: number; timeoutMs?: number; proc?: ChildProcess } = {}): Promise<void> {
  const end = Date.now() + (init.timeoutMs ?? 60_000);
  let last = "";
  while (Date.now() < end) {
    if (init.proc && (init.proc.exitCode !== null || init.proc.signalCode !== null)) throw new Error(`process exited (${init.proc.exitCode ?? init.proc.signalCode})`);
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === (init.expectStatus ?? 200)) return;
      last = `status ${res.status}`;
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    await sleep(250);
  }
  throw new Error(`${url} not ready within ${init.timeoutMs ?? 60_000} ms (last: ${last})`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
