#!/usr/bin/env python3
"""Drives a running-from-scratch `samverkan serve` with wrk and reports throughput, latency and
memory, per page, at county and national scale, on one database backend.

Run through `bench/run` (which builds the release binary and starts PostgreSQL); by hand:

    bench/bench.py --backend sqlite --out bench/results/sqlite.json
    scripts/with-postgres bench/bench.py --backend postgres --out bench/results/postgres.json

For each scale it makes a fresh database with `samverkan demo-data --scale S --seed 1`, starts the
server on a free port, and runs `wrk -t2 -c64 -d{duration}s --latency` against each page in turn
from this (second) process, over loopback. It does so twice: with the response cache on (what a
reader gets) and with it off (what each page costs to read and render), each on a fresh server;
with the cache on it also measures a conditional request answered 304. For every page it records
the server's CPU per request (and PostgreSQL's), and for each server its start-up time to a healthy
`/healthz` and to a ready `/readyz` on the existing database. Peak memory is the server's VmHWM
after the run. Standard library only.
"""

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALES = ["county", "national"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, headers=None):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=30) as r:
        return r.status, dict(r.headers), r.read()


def wait_healthy(origin, proc, started, timeout=120):
    """Until the server is ready: /readyz, since /healthz answers while it still migrates.
    Returns the seconds from `started` to a healthy /healthz and to a ready /readyz."""
    healthy = None
    while time.time() - started < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if healthy is None and get(origin + "/healthz")[0] == 200:
                healthy = time.time() - started
            if healthy is not None and get(origin + "/readyz")[0] == 200:
                return round(healthy, 3), round(time.time() - started, 3)
        except OSError:
            pass
        time.sleep(0.01)
    raise SystemExit("server did not become healthy")


def to_ms(value):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if not m:
        raise ValueError(value)
    n, unit = float(m.group(1)), m.group(2)
    return n * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(url, duration, connections, headers=None):
    extra = [a for k, v in (headers or {}).items() for a in ("-H", f"{k}: {v}")]
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", *extra, url],
        check=True, capture_output=True, text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        "p50_ms": to_ms(latency["50"]),
        "p99_ms": to_ms(latency["99"]),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else None,
    }


def busy_ticks():
    """CPU ticks spent busy by the whole machine so far (all cores; /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields) - fields[3] - fields[4]  # minus idle and iowait


def process_ticks(pid):
    """CPU ticks spent by one process so far (user + system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def children_ticks():
    """CPU ticks spent by this script's finished children (wrk)."""
    import resource
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return round((usage.ru_utime + usage.ru_stime) * os.sysconf("SC_CLK_TCK"))


def postgres_pids(url):
    """The PostgreSQL server's processes (postmaster and its children), to tell its CPU apart."""
    if not url.startswith("postgres"):
        return []
    data_dir = subprocess.run(["psql", url, "-Atc", "SHOW data_directory"], check=True, capture_output=True,
                              text=True).stdout.strip()
    postmaster = int(Path(data_dir, "postmaster.pid").read_text().split()[0])
    pids = [postmaster]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                pids.append(int(stat.parent.name))
        except (OSError, ValueError):
            pass
    return pids


def ticks_of(pids):
    out = {}
    for pid in pids:
        try:
            out[pid] = process_ticks(pid)
        except OSError:
            pass
    return out


def ticks_between(before, after):
    """CPU ticks the processes spent between two `ticks_of` (new processes counted whole)."""
    return sum(t - before.get(pid, 0) for pid, t in after.items())


def wait_until_quiet(limit_s, cores=0.25):
    """Waits (at most `limit_s`) until the machine, with this benchmark idle, is busier than
    `cores` cores for no whole second; other engineers' builds share the machine. Returns the
    seconds waited, or None if it never got quiet."""
    started = time.time()
    hz = os.sysconf("SC_CLK_TCK")
    while time.time() - started < limit_s:
        a = busy_ticks()
        time.sleep(1)
        if busy_ticks() - a < cores * hz:
            return round(time.time() - started)
    return None


def vm_hwm_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def coordinator_token(binary, env, area):
    """A personal token of a new coordinator of `area`: the review list is a signed-in page."""
    email = f"bench-{area}@samordnare.example.se"
    subprocess.run([binary, "user", "add", "--email", email, "--role", "area_coordinator", "--area", str(area)],
                   env=env, check=True, capture_output=True)
    out = subprocess.run([binary, "token", "create", "--email", email], env=env, check=True,
                         capture_output=True, text=True).stdout
    return out.strip().splitlines()[-1]


def pages(origin, binary=None, env=None):
    """The pages to measure, with real ids picked from the API (the middle of each list); a page
    only the signed-in see comes with its `Authorization` header."""
    def middle(path, total_header="x-total-count"):
        status, headers, _ = get(origin + path + "?limit=1")
        total = int({k.lower(): v for k, v in headers.items()}[total_header])
        _, _, body = get(origin + path + f"?limit=1&offset={total // 2}")
        return json.loads(body)[0]["id"], total

    area, _ = middle("/api/v1/areas")
    party, _ = middle("/api/v1/parties")
    body, _ = middle("/api/v1/bodies")
    _, organisations = middle("/api/v1/organisations")
    deep = max(1, (organisations + 99) // 100 // 2)
    # The link a reader follows from the middle page: a cursor, not an offset.
    # The main agreement: every party a recipient and (in the demo data) every party's decision.
    _, _, listed = get(origin + "/api/v1/agreements")
    agreement = next(a["id"] for a in json.loads(listed) if a["kind"] == "main")
    _, _, html = get(origin + f"/organisationer?sida={deep}")
    next_link = re.search(r'href="([^"]+)" rel="next"', html.decode()).group(1).replace("&#38;", "&").replace("&amp;", "&")
    return [
        ("healthz", "/healthz"),
        ("start page", "/"),
        ("area page", f"/omraden/{area}"),
        # The area's local collaboration (issue 14): its actor map, its network meetings and
        # who takes part, on the page and in the API.
        ("actor map", f"/omraden/{area}/aktorer"),
        ("meetings list", f"/omraden/{area}/moten"),
        ("participation view", f"/omraden/{area}/deltagande"),
        ("participation API", f"/api/v1/areas/{area}/participation"),
        ("actors API", f"/api/v1/areas/{area}/actors"),
        ("meetings API", f"/api/v1/areas/{area}/meetings"),
        # Its action plans and local area plan (issue 15), and the coordinator's review list.
        ("action plans list", f"/omraden/{area}/handlingsplaner"),
        ("area plan", f"/omraden/{area}/naromradesplan"),
        ("area plan API", f"/api/v1/areas/{area}/area-plan"),
        ("coordinator's review list", "/granskningar",
         {"Authorization": f"Bearer {coordinator_token(binary, env, area)}"} if binary else {}),
        ("party page", f"/parter/{party}"),
        ("body page", f"/organ/{body}"),
        ("areas list", "/omraden"),
        ("parties list", "/parter"),
        ("bodies list", "/organ"),
        ("organisations list", "/organisationer"),
        ("organisations list, middle page by number", f"/organisationer?sida={deep}"),
        ("organisations list, next from the middle", next_link),
        ("areas API", "/api/v1/areas"),
        ("area API", f"/api/v1/areas/{area}"),
        ("organisations API", "/api/v1/organisations"),
        ("agreements list", "/overenskommelser"),
        ("agreement page", f"/overenskommelser/{agreement}"),
        ("adoption view", f"/overenskommelser/{agreement}/antagande"),
        ("consultation matrix", f"/overenskommelser/{agreement}/remiss"),
        ("agreements API", "/api/v1/agreements"),
        ("agreement API", f"/api/v1/agreements/{agreement}"),
    ]


def database_url(backend, scale, tmp):
    if backend == "sqlite":
        return f"sqlite://{tmp}/bench-{scale}.db?mode=rwc"
    admin = os.environ.get("SAMVERKAN_TEST_POSTGRES_URL")
    if not admin:
        raise SystemExit("postgres: run under scripts/with-postgres (SAMVERKAN_TEST_POSTGRES_URL)")
    name = f"bench_{scale}"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    return admin.rsplit("/", 1)[0] + "/" + name


def measure(server, url, origin, name, path, headers, args, label):
    """One page under wrk: throughput, latency, and the CPU the server (and PostgreSQL) spent."""
    try:
        status, response_headers, body = get(origin + path, headers)
    except urllib.error.HTTPError as e:
        status, response_headers, body = e.code, dict(e.headers), b""
    assert status == (304 if "If-None-Match" in headers else 200), (path, status)
    run_wrk(origin + path, 2, args.connections, headers)  # warm-up
    waited = wait_until_quiet(args.wait_quiet) if args.wait_quiet else 0
    before = (busy_ticks(), process_ticks(server.pid), children_ticks(), time.time(),
              ticks_of(postgres_pids(url)))
    r = run_wrk(origin + path, args.duration, args.connections, headers)
    after = (busy_ticks(), process_ticks(server.pid), children_ticks(), time.time(),
             ticks_of(postgres_pids(url)))
    r["waited_for_quiet_s"] = waited
    # The share of the machine's cores other processes (builds, PostgreSQL) used during
    # the run, beside the server and wrk: how disturbed the figure is.
    hz = os.sysconf("SC_CLK_TCK")
    cores = os.cpu_count() or 1
    elapsed = after[3] - before[3]
    ticks = hz * elapsed * cores
    server_ticks = after[1] - before[1]
    database = ticks_between(before[4], after[4])
    others = (after[0] - before[0]) - server_ticks - (after[2] - before[2]) - database
    r["server_cpu_cores"] = round(server_ticks / (ticks / cores), 2)
    r["postgres_cpu_cores"] = round(database / (ticks / cores), 2)
    r["others_cpu_cores"] = round(max(others, 0) / (ticks / cores), 2)
    requests = max(r["rps"] * elapsed, 1)
    # CPU per request: what a page costs, whatever else shares the cores.
    r["server_cpu_ms"] = round(server_ticks / hz * 1000 / requests, 3)
    r["postgres_cpu_ms"] = round(database / hz * 1000 / requests, 3)
    r.update(name=name, path=path, cache=label, bytes=len(body), peak_rss_mb=vm_hwm_mb(server.pid))
    print(f"  {args.backend:8} {label:9} {name:42} {r['rps']:9.0f} req/s  p50 {r['p50_ms']:7.2f} ms"
          f"  p99 {r['p99_ms']:7.2f} ms  rss {r['peak_rss_mb']:.0f} MB  cpu {r['server_cpu_ms']:.3f} ms"
          f" (+pg {r['postgres_cpu_ms']:.3f})  others {r['others_cpu_cores']:.2f} cores", flush=True)
    return r, response_headers


def serve(binary, env, cache):
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    started = time.time()
    server = subprocess.Popen([binary, "serve", "--addr", f"127.0.0.1:{port}", "--response-cache", cache],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return server, origin, wait_healthy(origin, server, started)


def bench_scale(binary, backend, scale, args, tmp):
    url = database_url(backend, scale, tmp)
    env = {**os.environ, "DATABASE_URL": url, "SAMVERKAN_LOG": "warn"}
    started = time.time()
    subprocess.run([binary, "demo-data", "--scale", scale, "--seed", "1"], env=env, check=True,
                   stderr=subprocess.DEVNULL)
    load_seconds = time.time() - started
    only = [w.strip() for w in args.pages.split(",")] if args.pages else None
    out = {"load_seconds": round(load_seconds, 1), "pages": [], "startup": {}}
    chosen = None
    for cache in args.cache.split(","):
        label = "cached" if cache == "on" else "uncached"
        server, origin, (healthy_s, ready_s) = serve(binary, env, cache)
        out["startup"][label] = {"healthz_s": healthy_s, "readyz_s": ready_s}
        print(f"  {backend:8} {label:9} start-up: /healthz {healthy_s:.3f} s, /readyz {ready_s:.3f} s", flush=True)
        try:
            # The same pages in both runs, picked once.
            chosen = chosen or pages(origin, binary, env)
            for name, path, *auth in chosen:
                headers = auth[0] if auth else {}
                if only is not None and name not in only:
                    continue
                r, response_headers = measure(server, url, origin, name, path, headers, args, label)
                out["pages"].append(r)
                etag = {k.lower(): v for k, v in response_headers.items()}.get("etag")
                if cache == "on" and name == "party page" and etag:
                    # A reader's browser asking again: answered 304 before anything is read.
                    conditional = {**headers, "If-None-Match": etag}
                    r304, _ = measure(server, url, origin, "party page, 304", path, conditional, args, label)
                    out["pages"].append(r304)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "samverkan"))
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--scales", default=",".join(SCALES))
    parser.add_argument("--wait-quiet", type=int, default=0, metavar="S",
                        help="before each page, wait up to S seconds for other processes to leave the cores idle")
    parser.add_argument("--pages", default="",
                        help="comma-separated page names to measure (e.g. 'healthz,agreements list'); all by default")
    parser.add_argument("--cache", default="on,off", choices=["on,off", "on", "off", "off,on"],
                        help="run with the response cache on, off, or both (default), each on a fresh server")
    parser.add_argument("--out", required=True, help="JSON file to write the figures to")
    args = parser.parse_args()
    out = {"backend": args.backend, "connections": args.connections, "duration_s": args.duration, "scales": {}}
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales.split(","):
            out["scales"][scale] = bench_scale(args.binary, args.backend, scale, args, tmp)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
