// Service spec validation: good specs normalize with EAS defaults; every bad one names
// the field, what was expected and what was found.
import { describe, expect, it } from "vitest";
import { applyOverrides, classifyChange, mergeSpec, parseSpec, RPC_DEFAULTS } from "../../src/spec/index.js";

const base = {
  name: "pai_eas_tutorial_04",
  processor_entry: "./app.py",
  processor_type: "python",
  processor_path: "easel://blobs/" + "a".repeat(64),
  metadata: { instance: 1, cpu: 1, memory: 2000, "rpc.keepalive": 10000, region: "cn-hangzhou", resource: "" },
};

function ok(input: unknown) {
  const r = parseSpec(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.spec;
}

describe("parseSpec: good specs", () => {
  it("takes the tutorial's app.json, flat rpc keys, EAS defaults for the rest", () => {
    const s = ok(base);
    expect(s.processor).toEqual({ kind: "custom", type: "python", entry: "./app.py", path: base.processor_path });
    expect(s.metadata.instance).toBe(1);
    expect(s.metadata.rpc).toEqual({ ...RPC_DEFAULTS, keepalive: 10000 });
    expect(s.metadata.region).toBe("cn-hangzhou");
  });

  it("accepts nested rpc and the same value given twice", () => {
    const s = ok({ ...base, metadata: { instance: 2, rpc: { worker_threads: 10, batching: true }, "rpc.worker_threads": 10 } });
    expect(s.metadata.rpc.worker_threads).toBe(10);
    expect(s.metadata.rpc.batching).toBe(true);
  });

  it("keeps unknown and cloud-only fields and lists them", () => {
    const s = ok({ ...base, cloud: { computing: { instance_type: "ecs.c6" } }, foo: 1, metadata: { ...base.metadata, bar: "x", "rpc.zzz": 1 } });
    expect(s.unknown_fields).toEqual(["foo", "metadata.bar", "metadata.rpc.zzz"]);
  });

  it("built-in processors need a model", () => {
    const s = ok({ name: "iris", processor: "pmml", model_path: "./iris.pmml" });
    expect(s.processor).toEqual({ kind: "builtin", name: "pmml" });
    expect(s.metadata.instance).toBe(1);
  });

  it("token, autoscaler, runtime are typed", () => {
    const s = ok({ ...base, token: "my-secret-token", autoscaler: { min: 1, max: 3, strategies: { qps: 10 } }, runtime: { enable_crash_block: true } });
    expect(s.token).toBe("my-secret-token");
    expect(s.autoscaler).toEqual({ min: 1, max: 3, strategies: { qps: 10 } });
    expect(s.runtime.enable_crash_block).toBe(true);
  });
});

describe("parseSpec: bad specs", () => {
  const bad: [string, unknown, string, RegExp][] = [
    ["not an object", [1], "", /expected a JSON object, got an array/],
    ["no name", { ...base, name: undefined }, "name", /required/],
    ["name with spaces", { ...base, name: "my service" }, "name", /letters, digits.*got "my service"/],
    ["instance as text", { ...base, metadata: { instance: "two" } }, "metadata.instance", /expected an integer from 0 to 10000, got "two"/],
    ["negative instance", { ...base, metadata: { instance: -1 } }, "metadata.instance", /got -1/],
    ["fractional instance", { ...base, metadata: { instance: 1.5 } }, "metadata.instance", /got 1.5/],
    ["keepalive as string", { ...base, metadata: { "rpc.keepalive": "10000" } }, "metadata.rpc.keepalive", /expected an integer.*got "10000"/],
    ["nested keepalive zero", { ...base, metadata: { rpc: { keepalive: 0 } } }, "metadata.rpc.keepalive", /got 0/],
    ["batching not boolean", { ...base, metadata: { "rpc.batching": "yes" } }, "metadata.rpc.batching", /true or false, got "yes"/],
    ["retry_on_crash not boolean", { ...base, metadata: { rpc: { retry_on_crash: 0 } } }, "metadata.rpc.retry_on_crash", /true or false, got 0/],
    ["rpc not an object", { ...base, metadata: { rpc: 5 } }, "metadata.rpc", /expected an object, got 5/],
    ["conflicting flat and nested", { ...base, metadata: { "rpc.keepalive": 1000, rpc: { keepalive: 2000 } } }, "metadata.rpc.keepalive", /conflicts/],
    ["metadata an array", { ...base, metadata: [] }, "metadata", /expected an object/],
    ["unknown processor type", { ...base, processor_type: "java" }, "processor_type", /"python" or "node", got "java"/],
    ["unknown builtin", { name: "x", processor: "tensorflow_cpu_1.15", model_path: "m" }, "processor", /"pmml", "onnx".*got "tensorflow_cpu_1.15"/],
    ["builtin without model", { name: "x", processor: "onnx" }, "model_path", /required/],
    ["no processor at all", { name: "x" }, "processor_path", /required/],
    ["entry escaping the package", { ...base, processor_entry: "../evil.py" }, "processor_entry", /inside the package/],
    ["empty processor_path", { ...base, processor_path: "" }, "processor_path", /non-empty/],
    ["short token", { ...base, token: "abc" }, "token", /at least 8/],
    ["autoscaler min > max", { ...base, autoscaler: { min: 5, max: 2 } }, "autoscaler.min", /min <= max/],
    ["autoscaler max text", { ...base, autoscaler: { min: 1, max: "3" } }, "autoscaler.max", /got "3"/],
    ["memory negative", { ...base, metadata: { memory: -5 } }, "metadata.memory", /expected a number >= 0, got -5/],
    ["cpu null", { ...base, metadata: { cpu: null } }, "metadata.cpu", /got null/],
    ["crash block not bool", { ...base, runtime: { enable_crash_block: 1 } }, "runtime.enable_crash_block", /true or false, got 1/],
  ];
  for (const [what, input, path, message] of bad) {
    it(what, () => {
      const r = parseSpec(input);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const issue = r.issues.find((i) => i.path === path);
      expect(issue, JSON.stringify(r.issues)).toBeDefined();
      expect(issue!.message).toMatch(message);
    });
  }

  it("reports every problem at once", () => {
    const r = parseSpec({ name: 5, metadata: { instance: "x", "rpc.keepalive": false } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path).sort()).toEqual(["metadata.instance", "metadata.rpc.keepalive", "name", "processor_path"]);
  });
});

describe("merge and change kinds", () => {
  it("instances alone scale; anything else is a new version", () => {
    const a = ok(base);
    expect(classifyChange(a, ok(mergeSpec(base, { metadata: { instance: 3 } })))).toBe("scale");
    expect(classifyChange(a, ok(mergeSpec(base, { metadata: { "rpc.keepalive": 2000 } })))).toBe("version");
    expect(classifyChange(a, ok(mergeSpec(base, { processor_path: "./other" })))).toBe("version");
    expect(classifyChange(a, ok(base))).toBe("none");
  });

  it("a nested rpc patch replaces the flat key instead of conflicting", () => {
    const m = mergeSpec(base, { metadata: { rpc: { keepalive: 3000 } } }) as { metadata: Record<string, unknown> };
    expect(m.metadata["rpc.keepalive"]).toBeUndefined();
    expect(ok(m).metadata.rpc.keepalive).toBe(3000);
  });
});

describe("-D overrides", () => {
  it("coerces by field type and keeps the spec's flat form", () => {
    const r = applyOverrides(base, ["metadata.instance=3", "metadata.rpc.keepalive=20000", "metadata.rpc.batching=true", "token=12345678"]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.spec.metadata.instance).toBe(3);
    expect(r.spec.metadata.rpc.keepalive).toBe(20000);
    expect(r.spec.metadata.rpc.batching).toBe(true);
    expect(r.spec.token).toBe("12345678");
    expect(r.spec.metadata.rpc.retry_on_crash).toBe(true); // the default
    const off = applyOverrides(base, ["metadata.rpc.retry_on_crash=false"]);
    expect(off.ok && off.spec.metadata.rpc.retry_on_crash).toBe(false);
    expect((r.raw.metadata as Record<string, unknown>)["rpc.keepalive"]).toBe(20000);
  });

  it("says which override is wrong", () => {
    expect(() => applyOverrides(base, ["metadata.instance=two"])).toThrow(/metadata.instance: expected a number, got "two"/);
    expect(() => applyOverrides(base, ["metadata.rpc.batching=maybe"])).toThrow(/true or false/);
    expect(() => applyOverrides(base, ["novalue"])).toThrow(/key=value/);
    const r = applyOverrides(base, ["metadata.instance=-2"]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ path: "metadata.instance" });
  });
});
