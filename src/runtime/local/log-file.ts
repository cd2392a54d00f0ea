// Per-instance log files with size-based rotation (<id>.log, .log.1, .log.2), plus the
// readers the admin API uses: the last N lines, and follow (tail -f) across rotations.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { join } from "node:path";

export const LOG_MAX_BYTES = 10 * 1024 * 1024;
export const LOG_KEEP = 2;

export function logFileFor(dir: string, instanceId: string): string {
  return join(dir, `${instanceId}.log`);
}

export class RotatingLog {
  private fd: number;
  private size: number;

  constructor(
    readonly file: string,
    private readonly maxBytes = LOG_MAX_BYTES,
  ) {
    mkdirSync(join(file, ".."), { recursive: true });
    this.fd = openSync(file, "a");
    this.size = statSync(file).size;
  }

  write(data: Buffer | string): void {
    if (this.fd < 0) return;
    const buf = typeof data === "string" ? Buffer.from(data) : data;
    if (this.size + buf.length > this.maxBytes && this.size > 0) this.rotate();
    writeSync(this.fd, buf);
    this.size += buf.length;
  }

  /** A line from Easel itself (not the processor), marked so users can tell them apart. */
  note(message: string): void {
    this.write(`[easel ${new Date().toISOString()}] ${message}\n`);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private rotate(): void {
    closeSync(this.fd);
    rmSync(`${this.file}.${LOG_KEEP}`, { force: true });
    for (let i = LOG_KEEP - 1; i >= 1; i--) if (existsSync(`${this.file}.${i}`)) renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
    renameSync(this.file, `${this.file}.1`);
    this.fd = openSync(this.file, "a");
    this.size = 0;
  }
}

/** Last `n` lines of the log (reads at most the final 4 MiB). */
export async function readLogTail(file: string, n: number): Promise<string[]> {
  if (n <= 0) return [];
  const fh = await open(file, "r").catch(() => undefined);
  if (!fh) return [];
  try {
    const { size } = await fh.stat();
    const len = Math.min(size, 4 * 1024 * 1024);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    const lines = buf.toString("utf8").split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    if (len < size) lines.shift(); // first line is cut
    return lines.slice(-n);
  } finally {
    await fh.close();
  }
}

/** Calls onLine for every line appended after now, until the signal aborts. Survives rotation. */
export function followLog(file: string, onLine: (line: string) => void, signal: AbortSignal): void {
  let pos = -1;
  let partial = "";
  let busy = false;
  const tick = async () => {
    if (busy || signal.aborted) return;
    busy = true;
    try {
      const st = await stat(file).catch(() => undefined);
      if (!st) return;
      if (pos < 0) pos = st.size;
      if (st.size < pos) pos = 0; // rotated
      if (st.size === pos) return;
      const fh = await open(file, "r");
      try {
        const buf = Buffer.alloc(Math.min(st.size - pos, 1024 * 1024));
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        pos += bytesRead;
        const text = partial + buf.toString("utf8", 0, bytesRead);
        const lines = text.split("\n");
        partial = lines.pop() ?? "";
        for (const l of lines) onLine(l);
      } finally {
        await fh.close();
      }
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), 250);
  signal.addEventListener("abort", () => clearInterval(timer), { once: true });
}
