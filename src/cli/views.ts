// How services, instances, versions and events look in the terminal (tables) and
// under --json (the keys VISION §3 fixes).
import type { Instance, Service, ServiceEvent, ServiceVersion } from "../client/index.js";
import { formatKeyValue, formatTable } from "./format/table.js";
import { formatTime } from "./format/values.js";

export function servicePath(s: Service): string {
  try {
    return new URL(s.endpoint).pathname;
  } catch {
    return `/api/predict/${s.name}`;
  }
}

export function listTable(services: Service[]): string {
  return formatTable(
    ["ServiceName", "Instance", "CreateTime", "UpdateTime", "Status", "ServicePath"],
    services.map((s) => [s.name, s.instance, formatTime(s.create_time), formatTime(s.update_time), s.status, servicePath(s)]),
    { alignRight: [1] },
  );
}

export function endpointTable(s: Service): string {
  return formatKeyValue([
    ["Endpoint", s.endpoint],
    ["Token", s.token],
  ]);
}

export function descJson(s: Service) {
  return {
    name: s.name,
    status: s.status,
    message: s.message,
    instance: s.instance,
    running_instances: s.running_instances,
    endpoint: s.endpoint,
    token: s.token,
    version: s.version,
    create_time: s.create_time,
    update_time: s.update_time,
    processor: s.processor,
    config: s.config,
    unknown_fields: s.unknown_fields ?? [],
    instances: s.instances ?? [],
  };
}

export function descText(s: Service): string {
  const meta = (s.config.metadata ?? {}) as Record<string, unknown>;
  const pairs: [string, string | number | undefined][] = [
    ["Name", s.name],
    ["Status", s.status],
    ["Message", s.message || undefined],
    ["Instance", s.instance],
    ["RunningInstance", s.running_instances],
    ["Version", s.version],
    ["Processor", s.processor],
    ["Autoscaler", autoscalerText(s.config.autoscaler)],
    ["Region", typeof meta.region === "string" && meta.region ? meta.region : undefined],
    ["CreateTime", formatTime(s.create_time)],
    ["UpdateTime", formatTime(s.update_time)],
    ["Endpoint", s.endpoint],
    ["AccessToken", s.token],
    ["ServiceConfig", JSON.stringify(s.config, null, 2)],
  ];
  const parts = [formatKeyValue(pairs.filter((p): p is [string, string | number] => p[1] !== undefined))];
  if (s.unknown_fields && s.unknown_fields.length > 0) {
    parts.push(`Unknown fields (kept, not used): ${s.unknown_fields.join(", ")}`);
  }
  if (s.instances && s.instances.length > 0) parts.push("Instances:", instancesTable(s.instances, true));
  return parts.join("\n");
}

/** The spec's autoscaler in words (undefined when there is none: scaling is manual). */
function autoscalerText(a: unknown): string | undefined {
  if (typeof a !== "object" || a === null) return undefined;
  const { min, max, strategies } = a as { min?: unknown; max?: unknown; strategies?: Record<string, unknown> };
  if (typeof min !== "number" || typeof max !== "number") return undefined;
  const qps = strategies?.qps;
  return `${min}..${max} instances${typeof qps === "number" ? `, ${qps} req/s per instance` : ""}`;
}

/** `eascmd w` columns; `withErrors` adds the last error text (desc). */
export function instancesTable(instances: Instance[], withErrors = false): string {
  const headers = ["Name", "Version", "Pid", "StartedAt", "Restarts", "Status", "Ready", "LastState"];
  if (withErrors) headers.push("LastError");
  return formatTable(
    headers,
    instances.map((i) => {
      const row = [i.id, i.version, i.pid ?? "", formatTime(i.started_at), i.restarts, i.state, i.ready ? "1/1" : "0/1", i.last_state];
      if (withErrors) row.push(i.last_error);
      return row;
    }),
    { alignRight: [1, 2, 4] },
  );
}

export function versionsTable(versions: ServiceVersion[]): string {
  return formatTable(
    ["Version", "CreateTime", "Current", "Note", "Processor"],
    versions.map((v) => [v.version, formatTime(v.created_at), v.current ? "*" : "", v.note ?? "", processorOf(v.spec)]),
    { alignRight: [0] },
  );
}

export function eventsTable(events: ServiceEvent[]): string {
  return formatTable(
    ["Time", "Level", "Reason", "Instance", "Message"],
    events.map((e) => [formatTime(e.at), e.level, e.reason, e.instance ?? "", e.message]),
  );
}

function processorOf(spec: Record<string, unknown>): string {
  if (typeof spec.processor === "string") return spec.processor;
  const type = typeof spec.processor_type === "string" ? spec.processor_type : "";
  const path = typeof spec.processor_path === "string" ? spec.processor_path : "";
  return [type, path].filter(Boolean).join(" ");
}
