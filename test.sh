#!/usr/bin/env bash
# Sets up everything on a fresh machine, builds, and runs every test project in the solution against
# real PostgreSQL and RabbitMQ servers (started by the tests as private processes).
# Results (TRX, screenshots) go to TestResults/. Extra arguments go to `dotnet test` (e.g. --filter ...).
set -euo pipefail
source "$(dirname "$0")/scripts/setup.sh"
seomin_setup

results="$SEOMIN_ROOT/TestResults"
rm -rf "$results"
mkdir -p "$results"
export SEOMIN_SCREENSHOTS="$results/screenshots"
status=0
# One test project at a time, each with its own results folder: on two cores this is as fast as running
# them together, keeps the private servers of one project from starving another's, and gives every
# project its own TRX file for the summary.
mapfile -t projects < <(dotnet sln Seomin.sln list | grep -E '^tests/.+\.Tests\.csproj$' | sort)
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  seomin_log "testing ${name}"
  dotnet test "$project" --no-build -c Debug --nologo \
    --logger "trx;LogFileName=${name}.trx" --results-directory "$results/${name}" \
    --blame-hang-timeout 8m "$@" || status=$?
done
"$SEOMIN_ROOT/scripts/test-summary.sh" "$results"
exit $status
