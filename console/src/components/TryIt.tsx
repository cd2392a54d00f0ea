// Call the service from the browser with its token and show status, body and time.
import { useState } from "preact/hooks";
import { errorText } from "../lib/api";
import { CopyButton } from "./CopyButton";
import { type Call, TryHistory } from "./TryHistory";

interface Answer {
  status: number;
  statusText: string;
  ms: number;
  body: string;
  contentType: string;
}

function pretty(body: string, contentType: string): string {
  if (!contentType.includes("json") && !/^\s*[[{]/.test(body)) return body;
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function TryIt(props: { name: string; token: string; endpoint: string; sample?: string }) {
  const [body, setBody] = useState(props.sample ?? "");
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<Answer | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [calls, setCalls] = useState<Call[]>([]);
  const remember = (status: number, ms: number) => setCalls((cur) => [{ at: Date.now() + Math.random(), request: body, status, ms }, ...cur].slice(0, 6));

  const send = async () => {
    setBusy(true);
    setError(undefined);
    const t0 = performance.now();
    try {
      // Same origin as the console, whatever host name the endpoint shows.
      const res = await fetch(`/api/predict/${encodeURIComponent(props.name)}`, { method: "POST", headers: { authorization: props.token }, body });
      const text = await res.text();
      const ms = performance.now() - t0;
      const contentType = res.headers.get("content-type") ?? "";
      setAnswer({ status: res.status, statusText: res.statusText, ms, body: pretty(text, contentType), contentType });
      remember(res.status, ms);
    } catch (e) {
      setAnswer(undefined);
      setError(errorText(e));
      remember(0, performance.now() - t0);
    } finally {
      setBusy(false);
    }
  };

  const curl = `curl ${props.endpoint} -H 'Authorization: ${props.token}' -d '${body.replace(/'/g, "'\\''")}'`;
  const ok = answer && answer.status < 400;
  return (
    <div class="tryit">
      <textarea
        name="body"
        rows={5}
        class="mono"
        placeholder="Request body, sent as-is"
        value={body}
        onInput={(e) => setBody(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void send();
        }}
      />
      <div class="actions left">
        <button class="btn primary" onClick={send} disabled={busy}>
          {busy ? "Sending…" : "Send"}
        </button>
        <span class="muted small">Ctrl+Enter</span>
        <span class="spacer" />
        <CopyButton text={curl} label="curl command" />
        <span class="muted small">as curl</span>
      </div>
      {error && <div class="alert error">{error}</div>}
      {answer && (
        <div class="answer" data-testid="answer">
          <div class="answer-head">
            <span class={`badge ${ok ? "ok" : "bad"}`} data-testid="answer-status">
              {answer.status} {answer.statusText}
            </span>
            <span class="muted" data-testid="answer-time">
              {answer.ms.toFixed(1)} ms
            </span>
            {answer.contentType && <span class="muted mono small">{answer.contentType}</span>}
          </div>
          <pre class="answer-body" data-testid="answer-body">
            {answer.body || <span class="muted">(empty body)</span>}
          </pre>
        </div>
      )}
      <TryHistory calls={calls} onPick={setBody} />
    </div>
  );
}
