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
# shellcheck source=../lib/apphost.sh
source bench/lib/apphost.sh
DATA=$1 LIMIT=$2
shift 2
DRIVER=${DRIVER:-/tmp/art-replay2/bin/Seomin.Bench.Platform/release/Seomin.Bench.Platform.dll}
LOG=${APPHOST_LOG:-/tmp/$(basename "$DATA")-apphost.log}

if ! apphost_ports_free; then echo "an AppHost is already running (its ports are taken): not starting another" >&2; exit 69; fi
echo "== $(date -u +%T) starting the AppHost (data $DATA, load $(cut -d' ' -f1-3 /proc/loadavg))"
SEOMIN_DATA_DIR=$DATA dotnet run --project Seomin.AppHost --no-build -c Debug --launch-profile http > "$LOG" 2>&1 &
APPHOST=$!
stop_apphost() {
  echo "== $(date -u +%T) stopping the AppHost (pid $APPHOST)"
  apphost_stop "$APPHOST"
  echo "== $(date -u +%T) stopped (load $(cut -d' ' -f1-3 /proc/loadavg))"
}
trap stop_apphost EXIT

t=$(date +%s)
apphost_wait_healthy "$APPHOST" "$LOG" 600 || exit 70
echo "== $(date -u +%T) healthy after $(( $(date +%s) - t )) s (load $(cut -d' ' -f1-3 /proc/loadavg)); idle 20 s"
sleep 20
echo "== $(date -u +%T) driver: $* (waiting for the bench lock)"
rc=0
flock /work/locks/bench.lock timeout --signal=TERM --kill-after=60 "${LIMIT}m" \
  dotnet "$DRIVER" "$@" --root "$PWD" --data-dir "$DATA" || rc=$?
echo "== $(date -u +%T) driver exit $rc (load $(cut -d' ' -f1-3 /proc/loadavg))"
exit $rc
