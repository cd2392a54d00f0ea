// Specs the scenarios deploy, and the bare node:http baseline.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startChild, type Child } from "./child.js";
import { REPO, type EaselServer, type ServiceView } from "./easel.js";

export const TUTORIAL_DIR = join(REPO, "examples", "tutorial");
/** The tutorial's request and answer: 2*2+100 = 104 < 105. */
export const TUTORIAL_BODY = "2 105";
export const TUTORIAL_ANSWER = "False";

/** examples/tutorial/app.json as the user would deploy it, under another name. */
export function tutorialSpec(name: string, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  const spec = JSON.parse(readFileSync(join(TUTORIAL_DIR, "app.json"), "utf8")) as { metadata?: Record<string, unknown> };
  return { ...spec, name, processor_path: TUTORIAL_DIR, metadata: { ...spec.metadata, ...metadata } };
}

/**
 * The pre-flight check before a server is measured: one request, which must be answered
 * 200 with exactly `expected` (a string, or a predicate for answers wrapped in JSON).
 * Throws otherwise; returns the answer's text.
 */
export async function checkAnswer(
  label: string,
  url: string,
  req: { body: string | Buffer; auth?: string; contentType?: string },
  expected: string | ((text: string) => boolean),
): Promise<string> {
  const headers: Record<string, string> = { "content-type": req.contentType ?? "application/octet-stream" };
  if (req.auth) headers.authorization = req.auth;
  const res = await fetch(url, { method: "POST", headers, body: req.body, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  const ok = typeof expected === "string" ? text === expected : expected(text);
  if (res.status !== 200 || !ok) {
    throw new Error(`${label}: wrong answer before the load run: ${res.status} ${JSON.stringify(text.slice(0, 200))}${typeof expected === "string" ? `, expected 200 ${JSON.stringify(expected)}` : ""}`);
  }
  return text;
}

/** Deploys the tutorial, waits for Running and checks it answers "False" to "2 105". */
export async function deployTutorial(easel: EaselServer, name: string, metadata: Record<string, unknown> = {}): Promise<ServiceView> {
  await easel.create(tutorialSpec(name, metadata));
  const svc = await easel.waitRunning(name);
  await checkAnswer(`Easel service ${name}`, svc.endpoint, { body: TUTORIAL_BODY, auth: svc.token }, TUTORIAL_ANSWER);
  return svc;
}

const BARE = fileURLToPath(new URL("../servers/bare.mjs", import.meta.url));

/** A bare node:http server answering the tutorial's bytes (checked); info.url is its predict URL. */
export async function startBare(cpus: string | undefined, body = TUTORIAL_ANSWER): Promise<Child<{ url: string }>> {
  const bare = await startChild<{ url: string }>(process.execPath, [BARE, body], { cpus });
  try {
    await checkAnswer("bare node:http", bare.info.url, { body: TUTORIAL_BODY }, TUTORIAL_ANSWER);
  } catch (e) {
    await bare.stop();
    throw e;
  }
  return bare;
}
