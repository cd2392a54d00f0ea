// The web console, driven in a real browser (Debian chromium via playwright-core)
// against a real in-process Easel server: sign in, create a service from an uploaded
// file, call it from the try-it panel, scale it, delete it. Screenshots of each page
// go to test-output/screenshots/ (gitignored).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, REPO, startTestServer, type TestServer } from "../helpers/server.js";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = join(REPO, "test-output", "screenshots");
const CONSOLE = join(REPO, "console");

let t: TestServer;
let browser: Browser;
let work: string;

/** Newest modification time under a path (file or folder). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((n) => newest(join(path, n))));
}

/** Builds console/dist when it is missing or older than the console's sources. */
function ensureConsoleBuilt(): void {
  const built = join(CONSOLE, "dist", "index.html");
  const sources = Math.max(...["src", "index.html", "vite.config.ts"].map((p) => newest(join(CONSOLE, p))));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const r = spawnSync(process.execPath, [join(REPO, "scripts", "build-console.mjs")], { cwd: REPO, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`building the console failed (node scripts/build-console.mjs):\n${r.stdout}\n${r.stderr}`);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the console's browser test needs Debian's chromium (apt-get install chromium, or run scripts/test.sh)`);
  }
  ensureConsoleBuilt();
  mkdirSync(SHOTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), "easel-console-test-"));
  t = await startTestServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function newPage(): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
  return page;
}

const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: join(SHOTS, name), fullPage });

/** Polls a locator's text until it matches (playwright-core has no expect()). */
async function waitForText(loc: Locator, re: RegExp, timeoutMs = 20_000, failOn?: { loc: Locator; re: RegExp; detail?: Locator }): Promise<string> {
  const end = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < end) {
    last = (await loc.count()) > 0 ? ((await loc.first().textContent()) ?? "") : "";
    if (re.test(last)) return last;
    if (failOn && (await failOn.loc.count()) > 0 && failOn.re.test((await failOn.loc.first().textContent()) ?? "")) {
      const detail = failOn.detail && (await failOn.detail.count()) > 0 ? await failOn.detail.first().textContent() : "";
      throw new Error(`gave up waiting for ${re}: ${await failOn.loc.first().textContent()} ${detail ?? ""}`.trim());
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${re}; last text: ${JSON.stringify(last)}`);
}

async function signIn(page: Page): Promise<void> {
  await page.goto(t.url);
  await page.fill("input[name=access_id]", t.server.adminKey.id);
  await page.fill("input[name=access_key]", t.server.adminKey.secret);
  await page.click("button[type=submit]");
  await page.locator("h1", { hasText: "Services" }).waitFor();
}

async function tryIt(page: Page, body: string): Promise<{ status: string; body: string; time: string }> {
  const before = (await page.locator("[data-testid=answer-time]").count()) > 0 ? await page.locator("[data-testid=answer-time]").textContent() : undefined;
  await page.fill(".tryit textarea", body);
  await page.click(".tryit button:has-text('Send')");
  // A new answer shows a new round-trip time (and the button is enabled again).
  await page.locator(".tryit button:has-text('Send'):not([disabled])").waitFor();
  await page.locator("[data-testid=answer]").waitFor();
  if (before !== undefined) {
    const end = Date.now() + 5000;
    while (Date.now() < end && (await page.locator("[data-testid=answer-time]").textContent()) === before) await new Promise((r) => setTimeout(r, 50));
  }
  return {
    status: (await page.locator("[data-testid=answer-status]").textContent()) ?? "",
    body: (await page.locator("[data-testid=answer-body]").textContent()) ?? "",
    time: (await page.locator("[data-testid=answer-time]").textContent()) ?? "",
  };
}

async function waitRunning(page: Page, timeoutMs = 60_000): Promise<void> {
  await waitForText(page.locator("h1 .badge"), /^Running$/, timeoutMs, {
    loc: page.locator("h1 .badge"),
    re: /^Failed$/,
    detail: page.locator("[data-testid=message]"),
  });
}

describe("web console", () => {
  it("signs in, deploys a Python package, calls it, scales it and deletes it", async () => {
    const pkg = join(work, "tutorial.tar.gz");
    await tar.c({ gzip: true, file: pkg, cwd: join(REPO, "examples", "tutorial"), portable: true, filter: (p) => !/(^|\/)(ENV|__pycache__)(\/|$)/.test(p) }, ["."]);
    const page = await newPage();

    // Sign-in: a wrong secret shows the server's 401 message.
    await page.goto(t.url);
    await page.locator("form.signin").waitFor();
    await expect(page.locator(".signin .hint").textContent()).resolves.toContain("~/.easel/admin-key.json");
    await page.fill("input[name=access_id]", t.server.adminKey.id);
    await page.fill("input[name=access_key]", "not-the-secret");
    await page.click("button[type=submit]");
    await waitForText(page.locator(".signin .alert.error"), /signature does not match/);
    await shot(page, "01-sign-in.png");
    await page.fill("input[name=access_key]", t.server.adminKey.secret);
    await page.click("button[type=submit]");
    await page.locator("h1", { hasText: "Services" }).waitFor();
    await page.locator("text=No services yet.").waitFor();
    await shot(page, "02-list-empty.png");

    // Create: pick the package, see the server's validation message next to the field.
    await page.click("a.btn:has-text('New service')");
    await page.setInputFiles("input[name=file]", pkg);
    expect(await page.inputValue("input[name=name]")).toBe("tutorial");
    expect(await page.inputValue("select[name=processor]")).toBe("python");
    expect(await page.inputValue("input[name=entry]")).toBe("./app.py");
    await page.fill("input[name=name]", "tutorial_console");
    await page.fill("input[name=instance]", "-1");
    await page.fill("input[name=keepalive]", "20000");
    // Record what the submit button says while it works (hashing, upload progress, creating).
    // (A string: this code runs in the page, and the test's TypeScript has no DOM types.)
    await page.evaluate(`(() => {
      window.phases = [];
      const btn = document.querySelector("form button[type=submit]");
      new MutationObserver(() => window.phases.push(btn.textContent)).observe(btn, { childList: true, characterData: true, subtree: true });
    })()`);
    await page.click("button:has-text('Upload and create')");
    const fieldError = await waitForText(page.locator("[data-field=instance] .field-error"), /metadata\.instance/);
    const phases = (await page.evaluate("window.phases")) as string[];
    const firstIndex = (re: RegExp) => phases.findIndex((p) => re.test(p));
    expect(firstIndex(/^Hashing/), phases.join(" | ")).toBeGreaterThanOrEqual(0);
    expect(firstIndex(/^(Uploading \d+%|Storing)…$/), phases.join(" | ")).toBeGreaterThan(firstIndex(/^Hashing/)); // progress reported
    expect(firstIndex(/^Creating…$/), phases.join(" | ")).toBeGreaterThan(firstIndex(/^(Uploading|Storing)/));

    expect(fieldError).toBe("metadata.instance: expected an integer from 0 to 10000, got -1");
    await shot(page, "03-create-form.png");
    expect((await t.admin<{ services: unknown[] }>("GET", "/api/v1/services")).json.services).toHaveLength(0);
    await page.fill("input[name=instance]", "1");
    await page.click("button:has-text('Upload and create')");

    // Service page: Running, then the try-it panel answers like curl would.
    await page.waitForURL(/\/services\/tutorial_console$/);
    await waitRunning(page);
    const created = await t.admin<{ config: { metadata: Record<string, unknown> }; token: string }>("GET", "/api/v1/services/tutorial_console");
    expect(created.json.config.metadata).toMatchObject({ instance: 1, "rpc.worker_threads": 5, "rpc.keepalive": 20000 });
    await page.click("button:has-text('Show')");
    expect(await page.locator("[data-testid=token]").textContent()).toBe(created.json.token);

    let answer = await tryIt(page, "2 104");
    expect(answer.status).toMatch(/^200/);
    expect(answer.body).toBe("True");
    expect(answer.time).toMatch(/^\d+(\.\d)? ms$/);
    answer = await tryIt(page, "2 105");
    expect(answer.status).toMatch(/^200/);
    expect(answer.body).toBe("False");
    await page.locator(".tryit").screenshot({ path: join(SHOTS, "05-try-it.png") });

    // Scale to 2: two ready instances in the table.
    await page.fill("input[name=instances]", "2");
    await page.click(".scale button:has-text('Apply')");
    await waitForText(page.locator("[data-testid=instances-count] .strong"), /^2\/2$/, 60_000);
    await waitForText(page.locator("table.instances"), /yes[\s\S]*yes/);
    expect(await page.locator("table.instances tbody tr").count()).toBe(2);
    // Some traffic for the charts, events and logs before the page's screenshot.
    for (const body of ["2 100", "2 110", "1 50"]) expect((await tryIt(page, body)).status).toMatch(/^200/);
    expect(await page.locator(".events li").count()).toBeGreaterThan(0);
    await waitForText(page.locator(".kpi-label:text('total') >> xpath=.."), /^[1-9]\d*total$/, 10_000);
    await page.waitForTimeout(2500);
    await shot(page, "04-service-page.png", true);

    // A reload keeps the route (the server's SPA fallback) and the session.
    await page.reload();
    await waitRunning(page);

    // Stop, then start again.
    await page.click(".head-actions button:has-text('Stop')");
    await waitForText(page.locator("h1 .badge"), /^Stopped$/, 30_000);
    await waitForText(page.locator("[data-testid=instances-count] .strong"), /^0\/2$/);
    await page.click(".head-actions button:has-text('Start')");
    await waitRunning(page);
    await waitForText(page.locator("[data-testid=instances-count] .strong"), /^2\/2$/, 60_000);

    // Versions: a settings change (made elsewhere, as `easel modify` would) is v2; roll back to v1 from the page.
    const modified = await t.admin<{ version: number }>("PUT", "/api/v1/services/tutorial_console", { metadata: { "rpc.keepalive": 25000 } });
    expect(modified.status, JSON.stringify(modified.json)).toBe(200);
    await waitForText(page.locator("tr[data-version='2']"), /v2\s*current/, 30_000);
    await waitRunning(page);
    const v1 = page.locator("tr[data-version='1']");
    expect(await v1.textContent()).toMatch(/created/);
    expect(await v1.locator("td").nth(2).textContent()).toMatch(/^python · easel:\/\/blobs\/[0-9a-f]{12}…$/);
    await v1.locator("button:has-text('Roll back to v1')").click();
    await page.locator("dialog[open]").waitFor();
    expect(await page.locator("dialog[open] h2").textContent()).toBe("Switch tutorial_console to v1?");
    await shot(page, "09-versions-rollback.png");
    await page.click("dialog button:has-text('Switch to v1')");
    await waitForText(page.locator("tr[data-version='1']"), /v1\s*current/, 30_000);
    await waitRunning(page);
    const after = await t.admin<{ version: number; config: { metadata: Record<string, unknown> } }>("GET", "/api/v1/services/tutorial_console");
    expect(after.json.version).toBe(1);
    expect(after.json.config.metadata["rpc.keepalive"]).toBe(20000);
    await waitForText(page.locator("[data-testid=instances-count] .strong"), /^2\/2$/, 60_000); // the switch kept the scale
    expect((await tryIt(page, "2 104")).body).toBe("True");

    // The list shows it Running with 2/2 and its traffic.
    await page.click(".topbar nav a:has-text('Services')");
    const row = page.locator("tr[data-service=tutorial_console]");
    await waitForText(row.locator(".badge"), /^Running$/);
    await waitForText(row.locator(".instances"), /^2\/2$/);
    await shot(page, "02-list.png");

    // Delete, through the confirm dialog.
    await row.locator("a").first().click();
    await page.click(".head-actions button:has-text('Delete')");
    await page.locator("dialog[open]").waitFor();
    await shot(page, "06-delete-confirm.png");
    await page.click("dialog button:has-text('Delete service')");
    await page.waitForURL(`${t.url}/`);
    await page.locator("text=No services yet.").waitFor();
    expect((await t.admin<{ services: unknown[] }>("GET", "/api/v1/services")).json.services).toHaveLength(0);
    await page.context().close();
  }, 180_000);

  it("deploys an uploaded PMML model with the built-in pmml processor", async () => {
    const page = await newPage();
    try {
      await signIn(page);
      await page.click("a.btn:has-text('New service')");
      await page.setInputFiles("input[name=file]", fixture("console", "iris-tree.pmml"));
      expect(await page.inputValue("input[name=name]")).toBe("iris-tree");
      expect(await page.inputValue("select[name=processor]")).toBe("pmml");
      await page.fill("input[name=name]", "iris");
      await shot(page, "07-create-pmml.png");
      await page.click("button:has-text('Upload and create')");
      await page.waitForURL(/\/services\/iris$/);
      await waitRunning(page, 30_000);
      const answer = await tryIt(page, JSON.stringify([{ sepal_length: 6.3, sepal_width: 3.3, petal_length: 6.0, petal_width: 2.5 }]));
      expect(answer.status, answer.body).toMatch(/^200/);
      expect(() => JSON.parse(answer.body) as unknown).not.toThrow();
      await page.locator(".tryit").screenshot({ path: join(SHOTS, "08-try-it-pmml.png") });
    } finally {
      await shot(page, "08-service-pmml.png", true).catch(() => undefined);
      await t.admin("DELETE", "/api/v1/services/iris");
      await page.context().close();
    }
  }, 120_000);
});
