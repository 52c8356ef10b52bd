#!/usr/bin/env bash
# Installs whatever the platform still lacks, and is quick when nothing is missing:
#   Debian packages (as root; otherwise prints the apt-get line and stops), the mediasoup worker
#   (built from source, cached outside the repo), npm dependencies, and the client bundle.
# Usage: infra/setup.sh [--with-browser]   (--with-browser adds Chromium, ffmpeg and the field harness's packages for the tests)
# When sourced, it only defines the functions; start.sh and test.sh call `setup_all`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

BUILD_PACKAGES=(g++ pkg-config meson ninja-build libssl-dev libuv1-dev libsrtp2-dev libusrsctp-dev libabsl-dev nlohmann-json3-dev)
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

ensure_mediasoup_worker() {
  if [[ -n "${MEDIASOUP_WORKER_BIN:-}" && -x "${MEDIASOUP_WORKER_BIN}" ]]; then
    return 0
  fi
  MEDIASOUP_WORKER_BIN="$(bash "$ROOT/infra/build-mediasoup-worker.sh" | tail -n 1)"
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
