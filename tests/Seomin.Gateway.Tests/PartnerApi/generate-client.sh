#!/usr/bin/env bash
# Regenerates the partner API client (Kiota, .config/dotnet-tools.json) from the committed copy of the published
# partner document. Run after PartnerContractTests was run with SEOMIN_UPDATE_PARTNER_CONTRACT=1, and commit both.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/../../.."
dotnet tool restore >/dev/null
export KIOTA_TUTORIAL_ENABLED=false KIOTA_OFFLINE_ENABLED=true
dotnet kiota generate --language CSharp --openapi "$here/partner.json" --output "$here/Client" \
  --class-name PartnerApiClient --namespace-name Seomin.Gateway.Tests.PartnerApi.Client \
  --clean-output --exclude-backward-compatible --log-level Warning
# Kiota's lock file names the machine's absolute paths; the committed copy keeps only what reproduces the client.
rm -f "$here/Client/kiota-lock.json"
