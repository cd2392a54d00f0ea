// The last calls made from the try-it panel; click one to send its body again.
export interface Call {
  at: number;
  request: string;
  status: number;
  ms: number;
}

export function TryHistory(props: { calls: Call[]; onPick: (request: string) => void }) {
  if (props.calls.length === 0) return null;
  return (
    <div class="history">
      <div class="history-title">Recent calls</div>
      <ul>
        {props.calls.map((c) => (
          <li key={c.at}>
            <button type="button" class="linklike" title="Use this body" onClick={() => props.onPick(c.request)}>
              <span class={`code ${c.status < 400 ? "ok" : "bad"}`}>{c.status || "ERR"}</span>
              <span class="req mono">{c.request || "(empty)"}</span>
              <span class="ms muted">{c.ms.toFixed(1)} ms</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
