#!/usr/bin/env bash
# The side-by-side benchmark: claimgraph against the official oxigraph CLI (and rdflib) on the
# same synthetic knowledge bases, in the same run, on the same machine.
#
# Usage: bench/run.sh [--quick] [SIZE...]
#
#   SIZE     numbers of claims to generate (default: 10000 100000 1000000)
#   --quick  sizes 2000 and 10000, to try the script in a few minutes
#
# For each size it generates a knowledge base (N-Triples, seed 1) into bench/work/ and
# measures, each tool on the same file:
#   - load into a fresh persistent store: wall time, triples/s, peak RSS;
#   - the unconfirmed-claims report (all rows, then the 50 oldest) against bench/unconfirmed.rq;
#   - the named query queries/unconfirmed-claims.rq;
#   - export to N-Triples and to Turtle;
#   - rdflib (parse, then bench/unconfirmed.rq) for sizes up to RDFLIB_MAX_CLAIMS.
# then the cold start of `claimgraph claims --unconfirmed` on the shipped knowledge base.
# oxigraph runs twice over: with the file in the same named graph as claimgraph keeps it
# (queries over the union of graphs), and as a plain `oxigraph load` into the default graph.
# Times are medians of RUNS runs (loads of LARGE_CLAIMS claims or more: LARGE_LOAD_RUNS).
# A query still running after QUERY_TIMEOUT seconds is stopped and recorded as "> limit".
# The table goes to standard output, bench/results/RESULTS-<date>.md and bench/results/latest.md.
#
# Environment:
#   RUNS=3  LARGE_LOAD_RUNS=1  LARGE_RUNS=1 (named query, exports)  LARGE_CLAIMS=1000000  COLD_RUNS=10  RDFLIB_MAX_CLAIMS=100000
#   QUERY_TIMEOUT=300  seconds a report or query may run before it is stopped (0: no limit)
#   KEEP_WORK=1    keep the stores and exports in bench/work/ (they are deleted per size)
#   OXIGRAPH=path  the oxigraph CLI to use (default: oxigraph on PATH, else cargo install it)

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
WORK="$BENCH/work"
RESULTS="$BENCH/results"
RUNS="${RUNS:-3}"
LARGE_LOAD_RUNS="${LARGE_LOAD_RUNS:-1}"
LARGE_RUNS="${LARGE_RUNS:-1}"
LARGE_CLAIMS="${LARGE_CLAIMS:-1000000}"
COLD_RUNS="${COLD_RUNS:-10}"
RDFLIB_MAX_CLAIMS="${RDFLIB_MAX_CLAIMS:-100000}"
QUERY_TIMEOUT="${QUERY_TIMEOUT:-300}"
KEEP_WORK="${KEEP_WORK:-0}"

log() { printf '==> %s\n' "$*" >&2; }
die() {
    printf 'bench: error: %s\n' "$*" >&2
    exit 1
}

usage() {
    sed -n '2,/^$/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# Arguments.
SIZES=()
QUICK=0
for arg in "$@"; do
    case "$arg" in
        --quick) QUICK=1 ;;
        -h | --help)
            usage
            exit 0
            ;;
        *[!0-9]* | '') die "not a number of claims: '$arg' (see --help)" ;;
        *) SIZES+=("$arg") ;;
    esac
done
if [ "${#SIZES[@]}" -eq 0 ]; then
    if [ "$QUICK" -eq 1 ]; then
        SIZES=(2000 10000)
    else
        SIZES=(10000 100000 1000000)
    fi
fi

# Tools.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo > /dev/null; then
        sudo "$@"
    else
        return 1
    fi
}

apt_install() {
    command -v apt-get > /dev/null || return 1
    log "installing $* with apt-get"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_time() {
    if [ ! -x /usr/bin/time ]; then
        apt_install time || die "/usr/bin/time is missing: install the 'time' package"
    fi
    /usr/bin/time -f '%M' true 2> /dev/null || die "/usr/bin/time does not take -f (GNU time is needed)"
}

build_claimgraph() {
    command -v cargo > /dev/null || die "cargo is missing: install Rust from https://rustup.rs"
    log "building claimgraph (release)"
    # build-release runs scripts/bootstrap first: libclang for RocksDB's bindings (the oxigraph
    # CLI needs it too) and the pinned Python tools, rdflib among them.
    local built
    built="$("$ROOT/scripts/build-release")" || die "scripts/build-release failed"
    [ -x "$built" ] || die "no binary at $built"
    # Measure a copy, so that a rebuild during the run cannot swap the binary under it.
    mkdir -p "$WORK/bin"
    cp "$built" "$WORK/bin/claimgraph"
    CG="$WORK/bin/claimgraph"
}

ensure_oxigraph() {
    OX="${OXIGRAPH:-}"
    if [ -z "$OX" ]; then
        OX="$(command -v oxigraph || true)"
    fi
    if [ -z "$OX" ] && [ -x "${CARGO_HOME:-$HOME/.cargo}/bin/oxigraph" ]; then
        OX="${CARGO_HOME:-$HOME/.cargo}/bin/oxigraph"
    fi
    if [ -z "$OX" ]; then
        # scripts/bootstrap (in build_claimgraph) has installed the libclang RocksDB needs.
        log "installing the oxigraph CLI (cargo install oxigraph-cli --locked; this compiles RocksDB, about 10 minutes)"
        cargo install oxigraph-cli --locked || die "cargo install oxigraph-cli failed"
        OX="${CARGO_HOME:-$HOME/.cargo}/bin/oxigraph"
    fi
    [ -x "$OX" ] || die "no oxigraph CLI at $OX"
}

# Measurement. Each row of $RAW: size, operation, tool, run, seconds, peak RSS (KiB), triples,
# and "stopped" when the run was stopped at the time limit.
RAW=""
record() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$RAW"
}

# (size/operation/tool) that hit the time limit once: their further runs are skipped.
declare -A STOPPED=()

# measure [--limit SECONDS] SIZE OPERATION TOOL RUN TRIPLES STDOUT -- COMMAND...
# Runs COMMAND once under GNU time, with its standard output to STDOUT; records wall time and
# peak RSS. With --limit, a command still running after SECONDS is stopped and recorded as
# such. Any other failure stops the benchmark with the command's error output.
measure() {
    local limit=0
    if [ "$1" = --limit ]; then
        limit="$2"
        shift 2
    fi
    local size="$1" op="$2" tool="$3" run="$4" triples="$5" stdout="$6"
    shift 7
    local key="$size/$op/$tool"
    if [ -n "${STOPPED[$key]:-}" ]; then
        printf '    %-26s %-16s run %s: skipped (run 1 hit the %s s limit)\n' "$op" "$tool" "$run" "$limit" >&2
        return 0
    fi
    local command=("$@")
    if [ "$limit" -gt 0 ]; then
        command=(timeout "$limit" "$@")
    fi
    local start end status=0
    start="$(date +%s%N)"
    /usr/bin/time -f '%M' -o "$WORK/.rss" "${command[@]}" > "$stdout" 2> "$WORK/.stderr" || status=$?
    end="$(date +%s%N)"
    local seconds rss stopped=""
    seconds="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')"
    rss="$(tail -n 1 "$WORK/.rss")"
    case "$rss" in *[!0-9]* | '') rss="" ;; esac
    if [ "$status" -eq 124 ] && [ "$limit" -gt 0 ]; then
        stopped=stopped
        STOPPED[$key]=1
    elif [ "$status" -ne 0 ]; then
        cat "$WORK/.stderr" >&2
        die "$tool failed ($op, $size claims, exit status $status): $*"
    fi
    record "$size" "$op" "$tool" "$run" "$seconds" "$rss" "$triples" "$stopped"
    printf '    %-26s %-16s run %s: %8.3f s  %8s KiB %s\n' "$op" "$tool" "$run" "$seconds" "$rss" "$stopped" >&2
}

# The number of result rows in a JSON file (SPARQL results or claimgraph's array), or nothing
# when the file is empty (a run stopped at the time limit).
json_rows() {
    [ -s "$1" ] || return 0
    python3 -c '
import json, sys
data = json.load(open(sys.argv[1]))
print(len(data["results"]["bindings"]) if isinstance(data, dict) else len(data))
' "$1"
}

# Where run RUN of TOOL's report writes its rows: the first run's are kept for the check.
rows_file() {
    if [ "$1" -eq 1 ]; then echo "$WORK/.rows-$2.json"; else echo /dev/null; fi
}

# Fresh stores holding the shipped knowledge base (the ontology, whose cg:Unconfirmed the
# report reads, and the Mali data): claimgraph seeds every new store with it; the oxigraph
# stores get the same files, in claimgraph's graph names or in the default graph. Untimed.
seed_stores() {
    local cg_store="$1" ox_store="$2" oxd_store="$3"
    rm -rf "$cg_store" "$ox_store" "$oxd_store"
    "$CG" --store "$cg_store" stats > /dev/null 2> "$WORK/.stderr" ||
        { cat "$WORK/.stderr" >&2; die "claimgraph could not create the store $cg_store"; }
    local file
    for file in "${SHIPPED_FILES[@]}"; do
        "$OX" load --location "$ox_store" --file "$file" \
            --graph "https://w3id.org/claimgraph/graph/${file#"$ROOT"/}" 2> "$WORK/.stderr" ||
            { cat "$WORK/.stderr" >&2; die "oxigraph load of $file failed"; }
        "$OX" load --location "$oxd_store" --file "$file" 2> "$WORK/.stderr" ||
            { cat "$WORK/.stderr" >&2; die "oxigraph load of $file failed"; }
    done
}

bench_size() {
    local n="$1"
    local kb="$WORK/kb-$n.nt" cg_store="$WORK/cg-$n" ox_store="$WORK/ox-$n" oxd_store="$WORK/oxd-$n"
    # claimgraph keeps each file in a named graph of its own (its file:// IRI). The "oxigraph"
    # peer loads the file into the same graph, so both stores hold the same quads and build
    # the same six indexes, and queries run over the union of the graphs. "oxigraph-default"
    # is a plain `oxigraph load` into the default graph (three indexes), queried as such.
    local graph="file://$kb"
    log "$n claims"

    # Generate.
    local start end
    start="$(date +%s%N)"
    "$CG" generate --claims "$n" --seed 1 -o "$kb" 2> "$WORK/.generate" ||
        { cat "$WORK/.generate" >&2; die "claimgraph generate failed"; }
    end="$(date +%s%N)"
    local triples
    triples="$(sed -n 's/.* in \([0-9]*\) triples.*/\1/p' "$WORK/.generate")"
    [ -n "$triples" ] || die "cannot read the triple count from: $(cat "$WORK/.generate")"
    record "$n" "generate" "claimgraph" 1 \
        "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')" "" "$triples" ""
    printf '%s\t%s\t%s\n' "$n" "$triples" "$(stat -c %s "$kb")" >> "$SIZES_TSV"
    log "generated $triples triples ($(du -h "$kb" | cut -f1))"

    # Load, each run into fresh stores.
    local load_runs="$RUNS"
    if [ "$n" -ge "$LARGE_CLAIMS" ]; then
        load_runs="$LARGE_LOAD_RUNS"
    fi
    for run in $(seq 1 "$load_runs"); do
        seed_stores "$cg_store" "$ox_store" "$oxd_store"
        measure "$n" load claimgraph "$run" "$triples" /dev/null -- \
            "$CG" --store "$cg_store" load --quiet "$kb"
        measure "$n" load oxigraph "$run" "$triples" /dev/null -- \
            "$OX" load --location "$ox_store" --file "$kb" --graph "$graph"
        measure "$n" load oxigraph-default "$run" "$triples" /dev/null -- \
            "$OX" load --location "$oxd_store" --file "$kb"
    done

    # oxigraph advises `optimize` (a full compaction) before read-heavy work, and at a million
    # claims its queries need it; timed, but apart from the load. claimgraph's load compacts its
    # store itself, so the report adds the two to compare stores ready for reads.
    measure "$n" optimize oxigraph 1 "$triples" /dev/null -- "$OX" optimize --location "$ox_store"
    measure "$n" optimize oxigraph-default 1 "$triples" /dev/null -- "$OX" optimize --location "$oxd_store"

    { cat "$BENCH/unconfirmed.rq"; echo 'LIMIT 50'; } > "$WORK/unconfirmed-50.rq"
    local ox_union=("$OX" query --union-default-graph --location "$ox_store" --results-format json)
    local ox_default=("$OX" query --location "$oxd_store" --results-format json)
    local limit=(--limit "$QUERY_TIMEOUT")
    # At the largest sizes the report (the figure the goals are about) keeps RUNS runs; the
    # named query and the exports, minutes each, run LARGE_RUNS times. The first run's rows
    # are kept to check, untimed, that the tools found the same unconfirmed claims.
    local other_runs="$RUNS"
    if [ "$n" -ge "$LARGE_CLAIMS" ]; then
        other_runs="$LARGE_RUNS"
    fi
    rm -f "$WORK"/.rows-*.json
    for run in $(seq 1 "$RUNS"); do
        measure "${limit[@]}" "$n" report claimgraph "$run" "$triples" "$(rows_file "$run" claimgraph)" -- \
            "$CG" --store "$cg_store" claims --unconfirmed --format json
        measure "${limit[@]}" "$n" report oxigraph "$run" "$triples" "$(rows_file "$run" oxigraph)" -- \
            "${ox_union[@]}" --query-file "$BENCH/unconfirmed.rq"
        measure "${limit[@]}" "$n" report oxigraph-default "$run" "$triples" "$(rows_file "$run" oxigraph-default)" -- \
            "${ox_default[@]}" --query-file "$BENCH/unconfirmed.rq"
        measure "${limit[@]}" "$n" report-50 claimgraph "$run" "$triples" /dev/null -- \
            "$CG" --store "$cg_store" claims --unconfirmed --format json --limit 50
        measure "${limit[@]}" "$n" report-50 oxigraph "$run" "$triples" /dev/null -- \
            "${ox_union[@]}" --query-file "$WORK/unconfirmed-50.rq"
        measure "${limit[@]}" "$n" report-50 oxigraph-default "$run" "$triples" /dev/null -- \
            "${ox_default[@]}" --query-file "$WORK/unconfirmed-50.rq"
    done
    printf '%s\t%s\t%s\t%s\n' "$n" "$(json_rows "$WORK/.rows-claimgraph.json")" \
        "$(json_rows "$WORK/.rows-oxigraph.json")" \
        "$(json_rows "$WORK/.rows-oxigraph-default.json")" >> "$ROWS_TSV"

    for run in $(seq 1 "$other_runs"); do
        measure "${limit[@]}" "$n" named-query claimgraph "$run" "$triples" /dev/null -- \
            "$CG" --store "$cg_store" query unconfirmed-claims --format json
        measure "${limit[@]}" "$n" named-query oxigraph "$run" "$triples" /dev/null -- \
            "${ox_union[@]}" --query-file "$ROOT/queries/unconfirmed-claims.rq"
        measure "${limit[@]}" "$n" named-query oxigraph-default "$run" "$triples" /dev/null -- \
            "${ox_default[@]}" --query-file "$ROOT/queries/unconfirmed-claims.rq"
        measure "$n" export-nt claimgraph "$run" "$triples" /dev/null -- \
            "$CG" --store "$cg_store" export -o "$WORK/cg-$n.nt"
        measure "$n" export-nt oxigraph "$run" "$triples" /dev/null -- \
            "$OX" dump --location "$ox_store" --graph "$graph" --file "$WORK/ox-$n.nt"
        measure "$n" export-ttl claimgraph "$run" "$triples" /dev/null -- \
            "$CG" --store "$cg_store" export -o "$WORK/cg-$n.ttl"
        measure "$n" export-ttl oxigraph "$run" "$triples" /dev/null -- \
            "$OX" dump --location "$ox_store" --graph "$graph" --file "$WORK/ox-$n.ttl"
        rm -f "$WORK/cg-$n.nt" "$WORK/ox-$n.nt" "$WORK/cg-$n.ttl" "$WORK/ox-$n.ttl"
    done

    # rdflib: parse once, then the report query RUNS times, in one process.
    if [ "$n" -le "$RDFLIB_MAX_CLAIMS" ]; then
        log "rdflib on $n claims (parse, then $RUNS queries)"
        measure "$n" rdflib-process rdflib 1 "$triples" "$WORK/.rdflib.json" -- \
            python3 "$BENCH/rdflib_query.py" "$BENCH/unconfirmed.rq" "$RUNS" "$kb" "${SHIPPED_FILES[@]}"
        python3 - "$WORK/.rdflib.json" "$n" "$triples" >> "$RAW" << 'EOF'
import json, sys
data = json.load(open(sys.argv[1]))
n, triples = sys.argv[2], sys.argv[3]
print(f"{n}\tload\trdflib\t1\t{data['parse_seconds']:.4f}\t\t{triples}\t")
for run, seconds in enumerate(data["query_seconds"], 1):
    print(f"{n}\treport\trdflib\t{run}\t{seconds:.4f}\t\t{triples}\t")
EOF
    fi

    if [ "$KEEP_WORK" != 1 ]; then
        rm -rf "$cg_store" "$ox_store" "$oxd_store"
    fi
}

bench_cold_start() {
    log "cold start on the shipped knowledge base ($COLD_RUNS runs)"
    local cg_store="$WORK/cg-shipped" ox_store="$WORK/ox-shipped" oxd_store="$WORK/oxd-shipped"
    seed_stores "$cg_store" "$ox_store" "$oxd_store"
    for run in $(seq 1 "$COLD_RUNS"); do
        measure shipped cold-start claimgraph "$run" "" /dev/null -- \
            "$CG" --store "$cg_store" claims --unconfirmed
        measure shipped cold-start oxigraph "$run" "" /dev/null -- \
            "$OX" query --union-default-graph --location "$ox_store" --query-file "$BENCH/unconfirmed.rq" --results-format json
        measure shipped cold-start oxigraph-default "$run" "" /dev/null -- \
            "$OX" query --location "$oxd_store" --query-file "$BENCH/unconfirmed.rq" --results-format json
    done
    if [ "$KEEP_WORK" != 1 ]; then
        rm -rf "$cg_store" "$ox_store" "$oxd_store"
    fi
}

machine_info() {
    local cpu mem
    cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
    mem="$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    {
        printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
        printf 'cpu\t%s\n' "${cpu:-unknown}"
        printf 'nproc\t%s\n' "$(nproc)"
        printf 'memory\t%s\n' "$mem"
        printf 'os\t%s\n' "$(uname -sr)"
        printf 'claimgraph\t%s (%s)\n' "$("$CG" --version)" \
            "$(git -C "$ROOT" describe --always --dirty 2> /dev/null || echo 'no git')"
        printf 'oxigraph\t%s\n' "$("$OX" --version)"
        printf 'rdflib\t%s (Python %s)\n' "$(python3 -c 'import rdflib; print(rdflib.__version__)')" \
            "$(python3 -c 'import platform; print(platform.python_version())')"
        printf 'runs\t%s\n' "$RUNS"
        printf 'large_load_runs\t%s\n' "$LARGE_LOAD_RUNS"
        printf 'large_runs\t%s\n' "$LARGE_RUNS"
        printf 'large_claims\t%s\n' "$LARGE_CLAIMS"
        printf 'cold_runs\t%s\n' "$COLD_RUNS"
        printf 'query_timeout\t%s\n' "$QUERY_TIMEOUT"
        printf 'sizes\t%s\n' "${SIZES[*]}"
        printf 'loadavg_start\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
    } > "$META_TSV"
}

main() {
    mkdir -p "$WORK" "$RESULTS"
    SHIPPED_FILES=("$ROOT/ontology/claimgraph.ttl" "$ROOT"/data/*.ttl)
    ensure_time
    build_claimgraph
    ensure_oxigraph

    local stamp
    stamp="$(date -u +%Y%m%d-%H%M%S)"
    RAW="$WORK/raw-$stamp.tsv"
    SIZES_TSV="$WORK/sizes-$stamp.tsv"
    ROWS_TSV="$WORK/rows-$stamp.tsv"
    META_TSV="$WORK/meta-$stamp.tsv"
    : > "$RAW"
    : > "$SIZES_TSV"
    : > "$ROWS_TSV"
    machine_info
    log "claimgraph: $CG; oxigraph: $OX; sizes: ${SIZES[*]}; results: $RAW"

    for n in "${SIZES[@]}"; do
        bench_size "$n"
    done
    bench_cold_start
    printf 'loadavg_end\t%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$META_TSV"

    write_report
    cat "$REPORT"
    log "written to ${REPORT#"$ROOT"/} and bench/results/latest.md"
}

# Writes the table of what was measured; pass --partial when the run did not finish.
REPORT=""
REPORTED=0
write_report() {
    REPORT="$RESULTS/RESULTS-$(date -u +%Y-%m-%d).md"
    python3 "$BENCH/report.py" --raw "$RAW" --sizes "$SIZES_TSV" --rows "$ROWS_TSV" \
        --meta "$META_TSV" "$@" > "$REPORT.tmp"
    mv "$REPORT.tmp" "$REPORT"
    cp "$REPORT" "$RESULTS/latest.md"
    cp "$RAW" "$RESULTS/raw-latest.tsv"
    REPORTED=1
}

# When the run fails or is interrupted, keep the table of what was measured so far.
on_exit() {
    local status=$?
    if [ "$status" -ne 0 ] && [ "$REPORTED" -eq 0 ] && [ -n "$RAW" ] && [ -s "$RAW" ]; then
        log "the run stopped (exit status $status): writing the partial results"
        if write_report --partial; then
            log "partial results in ${REPORT#"$ROOT"/} and bench/results/latest.md"
        fi
    fi
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

main
