// XML → generic, order-preserving element tree (fast-xml-parser with preserveOrder).
import { XMLParser } from "fast-xml-parser";

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** Location for error messages, e.g. /PMML/TreeModel/Node[3]. */
  path: string;
}

export class PmmlError extends Error {
  override name = "PmmlError";
}

type RawNode = Record<string, unknown>;

function convert(raw: RawNode[], parentPath: string): XmlElement[] {
  const out: XmlElement[] = [];
  const seen = new Map<string, number>();
  for (const node of raw) {
    const keys = Object.keys(node).filter((k) => k !== ":@");
    const name = keys[0];
    if (name === undefined || name === "#text" || name.startsWith("?")) continue;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    const path = `${parentPath}/${name}${count > 1 ? `[${count}]` : ""}`;
    const attrsRaw = (node[":@"] ?? {}) as Record<string, unknown>;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(attrsRaw)) attrs[k] = String(v);
    const kids = (node[name] ?? []) as RawNode[];
    let text = "";
    for (const k of kids) if ("#text" in k) text += String(k["#text"]);
    out.push({ name, attrs, children: convert(kids, path), text, path });
  }
  return out;
}

export function parseXml(source: string): XmlElement {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    removeNSPrefix: true,
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    processEntities: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  let raw: unknown;
  try {
    raw = parser.parse(source);
  } catch (e) {
    throw new PmmlError(`invalid XML: ${(e as Error).message}`);
  }
  const roots = convert(raw as RawNode[], "");
  const root = roots.find((r) => r.name === "PMML");
  if (!root) throw new PmmlError("not a PMML document: no <PMML> root element");
  return root;
}

export function unsupported(el: XmlElement, why?: string): PmmlError {
  return new PmmlError(`unsupported PMML element <${el.name}> at ${el.path}${why ? `: ${why}` : ""}`);
}

export function unsupportedAttr(el: XmlElement, attr: string): PmmlError {
  return new PmmlError(`unsupported ${attr}="${el.attrs[attr] ?? ""}" on <${el.name}> at ${el.path}`);
}

export function invalid(el: XmlElement, why: string): PmmlError {
  return new PmmlError(`invalid PMML at ${el.path}: ${why}`);
}

/** Children other than Extension elements. */
export function kids(el: XmlElement): XmlElement[] {
  return el.children.filter((c) => c.name !== "Extension");
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function children(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

export function requireChild(el: XmlElement, name: string): XmlElement {
  const c = child(el, name);
  if (!c) throw invalid(el, `missing <${name}>`);
  return c;
}

/** Refuse any child element not in `allowed` (Extension is always allowed). */
export function checkChildren(el: XmlElement, allowed: readonly string[]): void {
  for (const c of el.children) {
    if (c.name === "Extension") continue;
    if (!allowed.includes(c.name)) throw unsupported(c);
  }
}

export function attr(el: XmlElement, name: string): string | undefined {
  return el.attrs[name];
}

export function reqAttr(el: XmlElement, name: string): string {
  const v = el.attrs[name];
  if (v === undefined) throw invalid(el, `missing attribute ${name}`);
  return v;
}

export function numAttr(el: XmlElement, name: string, dflt: number): number;
export function numAttr(el: XmlElement, name: string): number | undefined;
export function numAttr(el: XmlElement, name: string, dflt?: number): number | undefined {
  const v = el.attrs[name];
  if (v === undefined) return dflt;
  const n = parseNumber(v);
  if (Number.isNaN(n) && !/^nan$/i.test(v.trim())) throw invalid(el, `attribute ${name}="${v}" is not a number`);
  return n;
}

export function reqNumAttr(el: XmlElement, name: string): number {
  const n = numAttr(el, name);
  if (n === undefined) throw invalid(el, `missing attribute ${name}`);
  return n;
}

export function parseNumber(s: string): number {
  const t = s.trim();
  if (t === "") return NaN;
  if (/^[+-]?inf(inity)?$/i.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return NaN;
  return Number(t);
}

/** Tokens of a PMML <Array>: whitespace separated, "double quoted" with \" escapes. */
export function arrayTokens(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"') {
      let s = "";
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\\" && i + 1 < text.length) i++;
        s += text[i];
        i++;
      }
      i++;
      out.push(s);
    } else {
      let s = "";
      while (i < text.length && !/\s/.test(text[i] as string)) s += text[i++];
      out.push(s);
    }
  }
  return out;
}

export function parseArray(el: XmlElement): string[] {
  return arrayTokens(el.text);
}

export function numArray(el: XmlElement): number[] {
  return parseArray(el).map((t) => {
    const n = parseNumber(t);
    if (Number.isNaN(n)) throw invalid(el, `array element "${t}" is not a number`);
    return n;
  });
}
