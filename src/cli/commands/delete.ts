// `easel delete NAME [--yes]`: asks first, but only when someone is at the terminal.
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { CliError } from "../errors.js";

export function registerDelete(program: Command, cli: Cli): void {
  program
    .command("delete")
    .description("delete a service (its versions, tokens and instances)")
    .argument("<name>", "service name")
    .option("-y, --yes", "do not ask for confirmation")
    .action(async (name: string, opts: { yes?: boolean }) => {
      const client = cli.client();
      if (!opts.yes && cli.io.stdin.isTTY) {
        const rl = createInterface({ input: cli.io.stdin, output: cli.io.stderr });
        const answer = await rl.question(`Are you sure to delete the service "${name}" at ${client.endpoint}? [y/N] `);
        rl.close();
        if (!/^y(es)?$/i.test(answer.trim())) throw new CliError("not deleted");
      }
      const res = await client.deleteService(name);
      if (cli.json) cli.printJson(res);
      else cli.say(`[OK] Service "${name}" deleted`);
    });
}
