// Requests in flight on one connection, keyed by frame id. Deliberately not a Map: a
// long-lived Map that churns (one insert and one delete per request) rehashes every few
// dozen inserts, and each obsolete hash table keeps a pointer to its successor (V8 keeps
// it for live iterators). Once a mark-compact has moved the current table to the old
// generation, every later table, and the requests still in it, is reachable from that dead
// old table until the next mark-compact: the gateway promoted ~17 MB/s of garbage that way
// and paid for it with a mark-compact every ~2.5 s, the 20-30 ms p99.9 tail (docs/bench.md).
//
// Ids are handed out sequentially, so `id & mask` spreads the requests in flight over a
// power-of-two ring of slots: no allocation per request, no rehash. A slot still held by an
// old request (one that has been in flight while `capacity` newer ones were sent) makes the
// ring double, up to MAX_SLOTS; past that the rare collider waits in a small Map.

const MIN_SLOTS = 64;
const MAX_SLOTS = 1 << 14;

export class InFlightTable<T> {
  private values: (T | undefined)[];
  private ids: Uint32Array;
  /** Insertion order (a counter, not the id: ids wrap), for oldest-first iteration. */
  private order: Float64Array;
  private mask: number;
  private overflow?: Map<number, { value: T; order: number }>;
  private seq = 0;
  private count = 0;

  constructor(slots = MIN_SLOTS) {
    const n = Math.max(2, 2 ** Math.ceil(Math.log2(slots)));
    this.values = new Array<T | undefined>(n).fill(undefined);
    this.ids = new Uint32Array(n);
    this.order = new Float64Array(n);
    this.mask = n - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds a request; the id must not be in the table already. */
  set(id: number, value: T): void {
    let i = id & this.mask;
    while (this.values[i] !== undefined && this.values.length < MAX_SLOTS) {
      this.grow();
      i = id & this.mask;
    }
    const order = this.seq++;
    if (this.values[i] === undefined) {
      this.values[i] = value;
      this.ids[i] = id;
      this.order[i] = order;
    } else {
      (this.overflow ??= new Map()).set(id, { value, order });
    }
    this.count++;
  }

  get(id: number): T | undefined {
    const i = id & this.mask;
    if (this.values[i] !== undefined && this.ids[i] === id) return this.values[i];
    return this.overflow?.get(id)?.value;
  }

  /** Removes and returns the request with this id (undefined when it is not in flight). */
  take(id: number): T | undefined {
    const i = id & this.mask;
    const v = this.values[i];
    if (v !== undefined && this.ids[i] === id) {
      this.values[i] = undefined;
      this.count--;
      return v;
    }
    const o = this.overflow?.get(id);
    if (!o) return undefined;
    this.overflow!.delete(id);
    this.count--;
    return o.value;
  }

  /** Calls fn for every request in flight, in no particular order; fn may take() the one it is given. */
  forEach(fn: (value: T, id: number) => void): void {
    if (this.count === 0) return;
    const { values, ids } = this;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== undefined) fn(v, ids[i]!);
    }
    if (this.overflow) for (const [id, o] of [...this.overflow]) fn(o.value, id);
  }

  /** Every request in flight with its id, oldest first (a copy: safe to take() while iterating). */
  entries(): [number, T][] {
    const out: { id: number; value: T; order: number }[] = [];
    if (this.count === 0) return [];
    for (let i = 0; i < this.values.length; i++) {
      const v = this.values[i];
      if (v !== undefined) out.push({ id: this.ids[i]!, value: v, order: this.order[i]! });
    }
    if (this.overflow) for (const [id, o] of this.overflow) out.push({ id, value: o.value, order: o.order });
    out.sort((a, b) => a.order - b.order);
    return out.map((e) => [e.id, e.value]);
  }

  clear(): void {
    this.values.fill(undefined);
    this.overflow = undefined;
    this.count = 0;
  }

  private grow(): void {
    const { values, ids, order } = this;
    const n = values.length * 2;
    this.values = new Array<T | undefined>(n).fill(undefined);
    this.ids = new Uint32Array(n);
    this.order = new Float64Array(n);
    this.mask = n - 1;
    // Distinct slots of the old ring map to distinct slots of one twice as large.
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === undefined) continue;
      const j = ids[i]! & this.mask;
      this.values[j] = v;
      this.ids[j] = ids[i]!;
      this.order[j] = order[i]!;
    }
  }
}
