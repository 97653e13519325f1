#!/usr/bin/env bash
# Syncs an employer CSV, as Excel saves it, into MatchApi and prints the report.
#
#   MATCHAPI_KEY=mk_... ./sync-employers.sh arbetsgivare.csv [source] [upsert|mirror] [--dry-run]
#
#   source     the system the list comes from (default: register); letters, digits, . _ ~ -
#   mirror     also deactivates this source's employers that the file leaves out
#   --dry-run  reports what would change and writes nothing
#
# Environment:
#   MATCHAPI_KEY      an API key with the employers:write scope (required)
#   MATCHAPI_URL      the service (default http://localhost:5080)
#   MATCHAPI_CHARSET  windows-1252 for a file saved as "CSV (semikolonavgränsad)"; leave unset for "CSV UTF-8"
#
# A retry is safe: the Idempotency-Key is the SHA-256 of the file's content (with source and mode), so
# sending the same file again within 24 hours gets the first answer and writes nothing twice. Network
# errors, 429 and 5xx are retried with back-off; any other answer is final.
set -euo pipefail

usage() { sed -n '2,8p' "$0" >&2; exit 2; }
file=${1:-}; source=${2:-register}; mode=${3:-upsert}; dry_run=false
[[ -n $file && -r $file ]] || usage
[[ $source =~ ^[A-Za-z0-9._~-]{1,100}$ ]] || { echo "source must be letters, digits, . _ ~ or -" >&2; exit 2; }
[[ $mode == upsert || $mode == mirror ]] || usage
[[ ${4:-} == --dry-run ]] && dry_run=true
: "${MATCHAPI_KEY:?Set MATCHAPI_KEY to an API key with the employers:write scope}"

url="${MATCHAPI_URL:-http://localhost:5080}/v1/employers/sync?source=${source}&mode=${mode}&dryRun=${dry_run}"
content_type="text/csv"
[[ -n ${MATCHAPI_CHARSET:-} ]] && content_type="text/csv; charset=${MATCHAPI_CHARSET}"
# One key per file content: the same file is applied at most once, a changed file is a new request.
key=$( { sha256sum < "$file" | cut -d' ' -f1; echo "${source} ${mode}"; } | sha256sum | cut -d' ' -f1)

body=$(mktemp); headers=$(mktemp)
trap 'rm -f "$body" "$headers"' EXIT
show() { if command -v jq >/dev/null 2>&1; then jq "$@" < "$body"; else cat "$body"; echo; fi; }

for attempt in 1 2 3 4 5 6; do
  status=$(curl --silent --show-error --output "$body" --dump-header "$headers" --write-out '%{http_code}' \
    --connect-timeout 10 --max-time 900 \
    -H "X-Api-Key: ${MATCHAPI_KEY}" -H "Idempotency-Key: ${key}" -H "Content-Type: ${content_type}" \
    --data-binary "@${file}" "$url") || status=000
  case $status in
    200)
      grep -qi '^Idempotent-Replayed: true' "$headers" && echo "This file was synced before (within 24 h): the first answer, nothing written now." >&2
      show '{source, mode, dryRun, received, created, updated, unchanged, deactivated}'
      exit 0 ;;
    000|429|5??)
      [[ $attempt -eq 6 ]] && break
      delay=$(( 2 ** attempt ))
      echo "Attempt ${attempt} failed (HTTP ${status}); retrying in ${delay} s with the same Idempotency-Key." >&2
      sleep "$delay" ;;
    *)
      echo "MatchApi answered HTTP ${status}; nothing was written." >&2
      show '{title, detail, invalidRows: (.invalidRows // [] | .[:50])}' >&2
      exit 1 ;;
  esac
done
echo "Giving up after ${attempt} attempts; sending the same file again later is safe." >&2
exit 1
