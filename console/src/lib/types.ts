// JSON shapes of the admin API (docs/admin-api.md, src/server/views.ts).
export type ServiceStatus = "Creating" | "Running" | "Updating" | "Stopping" | "Stopped" | "Failed" | "Deleting";

export interface Instance {
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

export interface Service {
  name: string;
  status: ServiceStatus | string;
  message: string;
  desired: "running" | "stopped" | string;
  instance: number;
  running_instances: number;
  endpoint: string;
  token: string;
  version: number;
  create_time: string;
  update_time: string;
  processor: string;
  config: Record<string, unknown>;
  unknown_fields: string[];
  instances?: Instance[];
}

export interface ServiceEvent {
  id: number;
  /** The store row calls it `at`; docs/admin-api.md says `time`: accept both. */
  at?: string;
  time?: string;
  level: string;
  reason: string;
  message: string;
  instance?: string | null;
}

export interface ServiceVersion {
  version: number;
  created_at: string;
  /** "created" or "modified". */
  note: string;
  current: boolean;
  /** The spec (app.json) this version was made from. */
  spec: Record<string, unknown>;
}

export interface ServiceStats {
  name: string;
  requests_per_second: number;
  errors_per_second: number;
  p50_ms: number | null;
  p99_ms: number | null;
  total_requests: number;
  total_errors: number;
  in_flight: number;
  queued: number;
}

export interface StatsResponse {
  time: string;
  services: ServiceStats[];
}

export interface Issue {
  path: string;
  message: string;
}

export interface BlobAnswer {
  sha256: string;
  size: number;
  target_path: string;
}
