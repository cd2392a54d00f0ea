import { describe, expect, it } from "vitest";
import { displayWidth, formatKeyValue, formatTable } from "../../src/cli/format/table.js";
import { formatBytes, formatTime } from "../../src/cli/format/values.js";

describe("formatTable", () => {
  it("pads columns to the widest cell with eascmd-style borders and upper-case headers", () => {
    const t = formatTable(["ServiceName", "Instance"], [["demo", 1], ["a_longer_name", 12]], { alignRight: [1] });
    expect(t.split("\n")).toEqual([
      "+---------------+----------+",
      "|  SERVICENAME  | INSTANCE |",
      "+---------------+----------+",
      "| demo          |        1 |",
      "| a_longer_name |       12 |",
      "+---------------+----------+",
    ]);
  });

  it("counts CJK characters as two columns and renders multi-line cells", () => {
    expect(displayWidth("今天ab")).toBe(6);
    const t = formatTable(["K", "V"], [["今天", "line1\nline2"]], { keepHeaderCase: true });
    const lines = t.split("\n");
    expect(lines).toContain("| 今天 | line1 |");
    expect(lines).toContain("|      | line2 |");
    expect(new Set(lines.map(displayWidth)).size).toBe(1);
  });

  it("renders empty and missing cells", () => {
    expect(formatTable(["A", "B"], [[null, undefined]])).toContain("|   |   |");
    expect(formatTable(["A"], []).split("\n")).toHaveLength(3);
  });

  it("formats key/value tables with right-aligned keys", () => {
    expect(formatKeyValue([["Endpoint", "http://x/api/predict/a"], ["Token", "abc"]]).split("\n")).toEqual([
      "+----------+------------------------+",
      "| Endpoint | http://x/api/predict/a |",
      "|    Token | abc                    |",
      "+----------+------------------------+",
    ]);
  });
});

describe("values", () => {
  it("formats times and sizes", () => {
    expect(formatTime("not a date")).toBe("not a date");
    expect(formatTime(null)).toBe("");
    expect(formatTime("2024-01-02T03:04:05Z")).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(formatBytes(10)).toBe("10 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(300 * 1024 * 1024)).toBe("300 MiB");
  });
});
