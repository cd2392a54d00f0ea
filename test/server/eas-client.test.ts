// The official eas-prediction Python client (from PyPI) calls Easel unmodified.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, startTestServer, type TestServer } from "../helpers/server.js";

const PY = existsSync(`${REPO}.venv/bin/python`) ? `${REPO}.venv/bin/python` : "python3";
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
  await t.admin("POST", "/api/v1/services", {
    name: "eas_client_demo", processor_type: "python", processor_entry: "./app.py", processor_path: `${REPO}examples/tutorial`, metadata: { instance: 1 },
  });
  await t.waitFor("running", async () => {
    const s = (await t.admin<{ status: string }>("GET", "/api/v1/services/eas_client_demo")).json;
    return s.status === "Running" ? true : undefined;
  });
});
afterAll(async () => {
  await t?.close();
});

describe("eas-prediction PredictClient", () => {
  it("signs with the token and gets the processor's answer", async () => {
    const { token } = (await t.admin<{ token: string }>("GET", "/api/v1/services/eas_client_demo")).json;
    const script = `
import sys
from eas_prediction import PredictClient, StringRequest
from eas_prediction.exception import PredictException
client = PredictClient(sys.argv[1], 'eas_client_demo')
client.set_token(sys.argv[2])
client.init()
print(client.predict(StringRequest('2 105')).response_data.decode())
print(client.predict(StringRequest('2 104')).response_data.decode())
bad = PredictClient(sys.argv[1], 'eas_client_demo')
bad.set_token('wrong-token')
bad.init()
try:
    bad.predict(StringRequest('2 104'))
except PredictException as e:
    print('error', e.code)
`;
    // Async: the server runs in this process, so a synchronous spawn would deadlock it.
    const r = await promisify(execFile)(PY, ["-c", script, t.url.replace("http://", ""), token], { encoding: "utf8", timeout: 30_000 });
    expect(r.stderr).not.toMatch(/Traceback/);
    expect(r.stdout.trim().split("\n")).toEqual(["False", "True", "error 401"]);
  });
});
