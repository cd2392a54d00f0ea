// Service status words and messages derived from what is wanted and what runs.
import { describe, expect, it } from "vitest";
import { deriveStatus } from "../../src/control/status.js";
import type { InstanceStatus } from "../../src/runtime/types.js";
import type { ServiceRow } from "../../src/store/index.js";

const row = (p: Partial<ServiceRow> = {}): ServiceRow => ({
  name: "s", status: "Running", message: "", desired: "running", instance: 1, current_version: 1, created_at: "", updated_at: "", ...p,
});
const inst = (p: Partial<InstanceStatus> = {}): InstanceStatus => ({
  id: "s-v1-0", service: "s", version: 1, index: 0, state: "starting", restarts: 0, consecutiveFailures: 0, outstanding: 0, capacity: 5, ...p,
});
const derive = (r: ServiceRow, instances: InstanceStatus[], prepareError?: string) =>
  deriveStatus({ row: r, instances, servingVersion: 1, rolloutVersion: undefined, prepareError, failedAfter: 3 });

describe("deriveStatus", () => {
  it("Creating until the first instance is ready, then Running", () => {
    expect(derive(row({ status: "Creating" }), [inst()]).status).toBe("Creating");
    expect(derive(row(), [inst({ state: "ready", readyAt: "t" })])).toEqual({ status: "Running", message: "" });
  });

  it("an instance killed after it was ready: still Running, with a message saying what happened", () => {
    const s = derive(row(), [inst({ state: "starting", restarts: 1, lastExit: { code: null, signal: "SIGKILL", at: "t", stderrTail: [] } })]);
    expect(s.status).toBe("Running");
    expect(s.message).toBe("0/1 instance(s) ready: instance s-v1-0 restarting after it was killed by SIGKILL");
  });

  it("Failed with the processor's own error after repeated failed starts", () => {
    const s = derive(row({ status: "Creating" }), [inst({ restarts: 3, consecutiveFailures: 3, lastExit: { code: 1, signal: null, at: "t", stderrTail: [], error: "RuntimeError: model missing" } })]);
    expect(s).toEqual({ status: "Failed", message: "instances of version 1 keep failing: RuntimeError: model missing" });
  });

  it("Stopping while instances drain, Stopped after; a bad package is Failed with its reason", () => {
    expect(derive(row({ desired: "stopped" }), [inst({ state: "draining" })]).status).toBe("Stopping");
    expect(derive(row({ desired: "stopped" }), []).status).toBe("Stopped");
    expect(derive(row(), [], "processor_path: unsafe archive")).toEqual({ status: "Failed", message: "processor_path: unsafe archive" });
  });

  it("partially ready says how many", () => {
    const s = derive(row({ instance: 3 }), [inst({ state: "ready", readyAt: "t" }), inst({ index: 1 }), inst({ index: 2 })]);
    expect(s).toEqual({ status: "Running", message: "1/3 instance(s) ready" });
  });
});
