// Bordered tables in the style eascmd prints (Go tablewriter): upper-case headers,
// cells padded to the widest value, multi-line cells, CJK characters counted as two columns.

export type Cell = string | number | boolean | null | undefined;

export interface TableOptions {
  /** Right-align these column indexes (numbers). */
  alignRight?: number[];
  /** Keep headers as written instead of upper-casing them. */
  keepHeaderCase?: boolean;
}

export function formatTable(headers: string[], rows: Cell[][], opts: TableOptions = {}): string {
  const head = headers.map((h) => (opts.keepHeaderCase ? h : h.toUpperCase()));
  const body = rows.map((r) => headers.map((_, i) => cellText(r[i])));
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...body.map((r) => maxLineWidth(r[i] ?? ""))));
  const rule = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+`;
  const right = new Set(opts.alignRight ?? []);
  const out = [rule, ...renderRow(head, widths, () => "center"), rule];
  for (const r of body) out.push(...renderRow(r, widths, (i) => (right.has(i) ? "right" : "left")));
  if (body.length > 0) out.push(rule);
  return out.join("\n");
}

/** Two-column key/value table without a header (eascmd's `create` and `desc`). */
export function formatKeyValue(pairs: [string, Cell][]): string {
  const rows = pairs.map(([k, v]) => [k, cellText(v)]);
  const widths = [0, 1].map((i) => Math.max(1, ...rows.map((r) => maxLineWidth(r[i] ?? ""))));
  const rule = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+`;
  const out = [rule];
  for (const r of rows) out.push(...renderRow(r, widths, (i) => (i === 0 ? "right" : "left")));
  out.push(rule);
  return out.join("\n");
}

type Align = "left" | "right" | "center";

function renderRow(cells: string[], widths: number[], align: (i: number) => Align): string[] {
  const lines = cells.map((c) => c.split("\n"));
  const height = Math.max(1, ...lines.map((l) => l.length));
  const out: string[] = [];
  for (let y = 0; y < height; y++) {
    const parts = widths.map((w, i) => pad(lines[i]?.[y] ?? "", w, align(i)));
    out.push(`| ${parts.join(" | ")} |`);
  }
  return out;
}

function pad(s: string, width: number, align: Align): string {
  const gap = Math.max(0, width - displayWidth(s));
  if (align === "right") return " ".repeat(gap) + s;
  if (align === "center") return " ".repeat(Math.floor(gap / 2)) + s + " ".repeat(Math.ceil(gap / 2));
  return s + " ".repeat(gap);
}

function cellText(v: Cell): string {
  if (v === null || v === undefined) return "";
  return String(v).replace(/\r/g, "").replace(/\t/g, "  ");
}

function maxLineWidth(s: string): number {
  return Math.max(0, ...s.split("\n").map(displayWidth));
}

/** Terminal columns a string takes: wide (CJK, full-width) characters count as two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || (cp >= 0x300 && cp <= 0x36f)) continue; // control, combining marks
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}
