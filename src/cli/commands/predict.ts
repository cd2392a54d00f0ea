// `easel predict NAME [-d DATA | -f FILE]`: call a service as curl would, with its token
// (looked up with desc unless --token is given). The body may also come on stdin.
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { predict } from "../../client/index.js";
import type { Cli } from "../context.js";
import { CliError } from "../errors.js";

export function registerPredict(program: Command, cli: Cli): void {
  program
    .command("predict")
    .description("send one request to a service and print the answer")
    .argument("<name>", "service name")
    .option("-d, --data <data>", "request body")
    .option("-f, --file <file>", "read the request body from a file")
    .option("--token <token>", "service token (default: looked up with desc)")
    .option("--path <subpath>", "sub-path after /api/predict/NAME")
    .action(async (name: string, opts: { data?: string; file?: string; token?: string; path?: string }) => {
      if (opts.data !== undefined && opts.file !== undefined) throw new CliError("give the request body with -d DATA or -f FILE, not both");
      const body = await requestBody(cli, opts);
      const token = opts.token ?? (await cli.client().getService(name)).token;
      const res = await predict({ endpoint: cli.config().endpoint, service: name, token, body, subpath: opts.path });
      const text = res.body.toString("utf8");
      const ok = res.status >= 200 && res.status < 300;
      if (!ok) cli.exitCode = 1;
      if (cli.json) {
        cli.printJson({ status: res.status, body: text, request_id: res.requestId ?? null });
        return;
      }
      if (!ok) throw new CliError(`service "${name}" answered HTTP ${res.status}: ${errorMessage(text)}`);
      cli.io.stdout.write(res.body);
      if (cli.io.stdout.isTTY && !text.endsWith("\n")) cli.io.stdout.write("\n");
    });
}

async function requestBody(cli: Cli, opts: { data?: string; file?: string }): Promise<Buffer> {
  if (opts.data !== undefined) return Buffer.from(opts.data);
  if (opts.file !== undefined) {
    try {
      return await readFile(opts.file);
    } catch (e) {
      throw new CliError(`cannot read ${opts.file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  if (cli.io.stdin.isTTY) throw new CliError("give the request body with -d DATA or -f FILE (or pipe it on stdin)");
  const chunks: Buffer[] = [];
  for await (const c of cli.io.stdin) chunks.push(typeof c === "string" ? Buffer.from(c) : c);
  return Buffer.concat(chunks);
}

function errorMessage(text: string): string {
  try {
    const v = JSON.parse(text) as { message?: unknown; request_id?: unknown };
    if (typeof v.message === "string") return v.request_id ? `${v.message} (request id ${String(v.request_id)})` : v.message;
  } catch {
    // not JSON: show the text itself
  }
  return text.trim().slice(0, 500) || "(empty body)";
}
