#!/usr/bin/env bash
# Runs every benchmark binary in the given build dir (default build/bench) and prints its figures
# and ratios against baselines measured in the same run. pg_ingest_bench starts its own
# PostgreSQL, so the postgresql package must be installed.
set -euo pipefail
build=${1:-build/bench}
for b in "$build"/bench/*_bench; do
  echo "== $(basename "$b")"
  "$b" --benchmark_min_time=1 --benchmark_color=false
  echo
done
