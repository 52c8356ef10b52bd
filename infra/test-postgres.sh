#!/usr/bin/env bash
# `npm run test:postgres`: the integration suite on the PostgreSQL store. Installs what is missing,
# starts a private Redis and a private PostgreSQL cluster (infra/postgres.sh, fsync off: throwaway)
# for the run, and runs tests/integration with TEST_STORE=postgres, so each test deployment gets a
# fresh database there (tests/support/testStore.ts). Extra arguments go to Vitest instead of
# tests/integration, e.g. `npm run test:postgres -- tests/integration/quiz-live.test.ts`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=infra/setup.sh
source "$ROOT/infra/setup.sh"
setup_all --with-browser

TEST_DIR="$(mktemp -d "${TMPDIR:-/tmp}/diem-cau-test-pg.XXXXXX")"
# The cluster runs as the postgres user when this runs as root: it must be able to enter the folder.
chmod 711 "$TEST_DIR"
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
PG_PORT="${TEST_POSTGRES_PORT:-$(free_port)}"
cleanup() {
  bash "$ROOT/infra/postgres.sh" stop "$PG_PORT" "$TEST_DIR/postgres"
  [[ -n "${TEST_REDIS_PORT:-}" ]] && bash "$ROOT/infra/redis.sh" stop "$TEST_REDIS_PORT" "$TEST_DIR/redis"
  rm -rf "$TEST_DIR"
}
trap cleanup EXIT
if [[ -z "${REDIS_URL:-}" ]]; then
  TEST_REDIS_PORT="$(free_port)"
  bash "$ROOT/infra/redis.sh" start "$TEST_REDIS_PORT" "$TEST_DIR/redis"
  export REDIS_URL="redis://127.0.0.1:$TEST_REDIS_PORT"
fi
POSTGRES_EPHEMERAL=1 bash "$ROOT/infra/postgres.sh" start "$PG_PORT" "$TEST_DIR/postgres"
export TEST_STORE=postgres TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
export DIEMCAU_TEST_TMP="$TEST_DIR"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

cd "$ROOT"
if [[ $# -eq 0 ]]; then set -- tests/integration; fi
"$ROOT/node_modules/.bin/vitest" run "$@"
