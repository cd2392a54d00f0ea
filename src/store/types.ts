// Rows as the store returns them. Field names follow the admin API's JSON.
export type ServiceStatus = "Creating" | "Running" | "Updating" | "Stopping" | "Stopped" | "Failed" | "Deleting";
export type Desired = "running" | "stopped";

export interface ServiceRow {
  name: string;
  status: ServiceStatus;
  /** Why the service is in this state, in words ("" when nothing to say). */
  message: string;
  desired: Desired;
  /** Desired instance count (scaling changes it without a new version). */
  instance: number;
  current_version: number;
  created_at: string;
  updated_at: string;
}

export interface VersionRow {
  service: string;
  version: number;
  /** The raw spec as stored (unknown fields kept). */
  spec: Record<string, unknown>;
  note: string;
  created_at: string;
}

export interface TokenRow {
  service: string;
  token: string;
  created_at: string;
}

export type EventLevel = "info" | "warning" | "error";

export interface EventRow {
  id: number;
  service: string;
  at: string;
  level: EventLevel;
  reason: string;
  message: string;
  instance: string | null;
}

export interface NewEvent {
  service: string;
  level: EventLevel;
  reason: string;
  message: string;
  instance?: string;
}

export interface AccessKeyRow {
  id: string;
  secret: string;
  created_at: string;
}
