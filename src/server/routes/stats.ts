// Admin API: recent traffic per service, for the console's list and charts.
import type { FastifyInstance } from "fastify";
import type { ServiceManager } from "../../control/service-manager.js";
import type { Gateway } from "../../gateway/gateway.js";
import type { GatewayMetrics } from "../../gateway/metrics.js";

export function registerStatsRoutes(app: FastifyInstance, m: ServiceManager, gateway: Gateway, metrics: GatewayMetrics): void {
  app.get("/api/v1/stats", async () => ({
    time: new Date().toISOString(),
    services: m.list().map((row) => {
      const d = gateway.route(row.name)?.dispatcher.stats();
      return { ...metrics.recent.snapshot(row.name), in_flight: d?.inFlight ?? 0, queued: d?.queued ?? 0 };
    }),
  }));
}
