import { describe, expect, it } from "vitest";
import { Autoscaler, wantedInstances, type AutoscaledService } from "../../src/control/autoscaler.js";

describe("wantedInstances", () => {
  const cfg = { min: 1, max: 4, strategies: { qps: 10 } };
  it("divides the load by the per-instance qps, within min and max", () => {
    expect(wantedInstances(cfg, 0, 3)).toBe(1);
    expect(wantedInstances(cfg, 10, 1)).toBe(1);
    expect(wantedInstances(cfg, 10.5, 1)).toBe(2);
    expect(wantedInstances(cfg, 35, 1)).toBe(4);
    expect(wantedInstances(cfg, 500, 1)).toBe(4);
  });
  it("without a qps strategy only clamps the current count", () => {
    expect(wantedInstances({ min: 2, max: 3 }, 1000, 1)).toBe(2);
    expect(wantedInstances({ min: 2, max: 3 }, 0, 5)).toBe(3);
    expect(wantedInstances({ min: 2, max: 3, strategies: { cpu: 80 } }, 0, 2)).toBe(2);
  });
});

describe("Autoscaler", () => {
  function harness(autoscaler: AutoscaledService["autoscaler"], instance = 1) {
    let now = 0;
    let rps = 0;
    const svc: AutoscaledService = { name: "s", instance, autoscaler };
    const scaled: { n: number; why: string }[] = [];
    const notes: string[] = [];
    const a = new Autoscaler(
      {
        services: () => [{ ...svc }],
        rps: () => rps,
        scale: async (_n, n, why) => {
          scaled.push({ n, why });
          svc.instance = n;
        },
        note: (_n, m) => notes.push(m),
        now: () => now,
      },
      { tickMs: 1000, downDelayMs: 10_000 },
    );
    return {
      a,
      svc,
      scaled,
      notes,
      at: async (t: number, r: number) => {
        now = t;
        rps = r;
        await a.tick();
      },
    };
  }

  it("scales up at once and says why", async () => {
    const h = harness({ min: 1, max: 5, strategies: { qps: 10 } });
    await h.at(0, 5);
    expect(h.scaled).toEqual([]);
    await h.at(1000, 42);
    expect(h.svc.instance).toBe(5);
    expect(h.scaled[0]!.why).toBe("autoscaler: instances 1 → 5: 42 req/s at 10 req/s per instance (max 5)");
  });

  it("scales down only to the highest count needed during the delay", async () => {
    const h = harness({ min: 1, max: 5, strategies: { qps: 10 } }, 4);
    await h.at(0, 38); // needs 4
    await h.at(1000, 5); // needs 1: too soon
    expect(h.svc.instance).toBe(4);
    await h.at(6000, 25); // needs 3
    await h.at(10_500, 5); // the 4 has left the window; 3 is still in it
    expect(h.svc.instance).toBe(3);
    await h.at(17_000, 5); // the 3 has left the window too
    expect(h.svc.instance).toBe(1);
    expect(h.scaled.map((s) => s.n)).toEqual([3, 1]);
    expect(h.scaled[1]!.why).toMatch(/instances 3 → 1: 5 req\/s at 10 req\/s per instance \(min 1\)/);
  });

  it("enforces min and max without a qps strategy, and notes an unsupported strategy once", async () => {
    const h = harness({ min: 2, max: 3, strategies: { cpu: 70 } }, 1);
    await h.at(0, 0);
    await h.at(1000, 0);
    expect(h.svc.instance).toBe(2);
    expect(h.scaled[0]!.why).toBe("autoscaler: instances 1 → 2: no qps strategy (min 2)");
    expect(h.notes).toEqual(['autoscaler strategy "cpu" is not supported by Easel (only qps); it is ignored']);
  });

  it("keeps going when a scale fails", async () => {
    let calls = 0;
    const a = new Autoscaler(
      {
        services: () => [{ name: "x", instance: 1, autoscaler: { min: 2, max: 2 } }],
        rps: () => 0,
        scale: async () => {
          calls++;
          throw new Error("gone");
        },
        note: () => undefined,
      },
      { tickMs: 1000, downDelayMs: 0 },
    );
    await a.tick();
    await a.tick();
    expect(calls).toBe(2);
  });
});
