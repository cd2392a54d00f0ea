const TONE: Record<string, string> = {
  Running: "ok",
  Creating: "busy",
  Updating: "busy",
  Stopping: "idle",
  Stopped: "idle",
  Deleting: "warn",
  Failed: "bad",
};

export function StatusBadge(props: { status: string }) {
  return <span class={`badge ${TONE[props.status] ?? "idle"}`}>{props.status}</span>;
}
