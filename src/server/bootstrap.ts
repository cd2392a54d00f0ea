// First start on a home folder: create an admin access key (file mode 0600) and, when
// the user has no CLI config yet, one pointing at this server — so a local user never
// runs `easel config`.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Store } from "../store/index.js";
import { paths, type CliConfig } from "../util/home.js";

export function ensureAdminKey(home: string, store: Store): { id: string; secret: string } {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const existing = store.accessKeys.list()[0];
  const key = existing ?? store.accessKeys.create();
  writeSecret(paths.adminKey(home), { access_id: key.id, access_key: key.secret });
  return { id: key.id, secret: key.secret };
}

/** Writes or refreshes the CLI config when it is ours (same key) or missing. */
export function ensureCliConfig(home: string, key: { id: string; secret: string }, endpoint: string): void {
  const file = paths.cliConfig(home);
  if (existsSync(file)) {
    try {
      const cur = JSON.parse(readFileSync(file, "utf8")) as Partial<CliConfig>;
      if (cur.access_id !== key.id) return; // the user pointed the CLI elsewhere: leave it
    } catch {
      return;
    }
  }
  const cfg: CliConfig = { access_id: key.id, access_key: key.secret, endpoint };
  writeSecret(file, cfg);
}

function writeSecret(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}
