// The "local" runtime driver: instances are child processes on this machine.
import type { InstanceConfig, InstanceHandle, InstanceListener, RuntimeDriver } from "../types.js";
import type { LaunchPaths } from "./command.js";
import { LocalInstance } from "./instance.js";

export class LocalDriver implements RuntimeDriver {
  readonly name = "local";
  private readonly live = new Set<LocalInstance>();

  constructor(private readonly paths: LaunchPaths) {}

  start(config: InstanceConfig, listener: InstanceListener): InstanceHandle {
    const inst = new LocalInstance(config, listener, this.paths, (i) => this.live.delete(i));
    this.live.add(inst);
    return inst;
  }

  async shutdown(graceMs: number): Promise<void> {
    const all = [...this.live];
    const timer = setTimeout(() => all.forEach((i) => i.kill()), graceMs);
    await Promise.all(all.map((i) => i.stop(graceMs)));
    clearTimeout(timer);
  }
}
