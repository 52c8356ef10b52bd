#!/usr/bin/env bash
# `npm run start:cluster [-- --nodes N]`: the shape of a real deployment on one machine. A private
# PostgreSQL (infra/postgres.sh) and Redis (infra/redis.sh), N nodes of the compiled server (default 3)
# on loopback ports, and HAProxy in front on http://localhost:${PORT:-3000}, with the demo province.
# Ctrl-C (or SIGTERM) stops all of it; the data stays in DATA_DIR (default data/cluster).
#
# Settings (environment): PORT, HOST (the balancer's address), DATA_DIR, CLUSTER_NODE_PORT (the first
# node's port, default 3101; the others follow), PRIVATE_POSTGRES_PORT (5433), PRIVATE_REDIS_PORT
# (6391), RTC_MIN_PORT..RTC_MAX_PORT (split between the nodes), TLS_CERT_FILE + TLS_KEY_FILE (TLS ends
# at HAProxy), DATABASE_URL / REDIS_URL (external ones: then no private one is started), and any
# server setting (README), which every node receives.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

nodes=3
while (($# > 0)); do
  case "$1" in
    --nodes) nodes="${2:-}"; shift 2 ;;
    --nodes=*) nodes="${1#--nodes=}"; shift ;;
    *) echo "usage: $0 [--nodes N]" >&2; exit 2 ;;
  esac
done
[[ "$nodes" =~ ^[0-9]+$ ]] && ((nodes >= 1 && nodes <= 16)) || { echo "[cluster] --nodes takes 1 to 16" >&2; exit 2; }

# shellcheck source=infra/setup.sh
source "$ROOT/infra/setup.sh"
setup_all

say() { echo "[cluster] $*" >&2; }

export DATA_DIR="${DATA_DIR:-$ROOT/data/cluster}"
DATA_DIR="$(mkdir -p "$DATA_DIR" && cd "$DATA_DIR" && pwd)"
RUN_DIR="$DATA_DIR/run"
LOG_DIR="$DATA_DIR/logs"
mkdir -p "$RUN_DIR" "$LOG_DIR"
chmod 700 "$RUN_DIR"

balancer_port="${PORT:-3000}"
balancer_host="${HOST:-0.0.0.0}"
first_node_port="${CLUSTER_NODE_PORT:-3101}"
rtc_min="${RTC_MIN_PORT:-40000}" rtc_max="${RTC_MAX_PORT:-49999}"
rtc_span=$(((rtc_max - rtc_min + 1) / nodes))
((rtc_span >= 20)) || { say "RTC_MIN_PORT..RTC_MAX_PORT is too narrow for $nodes nodes"; exit 2; }
# Cores are shared by the nodes on one machine: one mediasoup worker per node unless told otherwise.
workers="${MEDIASOUP_WORKERS:-$(($(nproc) / nodes > 1 ? $(nproc) / nodes : 1))}"

node_pids=() haproxy_pid="" pg_port="" redis_port=""
stop_all() {
  trap - EXIT INT TERM
  say "stopping (the data stays in $DATA_DIR)"
  local pid
  if [[ -n "$haproxy_pid" ]]; then
    kill -TERM "$haproxy_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$haproxy_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$haproxy_pid" 2>/dev/null || true
  fi
  # SIGINT: the balancer is gone, so the nodes close without draining.
  for pid in "${node_pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 150); do
    local running=0
    for pid in "${node_pids[@]}"; do kill -0 "$pid" 2>/dev/null && running=1; done
    ((running == 0)) && break
    sleep 0.1
  done
  for pid in "${node_pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  [[ -n "$redis_port" ]] && bash "$ROOT/infra/redis.sh" stop "$redis_port" "$DATA_DIR/redis"
  [[ -n "$pg_port" ]] && bash "$ROOT/infra/postgres.sh" stop "$pg_port" "$DATA_DIR/postgres"
  rm -f "$RUN_DIR"/*.pid "$RUN_DIR/haproxy.sock" "$RUN_DIR/tls.pem"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The HTTP status of GET PATH on 127.0.0.1:PORT, without curl (bash's /dev/tcp); empty when no answer.
http_status() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n" "$1" >&3
    head -n 1 <&3' "$1" "$2" 2>/dev/null | awk '{ print $2 }' || true
}

# Waits until PORT answers 200 on /healthz; fails when PID exits first or after 120 s.
wait_healthy() {
  local port="$1" pid="$2" name="$3" log="$4"
  for _ in $(seq 1 600); do
    [[ "$(http_status "$port" /healthz)" == 200 ]] && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      say "$name exited while starting; the end of $log:"
      tail -n 20 "$log" >&2
      return 1
    fi
    sleep 0.2
  done
  say "$name was not healthy within 120 s; see $log"
  return 1
}

# The shared store and live state.
if [[ -z "${DATABASE_URL:-}" ]]; then
  pg_port="${PRIVATE_POSTGRES_PORT:-5433}"
  bash "$ROOT/infra/postgres.sh" start "$pg_port" "$DATA_DIR/postgres"
  pg_bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}"
  if [[ -z "$("$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -Atc "select 1 from pg_database where datname = 'diemcau'")" ]]; then
    "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres --template=template0 --locale=C --encoding=UTF8 diemcau
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/diemcau"
fi
if [[ -z "${REDIS_URL:-}" ]]; then
  redis_port="${PRIVATE_REDIS_PORT:-6391}"
  bash "$ROOT/infra/redis.sh" start "$redis_port" "$DATA_DIR/redis"
  export REDIS_URL="redis://127.0.0.1:$redis_port"
fi

export NODE_ENV="${NODE_ENV:-production}"
# The nodes believe X-Forwarded-For from the balancer only (it connects to them from 127.0.0.1).
export TRUST_PROXY="${TRUST_PROXY:-127.0.0.1}"
# On SIGTERM a node answers /healthz 503 this long first: HAProxy takes it out (2 checks, 1 s apart).
export SHUTDOWN_DRAIN_SECONDS="${SHUTDOWN_DRAIN_SECONDS:-3}"

# Node i: its own loopback port and RTC port range; TLS ends at HAProxy, so the nodes speak HTTP.
start_node() {
  local i="$1" seed="$2"
  local port=$((first_node_port + i - 1)) min=$((rtc_min + (i - 1) * rtc_span))
  local log="$LOG_DIR/node-$i.log"
  (
    cd "$ROOT/server"
    exec env -u TLS_CERT_FILE -u TLS_KEY_FILE -u TLS_SELF_SIGNED \
      HOST=127.0.0.1 PORT="$port" NODE_NAME="node-$i" SEED_DEMO="$seed" MEDIASOUP_WORKERS="$workers" \
      RTC_MIN_PORT="$min" RTC_MAX_PORT=$((min + rtc_span - 1)) \
      node --enable-source-maps dist/main.js
  ) >>"$log" 2>&1 &
  node_pids[i - 1]=$!
  echo "${node_pids[i - 1]}" >"$RUN_DIR/node-$i.pid"
}

# The first node migrates the store and seeds the demo once; the others start when it is healthy.
start_node 1 "${SEED_DEMO:-true}"
wait_healthy "$first_node_port" "${node_pids[0]}" node-1 "$LOG_DIR/node-1.log"
for ((i = 2; i <= nodes; i++)); do start_node "$i" false; done
for ((i = 2; i <= nodes; i++)); do
  wait_healthy $((first_node_port + i - 1)) "${node_pids[i - 1]}" "node-$i" "$LOG_DIR/node-$i.log"
done

# HAProxy, as this user's process (its pid file and admin socket in DATA_DIR/run).
tls_args=() scheme=http
if [[ -n "${TLS_CERT_FILE:-}" || -n "${TLS_KEY_FILE:-}" ]]; then
  [[ -r "${TLS_CERT_FILE:-}" && -r "${TLS_KEY_FILE:-}" ]] || { say "TLS needs readable TLS_CERT_FILE and TLS_KEY_FILE"; exit 2; }
  # HAProxy takes one PEM: the certificate (with its chain), then the key (a file may lack its last newline).
  (umask 077 && { cat "$TLS_CERT_FILE" && echo && cat "$TLS_KEY_FILE"; } >"$RUN_DIR/tls.pem")
  tls_args=(--tls-pem "$RUN_DIR/tls.pem") scheme=https
fi
node_args=()
for ((i = 1; i <= nodes; i++)); do node_args+=(--node "node-$i=127.0.0.1:$((first_node_port + i - 1))"); done
bash "$ROOT/infra/haproxy/render-config.sh" --bind "$balancer_host:$balancer_port" --state-dir "$RUN_DIR" \
  "${tls_args[@]}" "${node_args[@]}" >"$RUN_DIR/haproxy.cfg"
# Its messages (a node DOWN or UP) go to the terminal and to a log file, through a pipe this shell
# owns: HAProxy's master waits for every child of its own before it exits.
exec {haproxy_log}> >(tee -a "$LOG_DIR/haproxy.log" | sed -u 's/^/[haproxy] /' >&2)
haproxy -W -db -f "$RUN_DIR/haproxy.cfg" 2>&"$haproxy_log" &
haproxy_pid=$!
echo "$haproxy_pid" >"$RUN_DIR/haproxy-master.pid"
# Ready when it answers /healthz with 200 (over TLS: when it accepts connections).
balancer_ready() {
  if ((${#tls_args[@]} > 0)); then
    timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$balancer_port" 2>/dev/null
  else
    [[ "$(http_status "$balancer_port" /healthz)" == 200 ]]
  fi
}
for _ in $(seq 1 100); do
  balancer_ready && break
  kill -0 "$haproxy_pid" 2>/dev/null || { say "HAProxy did not start; see $LOG_DIR/haproxy.log"; exit 1; }
  sleep 0.1
done

url_host="$balancer_host"
[[ "$url_host" == 0.0.0.0 || "$url_host" == "::" ]] && url_host=localhost
{
  echo
  echo "════════ Điểm Cầu cluster ════════"
  echo "Balancer (HAProxy): $scheme://$url_host:$balancer_port   admin socket $RUN_DIR/haproxy.sock"
  for ((i = 1; i <= nodes; i++)); do
    min=$((rtc_min + (i - 1) * rtc_span))
    echo "  node-$i  http://127.0.0.1:$((first_node_port + i - 1))  pid ${node_pids[i - 1]}  RTC $min-$((min + rtc_span - 1))  log $LOG_DIR/node-$i.log"
  done
  echo "Store: $(sed -E 's#//([^:@/]+):[^@/]*@#//\1:***@#' <<<"$DATABASE_URL")   Redis: $(sed -E 's#//[^@/]*@#//***@#' <<<"$REDIS_URL")"
  echo "Data (kept): $DATA_DIR"
  node "$ROOT/infra/cluster/demo-banner.mjs" "$DATA_DIR" "$scheme://$url_host:$balancer_port"
  echo "Ctrl-C stops the cluster; the data stays."
  echo "══════════════════════════════════"
} >&2
say "ready"

# Until Ctrl-C: a node that exits is reported (HAProxy's checks take it out); HAProxy exiting ends all.
watch=("$haproxy_pid" "${node_pids[@]}")
while ((${#watch[@]} > 0)); do
  gone=""
  wait -n -p gone "${watch[@]}" && status=0 || status=$?
  [[ -n "$gone" ]] || continue
  if [[ "$gone" == "$haproxy_pid" ]]; then
    haproxy_pid=""
    say "HAProxy exited ($status); stopping the cluster"
    exit 1
  fi
  for ((i = 1; i <= nodes; i++)); do
    [[ "${node_pids[i - 1]}" == "$gone" ]] && say "node-$i (pid $gone) exited ($status); the balancer sends its clients to the others"
  done
  rest=()
  for pid in "${watch[@]}"; do [[ "$pid" != "$gone" ]] && rest+=("$pid"); done
  watch=("${rest[@]}")
done
