// The built-in onnx processor against Python onnxruntime on models built here (onnx
// helper graph, skl2onnx logistic regression): in process, and deployed behind the
// gateway with the simple JSON form and the Open Inference Protocol v2 form.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOnnxProcessor } from "../../src/processors/onnx/index.js";
import { normalizeOutput, type Processor } from "../../src/processors/types.js";
import { ensureBuilt } from "../cli/build.js";
import { REPO, startTestServer, type TestServer } from "../helpers/server.js";

type Case = { input: Record<string, number[][]>; outputs: Record<string, unknown> };
const PY = join(REPO, ".venv-onnx", "bin", "python");
let dir: string;
let expected: Record<string, Case[]>;

beforeAll(async () => {
  if (!existsSync(PY)) throw new Error(`${PY} is missing: run "bash scripts/test.sh" (it creates .venv-onnx from requirements-onnx.txt)`);
  dir = mkdtempSync(join(tmpdir(), "easel-onnx-"));
  await promisify(execFile)(PY, [join(REPO, "test", "fixtures", "onnx", "make_models.py"), dir], { timeout: 120_000 });
  expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as Record<string, Case[]>;
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Same values to float32 precision, ints exact, same nesting. */
function expectClose(got: unknown, want: unknown, path = "$"): void {
  if (Array.isArray(want)) {
    expect(Array.isArray(got), path).toBe(true);
    expect((got as unknown[]).length, path).toBe(want.length);
    want.forEach((w, i) => expectClose((got as unknown[])[i], w, `${path}[${i}]`));
  } else if (typeof want === "number") {
    expect(typeof got, path).toBe("number");
    expect(Math.abs((got as number) - want), path).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want)));
  } else expect(got, path).toEqual(want);
}

async function call(p: Processor, body: unknown) {
  const r = normalizeOutput(await p.process(Buffer.from(JSON.stringify(body))));
  return { status: r.status, json: JSON.parse(r.body.toString()) as Record<string, unknown> };
}

describe("onnx processor, in process", () => {
  for (const model of ["linear", "iris"]) {
    it(`${model}: simple JSON matches Python onnxruntime`, async () => {
      const p = await createOnnxProcessor(join(dir, `${model}.onnx`));
      await p.initialize?.();
      for (const c of expected[model]!) {
        const r = await call(p, c.input);
        expect(r.status).toBe(200);
        expectClose(r.json, c.outputs);
      }
    });
  }

  it("v2 (Open Inference Protocol) requests and responses", async () => {
    const p = await createOnnxProcessor(join(dir, "iris.onnx"));
    await p.initialize?.();
    const c = expected.iris![0]!;
    const [name, rows] = Object.entries(c.input)[0]!;
    const r = await call(p, { id: "r1", inputs: [{ name, shape: [rows.length, 4], datatype: "FP32", data: rows.flat() }] });
    expect(r.status).toBe(200);
    expect(r.json.model_name).toBe("iris");
    expect(r.json.id).toBe("r1");
    const outs = r.json.outputs as { name: string; shape: number[]; datatype: string; data: unknown[] }[];
    for (const o of outs) {
      const want = c.outputs[o.name] as unknown[];
      expect(o.shape[0]).toBe(rows.length);
      expectClose(o.data, want.flat());
    }
    expect(outs.find((o) => o.name === "label")?.datatype).toBe("INT64");
  });

  it("answers 400 naming the problem", async () => {
    const p = await createOnnxProcessor(join(dir, "linear.onnx"));
    await p.initialize?.();
    expect((await call(p, {})).json.error).toMatch(/missing input "x".*FP32\[/);
    expect((await call(p, { x: [[1, 2, 3, 4]], y: 1 })).json.error).toMatch(/unknown input "y"/);
    expect((await call(p, { x: [[1, 2], [3]] })).json.error).toMatch(/ragged/);
    expect((await call(p, { x: [[1, "a", 3, 4]] })).json.error).toMatch(/element 1 is "a", expected a number/);
    expect((await call(p, { inputs: [{ name: "x", shape: [1, 4], datatype: "INT32", data: [1, 2, 3, 4] }] })).json.error).toMatch(/model expects FP32/);
    expect((await call(p, { inputs: [{ name: "x", shape: [2, 4], datatype: "FP32", data: [1, 2, 3, 4] }] })).json.error).toMatch(/holds 8 elements, data has 4/);
    const wrongRank = await call(p, { x: [1, 2, 3, 4] });
    expect(wrongRank.status).toBe(400);
    expect(wrongRank.json.error).toMatch(/inference failed/);
  });

  it("a file that is not a model fails initialize with ORT's message", async () => {
    const p = await createOnnxProcessor(join(dir, "expected.json"));
    await expect(p.initialize?.()).rejects.toThrow();
  });
});

describe("onnx processor, deployed", () => {
  let t: TestServer;
  beforeAll(async () => {
    ensureBuilt(); // instances run the built worker (dist/)
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("a model file is enough: create with processor onnx, call with plain HTTP in both forms", async () => {
    const created = await t.admin<{ token: string }>("POST", "/api/v1/services", { name: "iris_onnx", processor: "onnx", model_path: join(dir, "iris.onnx"), metadata: { instance: 1 } });
    expect(created.status).toBe(201);
    await t.waitFor("running", async () => ((await t.admin<{ status: string }>("GET", "/api/v1/services/iris_onnx")).json.status === "Running" ? true : undefined), 30_000);
    const auth = { authorization: created.json.token };
    const c = expected.iris![2]!;
    const simple = await t.predict("iris_onnx", JSON.stringify(c.input), auth);
    expect(simple.status).toBe(200);
    expectClose(JSON.parse(simple.text), c.outputs);
    const [name, rows] = Object.entries(c.input)[0]!;
    const v2 = await t.predict("iris_onnx", JSON.stringify({ inputs: [{ name, shape: [rows.length, 4], datatype: "FP32", data: rows.flat() }], outputs: [{ name: "probabilities" }] }), auth);
    expect(v2.status).toBe(200);
    const body = JSON.parse(v2.text) as { outputs: { name: string; data: number[] }[] };
    expect(body.outputs.map((o) => o.name)).toEqual(["probabilities"]);
    expectClose(body.outputs[0]!.data, (c.outputs.probabilities as number[][]).flat());
    const bad = await t.predict("iris_onnx", "not json", auth);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/expected a JSON body/);
  }, 60_000);
});
