// For CLI tests: a real server in this process with a temp home (where the CLI finds its
// config through EASEL_HOME) and a temp working folder, built once per file and removed after.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startServer, type RunningServer } from "../../src/server/index.js";
import { ensureBuilt } from "../cli/build.js";

export interface CliServer {
  server: RunningServer;
  home: string;
  work: string;
}

/** Registers beforeAll/afterAll; the fields are set once beforeAll has run. */
export function useCliServer(name: string): CliServer {
  const ctx = { home: "", work: "" } as CliServer;
  beforeAll(async () => {
    ensureBuilt(); // subprocess runs use bin/easel.js → dist/
    ctx.home = mkdtempSync(join(tmpdir(), `easel-${name}-home-`));
    ctx.work = mkdtempSync(join(tmpdir(), `easel-${name}-work-`));
    ctx.server = await startServer({ home: ctx.home, port: 0, logLevel: "silent" });
  }, 180_000);
  afterAll(async () => {
    await ctx.server?.close();
    for (const d of [ctx.home, ctx.work]) if (d) rmSync(d, { recursive: true, force: true });
  });
  return ctx;
}

/** A loopback port that was free a moment ago (for processes that must be told a port). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
