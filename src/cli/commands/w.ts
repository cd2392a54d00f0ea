// `easel w NAME`: the instances of a service, as `eascmd w`.
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { instancesTable } from "../views.js";

export function registerW(program: Command, cli: Cli): void {
  program
    .command("w")
    .description("show the instances of a service")
    .argument("<name>", "service name")
    .action(async (name: string) => {
      const instances = await cli.client().instances(name);
      if (cli.json) cli.printJson(instances);
      else if (instances.length === 0) cli.say(`Service "${name}" has no instances running.`);
      else cli.print(instancesTable(instances));
    });
}
