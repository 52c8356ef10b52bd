#!/usr/bin/env bash
# `npm start`: install what is missing, start a private Redis unless REDIS_URL is set, and run the
# platform with the demo province at http://localhost:${PORT:-3000}.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=infra/setup.sh
source "$ROOT/infra/setup.sh"
setup_all

export DATA_DIR="${DATA_DIR:-$ROOT/data}"
export NODE_ENV="${NODE_ENV:-production}"
if [[ -z "${REDIS_URL:-}" ]]; then
  REDIS_PORT="${PRIVATE_REDIS_PORT:-6390}"
  bash "$ROOT/infra/redis.sh" start "$REDIS_PORT" "$DATA_DIR/redis"
  trap 'bash "$ROOT/infra/redis.sh" stop "$REDIS_PORT" "$DATA_DIR/redis"' EXIT
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
fi

cd "$ROOT/server"
# The compiled server (infra/build-server.mjs, rebuilt by setup when sources change). Not exec: the
# EXIT trap must stop the private Redis after the server exits.
node --enable-source-maps dist/main.js &
server_pid=$!
trap 'kill -TERM $server_pid 2>/dev/null || true' INT TERM
wait $server_pid || true
wait $server_pid 2>/dev/null || true
