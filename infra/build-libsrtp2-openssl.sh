#!/usr/bin/env bash
# Builds Debian's own libsrtp2 with its crypto done by OpenSSL instead of NSS.
#
# Why: Debian's libsrtp2 does SRTP with NSS; rebuilt from the same source package with
# `./configure --enable-openssl` it costs the worker markedly less CPU per forwarded packet
# (docs/BENCHMARKS.md, /work/shared/FACTS.md). The worker links libsrtp2 dynamically, so the same
# worker binary loads this build when its directory comes first on LD_LIBRARY_PATH (the wrapper that
# infra/setup.sh writes next to the worker, `mediasoup-worker-srtp-openssl`).
#
# The source is Debian's source package of the installed libsrtp2 (`apt-get source`, with Debian's
# patches), at exactly the installed version; deb-src lines are added when the machine has none.
# Only the shared library is built. Output: the library's path on stdout (last line), cached outside
# the repository keyed by the Debian package version, so later runs return at once.
set -euo pipefail

BINARY_PACKAGE=libsrtp2-1
CACHE_ROOT="${DIEMCAU_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/diem-cau}"

log() { echo "[libsrtp2-openssl] $*" >&2; }

DEB_VERSION="$(dpkg-query -W -f='${source:Version}' "$BINARY_PACKAGE" 2>/dev/null || true)"
SOURCE_PACKAGE="$(dpkg-query -W -f='${source:Package}' "$BINARY_PACKAGE" 2>/dev/null || true)"
if [[ -z "$DEB_VERSION" || -z "$SOURCE_PACKAGE" ]]; then
  log "$BINARY_PACKAGE is not installed (infra/setup.sh installs libsrtp2-dev)"
  exit 1
fi
OUT_DIR="$CACHE_ROOT/libsrtp2-openssl/$DEB_VERSION"
OUT_LIB="$OUT_DIR/libsrtp2.so.1"

if [[ -f "$OUT_LIB" ]]; then
  echo "$OUT_LIB"
  exit 0
fi

# Adds deb-src twins of the machine's Debian deb sources (same mirrors, suites and keys).
ensure_deb_src() {
  if apt-cache showsrc "$SOURCE_PACKAGE" 2>/dev/null | grep -qx "Version: $DEB_VERSION"; then
    return 0
  fi
  if [[ $(id -u) -ne 0 ]]; then
    log "the source package $SOURCE_PACKAGE $DEB_VERSION is not known to apt; as root, add deb-src lines and run apt-get update"
    exit 1
  fi
  if ! grep -rqsE '^(deb-src |Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    local f out=/etc/apt/sources.list.d/diem-cau-deb-src
    for f in /etc/apt/sources.list.d/*.sources; do
      [[ -f "$f" && "$f" != "$out.sources" ]] && grep -q 'debian' "$f" || continue
      sed -n '/^Types:/s/^Types:.*/Types: deb-src/;p' "$f"
      echo
    done >"$out.sources.tmp"
    if [[ -s "$out.sources.tmp" ]]; then
      mv "$out.sources.tmp" "$out.sources"
      log "added deb-src sources in $out.sources"
    else
      rm -f "$out.sources.tmp"
    fi
    if [[ -f /etc/apt/sources.list ]] && grep -qE '^deb .*debian' /etc/apt/sources.list; then
      grep -E '^deb .*debian' /etc/apt/sources.list | sed 's/^deb /deb-src /' >"$out.list"
      log "added deb-src lines in $out.list"
    fi
  fi
  log "apt-get update (for the deb-src indexes)"
  apt-get update -q >&2
  if ! apt-cache showsrc "$SOURCE_PACKAGE" 2>/dev/null | grep -qx "Version: $DEB_VERSION"; then
    log "apt has no source package $SOURCE_PACKAGE $DEB_VERSION (the installed version); upgrade libsrtp2-1 or add its deb-src"
    exit 1
  fi
}

ensure_deb_src

BUILD_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/libsrtp2-build.XXXXXX")"
trap 'rm -rf "$BUILD_ROOT"' EXIT
log "building $SOURCE_PACKAGE $DEB_VERSION against OpenSSL in $BUILD_ROOT"
cd "$BUILD_ROOT"
apt-get source -q "$SOURCE_PACKAGE=$DEB_VERSION" >&2
SRC_DIR="$(find . -mindepth 1 -maxdepth 1 -type d -name "$SOURCE_PACKAGE-*" | head -n 1)"
cd "$SRC_DIR"
./configure --enable-openssl >&2
make -j"$(nproc)" shared_library >&2

# The build must do its crypto with OpenSSL and nothing with NSS.
objdump -p libsrtp2.so.1 | grep -q 'NEEDED *libcrypto.so' || {
  log "the built library does not link libcrypto"
  exit 1
}
if objdump -p libsrtp2.so.1 | grep -q 'NEEDED *libnss'; then
  log "the built library still links NSS"
  exit 1
fi

mkdir -p "$OUT_DIR"
cp libsrtp2.so.1 "$OUT_LIB.tmp"
mv "$OUT_LIB.tmp" "$OUT_LIB"
log "built $OUT_LIB"
echo "$OUT_LIB"
