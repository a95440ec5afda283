#!/usr/bin/env python3
"""Tool-call latency over HTTP on the staffing demo (issue 21: each tool <= 50 ms p50 at 100K).

Usage: bench/tools_bench.py [--binary build/release/src/cli/lakehouse] [--candidates 100000]
                            [--activity 8] [--calls 30] [--as-agent] [--server URL]
                            [--api-key KEY]

Starts `lakehouse serve` on a free loopback port with a fresh data directory, loads the demo
(`lakehouse demo staffing`, timed: that is also the demo's load time), then calls each of the six
seed tools (POST /tools/{name}/call) over one keep-alive connection: 3 warm-up calls, then
--calls timed ones with arguments that vary per call (see arguments()); prints p50/p95/max per
tool (rows: of the last call). --server measures an already loaded server instead. --as-agent calls them with a key of the
staffing_agent role (policy scope: masked views) instead of dev mode's admin.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

CITIES = ["Chicago", "Boston", "Denver", "Seattle", "Austin", "Atlanta", "Phoenix", "Miami"]
QUERIES = ["ICU nurse with telemetry experience", "java backend developer", "forklift operator",
           "staff accountant", "medical receptionist", "network engineer", "payroll clerk"]


# Arguments of call i: they vary from call to call, so the result cache (which answers a repeated
# call of a pinned dataset's query) is not what is measured; recruiter_performance has only three
# argument values, so after three calls it measures the cache, as a real agent repeating it would.
def arguments(name, i, candidates, activity):
    if name == "search_candidates":
        return {"query": QUERIES[i % len(QUERIES)], "city": CITIES[i % len(CITIES)]}
    if name == "get_candidate":
        return {"candidate_id": 1 + (i * 7919) % candidates}
    if name == "revenue_by_client":
        return {"since": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"}
    if name == "recruiter_performance":
        return {"order_by": ["placements", "bill_rate_total", "calls"][i % 3]}
    if name == "cold_leads":
        return {"min_calls": 5 * activity + i % 40}
    return {"city": CITIES[i % len(CITIES)]}


TOOLS = ["search_candidates", "get_candidate", "revenue_by_client", "recruiter_performance",
         "cold_leads", "open_jobs"]


def start_server(binary, data_dir):
    proc = subprocess.Popen(
        [binary, "serve", "--data-dir", data_dir, "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if m:
            return proc, int(m.group(1))
    proc.kill()
    sys.exit("server did not start")


def call(conn, path, body, key):
    headers = {"Content-Type": "application/json"}
    if key:
        headers["X-API-Key"] = key
    conn.request("POST", path, json.dumps(body), headers)
    r = conn.getresponse()
    data = r.read()
    if r.status // 100 != 2:
        sys.exit(f"{path}: HTTP {r.status}: {data[:300]!r}")
    return json.loads(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="build/release/src/cli/lakehouse")
    ap.add_argument("--candidates", type=int, default=100000)
    ap.add_argument("--calls", type=int, default=30)
    ap.add_argument("--activity", type=int, default=8, help="demo staffing --activity")
    ap.add_argument("--server", help="an already loaded server (skips start and demo)")
    ap.add_argument("--as-agent", action="store_true")
    ap.add_argument("--api-key", default="",
                    help="an admin key of --server (one whose dev mode has ended)")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="lakehouse-tools-bench-")
    proc = None
    if args.server:
        port = int(args.server.rsplit(":", 1)[1])
    else:
        proc, port = start_server(args.binary, os.path.join(tmp, "data"))
    try:
        url = f"http://127.0.0.1:{port}"
        started = time.time()
        if not args.server:
            demo = subprocess.run([args.binary, "demo", "staffing", "--candidates",
                                   str(args.candidates), "--activity", str(args.activity),
                                   "--server", url], capture_output=True, text=True)
            if demo.returncode != 0:
                sys.exit("demo failed:\n" + demo.stdout + demo.stderr)
            print(demo.stdout.strip())
            print(f"demo staffing --candidates {args.candidates} --activity {args.activity}: "
                  f"{time.time() - started:.1f} s")
        key = args.api_key
        if args.as_agent:
            admin = args.api_key
            if not admin:
                made = subprocess.run([args.binary, "access", "keys", "create", "--principal",
                                       "bench-admin", "--role", "admin", "--server", url,
                                       "--json"], capture_output=True, text=True, check=True)
                admin = json.loads(made.stdout)["key"]
            conn = http.client.HTTPConnection("127.0.0.1", port)
            key = call(conn, "/access/keys", {"principal": "bench-agent",
                                              "roles": ["staffing_agent"]}, admin)["key"]
        conn = http.client.HTTPConnection("127.0.0.1", port)
        print(f"{'tool':<24}{'rows':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
        for name in TOOLS:
            path = f"/tools/{name}/call"
            for i in range(3):
                warm = arguments(name, 1000 + i, args.candidates, args.activity)
                call(conn, path, {"arguments": warm}, key)
            times = []
            rows = 0
            for i in range(args.calls):
                body = {"arguments": arguments(name, i, args.candidates, args.activity)}
                t = time.perf_counter()
                rows = call(conn, path, body, key)["row_count"]
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"{name:<24}{rows:>6}{statistics.median(times):>10.1f}{p95:>10.1f}"
                  f"{times[-1]:>10.1f}")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
