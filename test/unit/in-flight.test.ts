import { describe, expect, it } from "vitest";
import { InFlightTable } from "../../src/runtime/protocol/in-flight.js";

describe("InFlightTable", () => {
  it("stores, finds and takes requests by id", () => {
    const t = new InFlightTable<string>(4);
    t.set(1, "a");
    t.set(2, "b");
    expect(t.size).toBe(2);
    expect(t.get(1)).toBe("a");
    expect(t.get(3)).toBeUndefined();
    expect(t.take(1)).toBe("a");
    expect(t.take(1)).toBeUndefined();
    expect(t.get(1)).toBeUndefined();
    expect(t.size).toBe(1);
  });

  it("does not confuse an id with another that maps to the same slot", () => {
    const t = new InFlightTable<string>(4);
    t.set(1, "a");
    expect(t.get(5)).toBeUndefined();
    expect(t.take(5)).toBeUndefined();
    expect(t.get(1)).toBe("a");
  });

  it("grows when an old request still holds the slot a new id needs", () => {
    const t = new InFlightTable<number>(4);
    t.set(1, 1); // stays in flight while many newer ones come and go
    for (let id = 2; id < 200; id++) {
      t.set(id, id);
      expect(t.take(id)).toBe(id);
    }
    expect(t.get(1)).toBe(1);
    expect(t.size).toBe(1);
  });

  it("keeps every request when ids collide past the largest ring (overflow)", () => {
    const t = new InFlightTable<number>(4);
    const ids = [7, 7 + (1 << 14), 7 + 2 * (1 << 14), 7 + 5 * (1 << 14)];
    ids.forEach((id) => t.set(id, id));
    expect(t.size).toBe(4);
    for (const id of ids) expect(t.get(id)).toBe(id);
    expect(t.entries().map((e) => e[0])).toEqual(ids);
    expect(t.take(ids[2]!)).toBe(ids[2]);
    expect(t.take(ids[0]!)).toBe(ids[0]);
    expect(t.entries().map((e) => e[0])).toEqual([ids[1], ids[3]]);
    expect(t.size).toBe(2);
  });

  it("lists oldest first, across the id wrap-around, and survives take() while iterating", () => {
    const t = new InFlightTable<string>(8);
    const ids = [0xfffffffd, 0xfffffffe, 1, 2];
    ids.forEach((id, i) => t.set(id, `r${i}`));
    const seen: number[] = [];
    for (const [id, v] of t.entries()) {
      seen.push(id);
      expect(t.take(id)).toBe(v);
    }
    expect(seen).toEqual(ids);
    expect(t.size).toBe(0);
  });

  it("forEach visits every request, ring and overflow, and allows take() of the visited one", () => {
    const t = new InFlightTable<string>(4);
    const ids = [1, 2, 2 + (1 << 14), 9];
    ids.forEach((id) => t.set(id, `r${id}`));
    const seen: number[] = [];
    t.forEach((v, id) => {
      expect(v).toBe(`r${id}`);
      seen.push(id);
      if (id % 2 === 0) t.take(id);
    });
    expect(seen.sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    expect(t.entries().map((e) => e[0])).toEqual([1, 9]);
  });

  it("clear() empties it", () => {
    const t = new InFlightTable<string>();
    t.set(3, "x");
    t.set(3 + (1 << 20), "y");
    t.clear();
    expect(t.size).toBe(0);
    expect(t.get(3)).toBeUndefined();
    expect(t.entries()).toEqual([]);
  });
});
