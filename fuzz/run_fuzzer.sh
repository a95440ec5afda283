#!/usr/bin/env bash
# run_fuzzer.sh FUZZER SEED_DIR WORK_DIR SECONDS
# Runs one libFuzzer target for a bounded time: first every committed seed (crash regressions
# included), then new inputs, which go to WORK_DIR/corpus (never into the committed seeds).
# FUZZ_SECONDS in the environment overrides SECONDS (ctest allows each run 3 × the configured
# LAKEHOUSE_FUZZ_SECONDS + 120 s, which is why `make fuzz FUZZ_SECONDS=n` configures n). Exits
# non-zero when the fuzzer found a crash, a sanitizer report, a broken invariant or a timeout;
# the input is left in WORK_DIR/ and its path printed. One summary line goes to stdout and is
# appended to WORK_DIR/../summary.txt.
set -euo pipefail
fuzzer=$1 seeds=$2 work=$3 seconds=${FUZZ_SECONDS:-$4}
name=$(basename "$fuzzer")
mkdir -p "$work/corpus"
log="$work/last.log"
status=0
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
  -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "$seeds" >"$log" 2>&1 || status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
corpus=$(find "$work/corpus" -type f | wc -l)
line="$name: status=$status seconds=$seconds executions=${runs:-?} new_corpus_files=$corpus"
echo "$line"
echo "$(date -u +%FT%TZ) $line" >>"$work/../summary.txt"
if [ "$status" -ne 0 ]; then
  tail -60 "$log"
  ls "$work"/crash-* "$work"/timeout-* "$work"/oom-* "$work"/leak-* 2>/dev/null || true
fi
exit "$status"
