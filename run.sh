#!/usr/bin/env bash
# Sets up everything on a fresh Debian machine, builds, and starts the whole platform through Seomin.AppHost
# (.NET Aspire 13.6): PostgreSQL, RabbitMQ (with its epmd), Redis (gateway quotas), the token service, the services,
# the gateway (two replicas) and the Aspire dashboard.
# Ctrl+C (or SIGTERM) stops it all; DCP leaves no process behind.
set -euo pipefail
SEOMIN_SKIP_BROWSER=1
SEOMIN_CONFIGURATION=Debug
export SEOMIN_SKIP_BROWSER SEOMIN_CONFIGURATION
source "$(dirname "$0")/scripts/setup.sh"
seomin_setup
seomin_log "starting the platform (Ctrl+C to stop)"
seomin_log "  dashboard: the login URL is printed below as 'Login to the dashboard at http://127.0.0.1:18888/login?t=...'"
seomin_log "  gateway:   http://127.0.0.1:8080 (two replicas behind one port)    API portal: http://127.0.0.1:8080/docs"
seomin_log "  sign-in:   http://127.0.0.1:8080/account/login (token service 'identity' on http://127.0.0.1:5100; dev users in services/Identity/README.md)"
seomin_log "  data:      ${SEOMIN_DATA_DIR:-$SEOMIN_ROOT/.seomin} (databases, broker, generated passwords, audit/)"
# The launch profile puts the dashboard on http://127.0.0.1:18888 without certificates (loopback only).
exec dotnet run --project "$SEOMIN_ROOT/Seomin.AppHost" --no-build -c Debug --launch-profile http -- "$@"
