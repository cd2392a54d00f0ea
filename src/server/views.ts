// JSON shapes of the admin API (docs/admin-api.md), shared by the CLI and the console.
import type { ServiceManager } from "../control/service-manager.js";
import type { InstanceStatus } from "../runtime/types.js";
import type { ServiceRow } from "../store/index.js";

export interface InstanceView {
  id: string;
  index: number;
  version: number;
  pid: number | null;
  state: string;
  ready: boolean;
  restarts: number;
  started_at: string | null;
  ready_at: string | null;
  last_state: string;
  last_error: string;
  outstanding: number;
}

export function instanceView(s: InstanceStatus): InstanceView {
  const e = s.lastExit;
  const lastState = e ? `${e.signal ? `killed by ${e.signal}` : `exited code=${e.code}`} at ${e.at}` : "";
  const lastError = e ? (e.error ?? e.stderrTail.filter((l) => l.trim()).slice(-5).join("\n")) : "";
  return {
    id: s.id,
    index: s.index,
    version: s.version,
    pid: s.pid ?? null,
    state: s.state,
    ready: s.state === "ready",
    restarts: s.restarts,
    started_at: s.startedAt ?? null,
    ready_at: s.readyAt ?? null,
    last_state: lastState,
    last_error: lastError,
    outstanding: s.outstanding,
  };
}

export function serviceView(m: ServiceManager, row: ServiceRow, baseUrl: string) {
  const { raw, spec } = m.currentSpec(row);
  const instances = m.instances(row.name).map(instanceView);
  const config = { ...raw, metadata: { ...(raw.metadata as Record<string, unknown> | undefined), instance: row.instance } };
  return {
    name: row.name,
    status: row.status,
    message: row.message,
    desired: row.desired,
    instance: row.instance,
    running_instances: instances.filter((i) => i.ready && i.version === row.current_version).length,
    endpoint: `${baseUrl}/api/predict/${row.name}`,
    token: m.tokens(row.name)[0] ?? "",
    version: row.current_version,
    create_time: row.created_at,
    update_time: row.updated_at,
    processor: spec.processor.kind === "builtin" ? spec.processor.name : spec.processor.type,
    config,
    unknown_fields: spec.unknown_fields,
    instances,
  };
}
