#!/usr/bin/env bash
# Adds an EF Core migration to a service: scripts/add-migration.sh <Guarantee|Counseling|Subrogation> <MigrationName>
# A thin wrapper over the local tool (.config/dotnet-tools.json, dotnet-ef 10.0.15); the same as
#   dotnet tool restore && dotnet ef migrations add <Name> --project services/<Service>/Seomin.<Service>.Api --output-dir Data/Migrations
set -euo pipefail
service="${1:?service name, e.g. Guarantee}"
name="${2:?migration name}"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project "services/$service/Seomin.$service.Api" --output-dir Data/Migrations
