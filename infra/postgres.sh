#!/usr/bin/env bash
# A private PostgreSQL cluster for the platform or the tests, as infra/redis.sh runs Redis: its own
# port and data folder, loopback TCP only (no Unix socket), with Debian's binaries. Its superuser is
# `postgres` with trust auth on 127.0.0.1, so connect with postgres://postgres@127.0.0.1:PORT/postgres.
# The cluster sorts text as SQLite does (C collation, UTF-8). PostgreSQL refuses to run as root: as
# root, the cluster runs as the `postgres` user (the package creates it), who must be able to enter
# DIR's parent folders.
# Usage: infra/postgres.sh start PORT DIR | infra/postgres.sh stop PORT DIR
# POSTGRES_EPHEMERAL=1 turns fsync off: for throwaway test clusters only.
set -euo pipefail
action="$1" port="$2" dir="$3"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [[ ! -x "$PG_BIN/pg_ctl" ]]; then
  echo "[postgres] Debian's postgresql is not installed (apt-get install postgresql)" >&2
  exit 1
fi

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; }

case "$action" in
  start)
    if ready; then
      echo "[postgres] already running on 127.0.0.1:$port" >&2
      exit 0
    fi
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then
      chown postgres: "$dir"
      chmod 700 "$dir"
      if ! runuser -u postgres -- test -w "$dir"; then
        echo "[postgres] the postgres user cannot reach $dir (make its parent folders enterable: chmod o+x)" >&2
        exit 1
      fi
    fi
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
        { echo "[postgres] initdb failed; see $dir/initdb.log" >&2; exit 1; }
    fi
    options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='' -c max_connections=200"
    [[ "${POSTGRES_EPHEMERAL:-}" == 1 ]] && options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -o "$options" -w -t 30 start >/dev/null ||
      { echo "[postgres] did not start; see $dir/postgres.log" >&2; exit 1; }
    echo "[postgres] started on 127.0.0.1:$port ($dir)" >&2
    ;;
  stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop PORT DIR" >&2
    exit 2
    ;;
esac
