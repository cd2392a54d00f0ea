// Acts on a spec's `autoscaler` ({"min", "max", "strategies": {"qps": N}}), as EAS's horizontal
// autoscaler does: every tick, the instance count a service needs is its recent requests/s
// divided by N (requests/s one instance should take), kept within [min, max]. Up at once;
// down only to the highest count needed during the last `downDelayMs`, so a lull of a few
// seconds does not tear down instances that the next burst needs (the Kubernetes HPA's
// stabilization window). Without a qps strategy, only min and max are enforced.
import type { AutoscalerConfig } from "../spec/types.js";

export interface AutoscaledService {
  name: string;
  /** Current desired instance count. */
  instance: number;
  autoscaler: AutoscalerConfig;
}

export interface AutoscalerDeps {
  /** Running services that have an autoscaler (stopped or updating ones are left alone). */
  services(): AutoscaledService[];
  /** The service's requests per second, recent average. */
  rps(name: string): number;
  scale(name: string, instances: number, why: string): Promise<void>;
  /** Something the user should know once (an unsupported strategy). */
  note(name: string, message: string): void;
  now?: () => number;
}

export interface AutoscalerOptions {
  tickMs: number;
  downDelayMs: number;
}

/** Strategies Easel acts on; others (EAS also has cpu) are reported once and ignored. */
const SUPPORTED = new Set(["qps"]);

/** The instance count the load asks for right now (before the scale-down delay). */
export function wantedInstances(cfg: AutoscalerConfig, rps: number, current: number): number {
  const qps = cfg.strategies?.qps;
  const raw = qps !== undefined && qps > 0 ? Math.ceil(rps / qps) : current;
  return Math.min(cfg.max, Math.max(cfg.min, raw));
}

export class Autoscaler {
  private timer?: NodeJS.Timeout;
  private running = false;
  /** Per service: recent recommendations (time, count), for the scale-down window. */
  private readonly history = new Map<string, { at: number; n: number }[]>();
  private readonly noted = new Set<string>();

  constructor(
    private readonly d: AutoscalerDeps,
    private readonly opts: AutoscalerOptions,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.opts.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One pass over the services; exported for tests. Never throws (a failed scale is retried next tick). */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const now = (this.d.now ?? Date.now)();
      const seen = new Set<string>();
      for (const s of this.d.services()) {
        seen.add(s.name);
        this.noteUnsupported(s);
        const rps = this.d.rps(s.name);
        const wanted = wantedInstances(s.autoscaler, rps, s.instance);
        const recent = (this.history.get(s.name) ?? []).filter((h) => h.at > now - this.opts.downDelayMs);
        recent.push({ at: now, n: wanted });
        this.history.set(s.name, recent);
        const target = wanted >= s.instance ? wanted : Math.max(...recent.map((h) => h.n));
        if (target === s.instance) continue;
        try {
          await this.d.scale(s.name, target, this.why(s, rps, target));
        } catch {
          /* deleted or changed meanwhile: the next tick sees the new state */
        }
      }
      for (const name of this.history.keys()) if (!seen.has(name)) this.history.delete(name);
    } finally {
      this.running = false;
    }
  }

  private why(s: AutoscaledService, rps: number, target: number): string {
    const { min, max, strategies } = s.autoscaler;
    const qps = strategies?.qps;
    const load = qps ? `${round(rps)} req/s at ${qps} req/s per instance` : "no qps strategy";
    const bound = target === min ? ` (min ${min})` : target === max ? ` (max ${max})` : "";
    return `autoscaler: instances ${s.instance} → ${target}: ${load}${bound}`;
  }

  private noteUnsupported(s: AutoscaledService): void {
    for (const k of Object.keys(s.autoscaler.strategies ?? {})) {
      const key = `${s.name}/${k}`;
      if (SUPPORTED.has(k) || this.noted.has(key)) continue;
      this.noted.add(key);
      this.d.note(s.name, `autoscaler strategy "${k}" is not supported by Easel (only qps); it is ignored`);
    }
  }
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
