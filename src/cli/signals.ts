// Long-running commands (server, dev, dev --watch) end on SIGINT or SIGTERM.

/** Resolves with the first SIGINT/SIGTERM; `dispose` removes the handlers if something else ended first. */
export function untilSignal(): { promise: Promise<NodeJS.Signals>; dispose: () => void } {
  let dispose = () => undefined as void;
  const promise = new Promise<NodeJS.Signals>((resolveSignal) => {
    const on = (s: NodeJS.Signals) => {
      dispose();
      resolveSignal(s);
    };
    process.once("SIGINT", on);
    process.once("SIGTERM", on);
    dispose = () => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
    };
  });
  return { promise, dispose };
}
