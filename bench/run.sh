#!/usr/bin/env bash
# `npm run bench:<name> -- [options]`: runs bench/<name>/main.ts with tsx. The platform under test
# needs Redis: REDIS_URL when set, else a private Redis started here for the run (and stopped after).
# Usage: bench/run.sh fanout|join|quiz|field|record|province [options]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${1:?usage: bench/run.sh fanout|join|quiz|field|record|province [options]}"
shift
case "$name" in fanout|join|quiz|field|record|province) ;; *) echo "unknown bench: $name" >&2; exit 2 ;; esac

cleanups=()
cleanup() { for c in "${cleanups[@]}"; do eval "$c" || true; done; }
trap cleanup EXIT

if [[ -z "${REDIS_URL:-}" ]]; then
  BENCH_REDIS_PORT="${BENCH_REDIS_PORT:-6393}"
  BENCH_REDIS_DIR="$(mktemp -d "${TMPDIR:-/tmp}/diem-cau-bench-redis.XXXXXX")"
  bash "$ROOT/infra/redis.sh" start "$BENCH_REDIS_PORT" "$BENCH_REDIS_DIR"
  cleanups+=('bash "$ROOT/infra/redis.sh" stop "$BENCH_REDIS_PORT" "$BENCH_REDIS_DIR"; rm -rf "$BENCH_REDIS_DIR"')
  export REDIS_URL="redis://127.0.0.1:$BENCH_REDIS_PORT"
fi

# BENCH_STORE=postgres: the platform's store is a private PostgreSQL cluster started here for the run
# (as a multi-node deployment uses); by default each bench uses SQLite in its data folder.
if [[ "${BENCH_STORE:-sqlite}" == postgres && -z "${BENCH_DATABASE_URL:-}" ]]; then
  BENCH_PG_PORT="${BENCH_PG_PORT:-6394}"
  BENCH_PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/diem-cau-bench-pg.XXXXXX")"
  chmod o+x "$BENCH_PG_DIR"
  bash "$ROOT/infra/postgres.sh" start "$BENCH_PG_PORT" "$BENCH_PG_DIR"
  cleanups+=('bash "$ROOT/infra/postgres.sh" stop "$BENCH_PG_PORT" "$BENCH_PG_DIR"; rm -rf "$BENCH_PG_DIR"')
  export BENCH_DATABASE_URL="postgres://postgres@127.0.0.1:$BENCH_PG_PORT/postgres"
fi

cd "$ROOT"
"$ROOT/node_modules/.bin/tsx" "bench/$name/main.ts" "$@"
