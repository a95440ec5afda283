#!/usr/bin/env bash
# Idempotent setup: installs the Debian packages that are missing and fetches the pinned DuckDB
# C API (header + shared library) from the npm registry, verified by sha256.
# Safe to run on every `make run` / `make test`; it does nothing when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libcpp-httplib-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libtomlplusplus-dev libcli11-dev
  libsqlite3-dev libhnswlib-dev libssl-dev libpq-dev postgresql libpoppler-cpp-dev libre2-dev
  libgtest-dev libgmock-dev libbenchmark-dev curl ccache libmicrohttpd-dev python3-requests
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come from a Node.js install outside Debian's packages; only ask for Debian's when absent.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing Debian packages. Run as root:" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---- DuckDB (pinned) -------------------------------------------------------------------------
DUCKDB_VERSION=1.4.4
DUCKDB_BINDINGS_VERSION=1.4.4-r.4
DUCKDB_HEADER_SHA256=cbe6a827284375c5a646b8f27dbd3a00808ce8738b5bbb49c190cb1e08540281
DUCKDB_LIB_SHA256=1ef33048e12235115ac0d277a0aaccbb560e33248144f488b5ac005cd9ba81b5
DEST=third_party/duckdb
CACHE=${LAKEHOUSE_CACHE_DIR:-$HOME/.cache/lakehouse}/npm

verify() { echo "$2  $1" | sha256sum --check --status; }

if [[ -f $DEST/include/duckdb.h && -f $DEST/lib/libduckdb.so ]] &&
  verify "$DEST/include/duckdb.h" "$DUCKDB_HEADER_SHA256" &&
  verify "$DEST/lib/libduckdb.so" "$DUCKDB_LIB_SHA256"; then
  exit 0
fi

echo "setup: fetching DuckDB $DUCKDB_VERSION C API from npm"
mkdir -p "$CACHE" "$DEST/include" "$DEST/lib"
# `npm pack` downloads the tarball and checks the registry's sha512; it never runs install scripts.
(cd "$CACHE" &&
  { [[ -f duckdb-$DUCKDB_VERSION.tgz ]] || npm pack --silent "duckdb@$DUCKDB_VERSION" >/dev/null; } &&
  { [[ -f duckdb-node-bindings-linux-x64-$DUCKDB_BINDINGS_VERSION.tgz ]] ||
    npm pack --silent "@duckdb/node-bindings-linux-x64@$DUCKDB_BINDINGS_VERSION" >/dev/null; })
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$CACHE/duckdb-$DUCKDB_VERSION.tgz" -C "$tmp" package/src/duckdb/src/include/duckdb.h
tar -xzf "$CACHE/duckdb-node-bindings-linux-x64-$DUCKDB_BINDINGS_VERSION.tgz" -C "$tmp" package/libduckdb.so
if ! verify "$tmp/package/src/duckdb/src/include/duckdb.h" "$DUCKDB_HEADER_SHA256" ||
  ! verify "$tmp/package/libduckdb.so" "$DUCKDB_LIB_SHA256"; then
  echo "setup: sha256 mismatch for the DuckDB files; refusing to use them" >&2
  rm -f "$CACHE"/duckdb-*.tgz
  exit 1
fi
install -m 0644 "$tmp/package/src/duckdb/src/include/duckdb.h" "$DEST/include/duckdb.h"
install -m 0755 "$tmp/package/libduckdb.so" "$DEST/lib/libduckdb.so"
echo "setup: DuckDB $DUCKDB_VERSION ready in $DEST"
