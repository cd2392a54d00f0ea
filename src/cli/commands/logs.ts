// `easel logs NAME [-f] [--instance N] [--tail N]`: instance stdout/stderr; -f follows
// until Ctrl-C.
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { CliError } from "../errors.js";

export function registerLogs(program: Command, cli: Cli): void {
  program
    .command("logs")
    .description("print the logs of a service's instances")
    .argument("<name>", "service name")
    .option("-f, --follow", "keep printing new lines")
    .option("--instance <n>", "only this instance (its index: 0, 1, ...)")
    .option("--tail <n>", "lines from the end of each log", "200")
    .action(async (name: string, opts: { follow?: boolean; instance?: string; tail: string }) => {
      const tail = intOption(opts.tail, "--tail");
      const instance = opts.instance === undefined ? undefined : intOption(opts.instance, "--instance");
      const ac = new AbortController();
      const stop = () => ac.abort();
      if (opts.follow) {
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      }
      try {
        const chunks = cli.client().logs(name, { instance, tail, follow: opts.follow, signal: ac.signal });
        if (!cli.json) {
          for await (const text of chunks) cli.io.stdout.write(text);
          return;
        }
        // --json: one {"line"} object per line (NDJSON) when following, else { lines }.
        const lines: string[] = [];
        let partial = "";
        for await (const text of chunks) {
          const parts = (partial + text).split("\n");
          partial = parts.pop() ?? "";
          if (opts.follow) for (const line of parts) cli.io.stdout.write(`${JSON.stringify({ line })}\n`);
          else lines.push(...parts);
        }
        if (partial) lines.push(partial);
        if (opts.follow) for (const line of lines) cli.io.stdout.write(`${JSON.stringify({ line })}\n`);
        else cli.printJson({ lines });
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    });
}

function intOption(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${flag} expects a non-negative integer, got "${v}"`);
  return n;
}
