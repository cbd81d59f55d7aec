#!/usr/bin/env bash
# Adds an EF Core migration to a service: scripts/add-migration.sh <Guarantee|Counseling> <MigrationName>
# EF Core Design is referenced by path and not copied to the output (ADR 0001), so `dotnet ef` needs it
# placed next to the built service before it runs with --no-build.
set -euo pipefail
service="${1:?service name, e.g. Guarantee}"
name="${2:?migration name}"
root="$(cd "$(dirname "$0")/.." && pwd)"
project="$root/services/$service/Seomin.$service.Api"
cd "$root"
dotnet tool restore >/dev/null
dotnet build "$project" -c Debug -nologo -v:q
design="$(find "${NUGET_PACKAGES:-$HOME/.nuget/packages}/microsoft.entityframeworkcore.design/10.0.14/lib/net10.0" -name Microsoft.EntityFrameworkCore.Design.dll | head -n 1)"
cp "$design" "$project/bin/Debug/net10.0/"
dotnet ef migrations add "$name" --project "$project" --no-build --output-dir Data/Migrations
