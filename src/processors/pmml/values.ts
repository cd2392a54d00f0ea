// Scalar values, PMML data types and the field scope used during one evaluation.
import { PmmlError, parseNumber, type XmlElement, unsupportedAttr } from "./xml.js";

/** A field value; null is PMML's "missing". */
export type Value = number | string | boolean | null;
export type DataType = "string" | "integer" | "float" | "double" | "boolean";
export type OpType = "categorical" | "ordinal" | "continuous";

/** Error raised while scoring one record (bad input or a non-computable result). */
export class EvalError extends Error {
  override name = "EvalError";
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const DATA_TYPES: readonly string[] = ["string", "integer", "float", "double", "boolean"];

export function dataTypeOf(el: XmlElement, dflt?: DataType): DataType {
  const dt = el.attrs["dataType"];
  if (dt === undefined) {
    if (dflt) return dflt;
    throw new PmmlError(`missing attribute dataType on <${el.name}> at ${el.path}`);
  }
  if (!DATA_TYPES.includes(dt)) throw unsupportedAttr(el, "dataType");
  return dt as DataType;
}

export function opTypeOf(el: XmlElement, dataType: DataType): OpType {
  const op = el.attrs["optype"];
  if (op === undefined) return dataType === "string" || dataType === "boolean" ? "categorical" : "continuous";
  if (op !== "categorical" && op !== "ordinal" && op !== "continuous") throw unsupportedAttr(el, "optype");
  return op;
}

export function isNumericType(dt: DataType): boolean {
  return dt === "integer" || dt === "float" || dt === "double";
}

/** Java's Double.toString-like formatting, so string conversions match JPMML. */
export function formatNumber(n: number, dt: DataType = "double"): string {
  if (dt === "integer") return String(Math.trunc(n));
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(n) && Math.abs(n) < 1e7) return `${n}.0`;
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) return String(n);
  // scientific: Java style 1.0E-4
  const [mant, exp] = n.toExponential().split("e") as [string, string];
  const m = mant.includes(".") ? mant : `${mant}.0`;
  return `${m}E${exp.startsWith("+") ? exp.slice(1) : exp}`;
}

export function valueToString(v: Value): string {
  if (v === null) return "";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : formatNumber(v);
  return String(v);
}

/** Parse a PMML attribute/text value into the given data type. */
export function parseTyped(s: string, dt: DataType): Value {
  switch (dt) {
    case "string":
      return s;
    case "boolean": {
      const t = s.trim().toLowerCase();
      if (t === "true" || t === "1") return true;
      if (t === "false" || t === "0") return false;
      return null;
    }
    case "integer": {
      const n = parseNumber(s);
      return Number.isNaN(n) ? null : Math.trunc(n);
    }
    case "float":
      return Math.fround(parseNumber(s));
    default:
      return parseNumber(s);
  }
}

/** Convert a computed value into a data type (result of DerivedField/OutputField casts). */
export function castValue(v: Value, dt: DataType): Value {
  if (v === null) return null;
  switch (dt) {
    case "string":
      return typeof v === "string" ? v : valueToString(v);
    case "boolean":
      if (typeof v === "boolean") return v;
      if (typeof v === "number") return v !== 0;
      return parseTyped(v, "boolean");
    case "integer": {
      const n = toNumber(v);
      if (n === null) return null;
      return Number.isInteger(n) ? n : Math.trunc(n);
    }
    case "float": {
      const n = toNumber(v);
      return n === null ? null : Math.fround(n);
    }
    default:
      return toNumber(v);
  }
}

export function toNumber(v: Value): number | null {
  if (v === null) return null;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  const n = parseNumber(v);
  return Number.isNaN(n) && !/^nan$/i.test(v.trim()) ? null : n;
}

/** Does a value equal a category written as a string in the PMML? */
export function sameValue(v: Value, s: string): boolean {
  if (v === null) return false;
  if (typeof v === "number") {
    const n = parseNumber(s);
    return n === v || (Math.fround(n) === v && !Number.isInteger(v));
  }
  if (typeof v === "boolean") return parseTyped(s, "boolean") === v;
  return v === s;
}

/** Compare two values: numbers numerically, otherwise as strings. */
export function compareValues(a: Value, b: Value): number {
  if (typeof a === "number" || typeof b === "number") {
    const x = toNumber(a);
    const y = toNumber(b);
    if (x === null || y === null) throw new EvalError(`cannot compare ${String(a)} with ${String(b)}`);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = valueToString(a);
  const y = valueToString(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function valuesEqual(a: Value, b: Value): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === "number" || typeof b === "number") return toNumber(a) === toNumber(b);
  if (typeof a === "boolean" || typeof b === "boolean") return castValue(a, "boolean") === castValue(b, "boolean");
  return a === b;
}

export interface Derived {
  name: string;
  dataType: DataType;
  optype: OpType;
  compute(scope: Scope): Value;
}

/** Field values visible to an expression: inputs, derived fields (lazy), outputs of earlier segments. */
export class Scope {
  private readonly cache = new Map<string, Value>();
  private readonly computing = new Set<string>();
  constructor(
    readonly parent: Scope | null,
    private readonly derived: ReadonlyMap<string, Derived> = new Map(),
  ) {}

  set(name: string, v: Value): void {
    this.cache.set(name, v);
  }

  has(name: string): boolean {
    return this.cache.has(name) || this.derived.has(name) || (this.parent?.has(name) ?? false);
  }

  get(name: string): Value {
    if (this.cache.has(name)) return this.cache.get(name) as Value;
    const d = this.derived.get(name);
    if (d) {
      if (this.computing.has(name)) throw new EvalError(`derived field "${name}" refers to itself`);
      this.computing.add(name);
      try {
        const v = castValue(d.compute(this), d.dataType);
        this.cache.set(name, v);
        return v;
      } finally {
        this.computing.delete(name);
      }
    }
    if (this.parent) return this.parent.get(name);
    throw new EvalError(`field "${name}" is not defined`);
  }
}
