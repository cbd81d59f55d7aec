#!/usr/bin/env bash
# Gateway cost (issue 19, figure 2): the same authenticated GET direct to a stand-in service, through a bare YARP
# (no auth, no quotas) and through the real gateway (token validation, revocation check, Redis quotas set high enough
# not to refuse, policies, YARP, telemetry without an exporter), in one run, with each proxy's CPU time per request.
# Needs wrk (installed here if missing) and redis-server (scripts/setup.sh). Usage: bench/Seomin.Bench.Gateway/run.sh [duration-s] [connections] [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
ART=${ART:-/tmp/art-gateway-bench}
dotnet build bench/Seomin.Bench.Gateway/Seomin.Bench.Gateway.csproj -c Release --artifacts-path "$ART" -v q -nologo
dotnet build gateway/Seomin.Gateway/Seomin.Gateway.csproj -c Release --artifacts-path "$ART" -v q -nologo
mkdir -p bench/results
dotnet "$ART/bin/Seomin.Bench.Gateway/release/Seomin.Bench.Gateway.dll" run \
  --gateway "$ART/bin/Seomin.Gateway/release/Seomin.Gateway.dll" \
  --duration "${1:-15}" --connections "${2:-32}" --rounds "${3:-2}" --report bench/results/gateway.md
