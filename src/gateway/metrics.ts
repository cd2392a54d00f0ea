// Prometheus metrics of the data plane. Label children are cached per service so
// the hot path does a Map lookup instead of prom-client's label hashing.
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { DispatchObserver } from "./dispatcher.js";
import { TrafficStats } from "./stats.js";

export class GatewayMetrics {
  private readonly requests: Counter<"service" | "code">;
  private readonly latency: Histogram<"service">;
  private readonly queueWait: Histogram<"service">;
  private readonly batchSize: Histogram<"service">;
  /** Recent traffic for the console (GET /api/v1/stats). */
  readonly recent = new TrafficStats();
  private readonly cache = new Map<string, { byCode: Map<number, Counter.Internal>; latency: Histogram.Internal<"service"> }>();

  constructor(registry: Registry, queueDepth: (service: string) => number, services: () => string[]) {
    this.requests = new Counter({ name: "easel_requests_total", help: "Predict requests by service and HTTP status", labelNames: ["service", "code"], registers: [registry] });
    this.latency = new Histogram({
      name: "easel_request_duration_seconds",
      help: "Predict latency seen by the gateway",
      labelNames: ["service"],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.queueWait = new Histogram({
      name: "easel_queue_wait_seconds",
      help: "Time a request waited in the gateway queue before an instance took it",
      labelNames: ["service"],
      buckets: [0, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    });
    this.batchSize = new Histogram({
      name: "easel_batch_size",
      help: "Requests per batch frame (rpc.batching)",
      labelNames: ["service"],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128],
      registers: [registry],
    });
    new Gauge({
      name: "easel_queue_depth",
      help: "Requests waiting for a free instance",
      labelNames: ["service"],
      registers: [registry],
      collect() {
        for (const s of services()) this.set({ service: s }, queueDepth(s));
      },
    });
  }

  observe(service: string, code: number, seconds: number): void {
    let c = this.cache.get(service);
    if (!c) {
      c = { byCode: new Map(), latency: this.latency.labels(service) };
      this.cache.set(service, c);
    }
    let counter = c.byCode.get(code);
    if (!counter) {
      counter = this.requests.labels(service, String(code));
      c.byCode.set(code, counter);
    }
    counter.inc();
    c.latency.observe(seconds);
    this.recent.record(service, seconds * 1000, code >= 400);
  }

  /** The dispatcher's hooks for one service (label children resolved once). */
  dispatchObserver(service: string): DispatchObserver {
    const wait = this.queueWait.labels(service);
    const size = this.batchSize.labels(service);
    return { queueWait: (s) => wait.observe(s), batch: (n) => size.observe(n) };
  }

  forget(service: string): void {
    this.cache.delete(service);
    this.recent.forget(service);
    this.requests.remove({ service });
    this.latency.remove({ service });
    this.queueWait.remove({ service });
    this.batchSize.remove({ service });
  }
}
