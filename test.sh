#!/usr/bin/env bash
# Sets up everything on a fresh machine, builds, and runs every test project in the solution against
# real PostgreSQL and RabbitMQ servers (started by the tests as private processes).
# Results (TRX, screenshots) go to TestResults/. Extra arguments go to `dotnet test` (e.g. --filter ...).
set -euo pipefail
source "$(dirname "$0")/scripts/setup.sh"
export SEOMIN_CONFIGURATION="${SEOMIN_CONFIGURATION:-Release}"
seomin_setup

results="$SEOMIN_ROOT/TestResults"
rm -rf "$results"
mkdir -p "$results"
export SEOMIN_SCREENSHOTS="$results/screenshots"
status=0
mapfile -t projects < <(dotnet sln Seomin.sln list | grep -E '^tests/.+\.Tests\.csproj$' | sort)

# Runs one test project with its own results folder (one TRX per project for the summary); its console output
# goes to console.log there and is printed whole when the project ends, so parallel projects do not interleave.
run_project() {
  local project="$1" name
  name="$(basename "$project" .csproj)"
  mkdir -p "$results/${name}"
  local started=$SECONDS code=0
  dotnet test "$project" --no-build -c "$SEOMIN_CONFIGURATION" --nologo \
    --logger "trx;LogFileName=${name}.trx" --results-directory "$results/${name}" \
    --blame-hang-timeout 8m "${test_args[@]}" >"$results/${name}/console.log" 2>&1 || code=$?
  {
    seomin_log "${name}: exit ${code} after $((SECONDS - started)) s"
    cat "$results/${name}/console.log"
  } | flock "$results/.print" cat
  return $code
}

test_args=("$@")
# The AppHost suite first and alone: it starts the whole platform (two of its tests a second one) on both cores.
# The other projects then run SEOMIN_TEST_JOBS at a time (default 2), the longest first, each with its own private
# PostgreSQL and RabbitMQ on free ports. The suite is CPU-bound on two cores, so two side by side gain ~10% (they
# overlap one project's waits with another's work), not half.
jobs="${SEOMIN_TEST_JOBS:-2}"
apphost=tests/Seomin.AppHost.Tests/Seomin.AppHost.Tests.csproj
longest_first=(Subrogation Identity Guarantee Messaging)
queue=()
for area in "${longest_first[@]}"; do
  queue+=("tests/Seomin.${area}.Tests/Seomin.${area}.Tests.csproj")
done
for project in "${projects[@]}"; do
  [[ "$project" == "$apphost" || " ${queue[*]} " == *" $project "* ]] || queue+=("$project")
done

seomin_log "testing $(basename "$apphost" .csproj)"
run_project "$apphost" || status=$?
seomin_log "testing ${#queue[@]} projects, ${jobs} at a time"
running=0
for project in "${queue[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || status=$?
    running=$((running - 1))
  fi
  run_project "$project" &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || status=$?
  running=$((running - 1))
done
"$SEOMIN_ROOT/scripts/test-summary.sh" "$results"
exit $status
