#!/usr/bin/env bash
# ReadyToRun copies of the platform's executables (the services, the token service, the gateway) for ./run.sh:
# `dotnet publish -c Release -r linux-x64 -p:PublishReadyToRun=true` of every project the AppHost starts, into
# artifacts/ready-to-run/<project>/. Our dependencies (EF Core, Npgsql, MassTransit, OpenTelemetry, OpenIddict) ship
# IL only, so without this each process JIT-compiles them at every start; precompiled, a cold start of the platform
# needs far fewer CPU-seconds (docs/benchmarks/apphost.md). The AppHost starts a copy only while it is at least as new
# as the project's Debug build (ProjectExtensions.RunBuiltExecutable), so a stale copy is never run.
# A project whose copy is no older than its Debug build is skipped; otherwise MSBuild's incremental build does the rest. Usage: scripts/ready-to-run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/artifacts/ready-to-run"
mapfile -t projects < <(grep -oE 'Include="\.\.\\(services|gateway)\\[^"]+\.csproj"' "$root/Seomin.AppHost/Seomin.AppHost.csproj" \
  | sed -E 's/^Include="\.\.\\//; s/"$//; s/\\/\//g')
for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  # Up to date when no assembly of the Debug build is newer than the copy's newest (the rule the AppHost applies).
  newest="$(ls -t "$out/$name"/*.dll 2>/dev/null | head -1 || true)"
  if [ -n "$newest" ] && [ -z "$(find "$root/$(dirname "$project")/bin/Debug/net10.0" -maxdepth 1 -name '*.dll' -newer "$newest" 2>/dev/null | head -1)" ]; then
    continue
  fi
  dotnet publish "$root/$project" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    --artifacts-path "$out/.build" -o "$out/.staging/$name" -nologo -v:q -clp:ErrorsOnly
  # Into place only when complete: a publish stopped halfway must not leave a copy the AppHost would start.
  rm -rf "$out/$name" && mv "$out/.staging/$name" "$out/$name"
done
