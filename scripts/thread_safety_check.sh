#!/usr/bin/env bash
# Clang thread-safety analysis (-Wthread-safety, as errors) over every library source of the
# `test` build: checks the LH_GUARDED_BY / LH_REQUIRES annotations (common/thread_annotations.h).
# Syntax-only (no code generation), two files at a time. Usage: scripts/thread_safety_check.sh
# [build dir, default build/test]; `make tsa` configures the test build first. TSA_FILTER=src/sql
# checks only the sources whose path contains it.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/test}
db="$build/compile_commands.json"
[[ -f $db ]] || { echo "no $db: run cmake --preset test first" >&2; exit 2; }
python3 - "$db" <<'PY' | xargs -0 -P "${TSA_JOBS:-2}" -n 1 bash -c 'eval "$0"'
import json, os, shlex, sys
for entry in json.load(open(sys.argv[1])):
    src = entry["file"]
    rel = os.path.relpath(src)
    if not rel.startswith("src/") or rel.endswith("_test.cc"):
        continue
    if os.environ.get("TSA_FILTER") and os.environ["TSA_FILTER"] not in rel:
        continue
    args = shlex.split(entry["command"])
    # drop the launcher (ccache) and the compiler, the output and gcc-only flags
    while args and not args[0].endswith(("g++", "c++", "clang++")):
        args.pop(0)
    out, skip = [], False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a in ("-c",) or a.startswith("-W"):
            continue
        out.append(a)
    cmd = ["clang++", *out, "-fsyntax-only", "-Wno-everything", "-Wthread-safety",
           "-Werror=thread-safety"]
    sys.stdout.write("cd " + shlex.quote(entry["directory"]) + " && " + shlex.join(cmd) + "\0")
PY
echo "thread-safety analysis: clean"
