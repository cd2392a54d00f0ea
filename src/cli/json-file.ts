// Reads a JSON file (app.json, a partial spec) with errors that say where: Node 20's
// JSON.parse names no position, so on failure a small scanner finds line and column.
import { readFileSync } from "node:fs";
import { CliError } from "./errors.js";

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(code === "ENOENT" ? `${file}: no such file` : `cannot read ${file}: ${code ?? String(e)}`);
  }
  return parseJsonText(text, file);
}

export function parseJsonText(text: string, name: string): unknown {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // editors on Windows add a BOM
  try {
    return JSON.parse(src) as unknown;
  } catch {
    const { offset, expected } = findJsonError(src);
    const { line, column } = lineColumn(src, offset);
    const found = offset >= src.length ? "end of file" : JSON.stringify(src[offset]);
    throw new CliError(`${name}: invalid JSON at line ${line}, column ${column}: expected ${expected}, found ${found}`);
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/** Offset of the first syntax error in `s` and what was expected there. */
export function findJsonError(s: string): { offset: number; expected: string } {
  let i = 0;
  class Fail {
    constructor(
      readonly offset: number,
      readonly expected: string,
    ) {}
  }
  const ws = () => {
    while (i < s.length && " \t\n\r".includes(s[i]!)) i++;
  };
  const fail = (expected: string): never => {
    throw new Fail(i, expected);
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (s[i] !== ch) fail(`"${word}"`);
      i++;
    }
  };
  const string = () => {
    if (s[i] !== '"') fail("a string in double quotes");
    i++;
    while (true) {
      if (i >= s.length) fail('a closing "');
      const ch = s[i]!;
      if (ch === '"') return void i++;
      if (ch === "\\") {
        i++;
        const e = s[i];
        if (e === "u") {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!/[0-9a-fA-F]/.test(s[i] ?? "")) fail("4 hex digits after \\u");
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail("a valid escape (\\n, \\\", \\\\, \\uXXXX ...)");
        i++;
        continue;
      }
      if (ch.charCodeAt(0) < 0x20) fail("no raw control characters in a string (use \\n)");
      i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(i));
    if (!m || m[0] === "-") fail("a value");
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const ch = s[i];
    if (ch === "{") return object();
    if (ch === "[") return array();
    if (ch === '"') return string();
    if (ch === "t") return literal("true");
    if (ch === "f") return literal("false");
    if (ch === "n") return literal("null");
    if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) return number();
    fail("a value");
  };
  const object = () => {
    i++;
    ws();
    if (s[i] === "}") return void i++;
    while (true) {
      ws();
      string();
      ws();
      if (s[i] !== ":") fail('":"');
      i++;
      value();
      ws();
      if (s[i] === ",") {
        i++;
        ws();
        if (s[i] === "}") fail("another property (no trailing comma in JSON)");
        continue;
      }
      if (s[i] === "}") return void i++;
      fail('"," or "}"');
    }
  };
  const array = () => {
    i++;
    ws();
    if (s[i] === "]") return void i++;
    while (true) {
      value();
      ws();
      if (s[i] === ",") {
        i++;
        ws();
        if (s[i] === "]") fail("another value (no trailing comma in JSON)");
        continue;
      }
      if (s[i] === "]") return void i++;
      fail('"," or "]"');
    }
  };
  try {
    value();
    ws();
    if (i < s.length) fail("end of file");
    return { offset: s.length, expected: "valid JSON" };
  } catch (e) {
    if (e instanceof Fail) return { offset: e.offset, expected: e.expected };
    throw e;
  }
}
