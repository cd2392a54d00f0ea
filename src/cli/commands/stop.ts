// `easel stop NAME`: stop every instance; the service, its versions and token stay.
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { descJson } from "../views.js";

export function registerStop(program: Command, cli: Cli): void {
  program
    .command("stop")
    .description("stop a service (it keeps its config and token)")
    .argument("<name>", "service name")
    .action(async (name: string) => {
      const svc = await cli.client().stop(name);
      if (cli.json) cli.printJson(descJson(svc));
      else cli.say(`[OK] Service "${name}" is stopping (status: ${svc.status})`);
    });
}
