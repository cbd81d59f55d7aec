#!/usr/bin/env bash
# Cold start of the platform as ./run.sh starts it (AppHost already built), on an empty data folder:
# seconds from `dotnet run` until every resource is healthy (see healthy() below), then the orchestration's memory: DCP + dashboard + AppHost RSS.
# Stops the AppHost with SIGTERM afterwards. Usage: bench/apphost-cold-start.sh [data-dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$(mktemp -d /tmp/seomin-bench-XXXXXX)}"
rm -rf "$data"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
SEOMIN_DATA_DIR="$data" Seomin__StartupTimeline=true setsid dotnet run --project "${SEOMIN_BENCH_APPHOST:-$root/Seomin.AppHost}" --no-build -c Debug --launch-profile http >"$data.log" 2>&1 &
pid=$!
# All healthy = the AppHost's timeline says every resource is Running/Healthy and the services' own /health (database
# and broker checks included) and the gateway's answer 200. Nothing waits for the services any more (the gateway
# starts beside them), so the gateway answering alone would not mean the platform is up.
healthy() {
  grep -q 'resources healthy' "$data.log" 2>/dev/null || return 1
  for url in "${SEOMIN_BENCH_HEALTH[@]}"; do curl -sf "$url" >/dev/null 2>&1 || return 1; done
}
SEOMIN_BENCH_HEALTH=(http://127.0.0.1:8080/health http://127.0.0.1:5100/health http://127.0.0.1:5101/health http://127.0.0.1:5102/health http://127.0.0.1:5103/health http://127.0.0.1:5104/health http://127.0.0.1:5105/health)
until healthy; do
  kill -0 "$pid" 2>/dev/null || { echo "AppHost exited; see $data.log"; exit 1; }
  sleep 0.2
done
end=$(date +%s.%N)
printf 'all healthy after %.1f s\n' "$(echo "$end - $start" | bc)"
sleep 5 # let the dashboard load its first telemetry before reading memory
rss() { ps -eo rss=,comm=,args= | awk -v pat="$1" '$0 ~ pat { s += $1 } END { printf "%.0f", s / 1024 }'; }
echo "RSS MiB: dcp $(rss ' dcp ') dashboard $(rss 'Aspire.Dashboard') apphost $(rss 'Seomin.AppHost ')"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# CPU seconds (user + system) each process had used when the platform was healthy, largest first: what a faster start
# has to shrink, whatever the order of the graph (two cores give at most 2 CPU-seconds per second).
echo "CPU seconds at all healthy (user+system, per process):"
# The platform's processes: started after the run began and either holding the data folder in their command line
# (the servers' wrapper scripts, PostgreSQL, RabbitMQ, Redis) or being DCP, the dashboard, the AppHost or a service;
# then their descendants (PostgreSQL's backends, DCP's monitors). DCP detaches from the AppHost's process tree.
boot_ticks="$(awk -v s="$start" -v b="$(awk '/^btime/ { print $2 }' /proc/stat)" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%d", (s - b) * hz }')"
listing() { local f s p args name mark; for f in /proc/[0-9]*/stat; do p="${f//[!0-9]/}"; s="$(cat "$f" 2>/dev/null)" || continue; set -- ${s##*) }
  args="$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)" || continue
  read -r first second _ <<<"$args"; name="${first##*/}"; [ "$name" = dotnet ] && [ -n "$second" ] && name="${second##*/}"
  case "$name" in Seomin.AppHost|Seomin.*.Api|Seomin.Gateway|dcp|Aspire.Dashboard*) mark=platform ;; *) mark=- ;; esac
  case "$args" in *"$data"*) mark=platform ;; esac
  [ "$p" = "$pid" ] && mark=platform
  echo "$p $2 ${20} $(( ${12} + ${13} )) ${name:-?} $mark"; done; }
listing | awk -v since="$boot_ticks" -v hz="$(getconf CLK_TCK)" '
  { pid[NR] = $1; parent[$1] = $2; started[$1] = $3; ticks[$1] = $4; name[$1] = $5; mark[$1] = $6 }
  END {
    for (i = 1; i <= NR; i++) { p = pid[i]; if (started[p] >= since && mark[p] == "platform") root[p] = 1 }
    for (i = 1; i <= NR; i++) { p = pid[i]; for (q = p; q > 1; q = parent[q]) if (q in root) { printf "%8.1f  %s\n", ticks[p] / hz, name[p]; break } }
  }' | sort -rn | awk '{ total += $1; count[$2]++; sum[$2] += $1 } END { for (n in sum) printf "%8.1f  %s (%d)\n", sum[n], n, count[n]; printf "%8.1f  total\n", total }' | sort -rn

# Where the time went: the AppHost's per-resource timeline (seconds since its process started).
grep -o 'timeline .*' "$data.log" | sed 's/^/  /' || true
kill -TERM "$pid"
wait "$pid" || true
# DCP stops the processes after the AppHost exits: wait until the fixed ports are free for the next run.
for _ in $(seq 1 120); do
  ss -ltn | grep -qE ':(8080|5100|5101|5105|15432|5673|15673|25673|4370|16379)\b' || break
  sleep 0.5
done
