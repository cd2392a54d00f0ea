// PMML built-in functions (the subset exporters emit), applied to already-evaluated arguments.
import { type Value, EvalError, compareValues, toNumber, valueToString, valuesEqual } from "./values.js";

export interface BuiltinFunction {
  /** Called with all arguments; when `missingOk` is false, a missing argument yields missing first. */
  call(args: Value[]): Value;
  missingOk: boolean;
  minArgs: number;
  maxArgs: number;
}

function num(v: Value, fn: string): number {
  const n = toNumber(v);
  if (n === null) throw new EvalError(`function ${fn}: expected a number, got ${JSON.stringify(v)}`);
  return n;
}

function str(v: Value): string {
  return valueToString(v);
}

function bool(v: Value, fn: string): boolean | null {
  if (v === null) return null;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (v === "true") return true;
  if (v === "false") return false;
  throw new EvalError(`function ${fn}: expected a boolean, got ${JSON.stringify(v)}`);
}

const F: Record<string, BuiltinFunction> = {};
function def(name: string, minArgs: number, maxArgs: number, call: (args: Value[]) => Value, missingOk = false): void {
  F[name] = { call, missingOk, minArgs, maxArgs };
}
const INF = Number.POSITIVE_INFINITY;

function math1(name: string, f: (x: number) => number): void {
  def(name, 1, 1, ([a]) => f(num(a as Value, name)));
}
function math2(name: string, f: (x: number, y: number) => number): void {
  def(name, 2, 2, ([a, b]) => f(num(a as Value, name), num(b as Value, name)));
}

math2("+", (x, y) => x + y);
math2("-", (x, y) => x - y);
math2("*", (x, y) => x * y);
math2("/", (x, y) => x / y);
math2("pow", (x, y) => Math.pow(x, y));
math2("threshold", (x, y) => (x > y ? 1 : 0));
math2("modulo", (x, y) => x - Math.floor(x / y) * y);
math2("atan2", (x, y) => Math.atan2(x, y));
math2("hypot", (x, y) => Math.hypot(x, y));
math1("log10", Math.log10);
math1("ln", Math.log);
math1("exp", Math.exp);
math1("sqrt", Math.sqrt);
math1("abs", Math.abs);
math1("floor", Math.floor);
math1("ceil", Math.ceil);
math1("round", (x) => Math.floor(x + 0.5));
math1("rint", (x) => {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
});
math1("expm1", Math.expm1);
math1("log1p", Math.log1p);
for (const f of ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh"] as const) math1(f, Math[f]);

function nums(name: string, args: Value[]): number[] {
  return args.filter((a) => a !== null).map((a) => num(a, name));
}
// Aggregates over a variable number of arguments ignore missing ones (PMML 4.4); all missing → missing.
def("min", 1, INF, (a) => (nums("min", a).length ? Math.min(...nums("min", a)) : null), true);
def("max", 1, INF, (a) => (nums("max", a).length ? Math.max(...nums("max", a)) : null), true);
def("sum", 1, INF, (a) => (nums("sum", a).length ? nums("sum", a).reduce((s, x) => s + x, 0) : null), true);
def("product", 1, INF, (a) => (nums("product", a).length ? nums("product", a).reduce((s, x) => s * x, 1) : null), true);
def("avg", 1, INF, (a) => {
  const xs = nums("avg", a);
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null;
}, true);
def("median", 1, INF, (a) => {
  const xs = nums("median", a).sort((x, y) => x - y);
  if (!xs.length) return null;
  const m = xs.length >> 1;
  return xs.length % 2 ? (xs[m] as number) : ((xs[m - 1] as number) + (xs[m] as number)) / 2;
}, true);

def("isMissing", 1, 1, ([a]) => a === null, true);
def("isNotMissing", 1, 1, ([a]) => a !== null, true);
def("equal", 2, 2, ([a, b]) => valuesEqual(a as Value, b as Value));
def("notEqual", 2, 2, ([a, b]) => !valuesEqual(a as Value, b as Value));
def("lessThan", 2, 2, ([a, b]) => compareValues(a as Value, b as Value) < 0);
def("lessOrEqual", 2, 2, ([a, b]) => compareValues(a as Value, b as Value) <= 0);
def("greaterThan", 2, 2, ([a, b]) => compareValues(a as Value, b as Value) > 0);
def("greaterOrEqual", 2, 2, ([a, b]) => compareValues(a as Value, b as Value) >= 0);
// A missing value is in no list (as JPMML evaluates it).
def("isIn", 2, INF, ([a, ...rest]) => a !== null && a !== undefined && rest.some((r) => valuesEqual(a, r)), true);
def("isNotIn", 2, INF, ([a, ...rest]) => a === null || a === undefined || !rest.some((r) => valuesEqual(a, r)), true);
def("and", 2, INF, (args) => {
  const bs = args.map((a) => bool(a, "and"));
  if (bs.includes(false)) return false;
  return bs.includes(null) ? null : true;
}, true);
def("or", 2, INF, (args) => {
  const bs = args.map((a) => bool(a, "or"));
  if (bs.includes(true)) return true;
  return bs.includes(null) ? null : false;
}, true);
def("not", 1, 1, ([a]) => {
  const b = bool(a as Value, "not");
  return b === null ? null : !b;
});
// "if" is lazy and handled by the expression compiler; this entry only declares its arity.
def("if", 2, 3, () => null, true);

def("uppercase", 1, 1, ([a]) => str(a as Value).toUpperCase());
def("lowercase", 1, 1, ([a]) => str(a as Value).toLowerCase());
def("trimBlanks", 1, 1, ([a]) => str(a as Value).trim());
def("substring", 3, 3, ([s, start, len]) => {
  const t = str(s as Value);
  const st = num(start as Value, "substring");
  const l = num(len as Value, "substring");
  if (st < 1 || l < 0) throw new EvalError(`function substring: invalid position ${st}/${l}`);
  return t.substr(st - 1, l);
});
def("concat", 2, INF, (args) => args.filter((a) => a !== null).map(str).join(""), true);
def("replace", 3, 3, ([s, p, r]) => {
  // Java replacement syntax: $1 groups work the same in JS; escape a literal "$$" is rare.
  return str(s as Value).replace(new RegExp(str(p as Value), "g"), str(r as Value));
});
def("matches", 2, 2, ([s, p]) => new RegExp(str(p as Value)).test(str(s as Value)));
def("stringLength", 1, 1, ([s]) => str(s as Value).length);

export function builtinFunction(name: string): BuiltinFunction | undefined {
  return Object.prototype.hasOwnProperty.call(F, name) ? F[name] : undefined;
}
