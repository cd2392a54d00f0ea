// Health that tells the truth: /readyz counts live instances only.
import type { FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import type { ServiceManager } from "../../control/service-manager.js";

export function registerHealthRoutes(app: FastifyInstance, m: ServiceManager, registry: Registry): void {
  app.get("/healthz", async () => ({ status: "ok" }));

  app.get("/readyz", async (_req, reply) => {
    const notReady: string[] = [];
    for (const row of m.list()) {
      if (row.desired !== "running" || row.instance === 0) continue;
      if (!m.instances(row.name).some((s) => s.state === "ready")) notReady.push(row.name);
    }
    if (notReady.length > 0) reply.code(503);
    return { status: notReady.length ? "not ready" : "ready", services_without_ready_instance: notReady };
  });

  app.get("/metrics", async (_req, reply) => {
    reply.header("content-type", registry.contentType);
    return registry.metrics();
  });
}
