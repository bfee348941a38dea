#!/usr/bin/env python3
"""Write BENCHMARKS.md and bench/chart.svg from the results of bench/compare.sh.

usage: bench/report.py RESULTS_DIR SIZE...   (no dependencies beyond the standard library)
"""
import json
import math
import os
import sys

out_dir, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]


def tsv(n):
    rows = {}
    with open(os.path.join(out_dir, f"{n}.tsv"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3:
                try:
                    rows[parts[0]] = float(parts[1])
                except ValueError:
                    pass
    return rows


def hyperfine(n, kind):
    path = os.path.join(out_dir, f"{kind}-{n}.json")
    if not os.path.exists(path):
        return {}
    out = {}
    with open(path, encoding="utf-8") as f:
        for r in json.load(f)["results"]:
            out[r["command"]] = r["mean"] * 1e3
            out["cpu " + r["command"]] = (r["user"] + r["system"]) * 1e3
    return out


data = {}
for n in sizes:
    d = tsv(n)
    for kind in ("search", "start", "fzf"):
        for name, ms in hyperfine(n, kind).items():
            if name.startswith("cpu "):
                d["cpu: " + name[4:]] = ms
            else:
                d["cmd: " + name] = ms
    data[n] = d

machine = {}
with open(os.path.join(out_dir, "machine.txt"), encoding="utf-8") as f:
    for line in f:
        k, _, v = line.rstrip("\n").partition("=")
        machine[k] = v


def get(n, key):
    return data[n].get(key)


def fmt(v, unit=""):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if abs(v) >= 100:
        s = f"{v:,.0f}"
    elif abs(v) >= 10:
        s = f"{v:.1f}"
    else:
        s = f"{v:.2f}"
    return s + unit


def ratio(a, b):
    if a is None or b is None or a == 0:
        return None
    return b / a


ROWS = [
    # (label, key or function, unit, goal)
    ("corpus size", "corpus_mb", " MB", ""),
    ("parse throughput, 1 core", "parse_mb_per_s_1core", " MB/s", ""),
    ("parse throughput, all cores (cold load)", "parse_mb_per_s_all_cores", " MB/s", ""),
    ("first frame (in process, loading in background)", "first_frame_ms", " ms", "≤ 100 ms"),
    ("first frame (whole process)", "cmd: first frame", " ms", "≤ 100 ms"),
    ("load cold (parse, no cache)", "load_cold_ms", " ms", "2,500: ≤ 1 s · 25,000: ≤ 10 s"),
    ("load cold, CPU time (user + sys, all threads)", "load_cold_cpu_ms", " ms", ""),
    ("load first run (parse + write cache)", "load_first_run_ms", " ms", ""),
    ("load warm (cache)", "load_warm_ms", " ms", "2,500: ≤ 150 ms · 25,000: ≤ 1.5 s"),
    ("load warm, CPU time (user + sys, all threads)", "load_warm_cpu_ms", " ms", ""),
    ("cache file", "cache_mb", " MB", ""),
    ("`fazhi list` whole command, warm", "cmd: fazhi list", " ms", ""),
    ("`fazhi list --no-cache` whole command", "cmd: fazhi list --no-cache", " ms", ""),
    ("search 行政复议 (in process)", "search_literal1_ms", " ms", "2,500: ≤ 5 ms"),
    ("search 行政执法", "search_literal2_ms", " ms", ""),
    ("search 合法性审查", "search_literal3_ms", " ms", ""),
    ("search 营商环境", "search_literal4_ms", " ms", ""),
    ("search 不存在的词组 (no match)", "search_literal5_ms", " ms", ""),
    ("search regex `\\d+件`", "search_regex_ms", " ms", ""),
    ("`fazhi search 行政复议` whole command (load + index + search)", "cmd: fazhi search", " ms", ""),
    ("… CPU time", "cpu: fazhi search", " ms", ""),
    ("`rg -c 行政复议 DIR`", "cmd: rg -c", " ms", ""),
    ("… CPU time", "cpu: rg -c", " ms", ""),
    ("ratio rg -c / fazhi in-process search", lambda n: ratio(get(n, "search_literal1_ms"), get(n, "cmd: rg -c")), "×", "≥ 3×"),
    ("ratio rg -c / `fazhi search` whole command", lambda n: ratio(get(n, "cmd: fazhi search"), get(n, "cmd: rg -c")), "×", ""),
    ("`fazhi search --regex '\\d+件'` whole command", "cmd: fazhi search --regex", " ms", ""),
    ("`rg -c '\\d+件' DIR`", "cmd: rg -c regex", " ms", ""),
    ("palette candidates", "palette_candidates", "", ""),
    ("palette build", "palette_build_ms", " ms", ""),
    ("palette per keystroke p50", "palette_keystroke_p50_ms", " ms", ""),
    ("palette per keystroke p99", "palette_keystroke_p99_ms", " ms", "≤ 16 ms at 150,000 candidates"),
    ("`fzf --filter xzfy < candidates` whole command", "cmd: fzf xzfy", " ms", ""),
    ("`fzf --filter 行政复议 < candidates` whole command", "cmd: fzf 行政复议", " ms", ""),
    ("ratio fzf 行政复议 / fazhi palette p50", lambda n: ratio(get(n, "palette_keystroke_p50_ms"), get(n, "cmd: fzf 行政复议")), "×", ""),
    ("peak memory after cold load", "peak_rss_after_load_cold_mb", " MB", ""),
    ("peak memory after warm load", "peak_rss_after_load_warm_mb", " MB", "2,500: ≤ 3× corpus"),
    ("peak memory with palette (warm)", "peak_rss_with_palette_warm_mb", " MB", "≤ 2× corpus"),
    ("peak memory (warm) / corpus", lambda n: ratio(get(n, "corpus_mb"), get(n, "peak_rss_after_load_warm_mb")), "×", "≤ 3×"),
]


def value(n, key):
    return key(n) if callable(key) else get(n, key)


lines = []
lines.append("# Benchmarks\n")
lines.append(
    "fazhi on generated libraries of "
    + ", ".join(f"{n:,}" for n in sizes)
    + " reports (about 20 KB each, `examples/gen_library.rs`, seed 1), "
    "next to ripgrep and fzf on the same files and queries. "
    "Times are medians (in process) or hyperfine means (whole commands); all runs warm in "
    "the page cache. Generated by `bench/compare.sh`; see the end for how to repeat it.\n"
)
lines.append("| figure | " + " | ".join(f"{n:,} reports" for n in sizes) + " | goal |")
lines.append("|---|" + "---:|" * len(sizes) + "---|")
for label, key, unit, goal in ROWS:
    cells = [fmt(value(n, key), unit) for n in sizes]
    lines.append(f"| {label} | " + " | ".join(cells) + f" | {goal} |")
lines.append("")
lines.append("![cost against library size](bench/chart.svg)\n")
lines.append("## Machine\n")
for k in ("nproc", "cpu", "memory", "load", "rustc", "rg", "fzf", "hyperfine", "date"):
    lines.append(f"- {k}: {machine.get(k, '?')}")
lines.append("")
lines.append("## Repeat it\n")
lines.append("```sh")
lines.append("apt-get install -y ripgrep fzf hyperfine   # if missing")
lines.append("bench/compare.sh " + " ".join(str(n) for n in sizes) + "   # writes BENCHMARKS.md and bench/chart.svg")
lines.append("# or piece by piece:")
lines.append("cargo run --release --example gen_library -- --reports 2500 --seed 1 --out /tmp/fazhi-bench/lib-2500")
lines.append("FAZHI_BENCH_LIBRARY=/tmp/fazhi-bench/lib-2500 cargo bench --bench load")
lines.append("FAZHI_BENCH_LIBRARY=/tmp/fazhi-bench/lib-2500 cargo bench --bench find")
lines.append("FAZHI_BENCH_LIBRARY=/tmp/fazhi-bench/lib-2500 FAZHI_BENCH_MEMORY=cold cargo bench --bench memory")
lines.append("target/release/fazhi index --library /tmp/fazhi-bench/lib-2500")
lines.append("hyperfine -N 'target/release/fazhi search 行政复议 --library /tmp/fazhi-bench/lib-2500' 'rg -c 行政复议 /tmp/fazhi-bench/lib-2500'")
lines.append("cargo run --release --example first_frame -- /tmp/fazhi-bench/lib-2500")
lines.append("```\n")
notes_path = os.path.join(os.path.dirname(__file__), "NOTES.md")
if os.path.exists(notes_path):
    with open(notes_path, encoding="utf-8") as f:
        lines.append(f.read())
with open("BENCHMARKS.md", "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")

# The chart: log-log lines of each cost against library size.
SERIES = [
    ("load cold", "load_cold_ms", "#d62728"),
    ("load warm", "load_warm_ms", "#ff7f0e"),
    ("fazhi search (whole cmd)", "cmd: fazhi search", "#9467bd"),
    ("rg -c (whole cmd)", "cmd: rg -c", "#7f7f7f"),
    ("search literal (in process)", "search_literal1_ms", "#1f77b4"),
    ("search regex (in process)", "search_regex_ms", "#17becf"),
    ("palette keystroke p99", "palette_keystroke_p99_ms", "#2ca02c"),
    ("fzf --filter (whole cmd)", "cmd: fzf 行政复议", "#bcbd22"),
    ("first frame", "first_frame_ms", "#8c564b"),
]
W, H, L, R, T, B = 760, 460, 70, 230, 30, 50
pts = [(n, value(n, k)) for _, k, _ in SERIES for n in sizes if value(n, k)]
ys = [v for _, v in pts if v > 0]
ymin = 10 ** math.floor(math.log10(min(ys)))
ymax = 10 ** math.ceil(math.log10(max(ys)))
xmin, xmax = math.log10(min(sizes)), math.log10(max(sizes))
if xmax == xmin:
    xmax = xmin + 1


def px(n):
    return L + (math.log10(n) - xmin) / (xmax - xmin) * (W - L - R)


def py(v):
    return T + (1 - (math.log10(v) - math.log10(ymin)) / (math.log10(ymax) - math.log10(ymin))) * (H - T - B)


svg = [
    f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
    f'<rect width="{W}" height="{H}" fill="white"/>',
    f'<text x="{L}" y="18" font-size="14">fazhi: cost against library size (log–log; dashed = linear growth)</text>',
]
decade = ymin
while decade <= ymax:
    y = py(decade)
    svg.append(f'<line x1="{L}" y1="{y:.1f}" x2="{W - R}" y2="{y:.1f}" stroke="#ddd"/>')
    label = f"{decade:g} ms" if decade < 1000 else f"{decade / 1000:g} s"
    svg.append(f'<text x="{L - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    decade *= 10
for n in sizes:
    x = px(n)
    svg.append(f'<line x1="{x:.1f}" y1="{T}" x2="{x:.1f}" y2="{H - B}" stroke="#eee"/>')
    svg.append(f'<text x="{x:.1f}" y="{H - B + 18}" text-anchor="middle">{n:,}</text>')
svg.append(f'<text x="{(L + W - R) / 2:.0f}" y="{H - 10}" text-anchor="middle">reports in the library</text>')
for i, (name, key, color) in enumerate(SERIES):
    line = [(px(n), py(value(n, key))) for n in sizes if value(n, key)]
    if not line:
        continue
    svg.append(
        f'<polyline fill="none" stroke="{color}" stroke-width="2" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in line)
        + '"/>'
    )
    for x, y in line:
        svg.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"/>')
    # Linear growth from the smallest size, for reference.
    n0 = next(n for n in sizes if value(n, key))
    v0 = value(n0, key)
    ref = [(px(n), py(v0 * n / n0)) for n in sizes if n >= n0 and v0 * n / n0 <= ymax]
    if len(ref) > 1:
        svg.append(
            f'<polyline fill="none" stroke="{color}" stroke-width="1" stroke-dasharray="4 4" opacity="0.5" points="'
            + " ".join(f"{x:.1f},{y:.1f}" for x, y in ref)
            + '"/>'
        )
    ly = T + 10 + i * 20
    svg.append(f'<line x1="{W - R + 15}" y1="{ly}" x2="{W - R + 35}" y2="{ly}" stroke="{color}" stroke-width="2"/>')
    svg.append(f'<text x="{W - R + 40}" y="{ly + 4}">{name}</text>')
svg.append("</svg>")
with open(os.path.join("bench", "chart.svg"), "w", encoding="utf-8") as f:
    f.write("\n".join(svg) + "\n")
print("wrote BENCHMARKS.md and bench/chart.svg")
