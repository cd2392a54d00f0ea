// Builds the web console (console/ → console/dist) with Vite when its sources exist.
// Part of `npm run build`, so `npm ci` leaves a server that can serve the console.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../console/", import.meta.url));
if (!existsSync(`${root}index.html`)) process.exit(0);
const vite = fileURLToPath(new URL("../node_modules/vite/bin/vite.js", import.meta.url));
const r = spawnSync(process.execPath, [vite, "build", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
