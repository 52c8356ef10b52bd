#!/usr/bin/env bash
# A private Redis for the platform or the tests: its own port and data folder, AOF on, loopback only.
# Usage: infra/redis.sh start PORT DIR | infra/redis.sh stop PORT DIR
set -euo pipefail
action="$1" port="$2" dir="$3"
case "$action" in
  start)
    mkdir -p "$dir"
    if redis-cli -p "$port" ping >/dev/null 2>&1; then
      echo "[redis] already running on 127.0.0.1:$port" >&2
      exit 0
    fi
    redis-server --bind 127.0.0.1 --port "$port" --dir "$dir" --appendonly yes --appendfsync everysec \
      --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --save "" >/dev/null
    for _ in $(seq 1 50); do
      redis-cli -p "$port" ping >/dev/null 2>&1 && { echo "[redis] started on 127.0.0.1:$port ($dir)" >&2; exit 0; }
      sleep 0.1
    done
    echo "[redis] did not start; see $dir/redis.log" >&2
    exit 1
    ;;
  stop)
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop PORT DIR" >&2
    exit 2
    ;;
esac
