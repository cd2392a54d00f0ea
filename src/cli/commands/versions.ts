// `easel versions NAME`: every version a service has had (each create/modify makes one).
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { versionsTable } from "../views.js";

export function registerVersions(program: Command, cli: Cli): void {
  program
    .command("versions")
    .description("list the versions of a service")
    .argument("<name>", "service name")
    .action(async (name: string) => {
      const versions = await cli.client().versions(name);
      if (cli.json) cli.printJson(versions);
      else cli.print(versionsTable(versions));
    });
}
