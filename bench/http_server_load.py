#!/usr/bin/env python3
"""HTTP server load figures for ADR 005: round trip, 256 keep-alive connections, slowloris, upload.

Usage: bench/http_server_load.py http://127.0.0.1:PORT
Speaks raw HTTP/1.1 over loopback sockets (no client library in the measurement).
"""
import os
import socket
import statistics
import sys
import threading
import time

HEALTH = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def connect(port):
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_response(s, timeout):
    s.settimeout(timeout)
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            length = int(v)
    while len(rest) < length:
        chunk = s.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        rest += chunk
    return int(head[9:12])


def round_trip(port, n=3000):
    s = connect(port)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        s.sendall(HEALTH)
        read_response(s, 5)
        times.append(time.perf_counter() - t)
    s.close()
    times.sort()
    return {"p50_us": round(times[len(times) // 2] * 1e6), "p99_us": round(times[int(len(times) * 0.99)] * 1e6),
            "req_per_s": round(n / sum(times))}


def keep_alive_256(port, timeout=10):
    socks = [connect(port) for _ in range(256)]
    latencies = []
    unanswered = 0
    start = [0.0] * len(socks)
    for i, s in enumerate(socks):
        start[i] = time.perf_counter()
        s.sendall(HEALTH)
    for i, s in enumerate(socks):
        try:
            read_response(s, max(0.01, timeout - (time.perf_counter() - start[i])))
            latencies.append(time.perf_counter() - start[i])
        except Exception:
            unanswered += 1
    for s in socks:
        s.close()
    return {"answered": len(latencies), "unanswered_in_%ds" % timeout: unanswered,
            "max_ms": round(max(latencies) * 1000) if latencies else None,
            "over_1s": sum(1 for x in latencies if x > 1.0) + unanswered}


def slowloris(port, clients=40, seconds=4):
    socks = []
    for _ in range(clients):
        s = connect(port)
        s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        socks.append(s)
    probes = []
    end = time.time() + seconds
    while time.time() < end:
        for s in socks:
            try:
                s.sendall(b"X-Slow: 1\r\n")
            except OSError:
                pass
        t = time.perf_counter()
        try:
            p = connect(port)
            p.sendall(HEALTH)
            read_response(p, 3)
            p.close()
            probes.append(time.perf_counter() - t)
        except Exception:
            probes.append(float("inf"))
        time.sleep(0.5)
    for s in socks:
        s.close()
    return {"probe_max_ms": round(max(probes) * 1000) if max(probes) != float("inf") else "timeout",
            "probes": len(probes)}


def upload(port, megabytes=200):
    block = os.urandom(1 << 20)
    s = connect(port)
    head = ("PUT /storage/buckets/primary/objects/bench/upload.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n" % (megabytes << 20))
    t = time.perf_counter()
    s.sendall(head.encode())
    for _ in range(megabytes):
        s.sendall(block)
    status = read_response(s, 120)
    elapsed = time.perf_counter() - t
    s.close()
    return {"status": status, "MB_per_s": round(megabytes / elapsed)}


def main():
    port = int(sys.argv[1].rsplit(":", 1)[1].strip("/"))
    print("round trip (1 keep-alive client, GET /health):", round_trip(port))
    print("256 keep-alive connections, one GET /health each:", keep_alive_256(port))
    print("40 slowloris clients + fresh /health probes:", slowloris(port))
    print("upload 200 MB (PUT object, streamed to disk):", upload(port))


if __name__ == "__main__":
    main()
