#!/usr/bin/env bash
# Figure 6 (issue 19): per-service memory at rest and under a short mixed load, for one runtime variant per run.
# For each variant it sets the GC mode in the built services' runtimeconfig.json (bin/Debug, as ./run.sh starts them),
# starts the AppHost on an empty data folder, waits until every service and the gateway answer /health, waits 60 s,
# samples at rest (bench/memory.sh), runs the platform driver's `steady` load (2 flows/s for 1.5 min) while sampling,
# samples once more after it, and stops the AppHost. Extra environment per variant is passed to every process
# (the AppHost's environment reaches the services). The runtimeconfig files are restored at the end.
# Needs: `dotnet build Seomin.AppHost` and the driver built in Release (docs/benchmarks/replay.md).
# Usage: bench/memory-variants.sh <driver.dll> "<name> <gcServer 0|1> <gcConcurrent 0|1> [ENV=VALUE ...]" ...
# e.g.   bench/memory-variants.sh /tmp/art/bin/Seomin.Bench.Platform/release/Seomin.Bench.Platform.dll \
#          "server 1 1" "workstation-nonconcurrent 0 0" "server-no-wx 1 1 DOTNET_EnableWriteXorExecute=0"
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
driver=$1; shift
configs=("$root"/services/*/Seomin.*.Api/bin/Debug/net10.0/Seomin.*.Api.runtimeconfig.json "$root"/gateway/Seomin.Gateway/bin/Debug/net10.0/Seomin.Gateway.runtimeconfig.json)
backup=$(mktemp -d)
for rc in "${configs[@]}"; do cp "$rc" "$backup/$(basename "$rc")"; done
restore() { for rc in "${configs[@]}"; do cp "$backup/$(basename "$rc")" "$rc"; done; }
trap restore EXIT
# shellcheck source=lib/apphost.sh
source "$root/bench/lib/apphost.sh"

for variant in "$@"; do
  read -r name server concurrent extra <<< "$variant"
  for rc in "${configs[@]}"; do
    python3 - "$rc" "$server" "$concurrent" <<'PY'
import json, sys
path, server, concurrent = sys.argv[1:]
doc = json.load(open(path))
props = doc["runtimeOptions"]["configProperties"]
props["System.GC.Server"] = server == "1"
props["System.GC.Concurrent"] = concurrent == "1"
json.dump(doc, open(path, "w"), indent=2)
PY
  done
  until apphost_ports_free; do sleep 1; done
  data=$(mktemp -d "/tmp/seomin-memory-$name-XXXXXX")
  echo "## $name (System.GC.Server=$server, System.GC.Concurrent=$concurrent${extra:+, $extra}); load average $(cut -d' ' -f1-3 /proc/loadavg)"
  # shellcheck disable=SC2086
  env ${extra:-} SEOMIN_DATA_DIR="$data" setsid dotnet run --project "$root/Seomin.AppHost" --no-build -c Debug --launch-profile http > "$data.log" 2>&1 &
  pid=$!
  start=$(date +%s)
  apphost_wait_healthy "$pid" "$data.log" 600
  echo "all healthy after $(($(date +%s) - start)) s"
  sleep 60
  "$root/bench/memory.sh" "$name, at rest" 10 2
  dotnet "$driver" steady --minutes 1.5 --rate 2 --concurrency 12 --root "$root" --data-dir "$data" --report /dev/null > "$data.load.txt" 2>&1 &
  load=$!
  sleep 20
  "$root/bench/memory.sh" "$name, under the steady load" 40 2
  wait "$load" || echo "driver exited with $? (see $data.load.txt)"
  "$root/bench/memory.sh" "$name, after the load" 5 2
  apphost_stop "$pid"
done
