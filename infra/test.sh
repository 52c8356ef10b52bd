#!/usr/bin/env bash
# `npm test`: install what is missing (with Chromium for the end-to-end tests), start a private
# Redis for the run, type-check and lint, run mediasoup's own test suite against both workers
# (tests/mediasoup/run.sh), and run every test (unit, integration, end-to-end) with Vitest;
# then the integration tests again on PostgreSQL (`npm run test:postgres`).
# Extra arguments go to Vitest, e.g. `npm test -- tests/integration/health.test.ts`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=infra/setup.sh
source "$ROOT/infra/setup.sh"
setup_all --with-browser

TEST_DIR="$(mktemp -d "${TMPDIR:-/tmp}/diem-cau-test.XXXXXX")"
# A free port, so a run never touches another Redis on this machine.
TEST_REDIS_PORT="${TEST_REDIS_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}"
if [[ -z "${REDIS_URL:-}" ]]; then
  bash "$ROOT/infra/redis.sh" start "$TEST_REDIS_PORT" "$TEST_DIR/redis"
  export REDIS_URL="redis://127.0.0.1:$TEST_REDIS_PORT"
  trap 'bash "$ROOT/infra/redis.sh" stop "$TEST_REDIS_PORT" "$TEST_DIR/redis"; rm -rf "$TEST_DIR"' EXIT
else
  trap 'rm -rf "$TEST_DIR"' EXIT
fi
export DIEMCAU_TEST_TMP="$TEST_DIR"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

cd "$ROOT"
# The whole suite also type-checks every workspace and lints (ESLint with the architecture rules,
# Prettier); a run of chosen files (`npm test -- <files>`) skips them.
if [[ $# -eq 0 ]]; then
  echo "[test] type-check (tsc -b), lint (eslint) and format check (prettier)" >&2
  "$ROOT/node_modules/.bin/tsc" -b
  "$ROOT/node_modules/.bin/tsc" -p tests/mediasoup
  "$ROOT/node_modules/.bin/eslint" . --max-warnings 0
  "$ROOT/node_modules/.bin/prettier" --check . >/dev/null
  # The server's fallback worker path (for runs without setup) must be the worker setup builds.
  worker_key="$(bash "$ROOT/infra/build-mediasoup-worker.sh" --key)"
  if ! grep -qF "'$worker_key'" server/src/media/mediasoupWorkerBin.ts; then
    echo "[test] server/src/media/mediasoupWorkerBin.ts: WORKER_KEY must be '$worker_key' (infra/build-mediasoup-worker.sh --key)" >&2
    exit 1
  fi
  # The worker proves itself first: mediasoup's own tests, on the system-libsrtp2 and OpenSSL builds.
  echo "[test] mediasoup's own test suite against each worker (system, openssl)" >&2
  bash "$ROOT/tests/mediasoup/run.sh" system openssl
fi
"$ROOT/node_modules/.bin/vitest" run "$@"
# The whole suite runs the integration tests a second time on the PostgreSQL store (a private
# cluster for the run, infra/test-postgres.sh), on this run's Redis.
if [[ $# -eq 0 ]]; then
  echo "[test] the integration suite on the PostgreSQL store" >&2
  bash "$ROOT/infra/test-postgres.sh"
fi
