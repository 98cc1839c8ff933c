#!/usr/bin/env bash
# The wall-time table of the performance targets (docs/performance.md): each command's wall time, as a multiple of
# `./scatterbatch params` (the launcher plus one JVM start) measured in the same run, and its peak RSS, from
# /usr/bin/time -v. Run from a warm build: `examples/perf/walltimes.sh [REPEATS]` (default 3; each row is the
# median of REPEATS runs). The machine's load average is printed first and last, since other load moves wall times.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$here"
repeats="${1:-3}"
sb=./scatterbatch
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$sb" params >/dev/null # builds if stale, so no row pays for the build
python3 examples/perf/replay-trace.py 1000000 >"$work/trace.jsonl"

# measure CMD...: prints "median-wall-seconds max-rss-KiB" of REPEATS runs of CMD (its output discarded), or
# "failed" and the command's last line of standard error
measure() {
  local walls=() rss=0 i
  for ((i = 0; i < repeats; i++)); do
    /usr/bin/time -v -o "$work/time" "$@" >/dev/null 2>"$work/err" || { echo "failed $(grep -v '^Command exited' "$work/err" | tail -n 1)"; return; }
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (j = 1; j <= n; j++) s = s * 60 + p[j]; print s }' "$work/time")")
    local r; r="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")"
    ((r > rss)) && rss=$r
  done
  printf '%s\n' "${walls[@]}" | sort -n | awk -v rss="$rss" '{ w[NR] = $1 } END { print w[int((NR + 1) / 2)], rss }'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; median of $repeats runs per row"
read -r params_wall params_rss < <(measure "$sb" params)
printf '| %-100s | %7s | %9s | %8s |\n' command wall "x params" "peak RSS"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..102})" "---------" "-----------" "----------"
row() {
  local label="$1"; shift
  local wall rss
  read -r wall rss < <(measure "$@")
  if [ "$wall" = failed ]; then printf '| %-100s | failed: %s |\n' "$label" "$rss"; return; fi
  printf '| %-100s | %6.2fs | %9.1f | %5d MB |\n' "$label" "$wall" "$(awk -v a="$wall" -v b="$params_wall" 'BEGIN { print a / b }')" $((rss / 1024))
}
printf '| %-100s | %6.2fs | %9.1f | %5d MB |\n' '`params`' "$params_wall" 1 $((params_rss / 1024))
row '`bench`' "$sb" bench
row '`bench --workload scatter-4000 --scenarios bare-metal,per-range,batch,batch-v4,mremap`' \
  "$sb" bench --workload scatter-4000 --scenarios bare-metal,per-range,batch,batch-v4,mremap
row '`bench --pressure-curve`' "$sb" bench --pressure-curve
row '`bench --guests 16`' "$sb" bench --guests 16
row '`bench --transport eventbus`' "$sb" bench --transport eventbus
row '`replay` of 10^6 lines (`replay-trace.py 1000000`)' "$sb" replay "$work/trace.jsonl"
row '`replay` of 10^6 lines (`replay-trace.py 1000000`), `-Xmx256m`' \
  env SCATTERBATCH_JAVA_OPTS=-Xmx256m "$sb" replay "$work/trace.jsonl"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
