#!/usr/bin/env bash
# The benchmark of recording (issue #11): on a store of CLAIMS generated claims,
#   - one `claim status` (wall time of the whole command, five claims, median and worst);
#   - `claims --as-of DATE` against `claims --unconfirmed` (all rows as JSON, median of RUNS);
# and on fresh stores, importing IMPORT claims from CSV against loading the same claims as
# N-Triples (the edits graph the import wrote, exported).
#
# Usage: bench/record.sh [CLAIMS [IMPORT]]     (defaults: 1000000 100000)
# Writes the table to standard output and bench/results/RECORD-<date>.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$ROOT/bench/work/record"
CLAIMS="${1:-1000000}"
IMPORT="${2:-100000}"
RUNS="${RUNS:-3}"
EDITS="https://w3id.org/claimgraph/graph/edits"

log() { printf '==> %s\n' "$*" >&2; }

# REUSE=1 keeps a store of the same size from an earlier run (its load is then not timed).
if [ "${REUSE:-0}" != 1 ] || [ "$(cat "$WORK/size" 2> /dev/null)" != "$CLAIMS" ]; then
    rm -rf "$WORK"
fi
mkdir -p "$WORK"
built="$("$ROOT/scripts/build-release")"
cp "$built" "$WORK/claimgraph"
CG="$WORK/claimgraph"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (Debian: apt-get install time)" >&2; exit 1; }

# seconds and peak KiB of a command, as "S KIB"
timed() {
    /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" > "$WORK/out" 2> "$WORK/err" ||
        { cat "$WORK/err" >&2; exit 1; }
    cat "$WORK/time"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

STORE="$WORK/store"
if [ -d "$STORE" ]; then
    load_row="reused from an earlier run (REUSE=1)"
else
    log "generating and loading $CLAIMS claims"
    "$CG" generate --claims "$CLAIMS" -o "$WORK/kb.nt" 2> /dev/null
    load_time="$(timed "$CG" --store "$STORE" load --quiet "$WORK/kb.nt")"
    load_row="${load_time% *} s · ${load_time#* } KiB"
    rm -f "$WORK/kb.nt"
    echo "$CLAIMS" > "$WORK/size"
fi

log "claim status, five times"
"$CG" --store "$STORE" claims --limit 1 > /dev/null
status_times=()
for n in 11 222 3333 44444 555555; do
    claim="$("$CG" --store "$STORE" query -e "SELECT ?c WHERE { ?c a cg:Claim } LIMIT 1 OFFSET $((n % CLAIMS))" --format tsv | tail -1)"
    t="$(timed "$CG" --store "$STORE" claim status "$claim" refuted --source id:source-noonpost-2026-04-mali \
        --date 2026-12-01 --by id:claimgraph-editors --note 'benchmark')"
    status_times+=("${t%% *}")
done
status_median="$(printf '%s\n' "${status_times[@]}" | median)"
status_worst="$(printf '%s\n' "${status_times[@]}" | sort -n | tail -1)"
first_page="$(timed "$CG" --store "$STORE" claims --limit 50 --format json)"
grep -q '"claim"' "$WORK/out" || { echo "bench: no rows after the status changes" >&2; exit 1; }

log "claims --unconfirmed and claims --as-of"
unconfirmed=(); asof=()
for _ in $(seq "$RUNS"); do
    t="$(timed "$CG" --store "$STORE" claims --unconfirmed --format json)"; unconfirmed+=("${t%% *}")
    unconfirmed_rows="$(grep -c '"claim"' "$WORK/out" || true)"
    t="$(timed "$CG" --store "$STORE" claims --as-of 2024-06-30 --unconfirmed --format json)"; asof+=("${t%% *}")
    asof_rows="$(grep -c '"claim"' "$WORK/out" || true)"
done
unconfirmed_median="$(printf '%s\n' "${unconfirmed[@]}" | median)"
asof_median="$(printf '%s\n' "${asof[@]}" | median)"
log "importing $IMPORT claims from CSV, and loading them as N-Triples"
python3 "$ROOT/bench/record_csv.py" "$IMPORT" "$WORK/claims.csv"
import_time="$(timed "$CG" --store "$WORK/import" import "$WORK/claims.csv" --by id:claimgraph-editors)"
"$CG" --store "$WORK/import" export --graph "$EDITS" -o "$WORK/claims.nt" 2> /dev/null
triples="$(wc -l < "$WORK/claims.nt")"
"$CG" --store "$WORK/nt" stats > /dev/null 2>&1
nt_time="$(timed "$CG" --store "$WORK/nt" load --quiet "$WORK/claims.nt")"
rm -rf "$WORK/import" "$WORK/nt"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
report="$ROOT/bench/results/RECORD-$(date +%F).md"
{
    echo "# Recording benchmark, $(date +%F)"
    echo
    echo "\`bench/record.sh $CLAIMS $IMPORT\` on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), claimgraph $(git -C "$ROOT" rev-parse --short HEAD)."
    echo
    echo "| operation | measured | goal |"
    echo "|---|---|---|"
    echo "| load $CLAIMS generated claims (setup) | $load_row | — |"
    echo "| one \`claim status\` on that store, whole command (5 claims) | median ${status_median} s, worst ${status_worst} s | < 0.2 s |"
    echo "| first page after the changes (\`claims --limit 50\`) | ${first_page% *} s | — |"
    echo "| \`claims --unconfirmed\`, all rows ($unconfirmed_rows) | ${unconfirmed_median} s | — |"
    echo "| \`claims --as-of 2024-06-30 --unconfirmed\`, all rows ($asof_rows) | ${asof_median} s ($(ratio "$asof_median" "$unconfirmed_median")× the above) | ≤ 2× |"
    echo "| import $IMPORT claims from CSV ($triples triples) | ${import_time% *} s · ${import_time#* } KiB · $(awk -v n="$IMPORT" -v s="${import_time% *}" 'BEGIN { printf "%.0f", n / s }') claims/s | ≥ 0.5× the load below |"
    echo "| load the same claims as N-Triples | ${nt_time% *} s · $(awk -v n="$IMPORT" -v s="${nt_time% *}" 'BEGIN { printf "%.0f", n / s }') claims/s | — |"
    echo
    echo "Import throughput against the N-Triples load: $(ratio "${nt_time% *}" "${import_time% *}")×."
} | tee "$report"
