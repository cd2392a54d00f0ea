// Specs the scenarios deploy, and the bare node:http baseline.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startChild, type Child } from "./child.js";
import { predictOnce, REPO, type EaselServer, type ServiceView } from "./easel.js";

export const TUTORIAL_DIR = join(REPO, "examples", "tutorial");
/** The tutorial's request and answer: 2*2+100 = 104 < 105. */
export const TUTORIAL_BODY = "2 105";
export const TUTORIAL_ANSWER = "False";

/** examples/tutorial/app.json as the user would deploy it, under another name. */
export function tutorialSpec(name: string, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  const spec = JSON.parse(readFileSync(join(TUTORIAL_DIR, "app.json"), "utf8")) as { metadata?: Record<string, unknown> };
  return { ...spec, name, processor_path: TUTORIAL_DIR, metadata: { ...spec.metadata, ...metadata } };
}

/** Deploys the tutorial, waits for Running and checks it answers "False" to "2 105". */
export async function deployTutorial(easel: EaselServer, name: string): Promise<ServiceView> {
  await easel.create(tutorialSpec(name));
  const svc = await easel.waitRunning(name);
  const r = await predictOnce(svc.endpoint, svc.token, TUTORIAL_BODY);
  if (r.status !== 200 || r.text !== TUTORIAL_ANSWER) throw new Error(`${name} answered ${r.status} ${r.text}, expected 200 ${TUTORIAL_ANSWER}`);
  return svc;
}

const BARE = fileURLToPath(new URL("../servers/bare.mjs", import.meta.url));

/** A bare node:http server answering the tutorial's bytes; info.url is its predict URL. */
export async function startBare(cpus: string | undefined, body = TUTORIAL_ANSWER): Promise<Child<{ url: string }>> {
  return startChild<{ url: string }>(process.execPath, [BARE, body], { cpus });
}
