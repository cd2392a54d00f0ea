// In-process CLI runs with captured output, and the subprocess runner for end-to-end tests.
import { spawn } from "node:child_process";
import { PassThrough, Writable } from "node:stream";
import { main } from "../../src/cli/main.js";

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

class Sink extends Writable {
  text = "";
  isTTY = false;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs main() in this process; `args` are what follows `easel`. */
export async function runInProcess(args: string[], opts: { stdin?: string } = {}): Promise<Captured> {
  const stdout = new Sink();
  const stderr = new Sink();
  const stdin = new PassThrough();
  stdin.end(opts.stdin ?? "");
  const code = await main(["node", "easel", ...args], { stdout, stderr, stdin });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export const REPO = new URL("../../", import.meta.url).pathname;

/** Runs the built CLI (`node bin/easel.js`) as a user would. */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; stdin?: string; cwd?: string; timeoutMs?: number } = {}): Promise<Captured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${REPO}bin/easel.js`, ...args], {
      cwd: opts.cwd ?? REPO,
      env: { ...process.env, ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 60_000);
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
    child.stdin.end(opts.stdin ?? "");
  });
}
