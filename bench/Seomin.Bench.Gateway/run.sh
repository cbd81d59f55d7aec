#!/usr/bin/env bash
# Gateway overhead: the same read (GET /api/guarantees/products) direct to the service and through the gateway,
# in one run, with wrk. Needs: wrk, a PostgreSQL for gatewaydb (GATEWAY_DB, a Npgsql connection string).
# Usage: GATEWAY_DB="Host=127.0.0.1;Port=5432;Username=postgres;Database=gatewaydb_bench" bench/Seomin.Bench.Gateway/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ART=${ART:-/tmp/art-gateway-bench}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
SERVICE_URL=http://127.0.0.1:18081
GATEWAY_URL=http://127.0.0.1:18080
: "${GATEWAY_DB:?set GATEWAY_DB to a Npgsql connection string of an existing database}"
mkdir -p bench/results

dotnet build bench/Seomin.Bench.Gateway/Seomin.Bench.Gateway.csproj -c Release --artifacts-path "$ART" -v q -nologo
dotnet build gateway/Seomin.Gateway/Seomin.Gateway.csproj -c Release --artifacts-path "$ART" -v q -nologo

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

ASPNETCORE_URLS=$SERVICE_URL dotnet "$ART/bin/Seomin.Bench.Gateway/release/Seomin.Bench.Gateway.dll" &
pids+=($!)
# exec, so the recorded pid is the gateway itself and the trap stops it.
(cd gateway/Seomin.Gateway && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$GATEWAY_URL \
  ConnectionStrings__gatewaydb="$GATEWAY_DB" services__guarantee__http__0=$SERVICE_URL \
  Logging__LogLevel__Default=Warning \
  exec dotnet "$ART/bin/Seomin.Gateway/release/Seomin.Gateway.dll") &
pids+=($!)

for url in $SERVICE_URL/alive $GATEWAY_URL/alive; do
  for _ in $(seq 1 100); do curl -sf "$url" >/dev/null && break; sleep 0.2; done
done

token() { curl -sf "$GATEWAY_URL/connect/token" -d grant_type=client_credentials -d client_id="$1" -d client_secret="$2" \
  | python3 -c 'import sys,json;print(json.load(sys.stdin)["access_token"])'; }
ADMIN=$(token dev-admin dev-admin-secret)
# A client whose quotas do not bound the benchmark.
SECRET=$(curl -sf "$GATEWAY_URL/admin/clients" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
  -d '{"clientId":"bench-'$$'","displayName":"Benchmark","clientType":"Internal","roles":["guarantee-officer"],"perSecondLimit":1000000,"perDayLimit":2000000000}' \
  | python3 -c 'import sys,json;print(json.load(sys.stdin)["clientSecret"])')
TOKEN=$(token "bench-$$" "$SECRET")

curl -sf "$SERVICE_URL/api/guarantees/products" >/dev/null
curl -sf "$GATEWAY_URL/api/guarantees/products" -H "Authorization: Bearer $TOKEN" >/dev/null

echo "== warm-up"
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$SERVICE_URL/api/guarantees/products" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $TOKEN" "$GATEWAY_URL/api/guarantees/products" >/dev/null
echo "== direct"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$SERVICE_URL/api/guarantees/products" | tee bench/results/gateway-direct.txt
echo "== through the gateway"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$GATEWAY_URL/api/guarantees/products" \
  | tee bench/results/gateway-proxied.txt
