// useAction: runs one user action at a time, with a busy flag (to disable its buttons) and the
// last failure in words (shown next to them). Returns whether the action succeeded.
import { useState } from "preact/hooks";
import { errorText } from "./api";

export interface Action {
  busy: boolean;
  error: string | undefined;
  run: (fn: () => Promise<unknown>) => Promise<boolean>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}
