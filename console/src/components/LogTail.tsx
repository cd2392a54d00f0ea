// Live log tail: GET logs?tail=200&follow=1 read as a stream. Reconnects when the set
// of instances changes (the server follows the instances that existed at request time)
// or when the stream ends.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, errorText } from "../lib/api";
import type { AdminKey } from "../lib/signing";

const KEEP = 1000;

export function LogTail(props: { adminKey: AdminKey; name: string; instanceKey: string }) {
  const [lines, setLines] = useState<string[]>([]);
  const [state, setState] = useState<"connecting" | "live" | "error">("connecting");
  const [error, setError] = useState<string | undefined>(undefined);
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLPreElement>(null);

  useEffect(() => {
    const ac = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = async () => {
      setState("connecting");
      try {
        const res = await api.logs(props.adminKey, props.name, 200, true, ac.signal);
        setState("live");
        setError(undefined);
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let partial = "";
        let first = true;
        while (true) {
          const { value, done } = await reader.read();
          if (done) break;
          const parts = (partial + value).split("\n");
          partial = parts.pop() ?? "";
          setLines((cur) => (first ? parts : [...cur, ...parts]).slice(-KEEP));
          first = false;
        }
        if (first) setLines([]);
      } catch (e) {
        if (ac.signal.aborted) return;
        setState("error");
        setError(errorText(e));
      }
      if (!ac.signal.aborted) retry = setTimeout(connect, 2000);
    };
    void connect();
    return () => {
      ac.abort();
      clearTimeout(retry);
    };
  }, [props.adminKey, props.name, props.instanceKey]);

  useEffect(() => {
    const el = box.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [lines, follow]);

  return (
    <div class="logs">
      <div class="logs-bar">
        <span class={`live ${state}`}>{state === "live" ? "● live" : state === "connecting" ? "connecting…" : "disconnected"}</span>
        <span class="muted">{lines.length} lines</span>
        <label class="inline">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} /> auto-scroll
        </label>
      </div>
      {error && <div class="alert error">{error}</div>}
      <pre ref={box} class="logbox" data-testid="logs">
        {lines.length ? lines.join("\n") : <span class="muted">No log lines yet.</span>}
      </pre>
    </div>
  );
}
