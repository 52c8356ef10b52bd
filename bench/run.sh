#!/usr/bin/env bash
# `npm run bench:<name> -- [options]`: runs bench/<name>/main.ts with tsx. The platform under test
# needs Redis: REDIS_URL when set, else a private Redis started here for the run (and stopped after).
# Usage: bench/run.sh fanout|join|quiz|field|record|province [options]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${1:?usage: bench/run.sh fanout|join|quiz|field|record|province [options]}"
shift
case "$name" in fanout|join|quiz|field|record|province) ;; *) echo "unknown bench: $name" >&2; exit 2 ;; esac

if [[ -z "${REDIS_URL:-}" ]]; then
  BENCH_REDIS_PORT="${BENCH_REDIS_PORT:-6393}"
  BENCH_REDIS_DIR="$(mktemp -d "${TMPDIR:-/tmp}/diem-cau-bench-redis.XXXXXX")"
  bash "$ROOT/infra/redis.sh" start "$BENCH_REDIS_PORT" "$BENCH_REDIS_DIR"
  trap 'bash "$ROOT/infra/redis.sh" stop "$BENCH_REDIS_PORT" "$BENCH_REDIS_DIR"; rm -rf "$BENCH_REDIS_DIR"' EXIT
  export REDIS_URL="redis://127.0.0.1:$BENCH_REDIS_PORT"
fi

cd "$ROOT"
"$ROOT/node_modules/.bin/tsx" "bench/$name/main.ts" "$@"
