import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_ENDPOINT, resolveConfig, writeConfigFile } from "../../src/cli/config.js";
import { runInProcess } from "./helpers.js";

const tmp = () => mkdtempSync(join(tmpdir(), "easel-cli-config-"));

describe("config resolution: flags > -c file > <home>/config.json", () => {
  it("uses the home config, then -c, then flags, field by field", () => {
    const home = tmp();
    writeConfigFile(join(home, "config.json"), { access_id: "home-id", access_key: "home-key", endpoint: "http://127.0.0.1:9000" });
    expect(resolveConfig({}, home)).toMatchObject({ accessId: "home-id", accessKey: "home-key", endpoint: "http://127.0.0.1:9000", source: join(home, "config.json") });

    const other = join(tmp(), "other.json");
    writeFileSync(other, JSON.stringify({ access_id: "file-id", access_key: "file-key", endpoint: "example.com:8600/" }));
    expect(resolveConfig({ config: other }, home)).toMatchObject({ accessId: "file-id", endpoint: "http://example.com:8600", source: other });

    expect(resolveConfig({ config: other, endpoint: "https://h", accessId: "flag-id", accessKey: "flag-key" }, home)).toMatchObject({
      accessId: "flag-id",
      accessKey: "flag-key",
      endpoint: "https://h",
      source: "the -i/-k flags",
    });
    expect(resolveConfig({ accessId: "flag-id" }, home)).toMatchObject({ accessId: "flag-id", accessKey: "home-key" });
  });

  it("defaults to the local server when there is no config, and reports bad files", () => {
    const home = tmp();
    expect(resolveConfig({}, home)).toEqual({ endpoint: DEFAULT_ENDPOINT, accessId: undefined, accessKey: undefined, source: join(home, "config.json") });
    expect(() => resolveConfig({ config: join(home, "missing.json") }, home)).toThrow(/cannot read the config file .*missing.json: ENOENT/);
    writeFileSync(join(home, "config.json"), "{oops");
    expect(() => resolveConfig({}, home)).toThrow(/config.json is not valid/);
  });

  it("`easel config` writes the file with mode 0600 and keeps the endpoint when -e is omitted", async () => {
    const home = tmp();
    let r = await runInProcess(["--home", home, "config", "-i", "id1", "-k", "secret1", "-e", "10.0.0.1:8600"]);
    expect(r).toMatchObject({ code: 0 });
    const file = join(home, "config.json");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ access_id: "id1", access_key: "secret1", endpoint: "http://10.0.0.1:8600" });
    expect(statSync(file).mode & 0o777).toBe(0o600);

    r = await runInProcess(["--home", home, "config", "-i", "id2", "-k", "secret2", "--json"]);
    expect(JSON.parse(r.stdout)).toEqual({ config_file: file, access_id: "id2", endpoint: "http://10.0.0.1:8600" });

    const custom = join(home, "custom.json");
    r = await runInProcess(["--home", home, "-c", custom, "config", "-i", "id3", "-k", "s3"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(custom, "utf8"))).toMatchObject({ access_id: "id3", endpoint: DEFAULT_ENDPOINT });

    r = await runInProcess(["--home", home, "config", "-i", "only-id"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/config needs -i ACCESS_ID and -k ACCESS_KEY/);
  });
});
