// The spec's autoscaler acting on real traffic: a real server (short tick and scale-down
// delay), a Python service with {"min": 1, "max": 3, "strategies": {"qps": 10}}.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, startTestServer, type TestServer } from "../helpers/server.js";

interface Svc {
  status: string;
  instance: number;
  running_instances: number;
  token: string;
}
interface Ev {
  reason: string;
  message: string;
}

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ autoscale: { tickMs: 200, downDelayMs: 1500 } });
});
afterAll(async () => {
  await t?.close();
});

/** Creates an echo service with this autoscaler; resolves once it is Running. */
async function createScaled(name: string, autoscaler: Record<string, unknown>, running = 1): Promise<Svc> {
  const created = await t.admin<Svc>("POST", "/api/v1/services", {
    name,
    processor_type: "python",
    processor_path: fixture("processors", "echo"),
    metadata: { instance: 1 },
    autoscaler,
  });
  expect(created.status).toBe(201);
  await t.waitFor(`${name} Running with ${running}`, async () => {
    const s = await svc(name);
    return s.status === "Running" && s.running_instances === running ? s : undefined;
  }, 40_000);
  return created.json;
}

const svc = async (name: string) => (await t.admin<Svc>("GET", `/api/v1/services/${name}`)).json;
const events = async (name: string) => (await t.admin<{ events: Ev[] }>("GET", `/api/v1/services/${name}/events`)).json.events;

describe("autoscaler", () => {
  it("adds instances under load, up to max, and removes them when the load is gone", async () => {
    const created = await createScaled("auto", { min: 1, max: 3, strategies: { qps: 10 } });
    const auth = { authorization: created.token };

    // ~60 requests/s until the service has 3 running instances (the 10 s traffic window needs ~5 s).
    let stop = false;
    let failed = 0;
    const load = (async () => {
      while (!stop) {
        const batch = await Promise.all(Array.from({ length: 6 }, () => t.predict("auto", "x", auth)));
        failed += batch.filter((r) => r.status !== 200).length;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const up = await t.waitFor("3 running instances", async () => {
      const s = await svc("auto");
      return s.instance === 3 && s.running_instances === 3 ? s : undefined;
    }, 40_000);
    stop = true;
    await load;
    expect(up.instance).toBe(3);
    expect(failed).toBe(0);
    const scaledUp = (await events("auto")).filter((e) => e.reason === "Autoscaled");
    expect(scaledUp.length).toBeGreaterThan(0);
    expect(scaledUp[0]!.message).toMatch(/^autoscaler: instances 1 → [23]: [\d.]+ req\/s at 10 req\/s per instance/);

    // No traffic: the window empties, and after the scale-down delay it is back to min.
    const down = await t.waitFor("back to 1 instance", async () => {
      const s = await svc("auto");
      return s.instance === 1 && s.running_instances === 1 ? s : undefined;
    }, 40_000);
    expect(down.status).toBe("Running");
    expect((await events("auto")).some((e) => e.reason === "Autoscaled" && /→ 1: .*\(min 1\)$/.test(e.message))).toBe(true);
  }, 120_000);

  it("enforces min without a qps strategy and says an unsupported strategy is ignored", async () => {
    await createScaled("floor", { min: 2, max: 4, strategies: { cpu: 80 } }, 2);
    const ev = await events("floor");
    expect(ev.find((e) => e.reason === "AutoscalerNote")?.message).toBe('autoscaler strategy "cpu" is not supported by Easel (only qps); it is ignored');
    expect(ev.find((e) => e.reason === "Autoscaled")?.message).toBe("autoscaler: instances 1 → 2: no qps strategy (min 2)");
    // Scaled to 0 by hand: paused, not brought back to min.
    expect((await t.admin("PUT", "/api/v1/services/floor", { metadata: { instance: 0 } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500)); // several ticks
    expect((await svc("floor")).instance).toBe(0);
  }, 60_000);
});
