// The contract between the control plane / gateway and whatever runs instances.
// "local" (child processes) implements it now; a Kubernetes driver will later.
import type { ProcessorRef, RpcConfig } from "../spec/types.js";

export interface InstanceConfig {
  service: string;
  version: number;
  /** 0-based ordinal inside the service; stable across restarts. */
  index: number;
  /** Unpacked processor folder: the instance's working directory. Absent for built-in processors. */
  workdir?: string;
  processor: ProcessorRef;
  /** Folder holding the service's unpacked model files (env MODEL_DIR). */
  modelDir?: string;
  /** For built-in processors: the model file inside modelDir to load. */
  modelFile?: string;
  rpc: RpcConfig;
  /** Extra environment for the process (PAI_ENDPOINT, MODEL_DIR, ... are set by the driver). */
  env: Record<string, string>;
  /** Folder where the driver writes this instance's logs (rotated). */
  logDir: string;
}

export type InstanceState = "starting" | "ready" | "draining" | "restarting" | "stopped";

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  at: string; // ISO time
  /** Last lines the process wrote to stderr before it exited. */
  stderrTail: string[];
  /** Error reported by the processor itself (e.g. initialize() raised), if any. */
  error?: string;
}

export interface InstanceStatus {
  id: string; // e.g. "<service>-v3-0"
  service: string;
  version: number;
  index: number;
  pid?: number;
  state: InstanceState;
  restarts: number;
  /** Failures in a row without reaching ready; reset once ready for a while. */
  consecutiveFailures: number;
  startedAt?: string;
  readyAt?: string;
  lastExit?: ExitInfo;
  outstanding: number;
  capacity: number;
}

export interface InvokeRequest {
  requestId: string;
  /** Sub-path after /api/predict/<service>, "" when none. */
  path: string;
  body: Buffer;
  /** Absolute deadline (Date.now() based). The worker drops work past it. */
  deadline: number;
}

export interface InvokeResult {
  status: number;
  body: Buffer;
  /** Set when the processor raised: its "<Type>: <message>" (the gateway answers 400 JSON). */
  error?: string;
}

/** Thrown by invoke() when the process died or the connection broke mid-request (HTTP 502). */
export class InstanceCrashedError extends Error {
  constructor(message: string, readonly exit?: ExitInfo) {
    super(message);
    this.name = "InstanceCrashedError";
  }
}

/**
 * Thrown by invoke() when the instance went away before it could have started the request
 * (it was still queued inside the worker): the dispatcher sends it to another instance.
 */
export class NotStartedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotStartedError";
  }
}

/** Thrown by invoke() when the deadline passed before an answer (HTTP 408). */
export class DeadlineExceededError extends Error {
  constructor(message = "deadline exceeded") {
    super(message);
    this.name = "DeadlineExceededError";
  }
}

export interface InstanceEvent {
  level: "info" | "warning" | "error";
  /** Short machine word: Started, Ready, Exited, Restarting, InitFailed, Stopped ... */
  reason: string;
  message: string;
}

export interface InstanceListener {
  onStatus(status: InstanceStatus): void;
  onEvent(event: InstanceEvent, status: InstanceStatus): void;
}

export interface InstanceHandle {
  readonly id: string;
  status(): InstanceStatus;
  /** True when ready and outstanding < capacity. */
  available(): boolean;
  /** Requests in flight right now (cheap: called on every routing decision). */
  outstanding(): number;
  /** Requests it runs at once (its workers' threads); beyond that, sent requests wait inside it. */
  capacity(): number;
  invoke(req: InvokeRequest): Promise<InvokeResult>;
  /** Several requests as one BATCH_REQUEST (dynamic batching); one result per request, in order. */
  invokeBatch(reqs: InvokeRequest[]): Promise<InvokeResult[]>;
  /** Stop restarting; drain in-flight requests up to graceMs, then kill. */
  stop(graceMs: number): Promise<void>;
}

export interface RuntimeDriver {
  readonly name: string;
  /** Start a supervised instance; the driver restarts it with back-off when it exits, until stop(). */
  start(config: InstanceConfig, listener: InstanceListener): InstanceHandle;
  /** Stop every instance (server shutdown). */
  shutdown(graceMs: number): Promise<void>;
}
