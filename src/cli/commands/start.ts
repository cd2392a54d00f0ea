// `easel start NAME`: run a stopped service again.
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { descJson } from "../views.js";

export function registerStart(program: Command, cli: Cli): void {
  program
    .command("start")
    .description("start a stopped service")
    .argument("<name>", "service name")
    .action(async (name: string) => {
      const svc = await cli.client().start(name);
      if (cli.json) cli.printJson(descJson(svc));
      else cli.say(`[OK] Service "${name}" is starting (status: ${svc.status})`);
    });
}
