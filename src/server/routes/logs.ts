// Admin API: instance logs, as text. `follow=1` keeps the response open and streams
// new lines until the client goes away.
import { PassThrough } from "node:stream";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { ServiceManager } from "../../control/service-manager.js";
import { ApiError } from "../../control/errors.js";
import { followLog, logFileFor, readLogTail } from "../../runtime/local/index.js";
import { clampInt } from "./services.js";

export function registerLogRoutes(app: FastifyInstance, m: ServiceManager, logRoot: string): void {
  app.get<{ Params: { name: string }; Querystring: { instance?: string; tail?: string; follow?: string } }>(
    "/api/v1/services/:name/logs",
    async (req, reply) => {
      const row = m.get(req.params.name);
      const tail = clampInt(req.query.tail, 200, 0, 100_000);
      let instances = m.instances(row.name);
      if (req.query.instance !== undefined) {
        const idx = clampInt(req.query.instance, 0, 0, 10_000);
        instances = instances.filter((s) => s.index === idx);
        if (instances.length === 0) throw new ApiError("InstanceNotFound", `service "${row.name}" has no instance ${idx}`);
      }
      const dir = join(logRoot, row.name);
      const many = instances.length > 1;
      const prefix = (id: string) => (many ? `[${id}] ` : "");
      const out = new PassThrough();
      reply.header("content-type", "text/plain; charset=utf-8");
      for (const s of instances) {
        for (const line of await readLogTail(logFileFor(dir, s.id), tail)) out.write(`${prefix(s.id)}${line}\n`);
      }
      if (req.query.follow !== "1" && req.query.follow !== "true") {
        out.end();
        return reply.send(out);
      }
      const ac = new AbortController();
      req.raw.on("close", () => ac.abort());
      for (const s of instances) followLog(logFileFor(dir, s.id), (line) => out.write(`${prefix(s.id)}${line}\n`), ac.signal);
      ac.signal.addEventListener("abort", () => out.end());
      return reply.send(out);
    },
  );
}
