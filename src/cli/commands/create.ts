// `easel create FILE`: create a service from an app.json. Local processor/model paths are
// packed and uploaded first; then the endpoint and token are printed and the command
// waits (eascmd-style progress) until the service runs or fails.
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { CliError } from "../errors.js";
import { readJsonFile } from "../json-file.js";
import { uploadLocalPaths } from "../upload.js";
import { endpointTable } from "../views.js";
import { parseSeconds, waitForService } from "../wait.js";

export function registerCreate(program: Command, cli: Cli): void {
  program
    .command("create")
    .description("create a service from a spec file (app.json)")
    .argument("<file>", "service spec (JSON)")
    .option("--no-wait", "return once the service is created, without waiting for it to run")
    .option("--timeout <seconds>", "how long to wait for the service to run", "600")
    .action(async (file: string, opts: { wait: boolean; timeout: string }) => {
      const timeoutMs = parseSeconds(opts.timeout, "--timeout");
      const path = resolve(file);
      const spec = readJsonFile(path);
      if (!spec || typeof spec !== "object" || Array.isArray(spec)) throw new CliError(`${file}: expected a JSON object (a service spec)`);
      const client = cli.client();
      await uploadLocalPaths(cli, client, spec as Record<string, unknown>, dirname(path));
      const created = await client.createService(spec);
      if (!cli.json) cli.print(endpointTable(created));
      const final = opts.wait ? await waitForService(cli, client, created.name, { timeoutMs }) : created;
      if (final.status === "Failed") cli.exitCode = 1;
      if (cli.json) cli.printJson({ name: final.name, endpoint: final.endpoint, token: final.token, status: final.status });
    });
}
