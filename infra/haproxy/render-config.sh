#!/usr/bin/env bash
# Renders infra/haproxy/diem-cau.cfg.in for a set of nodes, on stdout. Used by infra/start-cluster.sh
# (nodes on loopback) and for a real deployment (nodes on other hosts; see docs/DEPLOY-CLUSTER.md).
# Usage: infra/haproxy/render-config.sh --bind ADDR:PORT --state-dir DIR [--tls-pem FILE]
#          [--log TARGET] [--run-as USER] --node NAME=HOST:PORT [--node …]
#   --tls-pem   one PEM with the certificate, its chain and the key: HAProxy ends TLS (nodes stay HTTP)
#   --log       a log target for state changes and errors (`/dev/log`: syslog or journald); without it
#               HAProxy prints them on stderr
#   --run-as    the user (and group) HAProxy drops to once it has bound its ports (started as root)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

bind="" state_dir="" tls_pem="" log_target="" run_as="" nodes=()
die() { echo "render-config: $*" >&2; exit 2; }
while (($# > 0)); do
  case "$1" in
    --bind) bind="${2:-}"; shift 2 ;;
    --state-dir) state_dir="${2:-}"; shift 2 ;;
    --tls-pem) tls_pem="${2:-}"; shift 2 ;;
    --log) log_target="${2:-}"; shift 2 ;;
    --run-as) run_as="${2:-}"; shift 2 ;;
    --node) nodes+=("${2:-}"); shift 2 ;;
    *) die "unknown argument: $1" ;;
  esac
done
[[ -n "$bind" ]] || die "--bind ADDR:PORT is required"
[[ -n "$state_dir" ]] || die "--state-dir DIR is required"
((${#nodes[@]} > 0)) || die "at least one --node NAME=HOST:PORT"
[[ -z "$tls_pem" || -r "$tls_pem" ]] || die "cannot read the TLS PEM $tls_pem"

rest="" socketio=""
for node in "${nodes[@]}"; do
  # HOST: a name or an IPv4 address (an IPv6 one as HAProxy writes it, e.g. ipv6@fd00::11).
  [[ "$node" =~ ^([A-Za-z0-9_.-]+)=([A-Za-z0-9_.:@-]+):([0-9]{1,5})$ ]] ||
    die "--node wants NAME=HOST:PORT, got '$node'"
  name="${BASH_REMATCH[1]}" address="${BASH_REMATCH[2]}:${BASH_REMATCH[3]}"
  rest+="    server $name $address"$'\n'
  socketio+="    server $name $address track rest/$name"$'\n'
done

tls=""
[[ -n "$tls_pem" ]] && tls=" ssl crt $tls_pem alpn h2,http/1.1"

config="$(<"$HERE/diem-cau.cfg.in")"
log_line="# no log target: state changes on stderr"
[[ -n "$log_target" ]] && log_line="log $log_target local0 notice"
config="${config//'{{LOG}}'/$log_line}"
user_lines="# runs as the user who starts it"
[[ -n "$run_as" ]] && user_lines="user $run_as"$'\n'"    group $run_as"
config="${config//'{{USER}}'/$user_lines}"
config="${config//'{{STATE_DIR}}'/$state_dir}"
config="${config//'{{BIND}}'/$bind}"
config="${config//'{{BIND_TLS}}'/$tls}"
config="${config//'{{REST_SERVERS}}'/${rest%$'\n'}}"
config="${config//'{{SOCKETIO_SERVERS}}'/${socketio%$'\n'}}"
printf '%s\n' "$config"
