#!/usr/bin/env bash
# Fault suite under load (issue 18 item 2, the part that does not fit CI): against the AppHost of this worktree
# (gateway on 127.0.0.1:8080, data in $SEOMIN_DATA_DIR; with --start the script starts it itself and stops it at the
# end), for each fault in turn:
#   1. snapshot every report and a reconciliation baseline (driver `snapshot`),
#   2. start the driver's `steady` mode in the background (accepted ids and a status file),
#   3. after a warm-up, inject the fault: SIGKILL of RabbitMQ's VM (beam.smp), of PostgreSQL (the postmaster), of each
#      service process, of one gateway replica or of both; or the broker stopped for 60 s (`rabbitmqctl stop_app`,
#      then `start_app`: the node closes every connection and stops listening, as a broker being stopped does, while
#      its VM stays up, so nothing restarts it — the clients must reconnect by themselves; SIGSTOP/SIGCONT of beam.smp
#      only when rabbitmqctl cannot reach the node, and the section says so),
#   4. wait for recovery without operator action (the AppHost restarts what crashed): the process is back with a new
#      pid (as many replicas as before) and the service's /health answers 200 — time to recover measured from the fault,
#   5. let the driver finish, then `verify`: every accepted effect exactly once (GET each guarantee, one fee payment
#      in its ledger, each subrogation claim paid, each dormant claim paid), the reports' change against the driver's
#      totals (the fund ledgers against Guarantee's own fee ledgers), the fund's postings per source type, a
#      reconciliation run (settled: in-flight differences allowed to land) with its new real differences listed and
#      counted, and the statuses the clients saw.
# Results accumulate in $RESULTS (a second call with other faults appends) and docs/fault-suite.md is generated from
# them (with the prose of $RESULTS/notes.md when present).
#
# usage: bench/fault-suite.sh [--start] [--minutes 2] [--rate 1] [--warmup 30]
#          [--faults "rabbitmq postgres guarantee subrogation contributions dormant-assets counseling identity gateway-one gateway broker-stop"]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DATA=${SEOMIN_DATA_DIR:-/tmp/faults-data}
RESULTS=${SEOMIN_FAULT_RESULTS:-/tmp/fault-suite-results}
MINUTES=2
RATE=1
WARMUP=30
START=""
FAULTS="rabbitmq postgres guarantee subrogation contributions dormant-assets counseling identity gateway-one gateway broker-stop"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --start) START=1; shift ;;
    --minutes) MINUTES=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --faults) FAULTS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done

ART=${SEOMIN_BENCH_ARTIFACTS:-/tmp/art-faults}
DRIVER_DLL=$ART/bin/Seomin.Bench.Platform/release/Seomin.Bench.Platform.dll
if [[ ! -f $DRIVER_DLL ]]; then
  dotnet build bench/Seomin.Bench.Platform -c Release --artifacts-path "$ART" -v q -nologo
fi
driver() { dotnet "$DRIVER_DLL" "$@" --root "$ROOT" --data-dir "$DATA"; }

WORK=$(mktemp -d /tmp/fault-suite.XXXXXX)
OUT=docs/fault-suite.md
mkdir -p "$RESULTS"
SUMMARY=$RESULTS/summary.md
DETAILS=$RESULTS/details.md
touch "$SUMMARY" "$DETAILS"

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
    gateway-one) curl -s -o /dev/null -w '%{http_code}' -m 3 http://127.0.0.1:8080/health | grep -q 200 ;;
    rabbitmq|broker-stop) curl -s -o /dev/null -w '%{http_code}' -m 3 http://127.0.0.1:5101/health | grep -q 200 ;;
    postgres) curl -s -o /dev/null -w '%{http_code}' -m 3 http://127.0.0.1:5101/health | grep -q 200 ;;
    gateway) curl -s -o /dev/null -w '%{http_code}' -m 3 http://127.0.0.1:8080/health | grep -q 200 ;;
    *) curl -s -o /dev/null -w '%{http_code}' -m 3 "http://127.0.0.1:${PORT[$1]}/health" | grep -q 200 ;;
  esac
}

all_healthy() {
  local port
  for port in 5100 5101 5102 5103 5104 5105 8080; do
    curl -s -o /dev/null -w '%{http_code}' -m 3 "http://127.0.0.1:$port/health" | grep -q 200 || return 1
  done
}

APPHOST=""
if [[ -n $START ]]; then
  if ss -ltn | grep -qE ':(8080|15432)\b'; then echo "an AppHost is already running (8080/15432 taken): not starting another" >&2; exit 69; fi
  echo "== starting the AppHost ($(date -u +%T), data $DATA)"
  SEOMIN_DATA_DIR=$DATA dotnet run --project Seomin.AppHost --no-build -c Debug --launch-profile http > "$WORK/apphost.log" 2>&1 &
  APPHOST=$!
  stop_apphost() {
    echo "== stopping the AppHost (pid $APPHOST)"
    kill -TERM "$APPHOST" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$APPHOST" 2>/dev/null || break; sleep 1; done
  }
  trap stop_apphost EXIT
  t=$(date +%s)
  until all_healthy; do
    if ! kill -0 "$APPHOST" 2>/dev/null; then echo "the AppHost ended:" >&2; tail -20 "$WORK/apphost.log" >&2; exit 70; fi
    if (( $(date +%s) - t > 600 )); then echo "the AppHost was not healthy within 600 s" >&2; exit 70; fi
    sleep 3
  done
  echo "  healthy after $(( $(date +%s) - t )) s (load $(cut -d' ' -f1-3 /proc/loadavg))"
fi

# The broker stopped cleanly for 60 s: rabbitmqctl as the node's own user with its HOME (cookie) and port mapper.
broker_ctl() {
  local pid=$1 verb=$2 envs home node epmd user
  envs=$(tr '\0' '\n' < /proc/$pid/environ)
  home=$(sed -n 's/^HOME=//p' <<< "$envs"); node=$(sed -n 's/^RABBITMQ_NODENAME=//p' <<< "$envs"); epmd=$(sed -n 's/^ERL_EPMD_PORT=//p' <<< "$envs")
  user=$(stat -c %U /proc/$pid)
  local ctl=/usr/lib/rabbitmq/lib/rabbitmq_server-3.10.8/sbin/rabbitmqctl
  timeout 60 setpriv --reuid="$user" --regid="$user" --init-groups env HOME="$home" ERL_EPMD_PORT="$epmd" "$ctl" -n "$node" "$verb"
}

for fault in $FAULTS; do
  echo "== $fault ($(date -u +%T), load $(cut -d' ' -f1-3 /proc/loadavg))"
  before=$WORK/$fault-before.json; accepted=$WORK/$fault-accepted.tsv; status=$WORK/$fault-status.json
  driver snapshot "$before"
  driver steady --minutes "$MINUTES" --rate "$RATE" --accepted "$accepted" --status "$status" > "$WORK/$fault-steady.log" 2>&1 &
  steady=$!
  sleep "$WARMUP"
  target=$fault; [[ $fault == broker-stop ]] && target=rabbitmq; [[ $fault == gateway-one ]] && target=gateway
  old=$(pids_of "$target" | tr '\n' ' ')
  if [[ -z $old ]]; then
    echo "  no process found for $target" | tee -a "$DETAILS"
    wait $steady || true
    continue
  fi
  replicas=$(wc -w <<< "$old")
  killed=$old; [[ $fault == gateway-one ]] && killed=$(cut -d' ' -f1 <<< "$old")
  t0=$(date +%s.%N)
  how=""
  if [[ $fault == broker-stop ]]; then
    if broker_ctl "${old%% *}" stop_app > "$WORK/broker-stop.log" 2>&1; then
      how="rabbitmqctl stop_app, 60 s, start_app"
      sleep 60
      broker_ctl "${old%% *}" start_app >> "$WORK/broker-stop.log" 2>&1 || { how="$how (start_app FAILED, see below)"; }
    else
      how="SIGSTOP of beam.smp, 60 s, SIGCONT (rabbitmqctl failed: $(tail -1 "$WORK/broker-stop.log"))"
      kill -STOP $old; sleep 60; kill -CONT $old
    fi
    killed=""
  else
    kill -KILL $killed
    how="SIGKILL of pid(s) $killed (of $replicas)"
  fi
  echo "  $how"
  recovered=""
  for _ in $(seq 1 600); do
    now=$(pids_of "$target" | tr '\n' ' ')
    back=1
    (( $(wc -w <<< "$now") >= replicas )) || back=""
    for k in $killed; do [[ " $now " == *" $k "* ]] && back=""; done
    if [[ -n $back ]] && healthy "$fault"; then
      recovered=$(echo "$(date +%s.%N) - $t0" | bc); break
    fi
    sleep 1
  done
  echo "  recovered after ${recovered:-NOT within 600 s} s (pids now: $(pids_of "$target" | tr '\n' ' '))"
  wait $steady || true
  rc=0
  driver verify "$before" "$status" --accepted "$accepted" --settle 180 --report "$WORK/$fault-verify.md" > "$WORK/$fault-verify.log" 2>&1 || rc=$?
  read -r acc thr una errs nores < <(python3 -c "import json;s=json.load(open('$status'));print(s['accepted'],s['throttled'],s['unavailable'],s['clientErrors'],s.get('noResponse',0))")
  # the effects table only (its rows name what was looked up in parentheses: "(GET)", "(ledger entries)", "(claim paid)", "(paid)")
  lost=$(grep -E '^\| [a-z ]+ \((GET|ledger entries|claim paid|paid)\) \|' "$WORK/$fault-verify.md" | awk -F'|' '{gsub(/[ ,]/,"",$5); s+=$5} END {print s+0}')
  dup=$(grep -E '^\| [a-z ]+ \((GET|ledger entries|claim paid|paid)\) \|' "$WORK/$fault-verify.md" | awk -F'|' '{gsub(/[ ,]/,"",$6); s+=$6} END {print s+0}')
  recon=$(sed -n 's/^reconciliation-real-differences: //p' "$WORK/$fault-verify.md")
  agree=$(grep -q '\*\*NO\*\*' "$WORK/$fault-verify.md" && echo "**no**" || echo yes)
  seen="2xx $acc, 429 $thr, 503/504 $una"; (( errs > 0 )) && seen="$seen, **other $errs**"; (( nores > 0 )) && seen="$seen, **no answer $nores**"
  echo "| $fault | $acc | $lost | $dup | $([[ -n $recovered ]] && printf '%.1f s' "$recovered" || echo '**not recovered**') | $seen | $([[ $errs == 0 && $nores == 0 ]] && echo yes || echo '**no**') | ${recon:-?} | $agree |" >> "$SUMMARY"
  {
    echo; echo "### $fault"; echo
    echo "$how at $(date -u -d @"${t0%.*}" +%T) UTC, load $(cut -d' ' -f1-3 /proc/loadavg); recovered after ${recovered:-not within 600} s; verify exit $rc."
    [[ $fault == broker-stop ]] && { echo; echo '```'; cat "$WORK/broker-stop.log"; echo '```'; }
    echo; cat "$WORK/$fault-verify.md"
    echo; echo '<details><summary>driver statuses</summary>'; echo; echo '```'
    python3 -c "import json;print(json.load(open('$status'))['tally'])"
    echo '```'; echo '</details>'
  } >> "$DETAILS"
  tail -3 "$WORK/$fault-verify.log"
done

NOTES=$RESULTS/notes.md
{
  echo "# Fault suite under load (issue 18 item 2)"
  echo
  echo "\`bench/fault-suite.sh\` (driver: \`bench/Seomin.Bench.Platform\` \`steady\`, ${RATE} unit/s, ${MINUTES} min per fault, fault after ${WARMUP} s) against the AppHost"
  echo "of this worktree, generated $(date -u '+%F %H:%M') UTC from $RESULTS. Accepted = requests answered 2xx; lost/duplicated = accepted effects"
  echo "found 0 / more than 1 time (guarantees by GET, fee payments in the fee ledger, subrogation claims paid, dormant claims"
  echo "paid); time to recover = from the fault until the process is back (new pid, as many replicas as before) and its /health"
  echo "(for the servers: the guarantee service's) answers 200; reconciliation = real differences of a settled run for today"
  echo "that were not in the baseline run taken before the fault."
  echo
  echo "| fault | accepted (2xx) | lost | duplicated | time to recover | statuses seen | only 2xx/429/503/504 + Problem Details | reconciliation: real differences | reports agree |"
  echo "|---|---:|---:|---:|---:|---|---|---:|---|"
  cat "$SUMMARY"
  [[ -f $NOTES ]] && { echo; cat "$NOTES"; }
  echo; echo "## Each fault"
  cat "$DETAILS"
} > "$OUT.new"
mv "$OUT.new" "$OUT"
echo "results: $OUT (work files in $WORK)"
