#!/usr/bin/env bash
# Builds the mediasoup worker binary from the registry's sources against Debian 12's system libraries.
#
# Why: `npm install mediasoup` normally downloads a prebuilt worker from GitHub, which this project's
# machines cannot reach, and its meson build then wants to download the sources of openssl, libuv,
# libsrtp2, usrsctp, abseil, nlohmann_json and catch2. Meson uses a subproject without downloading
# when a folder named after the .wrap file's `directory =` already exists under worker/subprojects/,
# so we write a tiny meson project in each such folder that wraps the Debian library (pkg-config) and
# exposes the variables mediasoup's meson.build reads. mediasoup is pinned to 3.12.16: 3.13+ needs
# flatbuffers 24 and a libsrtp3 fork that Debian 12 lacks.
#
# The worker sources get the fixes in infra/mediasoup-worker-patches/*.patch (`patch -p1` in the
# unpacked package) before the build.
#
# Output: the binary path on stdout (last line). It is cached outside the repository, keyed by the
# mediasoup version and a hash of the patches (a changed patch builds a new worker), so later runs
# skip the ~4 minute compile. `--key` prints only that key (server/src/media/mediasoupWorkerBin.ts
# hard-codes it for runs without infra/setup.sh; infra/test.sh checks that the two agree).
set -euo pipefail

MEDIASOUP_VERSION="${MEDIASOUP_VERSION:-3.12.16}"
PATCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/mediasoup-worker-patches"
PATCHES=("$PATCH_DIR"/*.patch)
[[ -f "${PATCHES[0]}" ]] || PATCHES=()
WORKER_KEY="$MEDIASOUP_VERSION"
if ((${#PATCHES[@]} > 0)); then
  WORKER_KEY="$MEDIASOUP_VERSION-$(cat "${PATCHES[@]}" | sha256sum | cut -c1-12)"
fi
if [[ "${1:-}" == "--key" ]]; then
  echo "$WORKER_KEY"
  exit 0
fi
CACHE_ROOT="${DIEMCAU_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/diem-cau}"
OUT_DIR="$CACHE_ROOT/mediasoup-worker/$WORKER_KEY"
OUT_BIN="$OUT_DIR/mediasoup-worker"

if [[ -x "$OUT_BIN" ]]; then
  echo "$OUT_BIN"
  exit 0
fi

log() { echo "[mediasoup-worker] $*" >&2; }

BUILD_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/mediasoup-build.XXXXXX")"
trap 'rm -rf "$BUILD_ROOT"' EXIT
log "building mediasoup-worker $WORKER_KEY from source in $BUILD_ROOT (takes a few minutes)"

cd "$BUILD_ROOT"
npm pack --silent "mediasoup@$MEDIASOUP_VERSION" >/dev/null
tar xzf "mediasoup-$MEDIASOUP_VERSION.tgz"
for p in "${PATCHES[@]}"; do
  log "applying $(basename "$p")"
  patch -p1 --forward --batch -d "$BUILD_ROOT/package" <"$p" >&2
done
WORKER="$BUILD_ROOT/package/worker"
SUB="$WORKER/subprojects"

# Debian 12 ships meson 1.0.1; mediasoup asks for >= 1.1.0 but builds cleanly with 1.0.
sed -i "s/meson_version: '>= 1.1.0'/meson_version: '>= 1.0.0'/" "$WORKER/meson.build"

wrap_dir() { sed -n 's/^directory *= *//p' "$SUB/$1.wrap"; }

# write_subproject WRAP_NAME MESON_BODY [OPTIONS_BODY]
write_subproject() {
  local dir
  dir="$SUB/$(wrap_dir "$1")"
  mkdir -p "$dir"
  printf "project('%s', ['c', 'cpp'])\n%s\n" "$1" "$2" >"$dir/meson.build"
  printf '%s\n' "${3:-}" >"$dir/meson_options.txt"
}

write_subproject openssl "
openssl_dep = dependency('openssl')
libcrypto_lib = []
libssl_lib = []"

write_subproject nlohmann_json "
nlohmann_json_dep = dependency('nlohmann_json')"

write_subproject libuv "
libuv_dep = dependency('libuv')
libuv = []" "option('build_tests', type: 'boolean', value: false)
option('build_benchmarks', type: 'boolean', value: false)"

write_subproject libsrtp2 "
libsrtp2_dep = declare_dependency(
  dependencies: dependency('libsrtp2'),
  include_directories: include_directories('/usr/include/srtp2'),
)
libsrtp2 = []" "option('crypto-library', type: 'string', value: 'openssl')
option('crypto-library-kdf', type: 'string', value: 'disabled')
option('tests', type: 'string', value: 'disabled')"

write_subproject usrsctp "
usrsctp_dep = dependency('usrsctp')
usrsctp = []" "option('sctp_build_programs', type: 'boolean', value: false)"

write_subproject abseil-cpp "
absl_deps = {}
foreach name : ['flat_hash_map', 'flat_hash_set', 'node_hash_map', 'node_hash_set', 'strings', 'optional', 'variant', 'span', 'any']
  absl_deps += { name: dependency('absl_' + name) }
endforeach
absl_container_dep = declare_dependency(dependencies: [
  absl_deps['flat_hash_map'], absl_deps['flat_hash_set'], absl_deps['node_hash_map'], absl_deps['node_hash_set']])
absl_strings_dep = absl_deps['strings']
absl_types_dep = declare_dependency(dependencies: [
  absl_deps['optional'], absl_deps['variant'], absl_deps['span'], absl_deps['any']])
absl_container_lib = []"

write_subproject catch2 "
catch2_dep = declare_dependency()"

cd "$WORKER"
meson setup build --buildtype release -Db_ndebug=true --wrap-mode=nodownload >&2
ninja -C build mediasoup-worker >&2

mkdir -p "$OUT_DIR"
cp build/mediasoup-worker "$OUT_BIN.tmp"
mv "$OUT_BIN.tmp" "$OUT_BIN"
log "built $OUT_BIN"
echo "$OUT_BIN"
