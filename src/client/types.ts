// JSON shapes of the admin API as the client sees them (docs/admin-api.md). Kept here,
// not imported from the server, so the CLI never loads server code.

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
  instance: number;
  running_instances: number;
  endpoint: string;
  token: string;
  version: number;
  create_time: string;
  update_time: string;
  processor?: string;
  config: Record<string, unknown>;
  unknown_fields?: string[];
  instances?: Instance[];
}

export interface ServiceVersion {
  version: number;
  created_at: string;
  current: boolean;
  note?: string;
  spec: Record<string, unknown>;
}

export interface ServiceEvent {
  id: number;
  at: string;
  level: string;
  reason: string;
  message: string;
  instance?: string | null;
}

export interface BlobUpload {
  sha256: string;
  size: number;
  target_path: string;
}

export interface ApiIssue {
  path: string;
  message: string;
}

export interface LogOptions {
  instance?: number;
  tail?: number;
  follow?: boolean;
  signal?: AbortSignal;
}
