// `easel list` (`ls`): every service, eascmd's columns.
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { descJson, listTable } from "../views.js";

export function registerList(program: Command, cli: Cli): void {
  program
    .command("list")
    .alias("ls")
    .description("list services")
    .action(async () => {
      const services = await cli.client().listServices();
      if (cli.json) cli.printJson(services.map(descJson));
      else if (services.length === 0) cli.say('No services yet. Create one with "easel create app.json".');
      else cli.print(listTable(services));
    });
}
