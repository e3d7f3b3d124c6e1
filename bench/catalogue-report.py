#!/usr/bin/env python3
"""Assembles one scripts/bench-catalogue run into results.json and results.md.

Usage: catalogue-report.py MANIFEST OUT_DIR

MANIFEST is a tab-separated file written by scripts/bench-catalogue, one line per provider:
provider, the client's exit status, the database's size in bytes, Agora's peak resident memory
in kB. Each provider's client summary is OUT_DIR/<provider>.json (Agora.Bench.Catalogue's stdout).
The environment carries the run's settings (BENCH_TIMESTAMP, BENCH_DATE, BENCH_DATASETS,
BENCH_CONCURRENCY, BENCH_REPEAT, BENCH_WARMUP_QUERIES, BENCH_SEED, BENCH_LOAD_TIMEOUT, BENCH_REPO).
"""

import importlib.util
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("bench_report", os.path.join(HERE, "report.py"))
report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(report)

# The issue's target: package_search p95 under 10 ms on SQLite at 100,000 datasets.
TARGET_MS = 10
TARGET_DATASETS = 100_000
BUSY_PERCENT = report.BUSY_PERCENT
SEARCHES = ("keyword_facets", "fq_tag_csv", "fq_organization")


def ms(value) -> str:
    return "–" if value is None else f"{value:.1f}" if value >= 100 else f"{value:.2f}"


def triple(q: dict | None, keys=("p50_ms", "p95_ms", "p99_ms")) -> str:
    if not q:
        return "–"
    text = " / ".join(ms(q.get(k)) for k in keys)
    # A kind that ran out of its time budget: say on how many requests its figures rest.
    return text + (f" (n={q.get('requests', 0)})" if q.get("stopped_early") else "")


def size(n) -> str:
    if n in (None, ""):
        return "?"
    n = int(n)
    return f"{n / 2**30:.2f} GiB" if n >= 2**30 else f"{n / 2**20:.0f} MiB"


def main() -> int:
    manifest, out_dir = sys.argv[1], sys.argv[2]
    providers = []
    with open(manifest) as f:
        for line in f:
            if not line.strip():
                continue
            name, status, db_bytes, rss_kb = (line.rstrip("\n").split("\t") + ["", "", ""])[:4]
            entry = {"provider": name, "client_status": int(status) if status.isdigit() else None,
                     "database_bytes": int(db_bytes) if db_bytes.isdigit() else None,
                     "agora_peak_rss_mb": int(rss_kb) // 1024 if rss_kb.isdigit() else None}
            try:
                with open(os.path.join(out_dir, f"{name}.json")) as r:
                    entry["summary"] = json.load(r)
            except (OSError, json.JSONDecodeError) as e:
                entry["summary"] = None
                entry["error"] = f"no summary from the client: {e}"
            providers.append(entry)

    def ok(p: dict) -> bool:
        s = p["summary"]
        return (s is not None and p["client_status"] == 0 and s.get("errors", 1) == 0 and s.get("mismatches", 1) == 0
                and s.get("create", {}).get("failures", 0) == 0 and not s.get("interrupted", False))

    info = report.machine()
    info.pop("other_cpu_percent", None)  # measured per phase by the client instead
    settings = {k.lower().removeprefix("bench_"): report.env_int(k) for k in
                ("BENCH_DATASETS", "BENCH_CONCURRENCY", "BENCH_REPEAT", "BENCH_WARMUP_QUERIES", "BENCH_SEED", "BENCH_LOAD_TIMEOUT", "BENCH_QUERY_BUDGET", "BENCH_SEARCH_CACHE")}
    results = {
        "timestamp": os.environ.get("BENCH_TIMESTAMP", ""),
        "machine": info,
        "settings": settings,
        "ok": bool(providers) and all(ok(p) for p in providers),
        "providers": providers,
    }
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")

    # The commit Agora was built from (recorded at build time), not whatever HEAD is by now.
    build = os.environ.get("BENCH_BUILD", "").strip()
    info["agora_build"] = build or None
    commit = (build[:12] + build[40:]) if len(build) >= 40 else build or "unknown"
    lines = [
        f"## Agora catalogue benchmark, {info['date']}",
        "",
        f"Agora built from commit {commit}; {info['nproc']} CPUs, {info['memory_mb'] / 1024:.1f} GiB; .NET {info['dotnet_runtime'] or '?'} "
        f"(SDK {info['dotnet_sdk'] or '?'}). {settings['datasets']:,} datasets requested per provider, created "
        f"{settings['concurrency']} at a time through package_create; then {settings['warmup_queries']} unmeasured and "
        f"{settings['repeat']} measured requests of each query kind, one at a time, anonymous; "
        f"{'search result cache off (every search does its database work)' if not settings['search_cache'] else 'search result cache of ' + format(settings['search_cache'], ',') + ' entries (repeated searches are served from it)'}. Latencies in ms "
        f"as the client saw them (p50 / p95 / p99).",
        "",
        "| provider | datasets | create datasets/s | status_show p50/p95 | keyword+facets p50/p95/p99 | fq tags+CSV p50/p95/p99 | fq organization p50/p95/p99 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for p in providers:
        s = p["summary"]
        if s is None:
            lines.append(f"| {p['provider']} | – | – | – | – | – | – |")
            continue
        q = s.get("queries", {})
        create = s.get("create", {})
        lines.append(
            f"| {p['provider']} | {s.get('datasets_created', 0):,} | {create.get('datasets_per_sec', 0):.0f} | "
            f"{triple(q.get('status_show'), ('p50_ms', 'p95_ms'))} | {triple(q.get('keyword_facets'))} | "
            f"{triple(q.get('fq_tag_csv'))} | {triple(q.get('fq_organization'))} |")

    lines += ["", "| provider | results on average (keyword / fq tags+CSV / fq organization) | keyword p95, smaller / larger half of the result counts | create p50/p95 ms | create rate, first → last tenth | database size | Agora peak memory | other processes' CPU, load / searches | errors, wrong answers |",
              "|---|---|---|---|---|---|---|---|---|"]
    warnings = []
    for p in providers:
        s = p["summary"]
        if s is None:
            lines.append(f"| {p['provider']} | {p.get('error', '')} | | | | | | | |")
            warnings.append(f"{p['provider']}: {p.get('error', 'no summary')}")
            continue
        q = s.get("queries", {})
        create = s.get("create", {})
        tenths = create.get("rate_by_tenth") or []
        averages = " / ".join(f"{q[k]['avg_results']:,.0f}" if q.get(k, {}).get("avg_results") is not None else "–" for k in SEARCHES)
        kw = q.get("keyword_facets", {})
        other = f"{create.get('other_cpu_percent', '?')}% / {s.get('query_other_cpu_percent', '?')}%"
        problems = f"{create.get('failures', 0) + s.get('errors', 0)}, {s.get('mismatches', 0)}"
        lines.append(
            f"| {p['provider']} | {averages} | {ms(kw.get('p95_ms_smaller_half'))} / {ms(kw.get('p95_ms_larger_half'))} | "
            f"{triple(create.get('latency_ms'), ('p50', 'p95'))} | "
            f"{f'{tenths[0]:.0f} → {tenths[-1]:.0f}/s' if tenths else '–'} | {size(p['database_bytes'])} | "
            f"{'?' if p['agora_peak_rss_mb'] is None else str(p['agora_peak_rss_mb']) + ' MiB'} | {other} | {problems} |")
        for key, phase in (("other_cpu_percent", "the load"), ("query_other_cpu_percent", "the searches")):
            value = create.get(key) if key == "other_cpu_percent" else s.get(key)
            if (value or 0) > BUSY_PERCENT:
                warnings.append(f"{p['provider']}: other processes took {value}% of the CPU during {phase}; those figures are unreliable.")
        if s.get("interrupted"):
            warnings.append(f"{p['provider']}: the client was interrupted by a signal (SIGTERM or Ctrl-C); "
                            "the figures cover only what it had measured by then.")
        elif s.get("load_truncated"):
            warnings.append(f"{p['provider']}: the load stopped after BENCH_LOAD_TIMEOUT={settings['load_timeout']} s "
                            f"with {s.get('datasets_created', 0):,} of {s.get('datasets_requested', 0):,} datasets.")
        for name, query in q.items():
            if query.get("stopped_early") and not s.get("interrupted"):
                warnings.append(f"{p['provider']}: {name} stopped after {query.get('requests', 0)} measured requests "
                                f"({query.get('warmup_requests', 0)} warm-up), which took {query.get('seconds', 0):.0f} s in all "
                                f"(BENCH_QUERY_BUDGET={settings['query_budget']}); slowest: "
                                + ", ".join(f"{x['query']} {x['ms'] / 1000:.1f} s ({x['count']:,} results)" for x in query.get("slowest", [])[:3]))
        if p["client_status"] != 0:
            warnings.append(f"{p['provider']}: the client ended with status {p['client_status']}.")
        for sample in (s.get("create", {}).get("failure_samples") or [])[:3] + (s.get("mismatch_samples") or [])[:5]:
            warnings.append(f"{p['provider']}: {sample}")

    sqlite = next((p for p in providers if p["provider"] == "sqlite" and p["summary"]), None)
    lines.append("")
    if sqlite and sqlite["summary"].get("datasets_created", 0) >= TARGET_DATASETS:
        q = sqlite["summary"].get("queries", {})
        worst = max((q.get(k, {}).get("p95_ms") or 0) for k in SEARCHES)
        lines.append(f"Target (package_search p95 under {TARGET_MS} ms on SQLite at {TARGET_DATASETS:,} datasets): "
                     f"{'met' if worst < TARGET_MS else 'not met'} (worst search p95 {ms(worst)} ms).")
    else:
        lines.append(f"Target (package_search p95 under {TARGET_MS} ms on SQLite at {TARGET_DATASETS:,} datasets): "
                     "not measured at this size.")
    if warnings:
        lines += ["", "**Warnings:**", ""] + [f"- {w}" for w in warnings]
    with open(os.path.join(out_dir, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
