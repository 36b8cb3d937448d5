#!/usr/bin/env python3
"""Import throughput and search latency with 1, 2 and 4 shards and with a remote shard.

For N in 1, 2, 4: a fresh case, `mailscope import --custodians-from-subdirs --shards N` of
the Enron maildir under GNU time (wall, peak RSS), then the 20 searches of bench/queries.txt,
each a fresh process listing every match, one warm-up then REPEAT timed runs (median per
query, then the median over the queries). Remote: the 2-shard case with shard 1 served by
`mailscope serve-shard --writable` on loopback; `index --rebuild` (every message written
again, half of them through the server) against the same rebuild with both shards local, and
the same searches. Every configuration must give the same ids for every query as one index
(by date), or the run fails.
"""
import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time


def run(argv, **kw):
    p = subprocess.run(argv, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        sys.exit(f"bench: error: {' '.join(argv)} -> {p.returncode}\n{p.stderr[-2000:]}")
    return p


def timed(argv):
    """(wall seconds, peak RSS MiB) of a command under GNU time."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + argv, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"bench: error: {' '.join(argv)}\n{out.stderr[-2000:]}")
    wall, rss = out.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024


def load_queries(path):
    qs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                cols = line.rstrip("\n").split("\t")
                qs.append((cols[0], cols[1]))
    return qs


def searches(ms, case, queries, repeat):
    """Median latency (ms) over the queries, and each query's ids."""
    meds, ids = [], {}
    for name, q in queries:
        argv = [ms, "search", "--case", case, q]
        p = subprocess.run(argv + ["--format", "json"], capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit(f"bench: error: {name}: {p.stderr[-1000:]}")
        ids[name] = [line.split('"id":')[1].split(",")[0] for line in p.stdout.splitlines()]
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
        meds.append(statistics.median(times) * 1000)
    return statistics.median(meds), ids


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mailscope", required=True)
    ap.add_argument("--maildir", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    ms = a.mailscope
    queries = load_queries(a.queries)
    files = sum(len(f) for _, _, f in os.walk(a.maildir))
    rows, reference = [], None
    for n in (1, 2, 4):
        case = os.path.join(a.work, f"case-{n}")
        print(f"bench: import with {n} shard(s)", file=sys.stderr)
        wall, rss = timed([ms, "import", "--quiet", "--case", case, "--custodians-from-subdirs",
                           "--shards", str(n), a.maildir])
        lat, ids = searches(ms, case, queries, a.repeat)
        if reference is None:
            reference = ids
        elif ids != reference:
            sys.exit(f"bench: error: {n} shards gave other results than one index")
        rows.append((f"{n} local shard(s)", wall, files / wall, rss, lat))

    # One of two shards remote, written and read through the server.
    case = os.path.join(a.work, "case-2")
    wall_local, rss_local = timed([ms, "index", "--quiet", "--case", case, "--rebuild"])
    port = free_port()
    server = subprocess.Popen([ms, "serve-shard", os.path.join(case, "shards", "01"),
                               "--port", str(port), "--writable"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        run([ms, "shards", "--case", case, "--remote", f"1=127.0.0.1:{port}"])
        wall_remote, rss_remote = timed([ms, "index", "--quiet", "--case", case, "--rebuild"])
        lat_remote, ids = searches(ms, case, queries, a.repeat)
        if ids != reference:
            sys.exit("bench: error: the remote shard gave other results than one index")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    run([ms, "shards", "--case", case, "--local", "1"])

    base = rows[0]
    print(f"Enron maildir, {files} files, {len(queries)} searches x {a.repeat} runs (median)")
    print(f"{'layout':<28} {'import s':>9} {'msg/s':>8} {'ratio':>6} {'RSS MiB':>8} "
          f"{'search ms':>10} {'ratio':>6}")
    for name, wall, rate, rss, lat in rows:
        print(f"{name:<28} {wall:9.1f} {rate:8.0f} {rate / base[2]:6.2f} {rss:8.0f} "
              f"{lat:10.1f} {lat / base[4]:6.2f}")
    print(f"{'2 shards, 1 remote':<28} {'':>9} {'':>8} {'':>6} {'':>8} "
          f"{lat_remote:10.1f} {lat_remote / base[4]:6.2f}")
    print(f"index --rebuild, 2 local shards: {wall_local:.1f} s ("
          f"{rss_local:.0f} MiB); with shard 1 remote: {wall_remote:.1f} s "
          f"({wall_remote / wall_local:.2f}x, {rss_remote:.0f} MiB)")
    print("every layout gave the same ids as one index for every query (date order)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
