// `easel desc NAME`: the service, its config and its instances.
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { descJson, descText } from "../views.js";

export function registerDesc(program: Command, cli: Cli): void {
  program
    .command("desc")
    .description("describe a service: status, endpoint, token, config, instances")
    .argument("<name>", "service name")
    .action(async (name: string) => {
      const svc = await cli.client().getService(name);
      if (cli.json) cli.printJson(descJson(svc));
      else cli.print(descText(svc));
    });
}
