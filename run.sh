#!/usr/bin/env bash
# Sets up everything on a fresh machine, builds, and starts the whole platform through Seomin.AppHost:
# PostgreSQL, RabbitMQ, the services, the gateway and the operator dashboard. Ctrl+C stops it all.
set -euo pipefail
SEOMIN_SKIP_BROWSER=1
export SEOMIN_SKIP_BROWSER
source "$(dirname "$0")/scripts/setup.sh"
seomin_setup
seomin_log "starting the platform (Ctrl+C to stop)"
# The second --no-build is the AppHost's own: the services were just built with the solution.
exec dotnet run --project "$SEOMIN_ROOT/Seomin.AppHost" --no-build -c Debug -- --no-build "$@"
