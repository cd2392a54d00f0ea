// `easel config -i ID -k SECRET [-e ENDPOINT]`: writes the CLI config (mode 0600).
import type { Command } from "commander";
import { normalizeEndpoint } from "../../client/index.js";
import { paths } from "../../util/home.js";
import { DEFAULT_ENDPOINT, readConfigFile, writeConfigFile } from "../config.js";
import type { Cli } from "../context.js";
import { CliError } from "../errors.js";
import { existsSync } from "node:fs";

export function registerConfig(program: Command, cli: Cli): void {
  program
    .command("config")
    .description("save the access key and server endpoint the CLI uses")
    .option("-i, --access-id <id>", "access key id")
    .option("-k, --access-key <secret>", "access key secret")
    .option("-e, --endpoint <endpoint>", "server endpoint (host:port or URL)")
    .action(() => {
      const { accessId, accessKey, endpoint } = cli.opts;
      if (!accessId || !accessKey) throw new CliError("config needs -i ACCESS_ID and -k ACCESS_KEY (and -e ENDPOINT unless it is the default)");
      const file = cli.opts.config ?? paths.cliConfig(cli.home());
      const previous = existsSync(file) ? readConfigFile(file).endpoint : undefined;
      const cfg = { access_id: accessId, access_key: accessKey, endpoint: normalizeEndpoint(endpoint ?? previous ?? DEFAULT_ENDPOINT) };
      writeConfigFile(file, cfg);
      if (cli.json) cli.printJson({ config_file: file, access_id: cfg.access_id, endpoint: cfg.endpoint });
      else cli.say(`[OK] Saved ${file} (access id ${cfg.access_id}, endpoint ${cfg.endpoint})`);
    });
}
