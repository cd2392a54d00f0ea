import { describe, expect, it } from "vitest";
import { findJsonError, lineColumn, parseJsonText } from "../../src/cli/json-file.js";

describe("JSON files with positions in errors", () => {
  it("parses good JSON (and a BOM)", () => {
    expect(parseJsonText('\ufeff{"a": [1, true, null, "x\\n"]}', "app.json")).toEqual({ a: [1, true, null, "x\n"] });
  });

  it.each([
    ['{\n  "name": "x",\n  "metadata": {\n    "instance": 1,\n  }\n}', 5, 3, /another property/],
    ['{\n  "name": "x"\n  "cpu": 1\n}', 3, 3, /"," or "}"/],
    ["{\n  name: 1\n}", 2, 3, /string in double quotes/],
    ['{"a": tru}', 1, 10, /expected "true", found "}"/],
    ['{"a": 1', 1, 8, /"," or "}"/],
    ['{"a": 1} x', 1, 10, /end of file/],
    ['{"a": "b', 1, 9, /closing "/],
    ["", 1, 1, /a value/],
  ])("points at the error in %j", (text, line, column, expected) => {
    expect(() => parseJsonText(text, "app.json")).toThrow(new RegExp(`^app.json: invalid JSON at line ${line}, column ${column}: `));
    expect(() => parseJsonText(text, "app.json")).toThrow(expected);
  });

  it("maps offsets to 1-based line/column", () => {
    expect(lineColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
    expect(findJsonError("[1,]").offset).toBe(3);
  });
});
