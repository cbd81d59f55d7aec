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
# Where the time went: the AppHost's per-resource timeline (seconds since its process started).
grep -o 'timeline .*' "$data.log" | sed 's/^/  /' || true
kill -TERM "$pid"
wait "$pid" || true
# DCP stops the processes after the AppHost exits: wait until the fixed ports are free for the next run.
for _ in $(seq 1 120); do
  ss -ltn | grep -qE ':(8080|5100|5101|5105|15432|5673|15673|25673|4370|16379)\b' || break
  sleep 0.5
done
