#!/usr/bin/env bash
# Starts this worktree's AppHost (the Debug build, as ./run.sh does), waits until every service and the gateway answer
# /health, runs the platform driver under the bench lock (the timed window only), then stops the AppHost and waits
# until its ports are free. Run it under the AppHost lock:
#
#   flock /work/locks/apphost.lock bench/Seomin.Bench.Platform/with-apphost.sh <data dir> <minutes> <driver args…>
#
# <minutes> bounds the driver (SIGTERM after it: the driver stops sending and restores the quotas it raised).
# The driver is the Release build in $DRIVER (default /tmp/art-replay2/bin/Seomin.Bench.Platform/release/Seomin.Bench.Platform.dll).
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=$1 LIMIT=$2
shift 2
DRIVER=${DRIVER:-/tmp/art-replay2/bin/Seomin.Bench.Platform/release/Seomin.Bench.Platform.dll}
LOG=${APPHOST_LOG:-/tmp/$(basename "$DATA")-apphost.log}

if ss -ltn | grep -qE ':(8080|15432)\b'; then echo "an AppHost is already running (8080/15432 taken): not starting another" >&2; exit 69; fi
echo "== $(date -u +%T) starting the AppHost (data $DATA, load $(cut -d' ' -f1-3 /proc/loadavg))"
SEOMIN_DATA_DIR=$DATA dotnet run --project Seomin.AppHost --no-build -c Debug --launch-profile http > "$LOG" 2>&1 &
APPHOST=$!
stop_apphost() {
  echo "== $(date -u +%T) stopping the AppHost (pid $APPHOST)"
  kill -TERM "$APPHOST" 2>/dev/null || true
  for _ in $(seq 1 90); do kill -0 "$APPHOST" 2>/dev/null || break; sleep 1; done
  for _ in $(seq 1 60); do ss -ltn | grep -qE ':(8080|15432|5673|16379)\b' || break; sleep 1; done
  if ss -ltn | grep -qE ':(8080|15432|5673|16379)\b'; then echo "!! ports still taken after the stop:" >&2; ss -ltnp | grep -E ':(8080|15432|5673|16379)\b' >&2; fi
  echo "== $(date -u +%T) stopped (load $(cut -d' ' -f1-3 /proc/loadavg))"
}
trap stop_apphost EXIT

all_healthy() {
  local port
  for port in 5100 5101 5102 5103 5104 5105 8080; do
    curl -s -o /dev/null -w '%{http_code}' -m 3 "http://127.0.0.1:$port/health" | grep -q 200 || return 1
  done
}

t=$(date +%s)
until all_healthy; do
  if ! kill -0 "$APPHOST" 2>/dev/null; then echo "the AppHost ended:" >&2; tail -20 "$LOG" >&2; exit 70; fi
  if (( $(date +%s) - t > 600 )); then echo "the AppHost was not healthy within 600 s" >&2; exit 70; fi
  sleep 3
done
echo "== $(date -u +%T) healthy after $(( $(date +%s) - t )) s (load $(cut -d' ' -f1-3 /proc/loadavg)); idle 20 s"
sleep 20
echo "== $(date -u +%T) driver: $* (waiting for the bench lock)"
rc=0
flock /work/locks/bench.lock timeout --signal=TERM --kill-after=60 "${LIMIT}m" \
  dotnet "$DRIVER" "$@" --root "$PWD" --data-dir "$DATA" || rc=$?
echo "== $(date -u +%T) driver exit $rc (load $(cut -d' ' -f1-3 /proc/loadavg))"
exit $rc
