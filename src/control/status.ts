// A service's lifecycle state (EAS's words) derived from what is wanted and what runs,
// with a message that says why — the user should never have to guess.
import type { InstanceStatus } from "../runtime/types.js";
import type { ServiceRow, ServiceStatus } from "../store/index.js";

export interface StatusInput {
  row: ServiceRow;
  instances: InstanceStatus[];
  servingVersion: number | undefined;
  rolloutVersion: number | undefined;
  prepareError: string | undefined;
  failedAfter: number;
}

export function deriveStatus(i: StatusInput): { status: ServiceStatus; message: string } {
  const { row, instances } = i;
  if (row.desired === "stopped") {
    const alive = instances.filter((s) => s.state !== "stopped").length;
    return alive > 0 ? { status: "Stopping", message: `draining ${alive} instance(s)` } : { status: "Stopped", message: "stopped by user" };
  }
  if (i.prepareError) return { status: "Failed", message: i.prepareError };
  const target = row.current_version;
  const mine = instances.filter((s) => s.version === target);
  const ready = mine.filter((s) => s.state === "ready").length;
  const crashLooping = mine.length > 0 && ready === 0 && mine.every((s) => s.consecutiveFailures >= i.failedAfter);
  if (crashLooping) {
    const why = failureReason(mine);
    const still = i.servingVersion !== undefined && i.servingVersion !== target ? ` (version ${i.servingVersion} keeps serving)` : "";
    return { status: "Failed", message: `instances of version ${target} keep failing: ${why}${still}` };
  }
  if (row.instance === 0) return { status: "Running", message: "scaled to 0 instances" };
  if (i.rolloutVersion === target) {
    return { status: "Updating", message: `version ${target}: ${ready}/${row.instance} instance(s) ready; version ${i.servingVersion ?? "?"} serves meanwhile` };
  }
  if (ready >= row.instance) return { status: "Running", message: "" };
  if (ready > 0) return { status: "Running", message: `${ready}/${row.instance} instance(s) ready` };
  // An instance that was ready once and is restarting (restarts beyond its failed starts)
  // means a running service that lost capacity, not one being created.
  const everReady = mine.some((s) => s.readyAt !== undefined || s.restarts > s.consecutiveFailures);
  if (everReady) {
    return { status: "Running", message: `0/${row.instance} instance(s) ready: ${recovering(mine)}` };
  }
  return { status: "Creating", message: `waiting for instances: 0/${row.instance} ready` };
}

function recovering(instances: InstanceStatus[]): string {
  const s = instances.find((i) => i.lastExit);
  const e = s?.lastExit;
  if (!s || !e) return "instances starting";
  return `instance ${s.id} restarting after it ${e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`}`;
}

function failureReason(instances: InstanceStatus[]): string {
  for (const s of instances) {
    const e = s.lastExit;
    if (!e) continue;
    if (e.error) return e.error;
    const tail = e.stderrTail.filter((l) => l.trim() !== "").slice(-3).join(" | ");
    const how = e.signal ? `killed by ${e.signal}` : `exit code ${e.code}`;
    return tail ? `${how}: ${tail}` : how;
  }
  return "instances exit before they are ready";
}
