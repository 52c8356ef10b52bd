#!/usr/bin/env bash
# Installs whatever the platform still lacks, and is quick when nothing is missing:
#   Debian packages (as root; otherwise prints the apt-get line and stops), the mediasoup worker
#   (built from source, cached outside the repo) and libsrtp2 rebuilt against OpenSSL for it, npm
#   dependencies, and the client bundle.
# Usage: infra/setup.sh [--with-browser]   (--with-browser adds Chromium, ffmpeg and the field harness's packages for the tests)
# When sourced, it only defines the functions; start.sh and test.sh call `setup_all`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

BUILD_PACKAGES=(g++ pkg-config meson ninja-build patch libssl-dev libuv1-dev libsrtp2-dev libusrsctp-dev libabsl-dev nlohmann-json3-dev)
# dpkg-dev (apt-get source) and make: libsrtp2 rebuilt against OpenSSL from Debian's source package.
BUILD_PACKAGES+=(dpkg-dev make)
# postgresql: the PostgreSQL store's private cluster (infra/postgres.sh) for `npm run test:postgres` and a local shared store.
# haproxy: the balancer in front of the nodes (`npm run start:cluster`, its test).
RUNTIME_PACKAGES=(redis-server redis-tools fonts-dejavu-core postgresql haproxy)
# iproute2, nftables and python3: the field harness (tests/support/field: namespaces, tbf, random drop, the TUN delay element).
BROWSER_PACKAGES=(chromium ffmpeg iproute2 nftables python3)

say() { echo "[setup] $*" >&2; }

ensure_debian_packages() {
  local wanted=("$@") missing=() p
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) -ne 0 ]]; then
    say "missing Debian packages; run as root:"
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  say "installing Debian packages: ${missing[*]}"
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# Builds (or finds cached) both workers the project ships and exports their paths:
#   DIEMCAU_WORKER_BIN_SYSTEM   the worker with Debian's libsrtp2 (crypto by NSS)
#   DIEMCAU_WORKER_BIN_OPENSSL  the same binary through a wrapper beside it that puts libsrtp2 built
#                               against OpenSSL first on LD_LIBRARY_PATH and execs it (mediasoup's
#                               channel fds 3-6 are kept across exec)
#   DIEMCAU_LIBSRTP2_OPENSSL    that library (cached, keyed by the Debian package version)
build_mediasoup_workers() {
  local lib wrapper content
  DIEMCAU_WORKER_BIN_SYSTEM="$(bash "$ROOT/infra/build-mediasoup-worker.sh" | tail -n 1)"
  lib="$(bash "$ROOT/infra/build-libsrtp2-openssl.sh" | tail -n 1)"
  wrapper="$(dirname "$DIEMCAU_WORKER_BIN_SYSTEM")/mediasoup-worker-srtp-openssl"
  content="#!/bin/sh
# Written by infra/setup.sh: the mediasoup worker with libsrtp2 built against OpenSSL
# (infra/build-libsrtp2-openssl.sh) instead of Debian's NSS build. exec keeps mediasoup's channel fds.
LD_LIBRARY_PATH='$(dirname "$lib")'\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
exec '$DIEMCAU_WORKER_BIN_SYSTEM' \"\$@\""
  if [[ ! -x "$wrapper" || "$(cat "$wrapper")" != "$content" ]]; then
    printf '%s\n' "$content" >"$wrapper.$$"
    chmod 755 "$wrapper.$$"
    mv "$wrapper.$$" "$wrapper"
  fi
  DIEMCAU_WORKER_BIN_OPENSSL="$wrapper"
  DIEMCAU_LIBSRTP2_OPENSSL="$lib"
  export DIEMCAU_WORKER_BIN_SYSTEM DIEMCAU_WORKER_BIN_OPENSSL DIEMCAU_LIBSRTP2_OPENSSL
}

# The platform's worker: MEDIASOUP_WORKER_BIN when it is given, else the build MEDIASOUP_SRTP names
# (openssl, the default, or system).
ensure_mediasoup_worker() {
  if [[ -n "${MEDIASOUP_WORKER_BIN:-}" && -x "${MEDIASOUP_WORKER_BIN}" ]]; then
    return 0
  fi
  build_mediasoup_workers
  case "${MEDIASOUP_SRTP:-openssl}" in
    openssl) MEDIASOUP_WORKER_BIN="$DIEMCAU_WORKER_BIN_OPENSSL" ;;
    system) MEDIASOUP_WORKER_BIN="$DIEMCAU_WORKER_BIN_SYSTEM" ;;
    *)
      say "MEDIASOUP_SRTP must be openssl or system, not '${MEDIASOUP_SRTP}'"
      exit 1
      ;;
  esac
  export MEDIASOUP_WORKER_BIN
}

ensure_npm_dependencies() {
  local stamp="$ROOT/node_modules/.diem-cau-installed"
  if [[ -f "$stamp" && "$stamp" -nt "$ROOT/package-lock.json" && "$stamp" -nt "$ROOT/package.json" ]]; then
    return 0
  fi
  say "installing npm dependencies"
  # MEDIASOUP_WORKER_BIN is exported: mediasoup's postinstall must not try to download a worker.
  # A fresh clone gets `npm ci`; an existing tree gets `npm install`, which never deletes node_modules.
  if [[ -f "$ROOT/node_modules/.package-lock.json" ]]; then
    (cd "$ROOT" && npm install --no-audit --no-fund >&2)
  else
    (cd "$ROOT" && npm ci --no-audit --no-fund >&2)
  fi
  touch "$stamp"
}

ensure_client_bundle() {
  local index="$ROOT/client/dist/index.html"
  if [[ -f "$index" ]] && [[ -z "$(find "$ROOT/client/src" "$ROOT/client/index.html" "$ROOT/client/vite.config.ts" "$ROOT/client/package.json" "$ROOT/shared/src" -newer "$index" -print -quit 2>/dev/null)" ]]; then
    return 0
  fi
  say "building the client bundle (with its .br and .gz beside each file)"
  (cd "$ROOT" && npm run build -w client >&2)
}

ensure_server_build() {
  local main="$ROOT/server/dist/main.js"
  if [[ -f "$main" ]] && [[ -z "$(find "$ROOT/server/src" "$ROOT/shared/src" "$ROOT/infra/build-server.mjs" "$ROOT/package-lock.json" -newer "$main" -print -quit 2>/dev/null)" ]]; then
    return 0
  fi
  say "compiling the server"
  (cd "$ROOT" && node infra/build-server.mjs >&2)
}

setup_all() {
  local packages=("${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}")
  [[ "${1:-}" == "--with-browser" ]] && packages+=("${BROWSER_PACKAGES[@]}")
  ensure_debian_packages "${packages[@]}"
  ensure_mediasoup_worker
  ensure_npm_dependencies
  ensure_client_bundle
  ensure_server_build
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  setup_all "${1:-}"
  say "ready (mediasoup worker: $MEDIASOUP_WORKER_BIN)"
fi
