// POST of a file with upload progress: fetch() cannot report it, XMLHttpRequest can.
// Resolves with a standard Response so callers handle the answer as for fetch().

/** Sends `body` with `headers`; `onProgress` gets the fraction sent (0..1). */
export function postWithProgress(url: string, headers: Record<string, string>, body: Blob, onProgress: (fraction: number) => void): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => resolve(new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers: parseHeaders(xhr.getAllResponseHeaders()) }));
    xhr.onerror = () => reject(new Error(`upload to ${url} failed: the connection was lost`));
    xhr.onabort = () => reject(new Error("upload aborted"));
    xhr.send(body);
  });
}

function parseHeaders(raw: string): Headers {
  const h = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const i = line.indexOf(":");
    if (i > 0) h.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  return h;
}
