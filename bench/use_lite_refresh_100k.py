#!/usr/bin/env python3
"""A full build of a builtin/use-lite-v1 index over 100,000 short real documents (issue #19).

Runs the real `lakehouse` binary on a fresh data directory and measures what a user would see:

1. The documents: every distinct sentence of the 233 State of the Union addresses
   (third_party/corpora/sotu, fetched by scripts/setup.sh) of 20-400 characters, then pairs of
   consecutive sentences of at most 400 characters that are not already a sentence, in the
   addresses' order, until there are 100,000 (59,422 sentences + 40,578 pairs with the pinned
   corpus). Real text, each one chunk at use-lite-v1's default 400-character chunks.
2. Ingested as one NDJSON file (`POST /ingest/file`), then `POST /vectors/index` without
   `wait`: the build runs as a background job.
3. While it runs, every --probe-every seconds: `GET /jobs/{id}` (progress and ETA as the server
   reports them), the load average, and the latency of a search of the index being built, an SQL
   query, and an ingest of 100 new rows into another dataset. All of them go to the server while
   the build is embedding.
4. At the end: wall time, documents and chunks per second, the server's CPU seconds (from
   /proc/<pid>/stat), the load average over the run, and the probe latencies (p50 / max).

Usage (from the repository root, after a `test` or `release` build of the `lakehouse` target):
    nice -n 10 python3 bench/use_lite_refresh_100k.py [--binary build/test/src/cli/lakehouse]
        [--docs 100000] [--out /tmp/use_lite_refresh_100k.json]
Figures: docs/PERFORMANCE.md, "Full refresh of 100K short documents".
"""

import argparse
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sotu_documents(limit):
    """Distinct sentences (20-400 chars), then distinct consecutive pairs (<= 400 chars)."""
    files = sorted(glob.glob(os.path.join(ROOT, "third_party/corpora/sotu/data/*.json")))
    if not files:
        sys.exit("no SOTU corpus: run scripts/setup.sh")
    per_speech = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            speech = json.load(f)
        text = speech["text"] if isinstance(speech["text"], str) else " ".join(speech["text"])
        text = re.sub(r"\s+", " ", text)
        per_speech.append([s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()])
    docs, seen = [], set()

    def add(text):
        if 20 <= len(text) <= 400 and text not in seen:
            seen.add(text)
            docs.append(text)

    for sentences in per_speech:
        for s in sentences:
            add(s)
    for sentences in per_speech:
        for a, b in zip(sentences, sentences[1:]):
            if len(docs) >= limit:
                return docs
            add(a + " " + b)
    if len(docs) < limit:
        sys.exit(f"the corpus gave only {len(docs)} documents")
    return docs[:limit]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def load_average():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


class Server:
    def __init__(self, binary, data_dir):
        self.proc = subprocess.Popen(
            [binary, "serve", "--data-dir", data_dir, "--host", "127.0.0.1", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.time() + 60
        self.base = None
        while time.time() < deadline and self.base is None:
            line = self.proc.stdout.readline()
            if not line:
                break
            m = re.search(r"listening on (http://[\d.]+:\d+)", line)
            if m:
                self.base = m.group(1)
        if self.base is None:
            self.proc.kill()
            sys.exit("the server did not report its port")
        # Drain the log so the server never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()
        while requests.get(self.base + "/ready", timeout=30).status_code != 200:
            time.sleep(0.2)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def timed(fn):
    start = time.perf_counter()
    r = fn()
    return (time.perf_counter() - start) * 1000, r


def ingest(base, dataset, ndjson, name):
    return requests.post(base + "/ingest/file",
                         data={"dataset": dataset, "key": "id"},
                         files={"file": (name, ndjson, "application/x-ndjson")}, timeout=600)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, "build/test/src/cli/lakehouse"))
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--probe-every", type=float, default=30.0)
    parser.add_argument("--out", default="/tmp/use_lite_refresh_100k.json")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()

    docs = sotu_documents(args.docs)
    lengths = [len(d) for d in docs]
    print(f"{len(docs)} documents, {min(lengths)}-{max(lengths)} chars, "
          f"mean {statistics.mean(lengths):.0f}", flush=True)
    ndjson = "".join(json.dumps({"id": f"d{i}", "text": t}) + "\n" for i, t in enumerate(docs))

    data_dir = tempfile.mkdtemp(prefix="use_lite_100k_")
    server = Server(args.binary, data_dir)
    base = server.base
    report = {"docs": len(docs), "nice": os.nice(0), "probes": [], "progress": []}
    try:
        ms, r = timed(lambda: ingest(base, "sotu_sentences", ndjson, "sentences.ndjson"))
        assert r.status_code == 200, r.text
        report["ingest_100k_ms"] = ms
        print(f"ingested in {ms / 1000:.1f} s", flush=True)

        cpu0, t0, load0 = cpu_seconds(server.proc.pid), time.time(), load_average()
        r = requests.post(base + "/vectors/index", json={
            "index_name": "sentences_idx", "dataset": "sotu_sentences", "id_column": "id",
            "text_column": "text", "model": "builtin/use-lite-v1"}, timeout=60)
        assert r.status_code == 202, r.text
        job = r.json()["job_id"]
        loads, probe_at, extra = [load0], time.time() + 10, 0
        while True:
            status = requests.get(f"{base}/jobs/{job}", timeout=60).json()
            loads.append(load_average())
            p = status.get("progress") or {}
            report["progress"].append({"t": round(time.time() - t0, 1), **p})
            if status["state"] in ("succeeded", "failed", "cancelled"):
                break
            if time.time() >= probe_at:
                probe_at = time.time() + args.probe_every
                probe = {"t": round(time.time() - t0, 1), "done": p.get("done"),
                         "eta_s": p.get("eta_s")}
                probe["search_ms"], sr = timed(lambda: requests.post(
                    base + "/vectors/search", json={"index": "sentences_idx",
                                                    "query": "lower taxes for working families",
                                                    "k": 10}, timeout=600))
                probe["search_status"] = sr.status_code
                if sr.status_code == 200 and sr.json().get("results"):
                    probe["search_top"] = sr.json()["results"][0].get("chunk_text", "")[:80]
                    probe["search_stale"] = sr.json().get("stale")
                probe["sql_ms"], qr = timed(lambda: requests.post(
                    base + "/query/sql", json={"sql": "SELECT count(*) FROM sotu_sentences"},
                    timeout=600))
                probe["sql_status"] = qr.status_code
                rows = "".join(json.dumps({"id": f"n{extra + i}", "text": docs[i]}) + "\n"
                               for i in range(100))
                extra += 100
                probe["ingest_ms"], ir = timed(lambda: ingest(base, "probe_rows", rows,
                                                              "rows.ndjson"))
                probe["ingest_status"] = ir.status_code
                report["probes"].append(probe)
                print(f"  t={probe['t']:7.1f}s done={p.get('done')}/{p.get('total')} "
                      f"rate={p.get('rate_per_s')}/s eta={p.get('eta_s')}s "
                      f"load={loads[-1]:.1f} search={probe['search_ms']:.0f}ms "
                      f"sql={probe['sql_ms']:.0f}ms ingest={probe['ingest_ms']:.0f}ms",
                      flush=True)
            time.sleep(2)
        wall = time.time() - t0
        cpu = cpu_seconds(server.proc.pid) - cpu0
        info = requests.get(base + "/vectors/indexes/sentences_idx", timeout=60).json()
        chunks = info.get("chunk_count")
        report.update({
            "state": status["state"], "error": status.get("error"),
            "wall_s": round(wall, 1), "server_cpu_s": round(cpu, 1),
            "docs_per_s": round(len(docs) / wall, 1), "chunks": chunks,
            "chunks_per_s": round(chunks / wall, 1) if chunks else None,
            "docs_per_cpu_s": round(len(docs) / cpu, 1),
            "load_avg_mean": round(statistics.mean(loads), 2),
            "load_avg_min": min(loads), "load_avg_max": max(loads),
            "cpus": os.cpu_count()})
        for key in ("search_ms", "sql_ms", "ingest_ms"):
            values = sorted(p[key] for p in report["probes"])
            if values:
                report[key + "_p50"] = round(values[len(values) // 2], 1)
                report[key + "_max"] = round(values[-1], 1)
        report["probes_ok"] = all(p["search_status"] == 200 and p["sql_status"] == 200 and
                                  p["ingest_status"] == 200 for p in report["probes"])
        report["progress_with_eta"] = sum(1 for p in report["progress"]
                                          if p.get("eta_s") is not None)
        ms, sr = timed(lambda: requests.post(base + "/vectors/search", json={
            "index": "sentences_idx", "query": "lower taxes for working families", "k": 3},
            timeout=600))
        report["final_search_ms"] = round(ms, 1)
        report["final_search_top"] = [h.get("chunk_text", "")[:80] for h in sr.json().get("results", [])]
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=1)
    summary = {k: v for k, v in report.items() if k not in ("probes", "progress")}
    print(json.dumps(summary, indent=1))
    return 0 if report["state"] == "succeeded" else 1


if __name__ == "__main__":
    sys.exit(main())
