#!/usr/bin/env python3
"""Assembles one scripts/bench-context run into results.json and results.md.

Usage: report.py MANIFEST OUT_DIR

MANIFEST is tab-separated, one line per figure: name, kind, target, connections, path of the JSON
that bench/context/common.lua wrote. Kinds: "baseline" (bare Kestrel GET /), "upsert" (the load:
entities/s), "rate" (req/s, target ">=N"), "latency" (p50/p95/p99, target "p95<N" in ms). The
environment carries the run's settings (BENCH_*), the CPU snapshots and load averages.
"""

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timezone

BUSY_PERCENT = 5


def run(*cmd: str) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False,
                              cwd=os.environ.get("BENCH_REPO") or None).stdout.strip()
    except OSError:
        return ""


def other_cpu_percent() -> float | None:
    # As bench/report.py: the share of the machine's CPU time that went to other processes.
    try:
        b_busy, b_total, b_ours = map(int, os.environ["BENCH_CPU_BEFORE"].split())
        a_busy, a_total, a_ours = map(int, os.environ["BENCH_CPU_AFTER"].split())
    except (KeyError, ValueError):
        return None
    total = a_total - b_total
    if total <= 0:
        return None
    return round(max(0, (a_busy - b_busy) - (a_ours - b_ours)) * 100 / total, 1)


def machine() -> dict:
    cpu, mem_kb = "", 0
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.+)$", f.read(), re.M)
            cpu = m.group(1).strip() if m else ""
        with open("/proc/meminfo") as f:
            m = re.search(r"^MemTotal:\s+(\d+) kB", f.read(), re.M)
            mem_kb = int(m.group(1)) if m else 0
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(), "memory_mb": mem_kb // 1024, "cpu": cpu, "kernel": run("uname", "-r"),
        "date": os.environ.get("BENCH_DATE") or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "git_commit": run("git", "rev-parse", "HEAD"), "git_dirty": run("git", "status", "--porcelain", "--", "src") != "",
        "dotnet_sdk": run("dotnet", "--version"), "other_cpu_percent": other_cpu_percent(),
        "load_before": os.environ.get("BENCH_LOAD_BEFORE", ""), "load_after": os.environ.get("BENCH_LOAD_AFTER", ""),
    }


def met(kind: str, target: str, value: float, p95: float) -> bool | None:
    if m := re.fullmatch(r">=(\d+)", target):
        return value >= int(m.group(1))
    if m := re.fullmatch(r"p95<(\d+)", target):
        return p95 < int(m.group(1))
    return None


def result_batch() -> int:
    return int(os.environ.get("BENCH_BATCH") or 1)


def main() -> None:
    manifest, out = sys.argv[1], sys.argv[2]
    figures, baseline_rps, ok = [], None, True
    with open(manifest) as f:
        for line in f:
            name, kind, target, connections, path = line.rstrip("\n").split("\t")
            r = json.load(open(path))
            errors = int(r["errors"]["total"]) + int(r.get("partial", 0))
            ok = ok and errors == 0
            if kind == "upsert":
                # What the broker held after the load, over the load's time (a cut-short load leaves part of a batch).
                loaded = int(os.environ.get("BENCH_LOADED") or r["units"])
                # The load's wall time as scripts/bench-context timed it (wrk's own runs on for its -d).
                seconds = float(os.environ.get("BENCH_LOAD_SECONDS") or r["duration_s"])
                r["duration_s"] = seconds
                r["requests_per_sec"] = -(-loaded // result_batch()) / seconds if seconds else 0
                # The latency wrk saw mixes in the GET /healthz fillers of finished connections.
                r["latency_ms"] = {k: None for k in r["latency_ms"]}
                value, unit = loaded / seconds if seconds else 0, "entities/s"
            elif kind == "history":
                value, unit = r["requests_per_sec"], "instances/s"
            else:
                value, unit = r["requests_per_sec"], "req/s"
            lat = {k: float(v) if v is not None else None for k, v in r["latency_ms"].items()}
            if kind == "baseline":
                baseline_rps = value
            figures.append({
                "name": name, "kind": kind, "target": target, "connections": int(connections), "value": round(value, 1),
                "unit": unit, "requests_per_sec": r["requests_per_sec"], "requests": r["requests"], "duration_s": r["duration_s"],
                "latency_ms": lat, "errors": errors, "met": met(kind, target, value, lat["p95"] or 0),
                "entities": int(os.environ.get("BENCH_LOADED") or 0) if kind == "upsert" else None,
            })
    env = os.environ
    result = {
        "machine": machine(), "database": env.get("BENCH_DATABASE"), "entities": int(env.get("BENCH_ENTITIES", 0)),
        "loaded": int(env.get("BENCH_LOADED") or 0),
        "batch": int(env.get("BENCH_BATCH", 0)), "duration_s": int(env.get("BENCH_DURATION", 0)),
        "warmup_s": int(env.get("BENCH_WARMUP", 0)), "update_spread": int(env.get("BENCH_UPDATE_SPREAD", 0)),
        "database_bytes": int(env["BENCH_DB_BYTES"]) if env.get("BENCH_DB_BYTES", "").isdigit() else None,
        "agora_max_rss_mb": int(env["BENCH_RSS_KB"]) // 1024 if env.get("BENCH_RSS_KB", "").isdigit() else None,
        "baseline_requests_per_sec": baseline_rps, "figures": figures, "ok": ok,
    }
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(result, f, indent=2)

    m = result["machine"]
    lines = [
        f"Context broker on {result['database']}, {result['loaded']:,} entities loaded of {result['entities']:,} asked "
        f"(upserts of {result['batch']}); updates over {result['update_spread']:,} entities; "
        f"{m['date']}, {m['nproc']} CPUs ({m['cpu']}), {m['memory_mb']:,} MB, commit {m['git_commit'][:10]}"
        f"{' (src changed)' if m['git_dirty'] else ''}; load average {m['load_before']} → {m['load_after']}; "
        f"other processes took {m['other_cpu_percent']}% of the CPU.",
        "",
    ]
    if (m["other_cpu_percent"] or 0) > BUSY_PERCENT:
        lines += [f"**Warning:** other processes took more than {BUSY_PERCENT}% of the CPU; the figures are unreliable.", ""]
    lines += ["| figure | value | p50 ms | p95 ms | p99 ms | conns | baseline req/s | target | met? | errors |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for fig in figures:
        lat = fig["latency_ms"]
        target = {"": "", None: ""}.get(fig["target"], fig["target"].replace(">=", "≥ ").replace("p95<", "p95 < ") +
                                          (" ms" if fig["target"].startswith("p95") else "/s"))
        met_text = {True: "yes", False: "**no**", None: ""}[fig["met"]]
        ms = lambda v: "—" if v is None else f"{v:.2f}"
        lines.append(f"| {fig['name']} | {fig['value']:,.0f} {fig['unit']} | {ms(lat['p50'])} | {ms(lat['p95'])} | "
                     f"{ms(lat['p99'])} | {fig['connections']} | {baseline_rps or 0:,.0f} | {target} | {met_text} | {fig['errors']} |")
    if result["database_bytes"]:
        lines += ["", f"Database after the load: {result['database_bytes'] / 1e6:,.0f} MB; Agora's peak RSS {result['agora_max_rss_mb']} MB."]
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
