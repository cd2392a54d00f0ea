// Expressions and DerivedFields (TransformationDictionary, LocalTransformations, DefineFunction).
import { type FieldInfo, inInterval, parseInterval } from "./fields.js";
import { builtinFunction } from "./functions.js";
import {
  type DataType,
  type Derived,
  type OpType,
  type Value,
  EvalError,
  Scope,
  castValue,
  dataTypeOf,
  opTypeOf,
  parseTyped,
  sameValue,
  toNumber,
} from "./values.js";
import {
  type XmlElement,
  attr,
  checkChildren,
  children,
  invalid,
  kids,
  numAttr,
  parseNumber,
  reqAttr,
  reqNumAttr,
  unsupported,
  unsupportedAttr,
} from "./xml.js";

export type Expr = (scope: Scope) => Value;

interface UserFunction {
  params: { name: string; dataType: DataType | undefined }[];
  dataType: DataType;
  body: Expr;
}

/** What an expression compiler can see: declared fields (for types) and user functions. */
export class CompileContext {
  constructor(
    readonly fields: Map<string, FieldInfo>,
    readonly functions: Map<string, UserFunction> = new Map(),
  ) {}

  derive(): CompileContext {
    return new CompileContext(new Map(this.fields), this.functions);
  }

  field(el: XmlElement, name: string): FieldInfo {
    const f = this.fields.get(name);
    if (!f) throw invalid(el, `field "${name}" is not declared`);
    return f;
  }

  addField(name: string, dataType: DataType, optype: OpType, values: string[] = []): FieldInfo {
    const info: FieldInfo = {
      name,
      dataType,
      optype,
      values,
      invalidValues: [],
      missingValues: [],
      intervals: [],
      displayValues: new Map(),
    };
    this.fields.set(name, info);
    return info;
  }
}

const EXPRESSIONS = ["Constant", "FieldRef", "NormContinuous", "NormDiscrete", "Discretize", "MapValues", "Apply"];

export function isExpression(el: XmlElement): boolean {
  return EXPRESSIONS.includes(el.name) || ["Aggregate", "Lag", "TextIndex"].includes(el.name);
}

/** The single expression child of a DerivedField/OutputField/DefineFunction. */
export function expressionChild(el: XmlElement): XmlElement | undefined {
  return kids(el).find(isExpression);
}

function withMissing(el: XmlElement, dataType: DataType | undefined): { mapMissingTo: Value; defaultValue: Value } {
  const dt = dataType ?? "string";
  const mm = attr(el, "mapMissingTo");
  const dv = attr(el, "defaultValue");
  const guess = (s: string): Value => (dataType ? parseTyped(s, dt) : Number.isNaN(parseNumber(s)) ? s : parseNumber(s));
  return { mapMissingTo: mm === undefined ? null : guess(mm), defaultValue: dv === undefined ? null : guess(dv) };
}

export function compileExpression(el: XmlElement, ctx: CompileContext): Expr {
  switch (el.name) {
    case "Constant": {
      checkChildren(el, []);
      if (attr(el, "missing") === "true") return () => null;
      const dt = attr(el, "dataType") ? dataTypeOf(el) : undefined;
      const text = el.text.trim();
      let v: Value;
      if (dt) v = parseTyped(text, dt);
      else v = text !== "" && !Number.isNaN(parseNumber(text)) ? parseNumber(text) : text;
      return () => v;
    }
    case "FieldRef": {
      checkChildren(el, []);
      const name = reqAttr(el, "field");
      const f = ctx.field(el, name);
      const mm = attr(el, "mapMissingTo");
      const mapTo = mm === undefined ? null : parseTyped(mm, f.dataType);
      return (s) => {
        const v = s.get(name);
        return v === null ? mapTo : v;
      };
    }
    case "NormContinuous":
      return normContinuous(el, ctx);
    case "NormDiscrete": {
      checkChildren(el, []);
      const name = reqAttr(el, "field");
      ctx.field(el, name);
      const value = reqAttr(el, "value");
      const mm = numAttr(el, "mapMissingTo");
      return (s) => {
        const v = s.get(name);
        if (v === null) return mm ?? null;
        return sameValue(v, value) ? 1 : 0;
      };
    }
    case "Discretize":
      return discretize(el, ctx);
    case "MapValues":
      return mapValues(el, ctx);
    case "Apply":
      return apply(el, ctx);
    default:
      throw unsupported(el);
  }
}

function normContinuous(el: XmlElement, ctx: CompileContext): Expr {
  checkChildren(el, ["LinearNorm"]);
  const name = reqAttr(el, "field");
  ctx.field(el, name);
  const pts = children(el, "LinearNorm").map((ln) => ({ orig: reqNumAttr(ln, "orig"), norm: reqNumAttr(ln, "norm") }));
  if (pts.length < 2) throw invalid(el, "NormContinuous needs at least two LinearNorm elements");
  const outliers = attr(el, "outliers") ?? "asIs";
  if (!["asIs", "asMissingValues", "asExtremeValues"].includes(outliers)) throw unsupportedAttr(el, "outliers");
  const mm = numAttr(el, "mapMissingTo");
  const first = pts[0] as { orig: number; norm: number };
  const last = pts[pts.length - 1] as { orig: number; norm: number };
  const interp = (x: number, a: { orig: number; norm: number }, b: { orig: number; norm: number }): number =>
    a.norm + ((x - a.orig) / (b.orig - a.orig)) * (b.norm - a.norm);
  return (s) => {
    const v = s.get(name);
    if (v === null) return mm ?? null;
    const x = toNumber(v);
    if (x === null) throw new EvalError(`NormContinuous: field "${name}" is not numeric`);
    if (x < first.orig || x > last.orig) {
      if (outliers === "asMissingValues") return null;
      if (outliers === "asExtremeValues") return x < first.orig ? first.norm : last.norm;
      return x < first.orig ? interp(x, first, pts[1] as typeof first) : interp(x, pts[pts.length - 2] as typeof first, last);
    }
    for (let i = 0; i + 1 < pts.length; i++) {
      const a = pts[i] as typeof first;
      const b = pts[i + 1] as typeof first;
      if (x >= a.orig && x <= b.orig) return interp(x, a, b);
    }
    return null;
  };
}

function discretize(el: XmlElement, ctx: CompileContext): Expr {
  checkChildren(el, ["DiscretizeBin"]);
  const name = reqAttr(el, "field");
  ctx.field(el, name);
  const dt = attr(el, "dataType") ? dataTypeOf(el) : undefined;
  const { mapMissingTo, defaultValue } = withMissing(el, dt);
  const bins = children(el, "DiscretizeBin").map((b) => {
    checkChildren(b, ["Interval"]);
    const iv = b.children.find((c) => c.name === "Interval");
    if (!iv) throw invalid(b, "missing <Interval>");
    const bv = reqAttr(b, "binValue");
    return { interval: parseInterval(iv), value: dt ? parseTyped(bv, dt) : bv };
  });
  return (s) => {
    const v = s.get(name);
    if (v === null) return mapMissingTo;
    const x = toNumber(v);
    if (x === null) return defaultValue;
    for (const b of bins) if (inInterval(x, b.interval)) return b.value;
    return defaultValue;
  };
}

function mapValues(el: XmlElement, ctx: CompileContext): Expr {
  checkChildren(el, ["FieldColumnPair", "InlineTable", "TableLocator"]);
  const table = children(el, "InlineTable")[0];
  if (!table) throw unsupported(children(el, "TableLocator")[0] ?? el, "only InlineTable is supported");
  const dt = attr(el, "dataType") ? dataTypeOf(el) : undefined;
  const { mapMissingTo, defaultValue } = withMissing(el, dt);
  const outCol = reqAttr(el, "outputColumn");
  const pairs = children(el, "FieldColumnPair").map((p) => {
    const field = reqAttr(p, "field");
    ctx.field(p, field);
    return { field, column: reqAttr(p, "column") };
  });
  const rows = children(table, "row").map((r) => {
    const cells = new Map<string, string>();
    for (const c of r.children) cells.set(c.name, c.text);
    return cells;
  });
  const parsedOut = (s: string): Value => (dt ? parseTyped(s, dt) : s);
  return (s) => {
    const vals = pairs.map((p) => s.get(p.field));
    if (vals.some((v) => v === null)) return mapMissingTo;
    for (const row of rows) {
      let ok = true;
      for (let i = 0; i < pairs.length; i++) {
        const cell = row.get((pairs[i] as { column: string }).column);
        if (cell === undefined || !sameValue(vals[i] as Value, cell)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        const out = row.get(outCol);
        return out === undefined ? defaultValue : parsedOut(out);
      }
    }
    return defaultValue;
  };
}

function apply(el: XmlElement, ctx: CompileContext): Expr {
  const fname = reqAttr(el, "function");
  const args = kids(el).map((c) => {
    if (!isExpression(c)) throw unsupported(c);
    return compileExpression(c, ctx);
  });
  const treatment = attr(el, "invalidValueTreatment") ?? "returnInvalid";
  if (!["returnInvalid", "asIs", "asMissing"].includes(treatment)) throw unsupportedAttr(el, "invalidValueTreatment");
  const { mapMissingTo, defaultValue } = withMissing(el, undefined);
  const user = ctx.functions.get(fname);
  let call: (s: Scope) => Value;
  if (user) {
    if (args.length !== user.params.length) throw invalid(el, `function ${fname} expects ${user.params.length} arguments`);
    call = (s) => {
      const vals = args.map((a) => a(s));
      if (mapMissingTo !== null && vals.some((v) => v === null)) return mapMissingTo;
      const fs = new Scope(null);
      user.params.forEach((p, i) => fs.set(p.name, p.dataType ? castValue(vals[i] as Value, p.dataType) : (vals[i] as Value)));
      return castValue(user.body(fs), user.dataType);
    };
  } else {
    const b = builtinFunction(fname);
    if (!b) throw unsupported(el, `function "${fname}" is not supported`);
    if (args.length < b.minArgs || args.length > b.maxArgs) throw invalid(el, `function ${fname}: wrong number of arguments (${args.length})`);
    if (fname === "if") {
      const [c, t, f] = args as [Expr, Expr, Expr | undefined];
      call = (s) => {
        const cv = c(s);
        if (cv === null) return mapMissingTo;
        const truthy = typeof cv === "boolean" ? cv : toNumber(cv) !== 0;
        return truthy ? t(s) : f ? f(s) : null;
      };
    } else {
      call = (s) => {
        const vals = args.map((a) => a(s));
        if (vals.some((v) => v === null)) {
          if (mapMissingTo !== null) return mapMissingTo;
          if (!b.missingOk) return null;
        }
        let r = b.call(vals);
        if (typeof r === "number" && !Number.isFinite(r) && treatment !== "asIs") {
          if (treatment === "asMissing") r = null;
          else throw new EvalError(`function ${fname} returned an invalid result (${r})`);
        }
        return r;
      };
    }
  }
  return (s) => {
    const r = call(s);
    return r === null ? defaultValue : r;
  };
}

/** Compile the DerivedFields of a TransformationDictionary or LocalTransformations element. */
export function compileDerivedFields(el: XmlElement, ctx: CompileContext): Map<string, Derived> {
  checkChildren(el, ["DerivedField", "DefineFunction"]);
  for (const df of children(el, "DefineFunction")) {
    checkChildren(df, ["ParameterField", ...EXPRESSIONS, "Aggregate", "Lag", "TextIndex"]);
    const params = children(df, "ParameterField").map((p) => ({
      name: reqAttr(p, "name"),
      dataType: attr(p, "dataType") ? dataTypeOf(p) : undefined,
    }));
    const fctx = new CompileContext(new Map(), ctx.functions);
    for (const p of params) fctx.addField(p.name, p.dataType ?? "double", p.dataType === "string" ? "categorical" : "continuous");
    const body = expressionChild(df);
    if (!body) throw invalid(df, "DefineFunction has no expression");
    ctx.functions.set(reqAttr(df, "name"), { params, dataType: dataTypeOf(df), body: compileExpression(body, fctx) });
  }
  const out = new Map<string, Derived>();
  const fieldEls = children(el, "DerivedField");
  // Declare all first so that fields can refer to later ones.
  for (const f of fieldEls) {
    const dataType = dataTypeOf(f);
    const values = children(f, "Value").map((v) => reqAttr(v, "value"));
    ctx.addField(reqAttr(f, "name"), dataType, opTypeOf(f, dataType), values);
  }
  for (const f of fieldEls) {
    checkChildren(f, ["Value", ...EXPRESSIONS, "Aggregate", "Lag", "TextIndex"]);
    const exprEl = expressionChild(f);
    if (!exprEl) throw invalid(f, "DerivedField has no expression");
    const expr = compileExpression(exprEl, ctx);
    const dataType = dataTypeOf(f);
    const name = reqAttr(f, "name");
    out.set(name, { name, dataType, optype: opTypeOf(f, dataType), compute: expr });
  }
  return out;
}
