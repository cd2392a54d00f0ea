// Tensor element types: ONNX Runtime's names, the Open Inference Protocol (v2) names, and
// turning JSON numbers into typed arrays (int64 as BigInt64Array) and back.
import type { Tensor } from "onnxruntime-node";

export type OrtType = Tensor.Type;

const V2_TO_ORT: Record<string, OrtType> = {
  BOOL: "bool",
  UINT8: "uint8",
  INT8: "int8",
  UINT16: "uint16",
  INT16: "int16",
  INT32: "int32",
  INT64: "int64",
  UINT32: "uint32",
  UINT64: "uint64",
  FP16: "float16",
  FP32: "float32",
  FP64: "float64",
  BYTES: "string",
};
const ORT_TO_V2: Record<string, string> = Object.fromEntries(Object.entries(V2_TO_ORT).map(([k, v]) => [v, k]));

export function fromV2(datatype: string): OrtType | undefined {
  return V2_TO_ORT[datatype.toUpperCase()];
}

export function toV2(t: OrtType): string {
  return ORT_TO_V2[t] ?? t.toUpperCase();
}

export type TensorData = Tensor["data"];

/** Flat JSON values → the typed array ORT wants for `type`. Throws with what is wrong. */
export function toTypedData(type: OrtType, flat: unknown[], where: string): TensorData {
  const bad = (i: number, want: string) => new Error(`${where}: element ${i} is ${JSON.stringify(flat[i])}, expected ${want}`);
  switch (type) {
    case "string":
      return flat.map((v, i) => {
        if (typeof v !== "string") throw bad(i, "a string");
        return v;
      });
    case "bool":
      return Uint8Array.from(flat, (v, i) => {
        if (typeof v !== "boolean" && v !== 0 && v !== 1) throw bad(i, "true/false");
        return v ? 1 : 0;
      });
    case "int64":
    case "uint64": {
      const big = flat.map((v, i) => {
        if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
        if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v);
        throw bad(i, "an integer");
      });
      return type === "int64" ? BigInt64Array.from(big) : BigUint64Array.from(big);
    }
    default: {
      const Arr = NUMERIC[type];
      if (!Arr) throw new Error(`${where}: tensor type ${type} is not supported`);
      const integer = type !== "float32" && type !== "float64" && type !== "float16";
      return Arr.from(flat, (v, i) => {
        if (typeof v !== "number" || !Number.isFinite(v) || (integer && !Number.isInteger(v))) throw bad(i, integer ? "an integer" : "a number");
        return v;
      });
    }
  }
}

type NumArrayCtor = { from(src: ArrayLike<unknown>, fn: (v: unknown, i: number) => number): TensorData };
const NUMERIC: Partial<Record<OrtType, NumArrayCtor>> = {
  float32: Float32Array as unknown as NumArrayCtor,
  float64: Float64Array as unknown as NumArrayCtor,
  int32: Int32Array as unknown as NumArrayCtor,
  uint32: Uint32Array as unknown as NumArrayCtor,
  int16: Int16Array as unknown as NumArrayCtor,
  uint16: Uint16Array as unknown as NumArrayCtor,
  int8: Int8Array as unknown as NumArrayCtor,
  uint8: Uint8Array as unknown as NumArrayCtor,
};

/** Typed array → JSON-safe values (bigints as numbers when exact, else strings). */
export function toJsonValues(data: TensorData, type: OrtType): unknown[] {
  if (type === "bool") return Array.from(data as Uint8Array, (v) => v !== 0);
  if (Array.isArray(data)) return data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    return Array.from(data, (v) => (v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString()));
  }
  return Array.from(data as ArrayLike<number>);
}
