// JSON shapes of the admin API as the client sees them (docs/admin-api.md). Where the
// server defines the shape, it is imported as a type only: erased at build, so the CLI
// still never loads server code.
import type { InstanceView } from "../server/views.js";
import type { ServiceStatus } from "../store/types.js";

export type { ServiceStatus };
export type Instance = InstanceView;

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
