// Per-service queue and routing: each request goes to the ready instance with the
// fewest requests in flight (each takes up to rpc.worker_threads at once); when all
// are busy it waits in a bounded FIFO (rpc.max_queue_size, else 450) until its
// deadline (rpc.keepalive, else 408). A request dropped from the queue is never run.
// With rpc.batching, queued requests leave together: up to rpc.max_batch_size per worker
// slot, once the batch is full or its oldest request has waited rpc.max_batch_timeout ms.
// A request whose instance dies under it runs once more elsewhere, within its deadline:
// always when it had not started, and when it had unless rpc.retry_on_crash is false.
import { DeadlineExceededError, InstanceCrashedError, NotStartedError, type InstanceHandle, type InvokeRequest, type InvokeResult } from "../runtime/types.js";
import { GatewayError } from "./errors.js";

interface Waiting {
  req: InvokeRequest;
  resolve: (r: InvokeResult) => void;
  reject: (e: unknown) => void;
  done: boolean;
  at: number;
}

/** Placeholder for dequeued slots (same shape as live entries, so the array stays monomorphic). */
const DONE: Waiting = { req: { requestId: "", path: "", body: Buffer.alloc(0), deadline: 0 }, resolve: () => undefined, reject: () => undefined, done: true, at: 0 };

/** Requests already resent once after their instance died (weak: nothing to clean up). */
const retried = new WeakSet<InvokeRequest>();

/** Deadline check granularity: a queued request past rpc.keepalive is answered 408 within this. */
const SWEEP_MS = 20;

/** Where the dispatcher reports what it did (Prometheus histograms in GatewayMetrics). */
export interface DispatchObserver {
  /** Seconds a request waited in this queue before it was sent to an instance (0 when none). */
  queueWait(seconds: number): void;
  /** Size of a batch sent as one frame. */
  batch(size: number): void;
}

export interface BatchConfig {
  enabled: boolean;
  maxBatch: number;
  timeoutMs: number;
}

export interface DispatcherStats {
  queued: number;
  inFlight: number;
}

export class Dispatcher {
  private instances: InstanceHandle[] = [];
  private queue: Waiting[] = [];
  private head = 0;
  private queued = 0;
  private inFlight = 0;
  private batch: BatchConfig = { enabled: false, maxBatch: 1, timeoutMs: 0 };
  private batchTimer?: NodeJS.Timeout;
  /** One timer for every queued deadline (not one per request: the hot path makes many). */
  private sweepTimer?: NodeJS.Timeout;
  private rr = 0;
  private retryStarted = true;

  constructor(
    private maxQueue: number,
    private readonly observer?: DispatchObserver,
  ) {}

  setBatching(b: BatchConfig): void {
    this.batch = b.enabled && b.maxBatch > 1 ? b : { enabled: false, maxBatch: 1, timeoutMs: 0 };
    this.pump();
  }

  setMaxQueue(n: number): void {
    this.maxQueue = n;
  }

  /** rpc.retry_on_crash: run a request again when its instance died while processing it. */
  setRetryOnCrash(on: boolean): void {
    this.retryStarted = on;
  }

  setInstances(instances: InstanceHandle[]): void {
    this.instances = instances;
    this.pump();
  }

  stats(): DispatcherStats {
    return { queued: this.queued, inFlight: this.inFlight };
  }

  submit(req: InvokeRequest): Promise<InvokeResult> {
    if (!this.batch.enabled) {
      const inst = this.pick();
      // Beyond its threads an instance may prefetch, but what waits there counts against the queue.
      if (inst && (inst.outstanding() < inst.capacity() || this.waiting() < this.maxQueue)) {
        this.observer?.queueWait(0);
        return this.run(inst, req);
      }
    }
    if (!this.instances.some((i) => i.status().state === "ready")) {
      return Promise.reject(new GatewayError("NoReadyInstance", this.noReadyMessage()));
    }
    if (this.waiting() >= this.maxQueue) {
      return Promise.reject(
        new GatewayError("QueueFull", `request queue is full (rpc.max_queue_size=${this.maxQueue}); every instance is busy`),
      );
    }
    return new Promise<InvokeResult>((resolve, reject) => {
      const w: Waiting = { req, resolve, reject, done: false, at: Date.now() };
      this.queue.push(w);
      this.queued++;
      this.sweepTimer ??= setInterval(() => this.sweep(), SWEEP_MS);
      if (this.batch.enabled) this.pump();
    });
  }

  /** Fail everything still queued (service deleted or stopped). */
  failAll(err: GatewayError): void {
    for (let i = this.head; i < this.queue.length; i++) {
      const w = this.queue[i]!;
      if (w.done) continue;
      w.done = true;
      w.reject(err);
    }
    this.queue = [];
    this.head = 0;
    this.queued = 0;
  }

  private noReadyMessage(): string {
    if (this.instances.length === 0) return "service has no instance running (stopped, or scaled to 0)";
    const states = this.instances.map((i) => i.status().state).join(", ");
    return `no ready instance (instances: ${states})`;
  }

  /** Requests waiting for a thread: in this queue, and prefetched inside instances. */
  private waiting(): number {
    let n = this.queued;
    for (const inst of this.instances) {
      const w = inst.outstanding() - inst.capacity();
      if (w > 0) n += w;
    }
    return n;
  }

  private pick(): InstanceHandle | undefined {
    // Least outstanding; ties rotate, so light sequential traffic still reaches every instance.
    const list = this.instances;
    const n = list.length;
    let best: InstanceHandle | undefined;
    let bestLoad = Infinity;
    const start = this.rr++ % (n || 1);
    for (let k = 0; k < n; k++) {
      const inst = list[(start + k) % n]!;
      if (!inst.available()) continue;
      const load = inst.outstanding();
      if (load < bestLoad) {
        best = inst;
        bestLoad = load;
      }
    }
    return best;
  }


  private run(inst: InstanceHandle, req: InvokeRequest): Promise<InvokeResult> {
    this.inFlight++;
    let p: Promise<InvokeResult>;
    try {
      p = inst.invoke(req);
    } catch (e) {
      p = Promise.reject(e);
    }
    return p.then(
      (r) => {
        this.inFlight--;
        this.pump();
        return r;
      },
      (e: unknown) => {
        this.inFlight--;
        this.pump();
        if (this.mayRetry(e, req)) {
          retried.add(req);
          return this.submit(req);
        }
        throw this.finalError(e, req);
      },
    );
  }

  private runBatch(inst: InstanceHandle, batch: Waiting[]): void {
    this.inFlight++;
    if (this.observer) {
      const now = Date.now();
      this.observer.batch(batch.length);
      for (const w of batch) this.observer.queueWait((now - w.at) / 1000);
    }
    let p: Promise<InvokeResult[]>;
    try {
      p = inst.invokeBatch(batch.map((w) => w.req));
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(
      (results) => {
        this.inFlight--;
        batch.forEach((w, i) => {
          const r = results[i];
          if (r) w.resolve(r);
          else w.reject(new InstanceCrashedError(`the processor answered ${results.length} of ${batch.length} batched requests`));
        });
        this.pump();
      },
      (e: unknown) => {
        this.inFlight--;
        for (const w of batch) {
          if (this.mayRetry(e, w.req)) {
            retried.add(w.req);
            this.submit(w.req).then(w.resolve, w.reject);
          } else {
            w.reject(this.finalError(e, w.req));
          }
        }
        this.pump();
      },
    );
  }

  /**
   * Once per request, within its deadline: one that never started (the worker takes requests
   * in order, so the ones past its threads had not), or one whose instance died while running
   * it (a prediction is expected to be a pure function; rpc.retry_on_crash=false turns it off
   * for processors with side effects). A request that kills every instance it reaches costs
   * at most two instances: it is not retried twice.
   */
  private mayRetry(e: unknown, req: InvokeRequest): boolean {
    return this.retriable(e) && !retried.has(req) && req.deadline > Date.now();
  }

  /** The failure is of a kind that is run again (given it was not already and time remains). */
  private retriable(e: unknown): boolean {
    return e instanceof NotStartedError || (this.retryStarted && e instanceof InstanceCrashedError);
  }

  /** The error the caller sees (502) when a request is not run again: says why not. */
  private finalError(e: unknown, req: InvokeRequest): Error {
    if (e instanceof DeadlineExceededError) return e;
    const msg = e instanceof Error ? e.message : String(e);
    if (retried.has(req)) return new InstanceCrashedError(`${msg} (the request had already been retried once after its first instance died)`);
    if (this.retriable(e)) return new InstanceCrashedError(`${msg} (not retried: its rpc.keepalive deadline had passed)`);
    return e instanceof InstanceCrashedError ? e : new InstanceCrashedError(msg);
  }

  /** Takes the next live waiting entries, up to n. */
  private take(n: number): Waiting[] {
    const out: Waiting[] = [];
    while (out.length < n && this.head < this.queue.length) {
      const w = this.queue[this.head]!;
      // Drop the slot's reference now: a served entry kept alive until compaction would be
      // promoted to the old generation, and old-space collections are the p99 tail (docs/bench.md).
      this.queue[this.head++] = DONE;
      if (w.done) continue;
      w.done = true;
      this.queued--;
      out.push(w);
    }
    return out;
  }

  private oldestWaiting(): Waiting | undefined {
    for (let i = this.head; i < this.queue.length; i++) if (!this.queue[i]!.done) return this.queue[i];
    return undefined;
  }

  private pumpBatches(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    while (this.queued > 0) {
      const oldest = this.oldestWaiting();
      if (!oldest) break;
      const waited = Date.now() - oldest.at;
      if (this.queued < this.batch.maxBatch && waited < this.batch.timeoutMs) {
        this.batchTimer = setTimeout(() => this.pump(), this.batch.timeoutMs - waited);
        break;
      }
      const inst = this.pick();
      if (!inst) break;
      this.runBatch(inst, this.take(this.batch.maxBatch));
    }
  }

  private pump(): void {
    if (this.batch.enabled) {
      this.pumpBatches();
      this.compact();
      return;
    }
    while (this.queued > 0) {
      const inst = this.pick();
      if (!inst) return;
      const w = this.queue[this.head]!;
      // Drop the slot's reference now: a served entry kept alive until compaction would be
      // promoted to the old generation, and old-space collections are the p99 tail (docs/bench.md).
      this.queue[this.head++] = DONE;
      if (w.done) continue;
      w.done = true;
      this.queued--;
      this.observer?.queueWait((Date.now() - w.at) / 1000);
      this.run(inst, w.req).then(w.resolve, w.reject);
    }
    this.compact();
  }

  /** Answers 408 to queued requests past their deadline; they are never run. */
  private sweep(): void {
    const now = Date.now();
    for (let i = this.head; i < this.queue.length; i++) {
      const w = this.queue[i]!;
      if (w.done || w.req.deadline > now) continue;
      w.done = true;
      this.queued--;
      w.reject(new DeadlineExceededError("deadline passed while waiting in the queue (rpc.keepalive)"));
    }
    this.compact();
  }

  private compact(): void {
    // Nothing live is queued (taken or timed out): reset so the array does not grow forever.
    if (this.queued === 0) {
      this.queue = [];
      this.head = 0;
      if (this.sweepTimer) clearInterval(this.sweepTimer);
      this.sweepTimer = undefined;
    } else if (this.head > 1024) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
