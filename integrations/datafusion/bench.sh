#!/usr/bin/env bash
# The screen's benchmark (not a test): patients per second on 1 and 2 cores, the ratio of the
# full screen to DataFusion's bare scan of the same NDJSON files (the same reading path,
# counting lines), and peak memory (maximum resident set size). Prints one line per run and
# the medians.
#
#   integrations/datafusion/bench.sh [PATIENTS [RUNS]]     # 100000 and 3 by default
#
# NO_BUILD=1 skips the build.
# Needs /usr/bin/time (GNU time) and taskset (util-linux). Builds in release; PROFILE=dev uses
# the workspace's dev profile (opt-level 2, debug assertions on) instead.
set -euo pipefail
cd "$(dirname "$0")/../.."
patients=${1:-100000}
runs=${2:-3}
work=${BENCH_DIR:-/tmp/leg-spasm-cds-screen-bench}
profile=${PROFILE:-release}
target=${CARGO_TARGET_DIR:-target}/$([ "$profile" = dev ] && echo debug || echo "$profile")

[ -n "${NO_BUILD:-}" ] || cargo build --profile "$profile" -p leg-spasm-cds-datafusion --bins
"$target/generate" --patients "$patients" --seed 1 --output "$work/export" >/dev/null
du -sb "$work/export" | awk '{printf "export: %.1f MB\n", $1 / 1e6}'

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# run CPUS PARTITIONS KIND: prints "seconds max_rss_kb"
run() {
    local cpus=$1 partitions=$2 kind=$3 log
    log=$(mktemp)
    if [ "$kind" = scan ]; then
        /usr/bin/time -v taskset -c "$cpus" "$target/screen" --scan-only \
            --input "$work/export" --partitions "$partitions" >/dev/null 2>"$log"
    else
        /usr/bin/time -v taskset -c "$cpus" "$target/screen" --input "$work/export" \
            --as-of 2026-01-15 --output "$work/out" --partitions "$partitions" >/dev/null 2>"$log"
    fi
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    rm -f "$log"
    echo "$wall $rss"
}

for setting in "0 1" "0,1 2"; do
    set -- $setting
    cpus=$1 partitions=$2
    : >"$work/screen.txt"
    : >"$work/scan.txt"
    for i in $(seq "$runs"); do
        run "$cpus" "$partitions" scan | tee -a "$work/scan.txt" | sed "s/^/scan   cores=$partitions run=$i seconds,rss_kb: /"
        run "$cpus" "$partitions" screen | tee -a "$work/screen.txt" | sed "s/^/screen cores=$partitions run=$i seconds,rss_kb: /"
    done
    screen_s=$(cut -d' ' -f1 "$work/screen.txt" | median)
    scan_s=$(cut -d' ' -f1 "$work/scan.txt" | median)
    rss=$(cut -d' ' -f2 "$work/screen.txt" | median)
    scan_rss=$(cut -d' ' -f2 "$work/scan.txt" | median)
    awk -v p="$patients" -v c="$partitions" -v s="$screen_s" -v b="$scan_s" -v r="$rss" -v br="$scan_rss" 'BEGIN {
        printf "cores=%d median: screen %.2f s (%.0f patients/s), scan %.2f s, screen/scan %.2f, peak RSS screen %.0f MB, scan %.0f MB\n",
            c, s, p / s, b, s / b, r / 1024, br / 1024 }'
done
