// `easel deploy MODEL_FILE`: the built-in processor from the extension, upload, create,
// wait until Running, endpoint and token — run as a user would against a real server.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/index.js";
import { ensureBuilt } from "./build.js";
import { REPO, runCli } from "./helpers.js";

let server: RunningServer;
let home: string;
let work: string;
const easel = (args: string[]) => runCli(args, { env: { EASEL_HOME: home }, cwd: work });

const setosa = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
const virginica = { sepal_length: 7.1, sepal_width: 3.0, petal_length: 5.9, petal_width: 2.1 };

beforeAll(async () => {
  ensureBuilt();
  home = mkdtempSync(join(tmpdir(), "easel-deploy-home-"));
  work = mkdtempSync(join(tmpdir(), "easel-deploy-work-"));
  server = await startServer({ home, port: 0, logLevel: "silent" });
  copyFileSync(join(REPO, "test/fixtures/pmml/iris_tree.pmml"), join(work, "iris_tree.pmml"));
  copyFileSync(join(REPO, "test/fixtures/pmml/diabetes_linreg.pmml"), join(work, "Diabetes.PMML"));
}, 180_000);

afterAll(async () => {
  await server?.close();
  for (const d of [home, work]) if (d) rmSync(d, { recursive: true, force: true });
});

describe("easel deploy", () => {
  it("uploads a .pmml, creates a pmml service, waits until running, prints endpoint and token", async () => {
    const r = await easel(["deploy", "iris_tree.pmml", "--name", "iris"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[OK\] Uploaded iris_tree\.pmml → easel:\/\/blobs\/[0-9a-f]{64}/);
    expect(r.stdout).toMatch(/\|\s+Endpoint \| http:\/\/127\.0\.0\.1:\d+\/api\/predict\/iris/);
    expect(r.stdout).toMatch(/\|\s+Token \| \S+/);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("[OK] Service is running");

    const desc = JSON.parse((await easel(["desc", "iris", "--json"])).stdout) as { config: Record<string, unknown>; token: string; endpoint: string };
    expect(desc.config).toMatchObject({ processor: "pmml", model_entry: "iris_tree.pmml" });
    expect(String(desc.config.model_path)).toMatch(/^easel:\/\/blobs\/[0-9a-f]{64}$/);
    const res = await fetch(desc.endpoint, { method: "POST", headers: { authorization: desc.token }, body: JSON.stringify([setosa, virginica]) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { species: string }[]).map((x) => x.species)).toEqual(["setosa", "virginica"]);
  });

  it("--json prints name, endpoint, token, status; --instances sets the count; the extension is case-insensitive", async () => {
    const r = await easel(["deploy", "Diabetes.PMML", "--name", "diabetes", "--instances", "2", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(j).sort()).toEqual(["endpoint", "name", "status", "token"]);
    expect(j).toMatchObject({ name: "diabetes", status: "Running" });
    expect(String(j.endpoint)).toMatch(/\/api\/predict\/diabetes$/);
    const desc = JSON.parse((await easel(["desc", "diabetes", "--json"])).stdout) as { instance: number; running_instances: number };
    expect(desc).toMatchObject({ instance: 2, running_instances: 2 });
    const p = await easel(["predict", "diabetes", "-d", JSON.stringify({ age: 0.03, sex: 0.05, bmi: 0.06, bp: 0.02, s1: -0.04, s2: -0.03, s3: -0.04, s4: 0.0, s5: 0.02, s6: -0.02 })]);
    expect(p.code, p.stderr).toBe(0);
    expect(Object.values(JSON.parse(p.stdout) as Record<string, unknown>).some((v) => typeof v === "number")).toBe(true);
  });

  it("without --name, the service is named after the file", async () => {
    const r = await easel(["deploy", "iris_tree.pmml", "--json", "--no-wait"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: "iris_tree" });
    expect((await easel(["delete", "iris_tree"])).code).toBe(0);
  });

  it("refuses an unknown extension, listing the supported ones; a missing file and a bad --instances are one line each", async () => {
    writeFileSync(join(work, "model.pkl"), "not a model");
    const r = await easel(["deploy", "model.pkl", "--name", "pkl"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^easel: cannot tell which built-in processor serves model\.pkl: supported model files are \.pmml \(pmml\), \.onnx \(onnx\)/);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect((await easel(["deploy", "nope.pmml", "--name", "x"])).stderr).toBe("easel: nope.pmml does not exist\n");
    expect((await easel(["deploy", "iris_tree.pmml", "--instances", "0"])).stderr).toMatch(/^easel: --instances expects a whole number of at least 1, got "0"\n$/);
  });

  it("a model the processor cannot load fails the service with its reason, exit 1", async () => {
    writeFileSync(join(work, "broken.pmml"), "<PMML>not really</PMML>");
    const r = await easel(["deploy", "broken.pmml", "--name", "broken"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\[FAILED\] Service failed: /);
  }, 60_000);
});
