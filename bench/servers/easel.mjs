// Easel's server (the built one in dist/) for the benchmarks. Prints {"url","key"}.
import { startServer } from "../../dist/server/index.js";

const s = await startServer({ home: process.argv[2], port: 0, logLevel: "warn" });
process.stdout.write(`${JSON.stringify({ url: s.url, key: s.adminKey })}\n`);
process.on("SIGTERM", () => s.close().then(() => process.exit(0)));
