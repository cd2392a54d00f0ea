// The data plane's registry of routable services. The control plane tells it which
// tokens and rpc settings a service has and which instances serve it; the predict
// handler asks it where a request goes.
import type { RpcConfig } from "../spec/types.js";
import type { InstanceHandle } from "../runtime/types.js";
import { Dispatcher, type DispatchObserver } from "./dispatcher.js";
import { GatewayError } from "./errors.js";
import { RateLimiter } from "./rate-limiter.js";

export interface RouteConfig {
  tokens: string[];
  rpc: RpcConfig;
}

export class ServiceRoute {
  tokens: Buffer[] = [];
  rpc!: RpcConfig;
  limiter!: RateLimiter;
  readonly dispatcher: Dispatcher;
  readonly resource: string;

  constructor(readonly name: string, config: RouteConfig, observer?: DispatchObserver) {
    this.resource = `/api/predict/${name}`;
    this.dispatcher = new Dispatcher(config.rpc.max_queue_size, observer);
    this.configure(config);
  }

  configure(config: RouteConfig): void {
    this.tokens = config.tokens.map((t) => Buffer.from(t));
    if (!this.rpc || this.rpc.rate_limit !== config.rpc.rate_limit) this.limiter = new RateLimiter(config.rpc.rate_limit);
    this.rpc = config.rpc;
    this.dispatcher.setMaxQueue(config.rpc.max_queue_size);
    this.dispatcher.setRetryOnCrash(config.rpc.retry_on_crash);
    this.dispatcher.setBatching({ enabled: config.rpc.batching, maxBatch: config.rpc.max_batch_size, timeoutMs: config.rpc.max_batch_timeout });
  }
}

export class Gateway {
  private readonly routes = new Map<string, ServiceRoute>();

  /** `observe(service)` gives each new route's dispatcher somewhere to report (metrics). */
  constructor(private readonly observe?: (service: string) => DispatchObserver) {}

  route(name: string): ServiceRoute | undefined {
    return this.routes.get(name);
  }

  services(): string[] {
    return [...this.routes.keys()];
  }

  upsert(name: string, config: RouteConfig): ServiceRoute {
    let r = this.routes.get(name);
    if (r) r.configure(config);
    else {
      r = new ServiceRoute(name, config, this.observe?.(name));
      this.routes.set(name, r);
    }
    return r;
  }

  setInstances(name: string, instances: InstanceHandle[]): void {
    this.routes.get(name)?.dispatcher.setInstances(instances);
  }

  remove(name: string): void {
    const r = this.routes.get(name);
    if (!r) return;
    this.routes.delete(name);
    r.dispatcher.failAll(new GatewayError("ServiceNotFound", `service "${name}" was deleted`));
  }
}
