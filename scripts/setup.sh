#!/usr/bin/env bash
# Shared set-up for ./run.sh and ./test.sh: installs what is missing on a fresh Debian machine
# (PostgreSQL 15, RabbitMQ with Erlang's epmd, Redis 7 for the gateway's quotas, Chromium and a Korean font for browser tests), restores the local dotnet
# tools and NuGet packages. Idempotent: when everything is present it does no apt work.
set -euo pipefail

SEOMIN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SEOMIN_ROOT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

seomin_log() { printf '\033[1;34m[seomin]\033[0m %s\n' "$*"; }

seomin_missing_packages() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  # rabbitmq-server brings Erlang, whose epmd the AppHost runs as its own resource.
  { [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] && command -v epmd >/dev/null 2>&1; } || missing+=(rabbitmq-server)
  # The gateway replicas share their quota counters in a private Redis server (the AppHost's "quotas" resource).
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  # setpriv runs the servers as their service users (util-linux is essential on Debian; checked for minimal images).
  command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
  if [ "${SEOMIN_SKIP_BROWSER:-0}" != "1" ]; then
    # The architecture tests validate deploy/k8s offline with Node.js (deploy/validate).
    { command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; } || missing+=(nodejs npm)
    [ -x /usr/bin/chromium ] || missing+=(chromium)
    fc-list 2>/dev/null | grep -qi -E 'nanum|noto sans cjk' || missing+=(fonts-nanum)
  fi
  echo "${missing[@]:-}"
}

seomin_install_packages() {
  local missing
  missing="$(seomin_missing_packages)"
  [ -z "${missing// /}" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Seomin needs these Debian packages, which are not installed: ${missing}" >&2
    echo "Install them as root, then run this command again:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y ${missing}" >&2
    exit 1
  fi
  seomin_log "installing ${missing} (apt-get)"
  # Package scripts must not start system-wide servers: Seomin runs its own private ones.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing} >/dev/null
  rm -f /usr/sbin/policy-rc.d
}

seomin_check_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is required: https://dotnet.microsoft.com/download/dotnet/10.0 (dotnet must be on PATH)." >&2
    exit 1
  fi
  local version
  version="$(dotnet --version 2>/dev/null || true)"
  case "$version" in
    10.*) ;;
    *) echo "The .NET 10 SDK is required; found '${version:-none}'. global.json pins 10.0.x." >&2; exit 1 ;;
  esac
}

seomin_setup() {
  seomin_check_dotnet
  seomin_install_packages
  cd "$SEOMIN_ROOT"
  dotnet tool restore >/dev/null
  # ./run.sh starts the Debug build; ./test.sh builds and tests Release (SEOMIN_CONFIGURATION), whose optimised code
  # runs the CPU-bound tests faster on two cores. The AppHost starts the services of its own configuration.
  seomin_log "restoring and building Seomin.sln (${SEOMIN_CONFIGURATION:-Debug})"
  dotnet build Seomin.sln -c "${SEOMIN_CONFIGURATION:-Debug}" -nologo -clp:ErrorsOnly -v:q
}
