#!/usr/bin/env bash
# mediasoup's own Node test suite (the one its npm package ships) against every worker the project
# builds: `system` (Debian's libsrtp2, NSS) and `openssl` (libsrtp2 rebuilt against OpenSSL), with
# the check of which libsrtp2 each one loaded. Run by infra/test.sh; also on its own:
#   bash tests/mediasoup/run.sh [system|openssl]...   (default: both; extra Vitest options after --)
# Needs the workers in place (infra/setup.sh builds and caches them; here they are only looked up).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=infra/setup.sh
source "$ROOT/infra/setup.sh"

variants=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  variants+=("$1")
  shift
done
[[ "${1:-}" == "--" ]] && shift
((${#variants[@]} > 0)) || variants=(system openssl)

build_mediasoup_workers
for variant in "${variants[@]}"; do
  case "$variant" in
    system)
      bin="$DIEMCAU_WORKER_BIN_SYSTEM"
      lib="$(ldd "$bin" | awk '$1 ~ /^libsrtp2\.so/ { print $3 }')"
      ;;
    openssl)
      bin="$DIEMCAU_WORKER_BIN_OPENSSL"
      lib="$DIEMCAU_LIBSRTP2_OPENSSL"
      ;;
    *)
      echo "[mediasoup-suite] unknown worker '$variant' (system or openssl)" >&2
      exit 2
      ;;
  esac
  echo "[mediasoup-suite] mediasoup's own tests against the $variant worker: $bin" >&2
  MEDIASOUP_WORKER_BIN="$bin" DIEMCAU_EXPECT_SRTP="$variant" DIEMCAU_EXPECT_LIBSRTP2="$lib" \
    "$ROOT/node_modules/.bin/vitest" run --config "$ROOT/tests/mediasoup/vitest.config.mts" "$@"
done
