// `easel version NAME VERSION` (eascmd) and `easel rollback NAME VERSION`: switch the
// service to an earlier (or later) version.
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { CliError } from "../errors.js";
import { descJson } from "../views.js";

export function registerVersion(program: Command, cli: Cli): void {
  for (const [cmd, what] of [
    ["version", "switch a service to one of its versions"],
    ["rollback", "roll a service back to one of its versions"],
  ] as const) {
    program
      .command(cmd)
      .description(what)
      .argument("<name>", "service name")
      .argument("<version>", "version number (see `easel versions NAME`)")
      .action(async (name: string, version: string) => {
        if (!/^[1-9]\d*$/.test(version)) throw new CliError(`VERSION must be a positive integer, got "${version}"`);
        const svc = await cli.client().activateVersion(name, Number(version));
        if (cli.json) cli.printJson(descJson(svc));
        else cli.say(`[OK] Service "${name}" switched to version ${svc.version} (status: ${svc.status})`);
      });
  }
}
