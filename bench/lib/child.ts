// Starts a server as a child process (optionally pinned with taskset) and reads the
// JSON line it prints when it is listening.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

export interface Child<T> {
  info: T;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export async function startChild<T>(cmd: string, args: string[], opts: { cpus?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Child<T>> {
  const [c, a] = opts.cpus ? ["taskset", ["-c", opts.cpus, cmd, ...args]] : [cmd, args];
  const proc = spawn(c, a, { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...opts.env }, cwd: opts.cwd });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.on("line", (l) => {
      if (l.trim().startsWith("{")) resolve(l);
    });
    proc.once("exit", (code) => reject(new Error(`${cmd} exited with ${code} before it was ready`)));
  });
  return {
    info: JSON.parse(line) as T,
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const t = setTimeout(() => proc.kill("SIGKILL"), 5000);
        proc.once("exit", () => {
          clearTimeout(t);
          resolve();
        });
        proc.kill("SIGTERM");
      }),
  };
}
