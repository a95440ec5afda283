#!/usr/bin/env bash
# Runs every benchmark binary in the given build dir (default build/bench) and prints its figures
# and ratios against baselines measured in the same run. The Google Benchmark ones take the
# --benchmark_* flags below; vector_search_bench (~10 min) and refresh_bench (~15 min, with its
# 1M-row no-op case) size their own loops and ignore them.
# pg_ingest_bench starts its own PostgreSQL, so the postgresql package must be installed;
# mysql_ingest_bench starts its own MariaDB (the mariadb-server package).
set -euo pipefail
build=${1:-build/bench}
for b in "$build"/bench/*_bench; do
  echo "== $(basename "$b")"
  "$b" --benchmark_min_time=1 --benchmark_color=false
  echo
done
