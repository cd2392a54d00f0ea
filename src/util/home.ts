// Where Easel keeps its state: $EASEL_HOME, else ~/.easel. Shared by server and CLI
// so a local user never has to run `easel config`.
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export function easelHome(explicit?: string): string {
  return resolve(explicit ?? process.env.EASEL_HOME ?? join(homedir(), ".easel"));
}

export const paths = {
  db: (home: string) => join(home, "easel.db"),
  blobs: (home: string) => join(home, "blobs"),
  /** Unpacked processor packages and models, one folder per blob. */
  unpacked: (home: string) => join(home, "unpacked"),
  logs: (home: string) => join(home, "logs"),
  /** Admin access key the server created on first start (mode 0600). */
  adminKey: (home: string) => join(home, "admin-key.json"),
  /** CLI config: { access_id, access_key, endpoint } (mode 0600). */
  cliConfig: (home: string) => join(home, "config.json"),
  serverLock: (home: string) => join(home, "server.json"),
};

export interface CliConfig {
  access_id: string;
  access_key: string;
  endpoint: string;
}

export const DEFAULT_PORT = 8600;
export const DEFAULT_HOST = "127.0.0.1";
