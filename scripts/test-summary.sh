#!/usr/bin/env bash
# Prints one line "N passed, N failed, N skipped" summed over every TRX file in the given folder.
set -euo pipefail
dir="${1:-TestResults}"
passed=0 failed=0 skipped=0 total=0 files=0
while IFS= read -r -d '' trx; do
  files=$((files + 1))
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  t=$(get total); p=$(get passed); f=$(get failed); e=$(get error); to=$(get timeout); a=$(get aborted)
  passed=$((passed + p))
  failed=$((failed + f + e + to + a))
  skipped=$((skipped + t - p - f - e - to - a))
  total=$((total + t))
done < <(find "$dir" -name '*.trx' -print0 2>/dev/null)
if [ "$files" -eq 0 ]; then
  failed=1
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
