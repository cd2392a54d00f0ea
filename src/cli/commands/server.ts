// `easel server`: run the Easel server in this process until SIGINT/SIGTERM. The server
// code is imported only here, so the other commands start fast.
import type { Command } from "commander";
import { AdminClient } from "../../client/index.js";
import { DEFAULT_HOST, DEFAULT_PORT, easelHome, paths } from "../../util/home.js";
import type { Cli } from "../context.js";
import { CliError } from "../errors.js";
import { untilSignal } from "../signals.js";

interface ServerFlags {
  host?: string;
  port?: string;
  example?: boolean;
  logLevel?: string;
}

export function registerServer(program: Command, cli: Cli): void {
  program
    .command("server")
    .description(`run the Easel server (default ${DEFAULT_HOST}:${DEFAULT_PORT})`)
    .option("--host <host>", "address to listen on", DEFAULT_HOST)
    .option("--port <port>", "port to listen on (0: any free port)", String(DEFAULT_PORT))
    .option("--home <dir>", "home folder: store, blobs, logs, keys (default: $EASEL_HOME or ~/.easel)")
    .option("--example", "deploy the tutorial's example service when there are no services yet")
    .option("--log-level <level>", "server log level (fatal, error, warn, info, debug, silent)", "info")
    .action(async (opts: ServerFlags) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port expects 0-65535, got "${opts.port}"`);
      const home = cli.home();
      const { startServer } = await import("../../server/index.js");
      let server;
      try {
        server = await startServer({ home, host: opts.host, port, example: opts.example, logLevel: opts.logLevel });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EADDRINUSE") throw new CliError(`port ${port} on ${opts.host} is already in use (another "easel server"? pick one with --port)`);
        if (code === "EACCES") throw new CliError(`not allowed to listen on ${opts.host}:${port}`);
        throw e;
      }
      const exampleToken = server.example ? await tokenOf(server, server.example) : undefined;
      if (cli.json) {
        cli.printJson({ url: server.url, home, config: paths.cliConfig(home), example: server.example ?? null });
      } else {
        const lines = [
          `Easel server running at ${server.url}`,
          `  console:   ${server.url}/`,
          `  home:      ${home}`,
          `  CLI:       ${paths.cliConfig(home)} (access key ${server.adminKey.id}); try "${home === easelHome() ? "" : `EASEL_HOME=${home} `}npx easel list"`,
          `  admin key: ${paths.adminKey(home)} (sign in to the console with it)`,
        ];
        if (server.example) {
          lines.push(
            `  example:   service "${server.example}" (the PAI-EAS tutorial's processor); call it with`,
            `             curl ${server.url}/api/predict/${server.example} -H 'Authorization: ${exampleToken ?? "<token from easel desc>"}' -d '2 105'`,
          );
        }
        lines.push("Press Ctrl-C to stop.");
        cli.say(lines.join("\n"));
      }
      await untilSignal().promise;
      cli.say("Stopping: draining requests and stopping instances...");
      const forced = () => process.exit(130); // a second Ctrl-C does not wait
      process.once("SIGINT", forced);
      process.once("SIGTERM", forced);
      try {
        await server.close();
      } finally {
        process.off("SIGINT", forced);
        process.off("SIGTERM", forced);
      }
      cli.say("Stopped.");
    });
}

async function tokenOf(server: { url: string; adminKey: { id: string; secret: string } }, name: string): Promise<string | undefined> {
  try {
    const client = new AdminClient({ endpoint: server.url, accessId: server.adminKey.id, accessKey: server.adminKey.secret });
    return (await client.getService(name)).token;
  } catch {
    return undefined;
  }
}
