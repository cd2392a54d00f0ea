// `easel modify NAME (-s FILE | -Dkey=value ...)`: a partial update. Instances alone
// scale; anything else makes a new version (the server decides).
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { CliError } from "../errors.js";
import { readJsonFile } from "../json-file.js";
import { definesToPartial } from "../overrides.js";
import { uploadLocalPaths } from "../upload.js";
import { descJson } from "../views.js";
import { lastEventId, parseSeconds, waitForService } from "../wait.js";

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerModify(program: Command, cli: Cli): void {
  program
    .command("modify")
    .description("change a service: -s partial.json, or -Dkey=value (e.g. -Dmetadata.instance=3)")
    .argument("<name>", "service name")
    .option("-s, --spec <file>", "partial spec (JSON), merged into the current one")
    .option("-D, --define <key=value>", "set one field, dotted path (repeatable)", collect, [])
    .option("--no-wait", "return without waiting for the change to roll out")
    .option("--timeout <seconds>", "how long to wait", "600")
    .action(async (name: string, opts: { spec?: string; define: string[]; wait: boolean; timeout: string }) => {
      const timeoutMs = parseSeconds(opts.timeout, "--timeout");
      if (!opts.spec && opts.define.length === 0) throw new CliError("modify needs -s FILE or at least one -Dkey=value");
      const client = cli.client();
      let partial: Record<string, unknown> = {};
      if (opts.spec) {
        const path = resolve(opts.spec);
        const v = readJsonFile(path);
        if (!v || typeof v !== "object" || Array.isArray(v)) throw new CliError(`${opts.spec}: expected a JSON object (a partial spec)`);
        partial = v as Record<string, unknown>;
        await uploadLocalPaths(cli, client, partial, dirname(path));
      }
      if (opts.define.length > 0) {
        const current = await client.getService(name);
        const fromDefines = definesToPartial(opts.define, { ...current.config, ...partial });
        await uploadLocalPaths(cli, client, fromDefines, process.cwd());
        partial = deepMerge(partial, fromDefines);
      }
      const after = opts.wait ? await lastEventId(client, name) : undefined;
      const updated = await client.updateService(name, partial);
      if (!cli.json) cli.say(`[OK] Service "${name}" updated (version ${updated.version}, ${updated.instance} instance(s), status ${updated.status})`);
      const final = opts.wait ? await waitForService(cli, client, name, { timeoutMs, afterEventId: after }) : updated;
      if (final.status === "Failed") cli.exitCode = 1;
      if (cli.json) cli.printJson(descJson(final));
    });
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = isObj(cur) && isObj(v) ? deepMerge(cur, v) : v;
  }
  return out;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
