import { describe, expect, it } from "vitest";
import { definesToPartial, parseDefine, resolvePath } from "../../src/cli/overrides.js";

const current = {
  name: "demo",
  token: "abc",
  processor_path: "easel://blobs/x",
  metadata: { instance: 1, cpu: 1, "rpc.keepalive": 10000, rpc: { batching: false }, region: "cn-hangzhou" },
};

describe("-Dkey=value overrides", () => {
  it("builds a nested partial with values typed like the current config", () => {
    expect(definesToPartial(["metadata.instance=3"], current)).toEqual({ metadata: { instance: 3 } });
    expect(definesToPartial(["metadata.rpc.batching=true"], current)).toEqual({ metadata: { rpc: { batching: true } } });
  });

  it("writes a key the config holds in the flat EAS form back in that form", () => {
    expect(resolvePath(current, ["metadata", "rpc", "keepalive"])).toEqual(["metadata", "rpc.keepalive"]);
    expect(definesToPartial(["metadata.rpc.keepalive=20000"], current)).toEqual({ metadata: { "rpc.keepalive": 20000 } });
  });

  it("merges several defines and keeps text fields as text", () => {
    expect(definesToPartial(["metadata.instance=2", "metadata.cpu=4", "token=123456", "metadata.region=cn-beijing"], current)).toEqual({
      token: "123456",
      metadata: { instance: 2, cpu: 4, region: "cn-beijing" },
    });
  });

  it("reads new fields as JSON when they are JSON, else as text", () => {
    expect(definesToPartial(["metadata.gpu=1", "autoscaler={\"min\":1,\"max\":3}", "metadata.note=hello", "x.y=null"], current)).toEqual({
      metadata: { gpu: 1, note: "hello" },
      autoscaler: { min: 1, max: 3 },
      x: { y: null },
    });
  });

  it("rejects values of the wrong type and malformed defines", () => {
    expect(() => definesToPartial(["metadata.instance=two"], current)).toThrow(/metadata.instance expects a number, got "two"/);
    expect(() => definesToPartial(["metadata.rpc.batching=maybe"], current)).toThrow(/true or false/);
    expect(() => parseDefine("metadata.instance")).toThrow(/expected -Dkey=value/);
    expect(() => parseDefine("=3")).toThrow(/expected -Dkey=value/);
    expect(() => parseDefine("metadata..instance=3")).toThrow(/expected -Dkey=value/);
    expect(parseDefine("a.b=x=y")).toEqual({ key: "a.b", value: "x=y" });
  });
});
