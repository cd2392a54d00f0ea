// The built-in onnx processor: ONNX Runtime (onnxruntime-node) in the instance process,
// so inference never blocks the gateway. Requests in two shapes:
//   simple: {"<input>": nested array | {"shape","data","datatype"}}  → {"<output>": nested array}
//   Open Inference Protocol v2: {"inputs":[{"name","shape","datatype","data"}], "outputs"?:[{"name"}]}
//     → {"model_name","id"?,"outputs":[{"name","shape","datatype","data"}]} (KServe/Triton clients)
import { basename } from "node:path";
import * as ort from "onnxruntime-node";
import type { Processor, ProcessOutput } from "../types.js";
import { fromV2, toJsonValues, toTypedData, toV2, type OrtType } from "./dtypes.js";
import { flatten, nest } from "./shapes.js";

interface InputSpec {
  name: string;
  type: OrtType;
  shape: readonly (number | string)[];
}

class RequestError extends Error {}

export class OnnxProcessor implements Processor {
  private session!: ort.InferenceSession;
  private inputs: InputSpec[] = [];
  private outputs: string[] = [];
  private readonly modelName: string;

  constructor(private readonly modelFile: string) {
    this.modelName = basename(modelFile).replace(/\.onnx$/i, "");
  }

  async initialize(): Promise<void> {
    this.session = await ort.InferenceSession.create(this.modelFile, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    this.inputs = this.session.inputMetadata.map((m) => {
      if (!m.isTensor) throw new Error(`model input "${m.name}" is not a tensor; only tensor inputs are supported`);
      return { name: m.name, type: m.type, shape: m.shape };
    });
    // Sequence/map outputs (e.g. skl2onnx's ZipMap) cannot be returned as tensors: serve the tensor ones.
    this.outputs = this.session.outputMetadata.filter((m) => m.isTensor).map((m) => m.name);
    if (this.outputs.length === 0) throw new Error("the model has no tensor output (export classifiers with zipmap=False)");
  }

  async process(data: Buffer): Promise<ProcessOutput> {
    let body: unknown;
    try {
      body = JSON.parse(data.toString("utf8"));
    } catch {
      return fail("expected a JSON body: {\"<input name>\": [[...]]} or an Open Inference Protocol request {\"inputs\": [...]}");
    }
    try {
      if (isObject(body) && Array.isArray(body.inputs)) return await this.v2(body);
      if (isObject(body)) return await this.simple(body);
      return fail(`expected a JSON object, got ${Array.isArray(body) ? "an array" : typeof body}`);
    } catch (e) {
      if (e instanceof RequestError) return fail(e.message);
      // ORT's own messages about shapes and types are the clearest thing we can say.
      return fail(`inference failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async simple(body: Record<string, unknown>): Promise<ProcessOutput> {
    const feeds: Record<string, ort.Tensor> = {};
    for (const inp of this.inputs) {
      const v = body[inp.name];
      if (v === undefined) throw new RequestError(`missing input "${inp.name}" (the model takes: ${this.describeInputs()})`);
      if (isObject(v) && "data" in v) feeds[inp.name] = this.tensorFromV2({ name: inp.name, ...v }, inp);
      else {
        const { shape, flat } = wrap(() => flatten(v, `input "${inp.name}"`));
        feeds[inp.name] = new ort.Tensor(inp.type, wrap(() => toTypedData(inp.type, flat, `input "${inp.name}"`)), shape);
      }
    }
    const unknown = Object.keys(body).filter((k) => !this.inputs.some((i) => i.name === k));
    if (unknown.length > 0) throw new RequestError(`unknown input ${unknown.map((u) => `"${u}"`).join(", ")} (the model takes: ${this.describeInputs()})`);
    const res = await this.session.run(feeds, this.outputs);
    const out: Record<string, unknown> = {};
    for (const name of this.outputs) {
      const t = res[name];
      if (t) out[name] = nest(toJsonValues(t.data, t.type), t.dims);
    }
    return [JSON.stringify(out), 200];
  }

  private async v2(body: Record<string, unknown>): Promise<ProcessOutput> {
    const feeds: Record<string, ort.Tensor> = {};
    for (const [i, raw] of (body.inputs as unknown[]).entries()) {
      if (!isObject(raw) || typeof raw.name !== "string") throw new RequestError(`inputs[${i}]: expected {"name","shape","datatype","data"}`);
      const spec = this.inputs.find((s) => s.name === raw.name);
      if (!spec) throw new RequestError(`inputs[${i}]: unknown input "${raw.name}" (the model takes: ${this.describeInputs()})`);
      feeds[spec.name] = this.tensorFromV2(raw, spec);
    }
    for (const s of this.inputs) if (!feeds[s.name]) throw new RequestError(`missing input "${s.name}" (the model takes: ${this.describeInputs()})`);
    let wanted = this.outputs;
    if (Array.isArray(body.outputs)) {
      wanted = body.outputs.map((o, i) => {
        const n = isObject(o) ? o.name : undefined;
        if (typeof n !== "string" || !this.outputs.includes(n)) throw new RequestError(`outputs[${i}]: unknown output ${JSON.stringify(n)} (the model gives: ${this.outputs.join(", ")})`);
        return n;
      });
    }
    const res = await this.session.run(feeds, wanted);
    const outputs = wanted.flatMap((name) => {
      const t = res[name];
      return t ? [{ name, shape: t.dims, datatype: toV2(t.type), data: toJsonValues(t.data, t.type) }] : [];
    });
    return [JSON.stringify({ model_name: this.modelName, ...(typeof body.id === "string" ? { id: body.id } : {}), outputs }), 200];
  }

  private tensorFromV2(raw: Record<string, unknown>, spec: InputSpec): ort.Tensor {
    const where = `input "${spec.name}"`;
    let type = spec.type;
    if (raw.datatype !== undefined) {
      const t = typeof raw.datatype === "string" ? fromV2(raw.datatype) : undefined;
      if (!t) throw new RequestError(`${where}: unknown datatype ${JSON.stringify(raw.datatype)}`);
      if (t !== spec.type) throw new RequestError(`${where}: datatype ${String(raw.datatype)} given, the model expects ${toV2(spec.type)}`);
      type = t;
    }
    const { shape: inferred, flat } = wrap(() => flatten(raw.data, `${where} data`));
    let shape = inferred;
    if (raw.shape !== undefined) {
      if (!Array.isArray(raw.shape) || !raw.shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
        throw new RequestError(`${where}: shape must be an array of non-negative integers, got ${JSON.stringify(raw.shape)}`);
      }
      shape = raw.shape as number[];
      const n = shape.reduce((a, b) => a * b, 1);
      if (n !== flat.length) throw new RequestError(`${where}: shape [${shape.join(",")}] holds ${n} elements, data has ${flat.length}`);
    }
    return new ort.Tensor(type, wrap(() => toTypedData(type, flat, where)), shape);
  }

  private describeInputs(): string {
    return this.inputs.map((i) => `"${i.name}" ${toV2(i.type)}[${i.shape.join(",")}]`).join(", ");
  }
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new RequestError(e instanceof Error ? e.message : String(e));
  }
}

function fail(message: string): ProcessOutput {
  return [JSON.stringify({ error: message }), 400];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
