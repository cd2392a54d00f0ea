// Predicates with PMML three-valued logic: true, false, or null (unknown, a missing input).
import { type CompileContext } from "./transformations.js";
import { type Scope, type Value, compareValues, parseTyped, sameValue, valuesEqual } from "./values.js";
import { type XmlElement, checkChildren, invalid, kids, parseArray, reqAttr, unsupported, unsupportedAttr } from "./xml.js";

export type Predicate = (scope: Scope) => boolean | null;

const PREDICATES = ["SimplePredicate", "CompoundPredicate", "SimpleSetPredicate", "True", "False"];

export function isPredicate(el: XmlElement): boolean {
  return PREDICATES.includes(el.name);
}

export function predicateChild(el: XmlElement): XmlElement {
  const p = kids(el).find((c) => isPredicate(c) || c.name === "CompoundRule" || c.name === "SimpleRule");
  if (!p) throw invalid(el, "missing predicate");
  if (!isPredicate(p)) throw unsupported(p);
  return p;
}

export function compilePredicate(el: XmlElement, ctx: CompileContext): Predicate {
  switch (el.name) {
    case "True":
      return () => true;
    case "False":
      return () => false;
    case "SimplePredicate": {
      checkChildren(el, []);
      const name = reqAttr(el, "field");
      const f = ctx.field(el, name);
      const op = reqAttr(el, "operator");
      if (op === "isMissing") return (s) => s.get(name) === null;
      if (op === "isNotMissing") return (s) => s.get(name) !== null;
      const raw = reqAttr(el, "value");
      const ref: Value = parseTyped(raw, f.dataType);
      const cmp = (v: Value): number => compareValues(v, ref === null ? raw : ref);
      switch (op) {
        case "equal":
          return (s) => {
            const v = s.get(name);
            return v === null ? null : typeof v === "string" ? v === raw : valuesEqual(v, ref ?? raw);
          };
        case "notEqual":
          return (s) => {
            const v = s.get(name);
            return v === null ? null : typeof v === "string" ? v !== raw : !valuesEqual(v, ref ?? raw);
          };
        case "lessThan":
          return (s) => {
            const v = s.get(name);
            return v === null ? null : cmp(v) < 0;
          };
        case "lessOrEqual":
          return (s) => {
            const v = s.get(name);
            return v === null ? null : cmp(v) <= 0;
          };
        case "greaterThan":
          return (s) => {
            const v = s.get(name);
            return v === null ? null : cmp(v) > 0;
          };
        case "greaterOrEqual":
          return (s) => {
            const v = s.get(name);
            return v === null ? null : cmp(v) >= 0;
          };
        default:
          throw unsupportedAttr(el, "operator");
      }
    }
    case "SimpleSetPredicate": {
      checkChildren(el, ["Array"]);
      const name = reqAttr(el, "field");
      ctx.field(el, name);
      const op = reqAttr(el, "booleanOperator");
      if (op !== "isIn" && op !== "isNotIn") throw unsupportedAttr(el, "booleanOperator");
      const arr = kids(el).find((c) => c.name === "Array");
      if (!arr) throw invalid(el, "missing <Array>");
      const items = parseArray(arr);
      return (s) => {
        const v = s.get(name);
        if (v === null) return null;
        const found = items.some((it) => sameValue(v, it));
        return op === "isIn" ? found : !found;
      };
    }
    case "CompoundPredicate": {
      const op = reqAttr(el, "booleanOperator");
      const parts = kids(el).map((c) => {
        if (!isPredicate(c)) throw unsupported(c);
        return compilePredicate(c, ctx);
      });
      if (parts.length < 2) throw invalid(el, "CompoundPredicate needs at least two predicates");
      switch (op) {
        case "and":
          return (s) => {
            let unknown = false;
            for (const p of parts) {
              const r = p(s);
              if (r === false) return false;
              if (r === null) unknown = true;
            }
            return unknown ? null : true;
          };
        case "or":
          return (s) => {
            let unknown = false;
            for (const p of parts) {
              const r = p(s);
              if (r === true) return true;
              if (r === null) unknown = true;
            }
            return unknown ? null : false;
          };
        case "xor":
          return (s) => {
            let acc = false;
            for (const p of parts) {
              const r = p(s);
              if (r === null) return null;
              acc = acc !== r;
            }
            return acc;
          };
        case "surrogate":
          return (s) => {
            for (const p of parts) {
              const r = p(s);
              if (r !== null) return r;
            }
            return null;
          };
        default:
          throw unsupportedAttr(el, "booleanOperator");
      }
    }
    default:
      throw unsupported(el);
  }
}
