#!/usr/bin/env bash
# Cold start of the platform as ./run.sh starts it (AppHost already built), on an empty data folder:
# seconds from `dotnet run` until the gateway's /health answers 200 (the gateway waits for every service, which
# wait for their databases and the broker), then the orchestration's memory: DCP + dashboard + AppHost RSS.
# Stops the AppHost with SIGTERM afterwards. Usage: bench/apphost-cold-start.sh [data-dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${1:-$(mktemp -d /tmp/seomin-bench-XXXXXX)}"
rm -rf "$data"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
SEOMIN_DATA_DIR="$data" setsid dotnet run --project "$root/Seomin.AppHost" --no-build -c Debug --launch-profile http >"$data.log" 2>&1 &
pid=$!
until curl -sf http://127.0.0.1:8080/health >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { echo "AppHost exited; see $data.log"; exit 1; }
  sleep 0.2
done
end=$(date +%s.%N)
printf 'all healthy after %.1f s\n' "$(echo "$end - $start" | bc)"
sleep 5 # let the dashboard load its first telemetry before reading memory
rss() { ps -eo rss=,comm=,args= | awk -v pat="$1" '$0 ~ pat { s += $1 } END { printf "%.0f", s / 1024 }'; }
echo "RSS MiB: dcp $(rss ' dcp ') dashboard $(rss 'Aspire.Dashboard') apphost $(rss 'Seomin.AppHost ')"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
kill -TERM "$pid"
wait "$pid" || true
