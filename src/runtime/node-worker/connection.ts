// Worker side of the protocol for processors that run in Node (TypeScript/JS processors
// and built-ins): connect to EASEL_SOCKET, HELLO, initialize, READY, then serve.
import { connect, type Socket } from "node:net";
import { normalizeOutput, type Processor } from "../../processors/types.js";
import {
  decodeRequest,
  encodeFrame,
  encodeJson,
  encodeResponse,
  FrameDecoder,
  InFlightTable,
  FrameType,
  PROTOCOL_VERSION,
  type Frame,
} from "../protocol/index.js";

export async function serveProcessor(socketPath: string, load: () => Promise<Processor>, workerThreads: number): Promise<void> {
  const sock = connect(socketPath);
  await new Promise<void>((resolve, reject) => {
    sock.once("connect", resolve);
    sock.once("error", reject);
  });
  sock.setNoDelay(true);
  sock.write(encodeJson(FrameType.HELLO, { protocol: PROTOCOL_VERSION, pid: process.pid, sdk: "easel-node/0.1.0", worker_threads: workerThreads, batching: false, process_index: 0, process_count: 1 }));
  let proc: Processor;
  try {
    proc = await load();
    await proc.initialize?.();
  } catch (e) {
    const err = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    process.stderr.write(`initialize() failed: ${e instanceof Error ? (e.stack ?? err) : err}\n`);
    sock.end(encodeJson(FrameType.INIT_ERROR, { error: err, traceback: e instanceof Error ? (e.stack ?? "") : "" }), () => process.exit(1));
    return;
  }
  sock.write(encodeJson(FrameType.READY, {}));
  serveLoop(sock, proc);
}

function serveLoop(sock: Socket, proc: Processor): void {
  const decoder = new FrameDecoder();
  // Requests being processed; a CANCEL marks one so its answer is dropped (never sent late).
  // An InFlightTable, not a Map: a churning Map promotes garbage (see in-flight.ts).
  const running = new InFlightTable<{ cancelled: boolean }>();
  let inFlight = 0;
  let draining = false;
  // Answers finished in one turn of the event loop leave in one write (as the server's side does).
  let corked = false;
  const uncork = () => {
    corked = false;
    sock.uncork();
  };
  const send = (buf: Buffer) => {
    if (!corked) {
      corked = true;
      sock.cork();
      setImmediate(uncork);
    }
    sock.write(buf);
  };
  const maybeExit = () => {
    if (draining && inFlight === 0) sock.end(encodeFrame(FrameType.GOODBYE, 0), () => process.exit(0));
  };
  const onFrame = (f: Frame) => {
    switch (f.type) {
      case FrameType.REQUEST: {
        if (draining) return;
        const { body } = decodeRequest(f.payload);
        const state = { cancelled: false };
        running.set(f.id, state);
        inFlight++;
        void handle(proc, body).then((r) => {
          inFlight--;
          running.take(f.id);
          if (!state.cancelled && !sock.destroyed) send(encodeResponse(f.id, r.status, r.body, r.error));
          maybeExit();
        });
        return;
      }
      case FrameType.CANCEL: {
        // Only requests still running: a CANCEL for one already answered is a no-op (no leak).
        const state = running.get(f.id);
        if (state) state.cancelled = true;
        return;
      }
      case FrameType.PING:
        send(encodeFrame(FrameType.PONG, f.id));
        return;
      case FrameType.DRAIN:
        draining = true;
        maybeExit();
        return;
      default:
        return;
    }
  };
  sock.on("data", (c: Buffer) => {
    try {
      decoder.push(c, onFrame);
    } catch (e) {
      process.stderr.write(`easel node worker: protocol error: ${e instanceof Error ? e.message : String(e)}\n`);
      sock.destroy();
    }
  });
  sock.on("close", () => process.exit(0));
  sock.on("error", () => process.exit(0));
}

async function handle(proc: Processor, body: Buffer): Promise<{ status: number; body: Buffer; error: boolean }> {
  try {
    const out = await proc.process(body);
    const problem = badOutput(out);
    if (problem) {
      process.stderr.write(`process() ${problem}\n`);
      return { status: 500, body: Buffer.from(`process() ${problem}`), error: true };
    }
    const r = normalizeOutput(out);
    if (!Number.isInteger(r.status) || r.status < 100 || r.status > 599) {
      return { status: 500, body: Buffer.from(`invalid status ${String(r.status)}`), error: true };
    }
    return { ...r, error: false };
  } catch (e) {
    const name = e instanceof Error ? e.name : "Error";
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`process() raised: ${e instanceof Error ? (e.stack ?? msg) : msg}\n`);
    return { status: 400, body: Buffer.from(`${name}: ${msg}`), error: true };
  }
}

/** Why a value is not a ProcessOutput (a body, or [body, status]), or undefined when it is one. */
function badOutput(out: unknown): string | undefined {
  const isBody = (b: unknown) => typeof b === "string" || typeof b === "number" || b instanceof Uint8Array;
  if (isBody(out)) return undefined;
  if (Array.isArray(out)) {
    if (out.length === 2 && isBody(out[0]) && typeof out[1] === "number") return undefined;
    return `returned an array that is not [body, status] (body: string, number, Buffer or Uint8Array; status: a number)`;
  }
  const what = out === null ? "null" : out === undefined ? "undefined" : `a ${typeof out === "object" ? (out.constructor?.name ?? "object") : typeof out}`;
  return `returned ${what}: return a body (string, number, Buffer or Uint8Array) or [body, status]${out !== null && typeof out === "object" ? " (JSON.stringify objects)" : ""}`;
}
