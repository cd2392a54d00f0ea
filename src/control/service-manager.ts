// The control plane: every admin operation on services goes through here. The store
// is the source of truth (what is wanted); ServiceRuntime makes it so; the gateway is
// told which tokens and instances each service has.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Gateway } from "../gateway/gateway.js";
import type { InstanceEvent, InstanceStatus, RuntimeDriver } from "../runtime/types.js";
import { classifyChange, mergeSpec, parseSpec } from "../spec/index.js";
import type { ServiceSpec } from "../spec/types.js";
import type { ServiceRow, ServiceStatus, Store } from "../store/index.js";
import { Artifacts } from "./artifacts.js";
import type { AutoscaledService } from "./autoscaler.js";
import { ApiError, notFound } from "./errors.js";
import { ServiceRuntime, type InstanceTemplate } from "./service-runtime.js";
import { deriveStatus } from "./status.js";

export interface ManagerDeps {
  store: Store;
  driver: RuntimeDriver;
  gateway: Gateway;
  artifacts: Artifacts;
  logDir: string;
  /** Folder relative paths in a spec are resolved against when the caller gives none. */
  cwd: string;
  /** Public base URL, for the endpoint shown to users. */
  baseUrl: () => string;
}

/** A consecutive-failure count at which a service that never got ready is called Failed. */
export const FAILED_AFTER = 3;

export class ServiceManager {
  private readonly runtimes = new Map<string, ServiceRuntime>();
  /** Last reason a service could not be prepared (bad package, unpack error). */
  private readonly prepareErrors = new Map<string, string>();
  private readonly pendingStatus = new Set<string>();

  constructor(private readonly d: ManagerDeps) {}

  // ---- queries ----

  get(name: string): ServiceRow {
    const row = this.d.store.services.get(name);
    if (!row) throw notFound(name);
    return row;
  }

  list(): ServiceRow[] {
    return this.d.store.services.list();
  }

  currentSpec(row: ServiceRow): { raw: Record<string, unknown>; spec: ServiceSpec } {
    const v = this.d.store.versions.get(row.name, row.current_version);
    if (!v) throw new ApiError("Internal", `service "${row.name}" has no version ${row.current_version}`);
    const parsed = parseSpec(v.spec);
    if (!parsed.ok) throw new ApiError("Internal", `stored spec of "${row.name}" v${row.current_version} no longer validates`);
    return { raw: parsed.raw, spec: parsed.spec };
  }

  instances(name: string): InstanceStatus[] {
    this.get(name);
    return this.runtimes.get(name)?.statuses() ?? [];
  }

  tokens(name: string): string[] {
    return this.d.store.tokens.list(name).map((t) => t.token);
  }

  // ---- commands ----

  async create(input: unknown, baseDir = this.d.cwd): Promise<ServiceRow> {
    const parsed = parseSpec(input);
    if (!parsed.ok) throw invalidSpec(parsed.issues);
    const name = parsed.spec.name;
    if (this.d.store.services.get(name)) throw new ApiError("ServiceExists", `service "${name}" already exists (use "easel modify ${name}" to change it)`);
    const raw = await this.ingest(parsed.raw, parsed.spec, baseDir);
    const token = parsed.spec.token ?? randomBytes(30).toString("base64url");
    const now = new Date().toISOString();
    this.d.store.transaction(() => {
      this.d.store.services.insert({
        name,
        status: "Creating",
        message: "starting instances",
        desired: "running",
        instance: parsed.spec.metadata.instance,
        current_version: 0,
        created_at: now,
        updated_at: now,
      });
      const version = this.d.store.versions.insert(name, raw, "created");
      this.d.store.services.update(name, { current_version: version });
      this.d.store.tokens.add(name, token);
      this.event(name, "info", "Created", `service created (version ${version}, ${parsed.spec.metadata.instance} instance(s))`);
    });
    await this.reconcile(name);
    return this.get(name);
  }

  /** Partial update (deep merge). Instances alone scale; anything else makes a new version. */
  async update(name: string, patch: unknown, baseDir = this.d.cwd): Promise<ServiceRow> {
    const row = this.get(name);
    if (!isObject(patch)) throw invalidSpec([{ path: "", message: "expected a JSON object (a partial app.json)" }]);
    const { raw: oldRaw, spec: oldSpec } = this.currentSpec(row);
    const base = { ...oldRaw, metadata: { ...(isObject(oldRaw.metadata) ? oldRaw.metadata : {}), instance: row.instance } };
    const merged = mergeSpec(base, patch);
    if (isObject(merged) && merged.name !== name) {
      throw invalidSpec([{ path: "name", message: `cannot rename a service (is "${name}", got ${JSON.stringify(merged.name)})` }]);
    }
    const parsed = parseSpec(merged);
    if (!parsed.ok) throw invalidSpec(parsed.issues);
    const kind = classifyChange({ ...oldSpec, metadata: { ...oldSpec.metadata, instance: row.instance } }, parsed.spec);
    if (kind === "none") return row;
    if (kind === "scale") {
      const n = parsed.spec.metadata.instance;
      this.d.store.services.update(name, { instance: n });
      const a = parsed.spec.autoscaler;
      const note = a ? ` (the autoscaler keeps it within ${a.min}..${a.max}${a.strategies?.qps ? ` and follows the load` : ""})` : "";
      this.event(name, "info", "Scaled", `instances ${row.instance} → ${n}${note}`);
    } else {
      const raw = await this.ingest(parsed.raw, parsed.spec, baseDir);
      this.d.store.transaction(() => {
        const version = this.d.store.versions.insert(name, raw, "modified");
        this.d.store.services.update(name, { current_version: version, instance: parsed.spec.metadata.instance });
        if (parsed.spec.token && !this.tokens(name).includes(parsed.spec.token)) {
          for (const t of this.tokens(name)) this.d.store.tokens.remove(name, t);
          this.d.store.tokens.add(name, parsed.spec.token);
        }
        this.event(name, "info", "NewVersion", `version ${version} created; rolling instances from version ${row.current_version}`);
      });
    }
    await this.reconcile(name);
    return this.get(name);
  }

  /** The autoscaler's scale: the instance count only, no new version (see autoscaler.ts). */
  async autoscale(name: string, instances: number, why: string): Promise<void> {
    const row = this.get(name);
    if (row.instance === instances) return;
    this.d.store.services.update(name, { instance: instances });
    this.event(name, "info", "Autoscaled", why);
    await this.reconcile(name);
  }

  /** Running services whose current version has an autoscaler (scaled to 0 by hand: paused, as the HPA does). */
  autoscaled(): AutoscaledService[] {
    const out: AutoscaledService[] = [];
    for (const row of this.list()) {
      if (row.desired !== "running" || row.status !== "Running" || row.instance === 0) continue;
      let autoscaler: ServiceSpec["autoscaler"];
      try {
        autoscaler = this.currentSpec(row).spec.autoscaler;
      } catch {
        continue;
      }
      if (autoscaler) out.push({ name: row.name, instance: row.instance, autoscaler });
    }
    return out;
  }

  /** An event from outside the manager (the autoscaler's notes). */
  note(name: string, level: "info" | "warning" | "error", reason: string, message: string): void {
    if (this.d.store.services.get(name)) this.event(name, level, reason, message);
  }

  async setDesired(name: string, desired: "running" | "stopped"): Promise<ServiceRow> {
    const row = this.get(name);
    if (row.desired !== desired) {
      this.d.store.services.update(name, { desired });
      this.event(name, "info", desired === "running" ? "Starting" : "Stopping", desired === "running" ? "service started" : "service stopped by user");
    }
    await this.reconcile(name);
    return this.get(name);
  }

  async activateVersion(name: string, version: number): Promise<ServiceRow> {
    const row = this.get(name);
    const v = this.d.store.versions.get(name, version);
    if (!v) throw new ApiError("VersionNotFound", `service "${name}" has no version ${version} (see "easel versions ${name}")`);
    if (row.current_version !== version) {
      this.d.store.services.update(name, { current_version: version });
      this.event(name, "info", "VersionSwitched", `switched from version ${row.current_version} to ${version}`);
    }
    await this.reconcile(name);
    return this.get(name);
  }

  async delete(name: string): Promise<void> {
    this.get(name);
    this.d.store.services.update(name, { status: "Deleting", message: "stopping instances" });
    this.d.gateway.remove(name);
    const rt = this.runtimes.get(name);
    this.runtimes.delete(name);
    await rt?.stopAll();
    this.d.store.services.delete(name);
    this.prepareErrors.delete(name);
  }

  /** Bring every stored service back (server start). */
  async recoverAll(): Promise<void> {
    for (const row of this.list()) {
      if (row.status === "Deleting") {
        this.d.store.services.delete(row.name);
        continue;
      }
      await this.reconcile(row.name).catch(() => undefined);
    }
  }

  async shutdown(graceMs: number): Promise<void> {
    await Promise.all([...this.runtimes.values()].map((r) => r.stopAll(graceMs)));
    this.runtimes.clear();
  }

  // ---- convergence ----

  async reconcile(name: string): Promise<void> {
    const row = this.get(name);
    const { spec } = this.currentSpec(row);
    this.d.gateway.upsert(name, { tokens: this.tokens(name), rpc: spec.metadata.rpc });
    let rt = this.runtimes.get(name);
    if (!rt) {
      rt = new ServiceRuntime(this.d.driver, {
        route: (instances) => this.d.gateway.setInstances(name, instances),
        changed: () => this.scheduleStatus(name),
        event: (e, s) => this.onInstanceEvent(name, e, s),
      });
      this.runtimes.set(name, rt);
    }
    const running = row.desired === "running";
    let template: InstanceTemplate;
    try {
      template = await this.template(row, spec);
      this.prepareErrors.delete(name);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      this.prepareErrors.set(name, msg);
      this.event(name, "error", "PrepareFailed", msg);
      this.scheduleStatus(name);
      return;
    }
    rt.apply({ running, version: row.current_version, count: row.instance, template });
    this.scheduleStatus(name);
  }

  private async template(row: ServiceRow, spec: ServiceSpec): Promise<InstanceTemplate> {
    let workdir: string | undefined;
    let modelDir: string | undefined;
    let modelFile: string | undefined;
    if (spec.processor.kind === "custom") workdir = await this.d.artifacts.materialize(spec.processor.path, "processor");
    if (spec.model_path) {
      const fileName = spec.model_entry ?? defaultModelFile(spec);
      modelDir = await this.d.artifacts.materialize(spec.model_path, fileName);
      modelFile = join(modelDir, fileName);
    }
    return {
      service: row.name,
      version: row.current_version,
      workdir,
      processor: spec.processor,
      modelDir,
      modelFile,
      rpc: spec.metadata.rpc,
      env: {},
      logDir: join(this.d.logDir, row.name),
    };
  }

  private scheduleStatus(name: string): void {
    if (this.pendingStatus.has(name)) return;
    this.pendingStatus.add(name);
    queueMicrotask(() => {
      this.pendingStatus.delete(name);
      this.refreshStatus(name);
    });
  }

  private refreshStatus(name: string): void {
    const row = this.d.store.services.get(name);
    if (!row || row.status === "Deleting") return;
    const rt = this.runtimes.get(name);
    const next = deriveStatus({
      row,
      instances: rt?.statuses() ?? [],
      servingVersion: rt?.servingVersion(),
      rolloutVersion: rt?.rolloutVersion(),
      prepareError: this.prepareErrors.get(name),
      failedAfter: FAILED_AFTER,
    });
    if (next.status !== row.status || next.message !== row.message) {
      this.d.store.services.update(name, { status: next.status, message: next.message });
      if (next.status !== row.status) {
        this.event(name, next.status === "Failed" ? "error" : "info", `Service${next.status}`, next.message || `service is ${next.status}`);
      }
    }
  }

  private onInstanceEvent(name: string, e: InstanceEvent, s: InstanceStatus): void {
    if (!this.d.store.services.get(name)) return;
    this.event(name, e.level, e.reason, e.message, s.id);
  }

  private event(service: string, level: "info" | "warning" | "error", reason: string, message: string, instance?: string): void {
    this.d.store.events.append({ service, level, reason, message, instance });
  }

  private async ingest(raw: Record<string, unknown>, spec: ServiceSpec, baseDir: string): Promise<Record<string, unknown>> {
    const out = { ...raw };
    if (spec.processor.kind === "custom") {
      out.processor_path = (await this.d.artifacts.ingest("processor_path", spec.processor.path, baseDir, false)).target;
    }
    if (spec.model_path) {
      const r = await this.d.artifacts.ingest("model_path", spec.model_path, baseDir, true);
      out.model_path = r.target;
      if (r.fileName && spec.model_entry === undefined) out.model_entry = r.fileName;
    }
    return out;
  }
}

function defaultModelFile(spec: ServiceSpec): string {
  return spec.processor.kind === "builtin" ? `model.${spec.processor.name}` : "model";
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function invalidSpec(issues: { path: string; message: string }[]): ApiError {
  const first = issues[0];
  const summary = first ? `${first.path || "spec"}: ${first.message}` : "invalid spec";
  return new ApiError("InvalidSpec", issues.length > 1 ? `${summary} (and ${issues.length - 1} more)` : summary, issues);
}

export type { ServiceStatus };
