// Admin API: services, versions, events, instances.
import type { FastifyInstance } from "fastify";
import type { ServiceManager } from "../../control/service-manager.js";
import { ApiError } from "../../control/errors.js";
import type { Store } from "../../store/index.js";
import { instanceView, serviceView } from "../views.js";

interface NameParams {
  name: string;
}

export function registerServiceRoutes(app: FastifyInstance, m: ServiceManager, store: Store, baseUrl: () => string): void {
  const view = (name: string) => serviceView(m, m.get(name), baseUrl());

  app.get("/api/v1/services", async () => ({ services: m.list().map((row) => serviceView(m, row, baseUrl())) }));

  app.post("/api/v1/services", async (req, reply) => {
    const row = await m.create(req.body);
    reply.code(201);
    return view(row.name);
  });

  app.get<{ Params: NameParams }>("/api/v1/services/:name", async (req) => view(req.params.name));

  app.put<{ Params: NameParams }>("/api/v1/services/:name", async (req) => {
    await m.update(req.params.name, req.body);
    return view(req.params.name);
  });

  app.delete<{ Params: NameParams }>("/api/v1/services/:name", async (req) => {
    await m.delete(req.params.name);
    return { name: req.params.name, status: "Deleted" };
  });

  app.post<{ Params: NameParams }>("/api/v1/services/:name/start", async (req) => {
    await m.setDesired(req.params.name, "running");
    return view(req.params.name);
  });

  app.post<{ Params: NameParams }>("/api/v1/services/:name/stop", async (req) => {
    await m.setDesired(req.params.name, "stopped");
    return view(req.params.name);
  });

  app.get<{ Params: NameParams }>("/api/v1/services/:name/versions", async (req) => {
    const row = m.get(req.params.name);
    return {
      versions: store.versions.list(row.name).map((v) => ({
        version: v.version,
        created_at: v.created_at,
        note: v.note,
        current: v.version === row.current_version,
        spec: v.spec,
      })),
    };
  });

  app.post<{ Params: NameParams & { version: string } }>("/api/v1/services/:name/versions/:version/activate", async (req) => {
    const v = Number(req.params.version);
    if (!Number.isInteger(v) || v < 1) throw new ApiError("InvalidVersion", `version must be a positive integer, got "${req.params.version}"`);
    await m.activateVersion(req.params.name, v);
    return view(req.params.name);
  });

  app.get<{ Params: NameParams; Querystring: { limit?: string; after?: string } }>("/api/v1/services/:name/events", async (req) => {
    m.get(req.params.name);
    const limit = clampInt(req.query.limit, 100, 1, 1000);
    const afterId = req.query.after === undefined ? undefined : clampInt(req.query.after, 0, 0, Number.MAX_SAFE_INTEGER);
    return { events: store.events.list(req.params.name, { limit, afterId }) };
  });

  app.get<{ Params: NameParams }>("/api/v1/services/:name/instances", async (req) => ({
    instances: m.instances(req.params.name).map(instanceView),
  }));
}

export function clampInt(v: string | undefined, dflt: number, min: number, max: number): number {
  if (v === undefined || v === "") return dflt;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new ApiError("InvalidQuery", `expected an integer, got "${v}"`);
  return Math.min(max, Math.max(min, n));
}
