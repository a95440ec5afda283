#!/usr/bin/env bash
# Rebuilds src/web/vendor/codemirror.js, the one front-end file we bundle ourselves (ADR 015):
# CodeMirror 6 + its SQL language at the versions package-lock.json pins (npm checks each
# package's sha512), bundled and minified by esbuild into one ES module. Run by hand when the
# pins change and commit the result; nothing at build or run time needs Node for it.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --silent --ignore-scripts --no-audit --no-fund
out=../../src/web/vendor/codemirror.js
node_modules/@esbuild/linux-x64/bin/esbuild entry.js --bundle --format=esm --minify \
  --legal-comments=none --target=es2020 --outfile="$out.tmp"
{
  echo "// CodeMirror 6 (codemirror 6.0.2, @codemirror/lang-sql 6.10.0; MIT, see"
  echo "// scripts/codemirror-bundle/package-lock.json), bundled by scripts/codemirror-bundle/build.sh."
  cat "$out.tmp"
} >"$out"
rm "$out.tmp"
sha256sum "$out"
