#!/usr/bin/env bash
# Installs everything the whole test suite needs on a fresh machine, then runs it.
# Debian packages (chromium for the console's browser tests, wrk for the bench
# smoke run), npm packages, and a Python venv for pytest and the Python fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need+=(python3-venv)
# better-sqlite3 compiles itself when no prebuilt binary can be downloaded.
command -v g++ >/dev/null 2>&1 || need+=(g++)
command -v make >/dev/null 2>&1 || need+=(make)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Without a prebuilt binary, node-gyp downloads Node's headers unless told where they are;
# use the ones installed beside node (Debian's nodejs, nvm, the official tarballs) when present.
if [ -z "${npm_config_nodedir:-}" ] && [ -z "$(npm config get nodedir 2>/dev/null | grep -v '^undefined$' || true)" ]; then
  prefix="$(dirname "$(dirname "$(command -v node)")")"
  [ -f "$prefix/include/node/node.h" ] && export npm_config_nodedir="$prefix"
fi

echo "== npm ci"
npm ci --no-audit --no-fund --loglevel=error

echo "== python venv (.venv)"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
echo "== python venv for ONNX reference outputs (.venv-onnx)"
[ -x .venv-onnx/bin/python ] || python3 -m venv .venv-onnx
.venv-onnx/bin/python -m pip install -q --disable-pip-version-check -r requirements-onnx.txt

echo "== npm test"
npm test

# Benchmark smoke check: every scenario once, briefly; fails only on wrong answers or
# crashes, never on timing (these machines are shared; timing targets live in bench/).
echo "== npm run bench -- --smoke"
npm run bench -- --smoke --no-build
