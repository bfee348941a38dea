#!/usr/bin/env bash
# Measure fazhi at several library sizes, side by side with ripgrep and fzf, and write
# BENCHMARKS.md and bench/chart.svg.
#
#   bench/compare.sh                 # 100, 2,500 and 25,000 reports
#   bench/compare.sh 100 2500        # other sizes
#
# Needs rg, fzf, hyperfine and python3 (apt-get install -y ripgrep fzf hyperfine).
# Generated libraries are kept under $FAZHI_BENCH_DIR (default /tmp/fazhi-bench) and reused.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(100 2500 25000)
WORK=${FAZHI_BENCH_DIR:-/tmp/fazhi-bench}
OUT=$WORK/results
mkdir -p "$WORK" "$OUT"
for tool in rg fzf hyperfine python3; do
    command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y ripgrep fzf hyperfine" >&2; exit 1; }
done

# 1. Release build (benches use the same profile), copied aside so that editing the source
#    while this runs does not change what is measured.
cargo build --release --bin fazhi --example gen_library --example first_frame
BINS=$WORK/bin
mkdir -p "$BINS"
cargo bench --no-run --bench load --bench find --bench memory 2>&1 |
    sed -n 's/.*Executable benches\/\([a-z]*\)\.rs (\(.*\))/\1 \2/p' |
    while read -r name exe; do cp "$exe" "$BINS/bench-$name"; done
cp target/release/fazhi target/release/examples/gen_library target/release/examples/first_frame "$BINS/"
BIN=$BINS/fazhi
GEN=$BINS/gen_library
FRAME=$BINS/first_frame

# The machine may be shared: its load average at the start and end goes into the report.
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for n in "${SIZES[@]}"; do
    lib=$WORK/lib-$n
    # 2. The library, generated once (deterministic: same files every time).
    if [ ! -f "$lib.done" ]; then
        rm -rf "$lib"
        "$GEN" --reports "$n" --seed 1 --out "$lib"
        touch "$lib.done"
    fi
    res=$OUT/$n.tsv
    : >"$res"
    export FAZHI_BENCH_LIBRARY=$lib FAZHI_BENCH_CACHE=$WORK/cache-$n
    xdg=$WORK/xdg-$n
    runs=10
    [ "$n" -ge 10000 ] && runs=3

    # 3. In-process figures.
    "$BINS/bench-load" | tee -a "$res"
    FAZHI_BENCH_CANDIDATES=$WORK/candidates-$n.txt "$BINS/bench-find" | tee -a "$res"
    FAZHI_BENCH_MEMORY=cold "$BINS/bench-memory" | tee -a "$res"
    "$BINS/bench-memory" | tee -a "$res"

    # Whole commands, fazhi next to ripgrep and fzf on the same files and queries.
    rm -rf "$xdg"
    XDG_CACHE_HOME=$xdg "$BIN" index --library "$lib" 2>/dev/null
    XDG_CACHE_HOME=$xdg "$FRAME" "$lib" --no-wait | cut -f1-3 | tee -a "$res"
    hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$OUT/search-$n.json" \
        -n "fazhi search" "env XDG_CACHE_HOME=$xdg $BIN search 行政复议 --library $lib" \
        -n "rg -c" "rg -c 行政复议 $lib" \
        -n "fazhi search --regex" "env XDG_CACHE_HOME=$xdg $BIN search --regex '\\d+件' --library $lib" \
        -n "rg -c regex" "rg -c '\\d+件' $lib"
    hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$OUT/start-$n.json" \
        -n "first frame" "env XDG_CACHE_HOME=$xdg $FRAME $lib --no-wait" \
        -n "fazhi list" "env XDG_CACHE_HOME=$xdg $BIN list --library $lib" \
        -n "fazhi list --no-cache" "$BIN list --no-cache --library $lib"
    hyperfine -i --warmup 1 --runs "$runs" --export-json "$OUT/fzf-$n.json" \
        -n "fzf xzfy" "fzf --filter xzfy < $WORK/candidates-$n.txt" \
        -n "fzf 行政复议" "fzf --filter 行政复议 < $WORK/candidates-$n.txt"
done

# 4. The report.
{
    echo "nproc=$(nproc)"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "memory=$(free -h | awk '/^Mem:/ {print $2}')"
    echo "load=load average (1/5/15 min) $LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
    echo "rustc=$(rustc --version)"
    echo "rg=$(rg --version | head -1)"
    echo "fzf=$(fzf --version)"
    echo "hyperfine=$(hyperfine --version)"
    echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
} >"$OUT/machine.txt"
python3 bench/report.py "$OUT" "${SIZES[@]}"
