// usePoll: runs `load` now and every `ms` while mounted; keeps the last good value and
// the last error. `deps` restart it (a new service name, a new key).
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { errorText } from "./api";

export interface Polled<T> {
  data: T | undefined;
  error: string | undefined;
  reload: () => void;
}

export function usePoll<T>(load: () => Promise<T>, ms: number, deps: unknown[]): Polled<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let loadedOnce = false;
    const run = async () => {
      // A hidden tab keeps its last data and stops asking; it catches up when shown.
      if (document.hidden && loadedOnce) {
        timer = setTimeout(run, ms);
        return;
      }
      loadedOnce = true;
      try {
        const v = await loadRef.current();
        if (!alive) return;
        setData(v);
        setError(undefined);
      } catch (e) {
        if (alive) setError(errorText(e));
      }
      if (alive) timer = setTimeout(run, ms);
    };
    void run();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [...deps, tick, ms]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, reload };
}
