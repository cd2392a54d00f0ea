// Serves the web console (console/dist, built by `npm install`) at "/". Unknown GET
// paths outside the APIs fall back to index.html so client-side routes survive a reload.
import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

export async function registerConsole(app: FastifyInstance, repoRoot: string): Promise<boolean> {
  const root = join(repoRoot, "console", "dist");
  if (!existsSync(join(root, "index.html"))) {
    app.get("/", async (_req, reply) =>
      reply.type("text/plain").send("The Easel console is not built: run `npm run build` in the Easel folder.\n"),
    );
    return false;
  }
  await app.register(fastifyStatic, { root, prefix: "/", wildcard: false, index: ["index.html"] });
  app.get("/*", async (req, reply) => {
    if (req.url.startsWith("/api/")) return reply.code(404).send({ code: "NotFound", message: `no route GET ${req.url}` });
    return reply.sendFile("index.html");
  });
  return true;
}
