#!/usr/bin/env python3
"""Turns bench/results/*.json (from bench/bench.py) into the tables of bench/RESULTS.md, checking
each figure against the targets of issue 16 (at national scale, 64 connections, beside /healthz in
the same run):

- cached: every page at least a quarter of /healthz throughput, p99 under 50 ms;
- uncached: every page's server CPU per request at most 1 ms on SQLite, 1.5 ms on PostgreSQL,
  and no page more than 2x from county to national per row shown (the answer's size stands in
  for the rows shown: a page that shows more rows at national scale may cost that much more);
- a conditional request answered 304 costs at most 2x /healthz's CPU;
- server memory (peak RSS) under 150 MB with the cache on; start-up to a healthy /healthz under 1 s.

    bench/report.py bench/results/sqlite.json bench/results/postgres.json

Runs from before the cache was measured both ways (no `cache` field) are read as uncached.
"""

import json
import sys

P99_MS = 50.0
CACHED_RATIO = 0.25
CPU_MS = {"sqlite": 1.0, "postgres": 1.5}
GROWTH = 2.0
NOT_MODIFIED = 2.0
RSS_MB = 150.0
STARTUP_S = 1.0


def by_name(pages, cache):
    return {p["name"]: p for p in pages if p.get("cache", "uncached") == cache}


def table(run):
    backend = run["backend"]
    scales = run["scales"]
    national = scales.get("national") or next(iter(scales.values()))
    county = scales.get("county", {})
    cached = by_name(national["pages"], "cached")
    uncached = by_name(national["pages"], "uncached")
    county_uncached = by_name(county.get("pages", []), "uncached")
    misses = []
    lines = [
        f"### {backend}, national scale",
        "",
        "| Page | cached req/s | × healthz | cached p99 ms | uncached req/s | uncached p99 ms "
        "| server CPU ms/request | PostgreSQL CPU ms | national/county per row | misses |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    healthz = cached.get("healthz")
    healthz_uncached = uncached.get("healthz")
    for name in list(dict.fromkeys([*uncached, *cached])):
        c, u = cached.get(name), uncached.get(name)
        miss = []
        ratio = ""
        if c and healthz:
            r = c["rps"] / healthz["rps"]
            ratio = f"{r:.2f}"
            # A signed-in view (the coordinator's review list) is never kept: no cached target.
            if name != "healthz" and "304" not in name and "review list" not in name and r < CACHED_RATIO:
                miss.append(f"cached {r:.2f}× healthz < {CACHED_RATIO}")
        if c and c["p99_ms"] >= P99_MS and "review list" not in name:
            miss.append(f"cached p99 {c['p99_ms']:.0f} ms")
        if c and "304" in name and healthz and c["server_cpu_ms"] > NOT_MODIFIED * healthz["server_cpu_ms"]:
            miss.append(f"304 costs {c['server_cpu_ms'] / healthz['server_cpu_ms']:.1f}× healthz")
        growth = ""
        if u:
            if name != "healthz" and u.get("server_cpu_ms", 0) > CPU_MS.get(backend, 1.0):
                miss.append(f"uncached {u['server_cpu_ms']:.2f} ms > {CPU_MS.get(backend, 1.0)}")
            k = county_uncached.get(name)
            if k and k.get("server_cpu_ms") and u.get("server_cpu_ms"):
                rows = max(u["bytes"] / k["bytes"], 1.0) if k["bytes"] else 1.0
                g = u["server_cpu_ms"] / k["server_cpu_ms"] / rows
                growth = f"{g:.2f}"
                if g > GROWTH:
                    miss.append(f"grows {g:.1f}× per row from county")
        for p in (c, u):
            if p and p["non_2xx"]:
                miss.append(f"{p['non_2xx']} non-2xx")
        if miss:
            misses.append((backend, name, miss))

        def cell(p, key, fmt):
            return format(p[key], fmt) if p and key in p else ""

        lines.append(
            f"| {name} (`{(c or u)['path']}`) | {cell(c, 'rps', '.0f')} | {ratio} | {cell(c, 'p99_ms', '.1f')} "
            f"| {cell(u, 'rps', '.0f')} | {cell(u, 'p99_ms', '.1f')} | {cell(u, 'server_cpu_ms', '.2f')} "
            f"| {cell(u, 'postgres_cpu_ms', '.2f') if backend == 'postgres' else ''} | {growth} | {'; '.join(miss)} |"
        )
    rss = max((p["peak_rss_mb"] for p in cached.values()), default=0)
    rss_off = max((p["peak_rss_mb"] for p in uncached.values()), default=0)
    if rss >= RSS_MB:
        misses.append((backend, "memory", [f"peak RSS {rss:.0f} MB with the cache on"]))
    lines += [""]
    if healthz and healthz_uncached:
        lines.append(
            f"`/healthz`: {healthz['rps']:.0f} req/s and {healthz['server_cpu_ms']:.3f} ms CPU per request in the "
            f"cached run, {healthz_uncached['rps']:.0f} req/s in the uncached one. "
        )
    lines.append(f"Peak memory: {rss:.0f} MB with the cache on, {rss_off:.0f} MB with it off.")
    for label, s in national.get("startup", {}).items():
        lines.append(
            f"Start-up on the existing national database ({label}): a healthy `/healthz` after "
            f"{s['healthz_s']:.3f} s, a ready `/readyz` after {s['readyz_s']:.3f} s."
        )
        if s["healthz_s"] >= STARTUP_S:
            misses.append((backend, f"start-up ({label})", [f"{s['healthz_s']:.2f} s"]))
    loads = ", ".join(f"{s} {d['load_seconds']} s" for s, d in scales.items())
    lines += ["", f"`demo-data` load time: {loads}.", ""]
    return lines, misses


def main():
    out = []
    all_misses = []
    for path in sys.argv[1:]:
        with open(path) as f:
            run = json.load(f)
        lines, misses = table(run)
        out += lines
        all_misses += misses
    out += ["### Targets missed", ""]
    if all_misses:
        out += [f"- {b}, {n}: {'; '.join(m)}" for b, n, m in all_misses]
    else:
        out += ["None."]
    print("\n".join(out))


if __name__ == "__main__":
    main()
