// Entry of the Node instance process (started by the local driver).
import { loadUserProcessor } from "./load.js";
import { serveProcessor } from "./connection.js";
import type { Processor } from "../../processors/types.js";

const socket = process.env.EASEL_SOCKET;
const threads = Number(process.env.EASEL_WORKER_THREADS ?? "5") || 5;

async function load(): Promise<Processor> {
  const entry = process.env.EASEL_ENTRY;
  if (entry) return loadUserProcessor(entry);
  const builtin = process.env.EASEL_BUILTIN;
  const modelFile = process.env.EASEL_MODEL_FILE;
  if (!builtin || !modelFile) throw new Error("EASEL_ENTRY or EASEL_BUILTIN with EASEL_MODEL_FILE must be set");
  const { loadBuiltin } = await import("../../processors/builtin.js");
  return loadBuiltin(builtin, modelFile);
}

if (!socket) {
  process.stderr.write("easel node worker: EASEL_SOCKET is not set (this program is started by the Easel server)\n");
  process.exit(2);
}
serveProcessor(socket, load, threads).catch((e: unknown) => {
  process.stderr.write(`easel node worker: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
