// One protocol connection from a worker process (a process may open several: allspark's
// worker_processes). Tracks its requests in flight and settles them exactly once.
import type { Socket } from "node:net";
import { DeadlineExceededError, NotStartedError, type InvokeRequest, type InvokeResult } from "../types.js";
import { decodeBatchResponse, decodeResponse, encodeBatchRequest, encodeFrame, encodeRequest, FLAG_ERROR, FrameDecoder, FrameType, InFlightTable, type Frame } from "../protocol/index.js";

interface Pending {
  resolve: (r: InvokeResult | InvokeResult[]) => void;
  reject: (e: unknown) => void;
  deadline: number;
  batch: boolean;
  sent: number;
}

/**
 * Requests a connection may hold beyond its worker threads while answers come back fast:
 * a short queue inside the worker lets it read several frames per wake-up, which on a
 * shared core cut p99 at 64 connections from ~20 ms to ~5 ms (docs/bench.md). Slow
 * processors get no prefetch, so a busy instance never hoards work another could start.
 */
const PREFETCH_FACTOR = 3;
const FAST_ANSWER_MS = 2;

/** Deadline check granularity for requests in flight (one timer per connection, not per request). */
const SWEEP_MS = 20;

export interface ConnEvents {
  hello(conn: WorkerConn, info: HelloInfo): void;
  ready(conn: WorkerConn): void;
  initError(conn: WorkerConn, error: string): void;
  closed(conn: WorkerConn): void;
  settled(): void;
  protocolError(conn: WorkerConn, message: string): void;
}

export interface HelloInfo {
  protocol: number;
  pid?: number;
  sdk?: string;
  worker_threads?: number;
  /** The worker starts requests in arrival order (so the youngest beyond its threads never started). */
  fifo?: boolean;
  /** The per-instance secret the server gave the process (EASEL_WORKER_SECRET); proves the connection is its own. */
  secret?: string;
}

export class WorkerConn {
  ready = false;
  capacity: number;
  lastSeen = Date.now();
  /** Not a Map: see in-flight.ts (a churning Map was the gateway's p99.9 tail). */
  private readonly pending = new InFlightTable<Pending>();
  private nextId = 1;
  private pingSeq = 0;
  private readonly decoder = new FrameDecoder();
  private sweepTimer?: NodeJS.Timeout;
  private corked = false;
  /** Moving average of answer times (ms); decides whether prefetching is safe. */
  private answerMs = Infinity;
  private fifo = false;

  constructor(
    private readonly sock: Socket,
    defaultCapacity: number,
    private readonly ev: ConnEvents,
  ) {
    this.capacity = defaultCapacity;
    sock.setNoDelay(true);
    sock.on("data", (chunk: Buffer) => {
      this.lastSeen = Date.now();
      try {
        this.decoder.push(chunk, (f) => this.onFrame(f));
      } catch (e) {
        this.ev.protocolError(this, e instanceof Error ? e.message : String(e));
        sock.destroy();
      }
    });
    sock.on("error", () => undefined);
    // In-flight requests are failed by the owner: it waits a moment for the process exit so
    // the error can say how the instance died (exit code, signal), not just "connection closed".
    sock.on("close", () => {
      this.ready = false;
      this.ev.closed(this);
    });
  }

  get outstanding(): number {
    return this.pending.size;
  }

  /** How many requests may be in flight on this connection right now. */
  get limit(): number {
    return this.answerMs < FAST_ANSWER_MS ? this.capacity * (1 + PREFETCH_FACTOR) : this.capacity;
  }

  invoke(req: InvokeRequest): Promise<InvokeResult> {
    const id = this.takeId();
    const left = Math.max(1, req.deadline - Date.now());
    return new Promise<InvokeResult>((resolve, reject) => {
      this.track(id, { resolve: resolve as (r: InvokeResult | InvokeResult[]) => void, reject, deadline: req.deadline, batch: false, sent: performance.now() });
      this.send(encodeRequest(id, left, req.path, req.body));
    });
  }

  /** One frame, one worker slot, many requests: the processor's process_batch sees them together. */
  invokeBatch(reqs: InvokeRequest[]): Promise<InvokeResult[]> {
    const id = this.takeId();
    const deadline = Math.min(...reqs.map((r) => r.deadline));
    return new Promise<InvokeResult[]>((resolve, reject) => {
      this.track(id, { resolve: resolve as (r: InvokeResult | InvokeResult[]) => void, reject, deadline, batch: true, sent: performance.now() });
      this.send(encodeBatchRequest(id, Math.max(1, deadline - Date.now()), reqs[0]?.path ?? "", reqs.map((r) => r.body)));
    });
  }

  private track(id: number, p: Pending): void {
    this.pending.set(id, p);
    this.sweepTimer ??= setInterval(() => this.sweep(), SWEEP_MS);
  }

  private untrack(id: number): Pending | undefined {
    const p = this.pending.take(id);
    if (!p) return undefined;
    if (this.pending.size === 0 && this.sweepTimer) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = undefined;
    }
    return p;
  }

  /** Past the deadline: tell the worker to drop it; the caller gets 408 now and it is never re-run. */
  private sweep(): void {
    const now = Date.now();
    let expired = false;
    // Runs every SWEEP_MS under load: no copy, no sort (order does not matter here).
    this.pending.forEach((p, id) => {
      if (p.deadline > now) return;
      this.untrack(id);
      this.send(encodeFrame(FrameType.CANCEL, id));
      p.reject(new DeadlineExceededError(p.batch ? "no answer to the batch within rpc.keepalive" : "no answer within rpc.keepalive"));
      expired = true;
    });
    if (expired) this.ev.settled();
  }

  private observe(p: Pending): void {
    const ms = performance.now() - p.sent;
    this.answerMs = this.answerMs === Infinity ? ms : this.answerMs * 0.9 + ms * 0.1;
  }

  private takeId(): number {
    const id = this.nextId;
    this.nextId = this.nextId >= 0xfffffffe ? 1 : this.nextId + 1;
    return id;
  }

  ping(): void {
    this.pingSeq = (this.pingSeq + 1) >>> 0;
    this.send(encodeFrame(FrameType.PING, this.pingSeq));
  }

  drain(): void {
    this.send(encodeFrame(FrameType.DRAIN, 0));
  }

  destroy(): void {
    this.sock.destroy();
  }

  /**
   * Fails what is in flight after the worker died. With a FIFO worker only the oldest
   * `capacity` requests can have started (answers it wrote before dying were already read);
   * the younger ones get NotStartedError so the dispatcher can send them elsewhere.
   */
  failAll(err: Error): { failed: number; notStarted: number } {
    if (this.pending.size === 0) return { failed: 0, notStarted: 0 };
    const all = this.pending.entries().map((e) => e[1]);
    this.pending.clear();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    let notStarted = 0;
    all.forEach((p, i) => {
      if (this.fifo && i >= this.capacity && !p.batch) {
        notStarted++;
        p.reject(new NotStartedError(err.message));
      } else p.reject(err);
    });
    this.ev.settled();
    return { failed: all.length, notStarted };
  }

  /**
   * Frames written in one turn of the event loop leave in one system call: corked until the
   * loop's check phase, so the requests of every HTTP connection that was readable in this
   * poll go out together (a nextTick would flush after each connection's callback).
   */
  private send(buf: Buffer): void {
    if (this.sock.destroyed) return;
    if (!this.corked) {
      this.corked = true;
      this.sock.cork();
      setImmediate(this.flush);
    }
    this.sock.write(buf);
  }

  private readonly flush = (): void => {
    this.corked = false;
    this.sock.uncork();
  };

  private onFrame(f: Frame): void {
    switch (f.type) {
      case FrameType.RESPONSE: {
        const p = this.untrack(f.id);
        if (!p) return; // cancelled or already timed out
        this.observe(p);
        const { status, body } = decodeResponse(f.payload);
        // A RESPONSE to a batch id would be a worker bug; the cast is safe because ids are unique.
        if (f.flags & FLAG_ERROR) p.resolve({ status, body, error: body.toString("utf8") || "processor error" });
        else p.resolve({ status, body });
        this.ev.settled();
        return;
      }
      case FrameType.BATCH_RESPONSE: {
        const p = this.untrack(f.id);
        if (!p) return;
        this.observe(p);
        p.resolve(decodeBatchResponse(f.payload).map((r) => (r.error ? { status: r.status, body: r.body, error: r.body.toString("utf8") || "processor error" } : { status: r.status, body: r.body })));
        this.ev.settled();
        return;
      }
      case FrameType.PONG:
        return;
      case FrameType.HELLO: {
        const info = parseJson(f.payload) as unknown as HelloInfo;
        if (info.protocol !== 1) {
          this.ev.protocolError(this, `worker speaks protocol ${String(info.protocol)}, this server speaks 1`);
          this.sock.destroy();
          return;
        }
        if (typeof info.worker_threads === "number" && info.worker_threads >= 1) this.capacity = Math.floor(info.worker_threads);
        this.fifo = info.fifo === true;
        this.ev.hello(this, info);
        return;
      }
      case FrameType.READY:
        this.ready = true;
        this.ev.ready(this);
        return;
      case FrameType.INIT_ERROR: {
        const e = parseJson(f.payload) as { error?: string };
        this.ev.initError(this, typeof e.error === "string" ? e.error : "initialize() failed");
        return;
      }
      case FrameType.GOODBYE:
        this.ready = false;
        return;
      default:
        this.ev.protocolError(this, `unexpected frame type ${f.type}`);
    }
  }
}

function parseJson(b: Buffer): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(b.toString("utf8"));
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
