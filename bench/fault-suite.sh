#!/usr/bin/env bash
# Fault suite under load (issue 18 item 2, the part that does not fit CI): with the AppHost running from this
# worktree (gateway on 127.0.0.1:8080, data in $SEOMIN_DATA_DIR), for each fault in turn:
#   1. snapshot every report (driver `snapshot`),
#   2. start the driver's `steady` mode in the background (accepted ids and a status file),
#   3. after a warm-up, inject the fault: SIGKILL RabbitMQ's VM (beam.smp), PostgreSQL (postmaster), each service
#      process, the gateway (both replicas), or stop the broker for 60 s (SIGSTOP … SIGCONT of beam.smp: the node is
#      unreachable for 60 s, then resumes),
#   4. wait for recovery without operator action (the AppHost restarts what crashed, issue 12): the process is back
#      with a new pid and the service's /health answers 200 — time to recover measured from the fault,
#   5. let the driver finish, then `verify`: every accepted effect exactly once (GET each guarantee, one fee payment
#      in its ledger, each subrogation claim paid, each dormant claim paid), the reports' change against the driver's
#      totals (fund ledger included), the reconciliation run if deployed, and the statuses the clients saw.
# Results: docs/fault-suite.md (one section per fault, appended after the summary table).
#
# usage: bench/fault-suite.sh [--minutes 3] [--rate 1] [--warmup 40] [--faults "rabbitmq postgres guarantee ..."]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DATA=${SEOMIN_DATA_DIR:-/tmp/replay-data}
MINUTES=3
RATE=1
WARMUP=40
FAULTS="rabbitmq postgres guarantee subrogation contributions dormant-assets counseling identity gateway broker-stop"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) MINUTES=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --faults) FAULTS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done

ART=${SEOMIN_BENCH_ARTIFACTS:-/tmp/replay-art}
DRIVER_DLL=$ART/bin/Seomin.Bench.Platform/release/Seomin.Bench.Platform.dll
if [[ ! -f $DRIVER_DLL ]]; then
  dotnet build bench/Seomin.Bench.Platform -c Release --artifacts-path "$ART" -v q -nologo
fi
driver() { dotnet "$DRIVER_DLL" "$@" --root "$ROOT" --data-dir "$DATA"; }

WORK=$(mktemp -d /tmp/fault-suite.XXXXXX)
OUT=docs/fault-suite.md
SUMMARY=$WORK/summary.md
DETAILS=$WORK/details.md
: > "$SUMMARY"; : > "$DETAILS"

declare -A PORT=([identity]=5100 [guarantee]=5101 [subrogation]=5102 [contributions]=5103 [dormant-assets]=5104 [counseling]=5105 [gateway]=8080)
declare -A DLL=([identity]=Seomin.Identity.Api [guarantee]=Seomin.Guarantee.Api [subrogation]=Seomin.Subrogation.Api
  [contributions]=Seomin.Contributions.Api [dormant-assets]=Seomin.DormantAssets.Api [counseling]=Seomin.Counseling.Api [gateway]=Seomin.Gateway)

# The processes of this AppHost only (their command line or working directory is under this worktree / data folder).
pids_of() {
  local what=$1 pid cmd cwd
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    cmd=$( { tr '\0' ' ' < /proc/$pid/cmdline; } 2>/dev/null) || continue
    cwd=$(readlink /proc/$pid/cwd 2>/dev/null || true)
    case "$what" in
      rabbitmq) if [[ $cmd == *beam.smp* && $cmd == *"$DATA"* ]]; then echo "$pid"; fi ;;
      postgres)
        # the postmaster: a postgres process started with -D under the data folder (its children have other titles)
        if [[ $cmd == *postgres*" -D "*"$DATA"* ]]; then echo "$pid"; fi ;;
      *)
        if [[ $cmd == *"${DLL[$what]}"* && $cmd != *"dotnet run"* && $cmd != *Tests* && $cmd != *MSBuild* && $cmd != *"dotnet build"* ]] \
          && [[ $cmd == *"$ROOT"* || $cwd == "$ROOT"* ]]; then echo "$pid"; fi ;;
    esac
  done
  return 0
}

healthy() {
  case "$1" in
    rabbitmq|broker-stop) curl -s -o /dev/null -w '%{http_code}' -m 3 http://127.0.0.1:5101/health | grep -q 200 ;;
    postgres) curl -s -o /dev/null -w '%{http_code}' -m 3 http://127.0.0.1:5101/health | grep -q 200 ;;
    gateway) curl -s -o /dev/null -w '%{http_code}' -m 3 http://127.0.0.1:8080/health | grep -q 200 ;;
    *) curl -s -o /dev/null -w '%{http_code}' -m 3 "http://127.0.0.1:${PORT[$1]}/health" | grep -q 200 ;;
  esac
}

echo "| fault | accepted (2xx) | lost | duplicated | time to recover | clients saw only 2xx/429/503/504 + Problem Details | reports agree |" >> "$SUMMARY"
echo "|---|---:|---:|---:|---:|---|---|" >> "$SUMMARY"

for fault in $FAULTS; do
  echo "== $fault ($(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg))"
  before=$WORK/$fault-before.json; accepted=$WORK/$fault-accepted.tsv; status=$WORK/$fault-status.json
  driver snapshot "$before"
  driver steady --minutes "$MINUTES" --rate "$RATE" --accepted "$accepted" --status "$status" > "$WORK/$fault-steady.log" 2>&1 &
  steady=$!
  sleep "$WARMUP"
  target=$fault; [[ $fault == broker-stop ]] && target=rabbitmq
  old=$(pids_of "$target" | tr '\n' ' ')
  if [[ -z $old ]]; then
    echo "  no process found for $target" | tee -a "$DETAILS"
    wait $steady || true
    continue
  fi
  t0=$(date +%s.%N)
  if [[ $fault == broker-stop ]]; then
    kill -STOP $old; sleep 60; kill -CONT $old
  else
    kill -KILL $old
  fi
  echo "  $( [[ $fault == broker-stop ]] && echo stopped 60 s || echo killed ) pid(s) $old"
  recovered=""
  for _ in $(seq 1 600); do
    now=$(pids_of "$target" | tr '\n' ' ')
    if [[ -n $now && ( $fault == broker-stop || $now != "$old" ) ]] && healthy "$fault"; then
      recovered=$(echo "$(date +%s.%N) - $t0" | bc); break
    fi
    sleep 1
  done
  echo "  recovered after ${recovered:-NOT within 600 s} s (pids now: $(pids_of "$target" | tr '\n' ' '))"
  wait $steady || true
  rc=0
  driver verify "$before" "$status" --accepted "$accepted" --settle 180 --report "$WORK/$fault-verify.md" > "$WORK/$fault-verify.log" 2>&1 || rc=$?
  acc=$(python3 -c "import json;print(json.load(open('$status'))['accepted'])")
  errs=$(python3 -c "import json;print(json.load(open('$status'))['clientErrors'])")
  # the effects table only (its rows name what was looked up in parentheses: "(GET)", "(ledger entries)", "(claim paid)", "(paid)")
  lost=$(grep -E '^\| [a-z ]+ \((GET|ledger entries|claim paid|paid)\) \|' "$WORK/$fault-verify.md" | awk -F'|' '{gsub(/[ ,]/,"",$5); s+=$5} END {print s+0}')
  dup=$(grep -E '^\| [a-z ]+ \((GET|ledger entries|claim paid|paid)\) \|' "$WORK/$fault-verify.md" | awk -F'|' '{gsub(/[ ,]/,"",$6); s+=$6} END {print s+0}')
  agree=$(grep -q '\*\*NO\*\*' "$WORK/$fault-verify.md" && echo "**no**" || echo yes)
  echo "| $fault | $acc | $lost | $dup | $([[ -n $recovered ]] && printf '%.1f s' "$recovered" || echo '**not recovered**') | $([[ $errs == 0 ]] && echo yes || echo "**no** ($errs)") | $agree |" >> "$SUMMARY"
  {
    echo; echo "### $fault"; echo
    echo "Fault at $(date -u -d @"${t0%.*}" +%T) UTC, load $(cut -d' ' -f1-3 /proc/loadavg); recovered after ${recovered:-not within 600} s; verify exit $rc."
    echo; cat "$WORK/$fault-verify.md"
    echo; echo '<details><summary>driver statuses</summary>'; echo; echo '```'
    python3 -c "import json;print(json.load(open('$status'))['tally'])"
    echo '```'; echo '</details>'
  } >> "$DETAILS"
  tail -3 "$WORK/$fault-verify.log"
done

{
  echo "# Fault suite under load (issue 18 item 2)"
  echo
  echo "\`bench/fault-suite.sh\` (driver: \`bench/Seomin.Bench.Platform\` \`steady\`, ${RATE}/s, ${MINUTES} min per fault) run on $(date -u +%F) against the AppHost"
  echo "from this worktree. Accepted = requests answered 2xx; lost/duplicated = accepted effects found 0 / more than 1 time"
  echo "(guarantees by GET, fee payments in the fee ledger, subrogation claims paid, dormant claims paid); time to recover ="
  echo "from the fault until the process is back (new pid) and its /health (for the servers: the guarantee service's) answers 200."
  echo
  cat "$SUMMARY"
  cat "$DETAILS"
} > "$OUT.new"
mv "$OUT.new" "$OUT"
echo "results: $OUT (work files in $WORK)"
