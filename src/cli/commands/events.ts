// `easel events NAME`: what happened to a service (starts, crashes, restarts, scaling).
import type { Command } from "commander";
import type { Cli } from "../context.js";
import { CliError } from "../errors.js";
import { eventsTable } from "../views.js";

export function registerEvents(program: Command, cli: Cli): void {
  program
    .command("events")
    .description("show the events of a service")
    .argument("<name>", "service name")
    .option("-n, --limit <n>", "at most this many events", "100")
    .action(async (name: string, opts: { limit: string }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError(`--limit expects a positive integer, got "${opts.limit}"`);
      const events = await cli.client().events(name, { limit });
      if (cli.json) cli.printJson(events);
      else if (events.length === 0) cli.say(`No events for service "${name}".`);
      else cli.print(eventsTable(events));
    });
}
