// Endpoints are written by people (`-e 127.0.0.1:8600`, as eascmd takes a bare host):
// accept them without a scheme and without caring about a trailing slash.
export function normalizeEndpoint(endpoint: string): string {
  let e = endpoint.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(e)) e = `http://${e}`;
  return e.replace(/\/+$/, "");
}
