// Target paths: how a spec names an uploaded blob (EAS prints oss://...; we print this).
const PREFIX = "easel://blobs/";
const SHA_RE = /^[0-9a-f]{64}$/;

export function toTargetPath(sha256: string): string {
  return `${PREFIX}${sha256}`;
}

/** The sha256 a target path names, or undefined when `p` is not a target path. */
export function parseTargetPath(p: string): string | undefined {
  if (!p.startsWith(PREFIX)) return undefined;
  const sha = p.slice(PREFIX.length).replace(/\/$/, "");
  return SHA_RE.test(sha) ? sha : undefined;
}

export function isSha256(s: string): boolean {
  return SHA_RE.test(s);
}
