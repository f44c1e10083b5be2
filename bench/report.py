#!/usr/bin/env python3
"""Turns bench/results/*.json (from bench/bench.py) into the tables of bench/RESULTS.md, checking
each figure against the targets:

- every page p99 under 50 ms at national scale with 64 connections;
- list pages at least a quarter of /healthz throughput in the same run;
- no page's time (p50) more than 2x from county to national data;
- server memory (peak RSS) under 150 MB.

    bench/report.py bench/results/sqlite.json bench/results/postgres.json
"""

import json
import sys

P99_MS = 50.0
LIST_RATIO = 0.25
GROWTH = 2.0
RSS_MB = 150.0


def is_list(name):
    return "list" in name or name in ("areas API", "organisations API", "actor map", "actors API")


def table(run):
    scales = run["scales"]
    county = {p["name"]: p for p in scales.get("county", {}).get("pages", [])}
    lines = [
        f"### {run['backend']}",
        "",
        "| Page | Scale | req/s | p50 ms | p99 ms | × healthz | national/county p50 | peak RSS MB | misses |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    misses = []
    for scale, data in scales.items():
        healthz = next(p["rps"] for p in data["pages"] if p["name"] == "healthz")
        for p in data["pages"]:
            ratio = p["rps"] / healthz
            growth = ""
            miss = []
            if scale == "national" and p["name"] in county:
                g = p["p50_ms"] / county[p["name"]]["p50_ms"]
                growth = f"{g:.2f}"
                if g > GROWTH and p["p50_ms"] > 1.0:
                    miss.append(f"p50 grows {g:.1f}× from county")
            if scale == "national" and p["p99_ms"] >= P99_MS:
                miss.append(f"p99 {p['p99_ms']:.0f} ms ≥ {P99_MS:.0f}")
            if is_list(p["name"]) and ratio < LIST_RATIO:
                miss.append(f"{ratio:.2f}× healthz < {LIST_RATIO}")
            if p["peak_rss_mb"] >= RSS_MB:
                miss.append(f"RSS {p['peak_rss_mb']:.0f} MB")
            if p["non_2xx"]:
                miss.append(f"{p['non_2xx']} non-2xx")
            if miss:
                misses.append((run["backend"], scale, p["name"], miss))
            lines.append(
                f"| {p['name']} (`{p['path']}`) | {scale} | {p['rps']:.0f} | {p['p50_ms']:.2f} | {p['p99_ms']:.2f} "
                f"| {ratio:.2f} | {growth} | {p['peak_rss_mb']:.0f} | {'; '.join(miss)} |"
            )
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
        out += [f"- {b}, {s}, {n}: {'; '.join(m)}" for b, s, n, m in all_misses]
    else:
        out += ["None."]
    print("\n".join(out))


if __name__ == "__main__":
    main()
