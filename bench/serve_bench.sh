#!/usr/bin/env bash
# keiyaku serve under load: N concurrent clients, each signed in, upload the sample contract R
# times (each upload a new contract); prints reviews per second, p50/p99 latency of an upload
# (review, registry write and the review page), and the time of one archive page (/contracts).
#
#   bench/serve_bench.sh [--clients 8] [--rounds 10] [--workers 8] [--archive-db PATH]
#
# --archive-db times the archive page on a copy of an existing registry (e.g. the 1000-contract
# one bench/run_bench.sh makes) instead of the one the uploads filled.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=8 rounds=10 workers=8 archive_db=""
while (($#)); do
  case $1 in
    --clients) clients=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --archive-db) archive_db=$2; shift 2 ;;
    *) echo "usage: $0 [--clients N] [--rounds R] [--workers W] [--archive-db PATH]" >&2; exit 2 ;;
  esac
done
[[ -x build/keiyaku ]] || { echo "build/keiyaku is missing: run scripts/build.sh first" >&2; exit 2; }
python3 - "$clients" "$rounds" "$workers" "$archive_db" <<'PY'
import os, shutil, statistics, sys, threading, time
sys.path.insert(0, "tests/browser")
import serve_client as sc

clients, rounds, workers, archive_db = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
sample = open("samples/outsourcing-tokki.docx", "rb").read()
server = sc.Server("build/keiyaku", workers=workers)
try:
    sessions = [sc.Session(server.url, "shinsa") for _ in range(clients)]
    sessions[0].upload("warmup.docx", sample)
    latencies, errors = [], []
    lock = threading.Lock()

    def client(i):
        for r in range(rounds):
            t0 = time.perf_counter()
            try:
                status, url, body = sessions[i].upload(f"bench-{i}-{r}.docx", sample)
                ok = status == 200 and "/contracts/" in url
            except Exception as e:  # counted, not fatal
                ok, body = False, str(e)
            dt = time.perf_counter() - t0
            with lock:
                (latencies if ok else errors).append(dt if ok else body[:200])

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads: t.start()
    for t in threads: t.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(f"uploads: {len(latencies)} ok, {len(errors)} failed; {clients} clients x {rounds}, {workers} workers, {os.cpu_count()} cores")
    print(f"throughput: {len(latencies) / wall:.1f} reviews/s ({wall:.2f} s)")
    print(f"latency: p50 {p(0.50):.0f} ms, p99 {p(0.99):.0f} ms, max {latencies[-1] * 1000:.0f} ms")
    if errors:
        print("first failure:", errors[0])
finally:
    server.stop()

first_dir = server.dir
if archive_db:
    copy = os.path.join(server.dir, "archive.db")
    shutil.copy(archive_db, copy)
    server = sc.Server("build/keiyaku", db=copy, workers=workers)
viewer = sc.Session(server.url, "etsuran") if archive_db else None
try:
    if not archive_db:
        server = sc.Server("build/keiyaku", db=server.db, workers=workers)
        viewer = sc.Session(server.url, "etsuran")
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        page = viewer.get("/contracts")
        times.append(time.perf_counter() - t0)
    times.sort()
    count = page.split(" 件")[0].rsplit(">", 1)[-1]
    print(f"archive page (/contracts, {count} contracts): median {statistics.median(times) * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms")
finally:
    server.stop(remove=True)
    shutil.rmtree(first_dir, ignore_errors=True)
PY
