// Service events, newest first; refreshed by the parent.
import { clock } from "../lib/format";
import { usePoll } from "../lib/poll";
import { api } from "../lib/api";
import type { AdminKey } from "../lib/signing";

export function EventsList(props: { adminKey: AdminKey; name: string }) {
  const { data, error } = usePoll(() => api.events(props.adminKey, props.name, 100), 2000, [props.adminKey, props.name]);
  const events = [...(data?.events ?? [])].reverse();
  return (
    <div class="events">
      {error && <div class="alert error">{error}</div>}
      {events.length === 0 && !error && <p class="muted pad">No events yet.</p>}
      <ul>
        {events.map((e) => (
          <li key={e.id} class={`event ${e.level}`}>
            <span class="time" title={e.at ?? e.time}>
              {clock(e.at ?? e.time)}
            </span>
            <span class={`level ${e.level}`}>{e.reason}</span>
            <span class="text">
              {e.message}
              {e.instance && <span class="sub mono"> {e.instance}</span>}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
