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
seomin_log "running tests (results in TestResults/)"
status=0
dotnet test Seomin.sln --no-build -c Debug --nologo \
  --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 8m "$@" || status=$?
"$SEOMIN_ROOT/scripts/test-summary.sh" "$results"
exit $status
