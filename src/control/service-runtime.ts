// The instances actually running for one service, and how they converge on what the
// store says is wanted. Versions roll: a new version's instances start and become
// ready while the old ones keep serving; routing then flips and the old ones drain.
import type { InstanceConfig, InstanceEvent, InstanceHandle, InstanceStatus, RuntimeDriver } from "../runtime/types.js";

/** What one version needs to start an instance (everything but the index). */
export type InstanceTemplate = Omit<InstanceConfig, "index">;

export interface Target {
  running: boolean;
  version: number;
  count: number;
  template: InstanceTemplate;
}

interface Generation {
  version: number;
  template: InstanceTemplate;
  instances: Map<number, InstanceHandle>;
}

export interface RuntimeHooks {
  /** Routing changed: these instances now take the service's traffic. */
  route(instances: InstanceHandle[]): void;
  /** Something changed that may change the service status. */
  changed(): void;
  event(e: InstanceEvent, status: InstanceStatus): void;
}

export const DRAIN_GRACE_MS = 10_000;

export class ServiceRuntime {
  private serving?: Generation;
  private next?: Generation;

  constructor(
    private readonly driver: RuntimeDriver,
    private readonly hooks: RuntimeHooks,
  ) {}

  /** Converge on the target. Returns once instances are started (not ready). */
  apply(target: Target): void {
    if (!target.running || target.count === 0) {
      this.retire(this.next);
      this.next = undefined;
      if (this.serving && target.running) {
        // Scaled to 0: keep the generation (version) but without instances.
        this.scale(this.serving, 0);
        this.serving.template = target.template;
      } else {
        this.retire(this.serving);
        this.serving = undefined;
      }
      this.publish();
      return;
    }
    if (!this.serving || this.serving.instances.size === 0 && this.serving.version !== target.version) {
      this.retire(this.serving);
      this.serving = this.generation(target);
      this.publish();
      return;
    }
    if (this.serving.version === target.version) {
      // Rolled back to the serving version mid-rollout: drop the half-started one.
      this.retire(this.next);
      this.next = undefined;
      this.serving.template = target.template;
      this.scale(this.serving, target.count);
      this.publish();
      return;
    }
    if (this.next && this.next.version === target.version) {
      this.scale(this.next, target.count);
    } else {
      this.retire(this.next);
      this.next = this.generation(target);
    }
    this.hooks.changed();
  }

  /** Every instance, serving first, then the rollout in progress. */
  statuses(): InstanceStatus[] {
    const out: InstanceStatus[] = [];
    for (const g of [this.serving, this.next]) if (g) for (const h of g.instances.values()) out.push(h.status());
    return out;
  }

  servingVersion(): number | undefined {
    return this.serving?.version;
  }

  rolloutVersion(): number | undefined {
    return this.next?.version;
  }

  async stopAll(graceMs = DRAIN_GRACE_MS): Promise<void> {
    const all = [this.serving, this.next];
    this.serving = this.next = undefined;
    this.hooks.route([]);
    await Promise.all(all.flatMap((g) => (g ? [...g.instances.values()].map((h) => h.stop(graceMs)) : [])));
  }

  private generation(target: Target): Generation {
    const g: Generation = { version: target.version, template: target.template, instances: new Map() };
    this.scale(g, target.count);
    return g;
  }

  private scale(g: Generation, count: number): void {
    for (let i = 0; i < count; i++) {
      if (!g.instances.has(i)) g.instances.set(i, this.startInstance(g, i));
    }
    for (const [i, h] of g.instances) {
      if (i >= count) {
        g.instances.delete(i);
        void h.stop(DRAIN_GRACE_MS).finally(() => this.hooks.changed());
      }
    }
  }

  private startInstance(g: Generation, index: number): InstanceHandle {
    return this.driver.start(
      { ...g.template, index },
      {
        onStatus: () => this.onInstanceChange(),
        onEvent: (e, s) => this.hooks.event(e, s),
      },
    );
  }

  private onInstanceChange(): void {
    const n = this.next;
    if (n && [...n.instances.values()].every((h) => h.status().state === "ready")) {
      const old = this.serving;
      this.serving = n;
      this.next = undefined;
      this.publish();
      this.retire(old);
      return;
    }
    this.hooks.changed();
  }

  private retire(g: Generation | undefined): void {
    if (!g) return;
    const handles = [...g.instances.values()];
    g.instances.clear();
    for (const h of handles) void h.stop(DRAIN_GRACE_MS).finally(() => this.hooks.changed());
  }

  private publish(): void {
    this.hooks.route(this.serving ? [...this.serving.instances.values()] : []);
    this.hooks.changed();
  }
}
