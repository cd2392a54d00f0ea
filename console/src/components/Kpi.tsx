export function Kpi(props: { label: string; value: string; bad?: boolean }) {
  return (
    <div class={`kpi${props.bad ? " bad" : ""}`}>
      <div class="kpi-value">{props.value}</div>
      <div class="kpi-label">{props.label}</div>
    </div>
  );
}
