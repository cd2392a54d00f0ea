// Nested JSON arrays ⇄ (shape, flat data).
export function flatten(value: unknown, where: string): { shape: number[]; flat: unknown[] } {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const flat: unknown[] = [];
  const walk = (v: unknown, depth: number, path: string) => {
    if (depth === shape.length) {
      if (Array.isArray(v)) throw new Error(`${where}${path}: ragged array (deeper than the first element)`);
      flat.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new Error(`${where}${path}: ragged array (expected ${shape[depth]} elements like the first row)`);
    }
    v.forEach((x, i) => walk(x, depth + 1, `${path}[${i}]`));
  };
  walk(value, 0, "");
  return { shape, flat };
}

export function nest(flat: unknown[], shape: readonly number[]): unknown {
  if (shape.length === 0) return flat[0];
  let i = 0;
  const build = (d: number): unknown[] => {
    const n = shape[d] ?? 0;
    const out: unknown[] = new Array<unknown>(n);
    for (let k = 0; k < n; k++) out[k] = d === shape.length - 1 ? flat[i++] : build(d + 1);
    return out;
  };
  return build(0);
}
