#!/usr/bin/env bash
# Clang thread-safety analysis (-Wthread-safety, as errors) over the library sources of the
# `test` build that use common/mutex.h: checks the LH_GUARDED_BY / LH_REQUIRES annotations
# (common/thread_annotations.h). Syntax-only, two files at a time: about 1 CPU-minute. Usage: scripts/thread_safety_check.sh
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
    # Guarded members are private, so only a class's own sources can touch them: check the
    # sources whose text or header uses the annotated mutexes (keeps the check to about a minute).
    header = src[:-3] + ".h"
    text = open(src).read() + (open(header).read() if os.path.exists(header) else "")
    if ("common/mutex.h" not in text and "LH_" + "REQUIRES" not in text
            and "LH_" + "GUARDED_BY" not in text):
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
