// Polls a service after create/modify and prints eascmd-style progress lines, plus the
// service's new events, until it is Running with every instance ready, or Failed.
import type { AdminClient, Service } from "../client/index.js";
import type { Cli } from "./context.js";
import { CliError } from "./errors.js";

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Only events after this id are shown (those of this operation). */
  afterEventId?: number;
}

export async function waitForService(cli: Cli, client: AdminClient, name: string, opts: WaitOptions): Promise<Service> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastLine = "";
  let afterId = opts.afterEventId;
  while (true) {
    const svc = await client.getService(name);
    const events = await client.events(name, afterId === undefined ? {} : { after: afterId }).catch(() => []);
    for (const e of events) {
      afterId = Math.max(afterId ?? 0, e.id);
      if (e.reason === "Created") continue; // the endpoint table already said so
      cli.say(`${e.level === "error" || e.level === "warning" || e.level === "warn" ? "[WARN]" : "[OK]"} ${e.message}`);
    }
    const total = svc.instance;
    const running = Math.min(svc.running_instances, total);
    if (svc.status === "Failed") {
      cli.say(`[FAILED] Service failed: ${svc.message || "see \"easel events " + name + "\""}`);
      return svc;
    }
    if (svc.status === "Running" && running >= total) {
      cli.say("[OK] Service is running");
      return svc;
    }
    if (svc.status === "Stopped") {
      cli.say(`[OK] Service is stopped${svc.message ? `: ${svc.message}` : ""}`);
      return svc;
    }
    const line = `[OK] Waiting [Total: ${total}, Pending: ${total - running}, Running: ${running}]`;
    if (line !== lastLine) cli.say(line);
    lastLine = line;
    if (Date.now() > deadline) {
      throw new CliError(
        `timed out after ${Math.round(opts.timeoutMs / 1000)} s waiting for service "${name}" (status ${svc.status}${svc.message ? `: ${svc.message}` : ""}); ` +
          `it keeps going on the server: see "easel desc ${name}" and "easel events ${name}"`,
      );
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
}

/** The id of the newest event, so a wait shows only what happens next. */
export async function lastEventId(client: AdminClient, name: string): Promise<number | undefined> {
  try {
    const events = await client.events(name, { limit: 1000 });
    return events.reduce<number | undefined>((m, e) => Math.max(m ?? 0, e.id), undefined);
  } catch {
    return undefined;
  }
}

export function parseSeconds(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`${flag} expects a number of seconds, got "${value}"`);
  return n * 1000;
}
