// DataDictionary and MiningSchema: field declarations and the preparation of one input record.
import {
  type DataType,
  type OpType,
  type Value,
  EvalError,
  dataTypeOf,
  isNumericType,
  opTypeOf,
  parseTyped,
  valueToString,
} from "./values.js";
import {
  type XmlElement,
  attr,
  checkChildren,
  children,
  invalid,
  numAttr,
  parseNumber,
  reqAttr,
  unsupportedAttr,
} from "./xml.js";

export interface Interval {
  closure: "openClosed" | "openOpen" | "closedOpen" | "closedClosed";
  left: number;
  right: number;
}

export interface FieldInfo {
  name: string;
  dataType: DataType;
  optype: OpType;
  /** Declared valid values (categorical/ordinal), in document order. */
  values: string[];
  invalidValues: string[];
  missingValues: string[];
  intervals: Interval[];
  /** Display values of declared Values. */
  displayValues: Map<string, string>;
}

export function parseInterval(el: XmlElement): Interval {
  const closure = reqAttr(el, "closure");
  if (!["openClosed", "openOpen", "closedOpen", "closedClosed"].includes(closure)) throw unsupportedAttr(el, "closure");
  return {
    closure: closure as Interval["closure"],
    left: numAttr(el, "leftMargin", -Infinity),
    right: numAttr(el, "rightMargin", Infinity),
  };
}

export function inInterval(x: number, iv: Interval): boolean {
  const leftOk = iv.closure.startsWith("closed") ? x >= iv.left : x > iv.left;
  const rightOk = iv.closure.endsWith("Closed") ? x <= iv.right : x < iv.right;
  return leftOk && rightOk;
}

export function parseDataField(el: XmlElement): FieldInfo {
  checkChildren(el, ["Value", "Interval"]);
  const dataType = dataTypeOf(el);
  const info: FieldInfo = {
    name: reqAttr(el, "name"),
    dataType,
    optype: opTypeOf(el, dataType),
    values: [],
    invalidValues: [],
    missingValues: [],
    intervals: children(el, "Interval").map(parseInterval),
    displayValues: new Map(),
  };
  for (const v of children(el, "Value")) {
    const value = reqAttr(v, "value");
    const prop = attr(v, "property") ?? "valid";
    if (prop === "valid") info.values.push(value);
    else if (prop === "invalid") info.invalidValues.push(value);
    else if (prop === "missing") info.missingValues.push(value);
    else throw unsupportedAttr(v, "property");
    const dv = attr(v, "displayValue");
    if (dv !== undefined) info.displayValues.set(value, dv);
  }
  return info;
}

export function parseDataDictionary(el: XmlElement): Map<string, FieldInfo> {
  checkChildren(el, ["DataField", "Taxonomy"]);
  if (children(el, "Taxonomy").length > 0) throw invalid(el, "Taxonomy is not supported");
  const out = new Map<string, FieldInfo>();
  for (const f of children(el, "DataField")) {
    const info = parseDataField(f);
    out.set(info.name, info);
  }
  return out;
}

export type UsageType = "active" | "target" | "predicted" | "supplementary" | "group" | "order" | "frequencyWeight" | "analysisWeight";
type MissingTreatment = "asIs" | "asMean" | "asMode" | "asMedian" | "asValue" | "returnInvalid";
type InvalidTreatment = "returnInvalid" | "asIs" | "asMissing" | "asValue";

export interface MiningField {
  name: string;
  usageType: UsageType;
  missingReplacement: string | undefined;
  missingTreatment: MissingTreatment;
  invalidTreatment: InvalidTreatment;
  invalidReplacement: string | undefined;
  outliers: "asIs" | "asMissingValues" | "asExtremeValues";
  lowValue: number | undefined;
  highValue: number | undefined;
}

export interface MiningSchema {
  fields: MiningField[];
  targets: string[];
  active: MiningField[];
}

const USAGE: readonly string[] = ["active", "target", "predicted", "supplementary", "group", "order", "frequencyWeight", "analysisWeight"];

export function parseMiningSchema(el: XmlElement, known: (name: string) => boolean): MiningSchema {
  checkChildren(el, ["MiningField"]);
  const fields: MiningField[] = [];
  for (const mf of children(el, "MiningField")) {
    const name = reqAttr(mf, "name");
    if (!known(name)) throw invalid(mf, `field "${name}" is not declared`);
    const usageType = attr(mf, "usageType") ?? "active";
    if (!USAGE.includes(usageType)) throw unsupportedAttr(mf, "usageType");
    const missingTreatment = attr(mf, "missingValueTreatment") ?? "asIs";
    if (!["asIs", "asMean", "asMode", "asMedian", "asValue", "returnInvalid"].includes(missingTreatment))
      throw unsupportedAttr(mf, "missingValueTreatment");
    let invalidTreatment = attr(mf, "invalidValueTreatment") ?? "returnInvalid";
    if (invalidTreatment === "asValue" && attr(mf, "invalidValueReplacement") === undefined) invalidTreatment = "asValue";
    if (!["returnInvalid", "asIs", "asMissing", "asValue"].includes(invalidTreatment))
      throw unsupportedAttr(mf, "invalidValueTreatment");
    const outliers = attr(mf, "outliers") ?? "asIs";
    if (!["asIs", "asMissingValues", "asExtremeValues"].includes(outliers)) throw unsupportedAttr(mf, "outliers");
    if (attr(mf, "importance") === undefined && attr(mf, "optype") !== undefined) {
      // optype override is accepted (it only changes the field's operational type)
    }
    fields.push({
      name,
      usageType: usageType as UsageType,
      missingReplacement: attr(mf, "missingValueReplacement"),
      missingTreatment: missingTreatment as MissingTreatment,
      invalidTreatment: invalidTreatment as InvalidTreatment,
      invalidReplacement: attr(mf, "invalidValueReplacement"),
      outliers: outliers as MiningField["outliers"],
      lowValue: numAttr(mf, "lowValue"),
      highValue: numAttr(mf, "highValue"),
    });
  }
  return {
    fields,
    targets: fields.filter((f) => f.usageType === "target" || f.usageType === "predicted").map((f) => f.name),
    active: fields.filter((f) => f.usageType === "active"),
  };
}

function describe(raw: unknown): string {
  return typeof raw === "string" ? JSON.stringify(raw) : JSON.stringify(raw) ?? String(raw);
}

/** Convert a JSON input value to the field's data type; undefined result = not convertible. */
function convertInput(raw: unknown, f: FieldInfo): { value: Value } | { error: string } {
  const dt = f.dataType;
  if (isNumericType(dt)) {
    let n: number;
    if (typeof raw === "number") n = raw;
    else if (typeof raw === "string" && raw.trim() !== "" && !Number.isNaN(parseNumber(raw))) n = parseNumber(raw);
    else if (typeof raw === "boolean") n = raw ? 1 : 0;
    else return { error: `expected a number, got ${describe(raw)}` };
    if (dt === "integer") {
      if (!Number.isInteger(n)) return { error: `expected an integer, got ${describe(raw)}` };
      return { value: n };
    }
    return { value: dt === "float" ? Math.fround(n) : n };
  }
  if (dt === "boolean") {
    if (typeof raw === "boolean") return { value: raw };
    if (raw === "true" || raw === 1 || raw === "1") return { value: true };
    if (raw === "false" || raw === 0 || raw === "0") return { value: false };
    return { error: `expected a boolean, got ${describe(raw)}` };
  }
  if (typeof raw === "string") return { value: raw };
  if (typeof raw === "number") return { value: valueToString(raw) };
  if (typeof raw === "boolean") return { value: String(raw) };
  return { error: `expected a string, got ${describe(raw)}` };
}

function isValid(v: Value, f: FieldInfo): boolean {
  if (v === null) return true;
  const s = valueToString(v);
  if (f.invalidValues.some((iv) => sameTyped(iv, v, f.dataType, s))) return false;
  if (f.optype !== "continuous" && f.values.length > 0) return f.values.some((iv) => sameTyped(iv, v, f.dataType, s));
  if (typeof v === "number" && f.intervals.length > 0) return f.intervals.some((iv) => inInterval(v, iv));
  if (f.optype === "continuous" && f.values.length > 0 && f.intervals.length === 0 && typeof v !== "number")
    return f.values.some((iv) => sameTyped(iv, v, f.dataType, s));
  return true;
}

function sameTyped(declared: string, v: Value, dt: DataType, s: string): boolean {
  if (typeof v === "number") return parseTyped(declared, dt) === v;
  return declared === s;
}

export interface PreparedField {
  info: FieldInfo;
  mining: MiningField;
}

/**
 * Apply DataDictionary validity and MiningSchema treatments to one raw input value.
 * Throws EvalError (→ HTTP 400) for returnInvalid and unconvertible values.
 */
export function prepareValue(raw: unknown, { info, mining }: PreparedField): Value {
  const missing = (): Value => {
    if (mining.missingReplacement !== undefined) return parseTyped(mining.missingReplacement, info.dataType);
    if (mining.missingTreatment === "returnInvalid")
      throw new EvalError(`field "${info.name}": missing value`, info.name);
    return null;
  };
  if (raw === undefined || raw === null) return missing();
  if (typeof raw === "string" && info.missingValues.includes(raw)) return missing();
  if (typeof raw === "number" && info.missingValues.some((m) => parseNumber(m) === raw)) return missing();
  if (typeof raw === "object") throw new EvalError(`field "${info.name}": expected a scalar, got ${describe(raw)}`, info.name);
  const conv = convertInput(raw, info);
  let value: Value;
  let valid: boolean;
  if ("error" in conv) {
    if (mining.invalidTreatment === "asMissing") return missing();
    if (mining.invalidTreatment === "asValue" && mining.invalidReplacement !== undefined)
      return parseTyped(mining.invalidReplacement, info.dataType);
    throw new EvalError(`field "${info.name}": ${conv.error}`, info.name);
  } else {
    value = conv.value;
    valid = isValid(value, info);
  }
  if (!valid) {
    switch (mining.invalidTreatment) {
      case "returnInvalid":
        throw new EvalError(`field "${info.name}": invalid value ${describe(raw)}`, info.name);
      case "asMissing":
        return missing();
      case "asValue":
        if (mining.invalidReplacement === undefined)
          throw new EvalError(`field "${info.name}": invalid value ${describe(raw)}`, info.name);
        return parseTyped(mining.invalidReplacement, info.dataType);
      default:
        break;
    }
  }
  if (typeof value === "number" && info.optype === "continuous" && mining.outliers !== "asIs") {
    const lo = mining.lowValue;
    const hi = mining.highValue;
    if (mining.outliers === "asMissingValues") {
      if ((lo !== undefined && value < lo) || (hi !== undefined && value > hi)) return missing();
    } else {
      if (lo !== undefined && value < lo) value = lo;
      if (hi !== undefined && value > hi) value = hi;
    }
  }
  return value;
}
