// Conformance: every fixture model under test/fixtures/pmml is scored by the TypeScript evaluator
// and compared with the outputs the JPMML reference engine produced (scripts/pmml/gen_fixtures.py).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PmmlEvaluator } from "../../src/processors/pmml/index.js";

const DIR = join(import.meta.dirname, "..", "fixtures", "pmml");

interface Fixture {
  model: string;
  records: Record<string, unknown>[];
  expected: Record<string, unknown>[];
}

export function close(actual: unknown, expected: unknown, rel: number): boolean {
  if (typeof expected === "number" && typeof actual === "number") {
    if (actual === expected) return true;
    const diff = Math.abs(actual - expected);
    return diff <= rel * Math.max(Math.abs(actual), Math.abs(expected)) || diff < (rel > 1e-9 ? 1e-7 : 1e-12);
  }
  if (typeof expected === "number" && typeof actual === "string") return close(Number(actual), expected, rel);
  return actual === expected;
}

const fixtures = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();

describe("PMML conformance against JPMML", () => {
  it("has fixtures", () => {
    expect(fixtures.length).toBeGreaterThan(10);
  });
  for (const file of fixtures) {
    it(file.replace(/\.json$/, ""), () => {
      const fx = JSON.parse(readFileSync(join(DIR, file), "utf8")) as Fixture;
      const xml = readFileSync(join(DIR, fx.model), "utf8");
      const ev = new PmmlEvaluator(xml);
      // Models evaluated in single precision (x-mathContext="float", XGBoost) may differ from JPMML in the
      // last float ulp of a link function; everything else must agree to 1e-9 relative.
      const rel = xml.includes('x-mathContext="float"') ? 1e-6 : 1e-9;
      const failures: string[] = [];
      fx.records.forEach((rec, i) => {
        const exp = fx.expected[i] ?? {};
        if ("__error__" in exp) {
          expect(() => ev.evaluate(rec), `record ${i} should be refused (${String(exp["__error__"])})`).toThrow();
          return;
        }
        let got: Record<string, unknown>;
        try {
          got = ev.evaluate(rec);
        } catch (e) {
          failures.push(`record ${i}: threw ${(e as Error).message}`);
          return;
        }
        for (const [k, v] of Object.entries(exp)) {
          if (k === "None") continue; // JPMML's key for a target-less (clustering) prediction
          if (!close(got[k], v, rel)) failures.push(`record ${i} ${k}: got ${JSON.stringify(got[k])}, expected ${JSON.stringify(v)}`);
        }
      });
      expect(failures.slice(0, 8), `${failures.length} mismatches`).toEqual([]);
    });
  }
});
