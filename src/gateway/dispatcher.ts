// Per-service queue and routing: each request goes to the ready instance with the
// fewest requests in flight (each takes up to rpc.worker_threads at once); when all
// are busy it waits in a bounded FIFO (rpc.max_queue_size, else 450) until its
// deadline (rpc.keepalive, else 408). A request dropped from the queue is never run.
import { DeadlineExceededError, InstanceCrashedError, type InstanceHandle, type InvokeRequest, type InvokeResult } from "../runtime/types.js";
import { GatewayError } from "./errors.js";

interface Waiting {
  req: InvokeRequest;
  resolve: (r: InvokeResult) => void;
  reject: (e: unknown) => void;
  timer: NodeJS.Timeout;
  done: boolean;
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

  constructor(private maxQueue: number) {}

  setMaxQueue(n: number): void {
    this.maxQueue = n;
  }

  setInstances(instances: InstanceHandle[]): void {
    this.instances = instances;
    this.pump();
  }

  stats(): DispatcherStats {
    return { queued: this.queued, inFlight: this.inFlight };
  }

  submit(req: InvokeRequest): Promise<InvokeResult> {
    const inst = this.pick();
    if (inst) return this.run(inst, req);
    if (!this.instances.some((i) => i.status().state === "ready")) {
      return Promise.reject(new GatewayError("NoReadyInstance", this.noReadyMessage()));
    }
    if (this.queued >= this.maxQueue) {
      return Promise.reject(
        new GatewayError("QueueFull", `request queue is full (rpc.max_queue_size=${this.maxQueue}); every instance is busy`),
      );
    }
    return new Promise<InvokeResult>((resolve, reject) => {
      const w: Waiting = { req, resolve, reject, done: false, timer: undefined as unknown as NodeJS.Timeout };
      w.timer = setTimeout(() => {
        if (w.done) return;
        w.done = true;
        this.queued--;
        reject(new DeadlineExceededError("deadline passed while waiting in the queue (rpc.keepalive)"));
      }, Math.max(0, req.deadline - Date.now()));
      this.queue.push(w);
      this.queued++;
    });
  }

  /** Fail everything still queued (service deleted or stopped). */
  failAll(err: GatewayError): void {
    for (let i = this.head; i < this.queue.length; i++) {
      const w = this.queue[i]!;
      if (w.done) continue;
      w.done = true;
      clearTimeout(w.timer);
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

  private pick(): InstanceHandle | undefined {
    let best: InstanceHandle | undefined;
    let bestLoad = Infinity;
    for (const inst of this.instances) {
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
        throw e instanceof InstanceCrashedError || e instanceof DeadlineExceededError ? e : new InstanceCrashedError(String(e));
      },
    );
  }

  private pump(): void {
    while (this.queued > 0) {
      const inst = this.pick();
      if (!inst) return;
      const w = this.queue[this.head++]!;
      if (w.done) continue;
      w.done = true;
      this.queued--;
      clearTimeout(w.timer);
      this.run(inst, w.req).then(w.resolve, w.reject);
    }
    // Nothing live is queued (taken or timed out): reset so the array does not grow forever.
    if (this.queued === 0) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
