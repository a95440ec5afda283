#!/usr/bin/env python3
# Issue #18: recall/latency of the SOTU index before (HNSW at ef_search 128) and after recall tuning.
# Usage: python3 bench/sotu_recall.py <source dir> <lakehouse binary>   (figures: docs/PERFORMANCE.md)
# SOTU addresses since 1913 (110, ~3.8M chars), template "{year} {name}\n{chunk}", chunk 800/80,
# builtin/hash-v1 — the realdata test's index. Prints the index's recall measurement and HTTP
# search latency at the old fixed ef_search 128 vs the tuned default, over 43 phrase queries.
import json, os, subprocess, sys, time, urllib.request, glob, tempfile, re, statistics
src = sys.argv[1]; binary = sys.argv[2]
data = tempfile.mkdtemp(prefix="sotu-recall-")
proc = subprocess.Popen([binary, "serve", "--data-dir", data, "--host", "127.0.0.1", "--port", "0"],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
port = None
for line in proc.stdout:
    m = re.search(r"listening on http://[0-9.]+:(\d+)", line)
    if m: port = int(m.group(1)); break
base = f"http://127.0.0.1:{port}"
def call(method, path, body=None, ctype="application/json"):
    data_ = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
    req = urllib.request.Request(base + path, data=data_, method=method, headers={"Content-Type": ctype})
    with urllib.request.urlopen(req, timeout=600) as r: return json.loads(r.read())
speeches = []
for f in sorted(glob.glob(src + "/third_party/corpora/sotu/data/*.json")):
    j = json.load(open(f))
    if j["year"] >= 1913:
        speeches.append({"id": os.path.basename(f)[:-5], "year": j["year"], "name": j["name"], "party": j["party"], "text": j["text"]})
nd = "".join(json.dumps(s) + "\n" for s in speeches)
boundary = "XyZ"
parts = []
for k, v in [("dataset", "sotu"), ("key", "id"), ("mode", "append")]:
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n')
parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.ndjson"\r\n\r\n{nd}\r\n--{boundary}--\r\n')
call("POST", "/ingest/file", "".join(parts).encode(), f"multipart/form-data; boundary={boundary}")
t = time.time()
call("POST", "/vectors/index?wait=true", {"index_name": "sotu_idx", "dataset": "sotu", "id_column": "id",
     "text_column": "text", "template": "{year} {name}\n{chunk}", "chunk_size": 800, "overlap": 80, "model": "builtin/hash-v1"})
print("build s", round(time.time() - t, 1))
idx = call("GET", "/vectors/indexes/sotu_idx")
print("chunks", idx["chunk_count"]); print(json.dumps(idx["recall"], indent=1))
# the realdata test's 40 phrases
queries = []
for q in range(40):
    s = speeches[:88][(q * 37) % 88]; w = s["text"].split(); st = len(w) * (q % 7 + 1) // 9
    queries.append(" ".join(w[st:st + 12]))
def run(extra):
    lat = []; res = []
    for q in queries:
        body = {"index": "sotu_idx", "query": q, "k": 10, "columns": []}; body.update(extra)
        t0 = time.perf_counter(); r = call("POST", "/vectors/search", body); lat.append((time.perf_counter() - t0) * 1000)
        res.append({(h["doc_id"], h["chunk_idx"]) for h in r["results"]})
    return lat, res
run({})  # warm
_, truth = run({"exact": True})
for name, extra in [("exact", {"exact": True}), ("hnsw ef 128 (old default)", {"ef_search": 128}), ("tuned default", {})] + [(f"ef {e}", {"ef_search": e}) for e in (64, 256, 512)]:
    lat, res = run(extra)
    rec = sum(len(a & b) / max(1, len(b)) for a, b in zip(res, truth)) / len(truth)
    print(f"{name}: recall@10 {rec:.4f}  http p50 {statistics.median(lat):.2f} ms  p95 {sorted(lat)[int(0.95*len(lat))-1]:.2f} ms")
ev = call("POST", "/vectors/indexes/sotu_idx/evals", {"ef_search": [32, 64, 128, 256, 512], "sample": 500, "seed": 7})
print(json.dumps(ev))
proc.terminate(); proc.wait()
