// Runs the Python test suites with the project's venv (made by scripts/test.sh).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const py = existsSync(".venv/bin/python") ? ".venv/bin/python" : "python3";
const r = spawnSync(py, ["-m", "pytest", "-q", "sdk/python/tests"], { stdio: "inherit" });
process.exit(r.status ?? 1);
