// undici is loaded on first request, not at import: `easel --help`, `config` and
// `pysdk init` should not pay for it.
import type { Dispatcher } from "undici";

type Request = typeof import("undici").request;
let loading: Promise<Request> | undefined;

export async function httpRequest(url: string | URL, opts: Parameters<Request>[1]): Promise<Dispatcher.ResponseData<unknown>> {
  loading ??= import("undici").then((m) => m.request);
  const request = await loading;
  return request(url, opts);
}
