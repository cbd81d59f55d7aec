#!/usr/bin/env bash
# Per-service memory (issue 19, figure 6): resident set size (VmRSS) and peak (VmHWM) of every running platform
# process (the services, the identity service and the gateway replicas that an AppHost started), sampled
# `samples` times every `interval` seconds; prints min/max RSS per process as a Markdown table, with the load average.
# Read-only: it reads /proc and never signals a process. Start the AppHost first (dotnet run --project Seomin.AppHost,
# or the AppHost tests), then run it once at rest and once while a load runs (e.g. the platform replay or the
# submission benchmark through the gateway).
# Usage: bench/memory.sh [label=rest] [samples=10] [interval=2]
set -euo pipefail
label=${1:-rest}; samples=${2:-10}; interval=${3:-2}
declare -A min max hwm name
for ((i = 0; i < samples; i++)); do
  for status in /proc/[0-9]*/status; do
    pid=${status#/proc/}; pid=${pid%/status}
    exe=$( (tr "\0" " " < "/proc/$pid/cmdline" | awk "{print \$1}") 2>/dev/null) || continue
    case "$exe" in
      */Seomin.Gateway|*/Seomin.*.Api|*Seomin.Gateway.dll|*Seomin.*.Api.dll) ;;
      *) continue ;;
    esac
    rss=$(awk '/^VmRSS:/ {print $2}' "$status" 2>/dev/null) || continue
    peak=$(awk '/^VmHWM:/ {print $2}' "$status" 2>/dev/null) || continue
    [ -n "$rss" ] || continue
    name[$pid]=$(basename "$exe" .dll)
    if [ -z "${min[$pid]:-}" ] || [ "$rss" -lt "${min[$pid]}" ]; then min[$pid]=$rss; fi
    if [ -z "${max[$pid]:-}" ] || [ "$rss" -gt "${max[$pid]}" ]; then max[$pid]=$rss; fi
    hwm[$pid]=$peak
  done
  sleep "$interval"
done
echo "### Memory ($label): $(date -u '+%Y-%m-%d %H:%M') UTC, $samples samples every ${interval}s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| process | pid | RSS min MiB | RSS max MiB | peak (VmHWM) MiB |"
echo "|---|---:|---:|---:|---:|"
for pid in "${!name[@]}"; do
  printf '| %s | %s | %d | %d | %d |\n' "${name[$pid]}" "$pid" $((min[$pid] / 1024)) $((max[$pid] / 1024)) $((hwm[$pid] / 1024))
done | sort
