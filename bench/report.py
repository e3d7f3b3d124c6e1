#!/usr/bin/env python3
"""Assembles one scripts/bench run into results.json and results.md.

Usage: report.py MANIFEST OUT_DIR

MANIFEST is a tab-separated file written by scripts/bench, one line per measured target:
name, url, path of the JSON that bench/wrk-report.lua wrote for the measured run. The first
target is the baseline: the "% of baseline" column divides every target's req/s by its own.
The environment carries the run's settings (BENCH_TIMESTAMP, BENCH_DURATION, BENCH_WARMUP,
BENCH_AGORA_WARMUP, BENCH_CONNECTIONS, BENCH_THREADS, BENCH_WRK_VERSION, BENCH_CPU_BEFORE,
BENCH_CPU_AFTER, BENCH_REPO).
"""

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timezone


# Above this share of the CPU taken by other processes during the run, results.md warns.
BUSY_PERCENT = 5


def run(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False,
                              cwd=os.environ.get("BENCH_REPO") or None).stdout.strip()
    except OSError:
        return ""


def machine() -> dict:
    mem_kb = 0
    cpu = ""
    try:
        with open("/proc/meminfo") as f:
            m = re.search(r"^MemTotal:\s+(\d+) kB", f.read(), re.M)
            mem_kb = int(m.group(1)) if m else 0
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.+)$", f.read(), re.M)
            cpu = m.group(1).strip() if m else ""
    except OSError:
        pass
    runtimes = [line.split()[1] for line in run("dotnet", "--list-runtimes").splitlines()
                if line.startswith("Microsoft.AspNetCore.App ")]
    nproc = run("nproc")
    return {
        "nproc": int(nproc) if nproc.isdigit() else os.cpu_count(),
        "memory_mb": mem_kb // 1024,
        "cpu": cpu,
        "kernel": run("uname", "-r"),
        "other_cpu_percent": other_cpu_percent(),
        "date": os.environ.get("BENCH_DATE") or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "git_commit": run("git", "rev-parse", "HEAD"),
        "git_dirty": run("git", "status", "--porcelain") != "",
        "dotnet_sdk": run("dotnet", "--version"),
        # The servers roll forward to the newest installed 10.0.x runtime.
        "dotnet_runtime": max(runtimes, key=version_key) if runtimes else "",
    }


def other_cpu_percent() -> float | None:
    """Share of the machine's CPU time that processes other than this run's servers and wrk took
    while it measured: builds, tests, other people's work. They lower every figure."""
    try:
        before = [int(x) for x in os.environ["BENCH_CPU_BEFORE"].split()]
        after = [int(x) for x in os.environ["BENCH_CPU_AFTER"].split()]
    except (KeyError, ValueError):
        return None
    busy, total, ours = (a - b for a, b in zip(after, before))
    return round(max(0.0, 100 * (busy - ours) / total), 1) if total > 0 else None


def version_key(v: str) -> tuple:
    return tuple(int(p) if p.isdigit() else -1 for p in re.split(r"[.-]", v))


def env_int(name: str) -> int | None:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() else None


def error_text(errors: dict) -> str:
    if errors["total"] == 0:
        return "0"
    parts = [f"{errors[k]} {label}" for k, label in
             (("status", "non-2xx"), ("connect", "connect"), ("read", "read"), ("write", "write"), ("timeout", "timeout"))
             if errors[k]]
    return f"{errors['total']} ({', '.join(parts)})"


def main() -> int:
    manifest, out_dir = sys.argv[1], sys.argv[2]
    targets = []
    with open(manifest) as f:
        for line in f:
            if not line.strip():
                continue
            name, url, path = line.rstrip("\n").split("\t")
            with open(path) as r:
                stats = json.load(r)
            targets.append({
                "name": name,
                "url": url,
                "requests_per_sec": round(stats["requests_per_sec"], 1),
                "p50_ms": stats["latency_ms"]["p50"],
                "p99_ms": stats["latency_ms"]["p99"],
                "errors": stats["errors"]["total"],
                "duration": stats["duration_s"],
                "requests": stats["requests"],
                "latency_ms": stats["latency_ms"],
                "error_detail": stats["errors"],
            })
    if not targets:
        print("report.py: no targets were measured", file=sys.stderr)
        return 1

    baseline = targets[0]["requests_per_sec"]
    for t in targets:
        t["percent_of_baseline"] = round(100 * t["requests_per_sec"] / baseline, 1) if baseline else None

    info = machine()
    settings = {
        "duration_s": env_int("BENCH_DURATION"),
        "warmup_s": env_int("BENCH_WARMUP"),
        "agora_warmup_s": env_int("BENCH_AGORA_WARMUP"),
        "connections": env_int("BENCH_CONNECTIONS"),
        "threads": env_int("BENCH_THREADS"),
        "wrk": os.environ.get("BENCH_WRK_VERSION", ""),
    }
    results = {
        "timestamp": os.environ.get("BENCH_TIMESTAMP", ""),
        "machine": info,
        "settings": settings,
        "baseline": targets[0]["name"],
        "targets": targets,
    }
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")

    commit = (info["git_commit"][:12] or "unknown") + (" (uncommitted changes)" if info["git_dirty"] else "")
    lines = [
        f"## Agora benchmark, {info['date']}",
        "",
        f"Commit {commit}; {info['nproc']} CPUs, {info['memory_mb'] / 1024:.1f} GiB; "
        f".NET {info['dotnet_runtime'] or '?'} (SDK {info['dotnet_sdk'] or '?'}); "
        f"wrk {settings['threads']} threads, {settings['connections']} connections, "
        f"{settings['duration_s']} s per target after a {settings['warmup_s']} s warm-up "
        f"(and {settings['agora_warmup_s']} s for Agora as a whole). "
        f"Other processes used {'?' if info['other_cpu_percent'] is None else info['other_cpu_percent']}% "
        f"of the CPU meanwhile.",
        "",
    ]
    if (info["other_cpu_percent"] or 0) > BUSY_PERCENT:
        lines += [f"**Warning:** other processes took {info['other_cpu_percent']}% of the CPU during the run, "
                  "so these figures are unreliable. Run again when the machine is quiet.", ""]
    lines += [
        "| target | req/s | p50 ms | p99 ms | errors | % of baseline req/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for t in targets:
        pct = "n/a" if t["percent_of_baseline"] is None else f"{t['percent_of_baseline']:.1f}%"
        lines.append(f"| {t['name']} | {t['requests_per_sec']:.0f} | {float(t['p50_ms']):.2f} | "
                     f"{float(t['p99_ms']):.2f} | {error_text(t['error_detail'])} | {pct} |")
    with open(os.path.join(out_dir, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
