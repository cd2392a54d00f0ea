// A one-line progress indicator on stderr. On a terminal it redraws in place (at most
// ~10 times a second); elsewhere (CI logs, pipes) it stays silent until done().
export class Progress {
  private last = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WritableStream & { isTTY?: boolean }) {}

  update(text: string): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    this.stream.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  /** Clears the live line; prints `text` as a permanent line when given. */
  done(text?: string): void {
    if (this.drawn) this.stream.write("\r\x1b[2K");
    this.drawn = false;
    if (text) this.stream.write(`${text}\n`);
  }
}

export function percent(done: number, total: number): string {
  return total > 0 ? `${Math.min(100, Math.floor((done / total) * 100))}%` : "";
}
