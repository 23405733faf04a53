#!/usr/bin/env bash
# The remote-store benchmark: `claimgraph push` (the Graph Store Protocol, over HTTP) against
# each engine's own bulk loader on the same file, and `claimgraph claims --unconfirmed
# --endpoint` against the equivalent SPARQL sent with curl to the same engine, for Virtuoso
# and Oxigraph server, in one run on one machine.
#
# Usage: bench/remote.sh           (CLAIMS claims, default 100000; reruns reuse bench/work/)
#
# Why: a claimgraph store is meant to be published to the triple store a team already runs,
# and its report run against that store. Pushing should not cost much more than the engine's
# own loader (goal: the native load takes at least 0.8x the time of the push, i.e. the push
# is at most 1.25x slower), and the report on a remote store should cost about what the
# same SPARQL costs when sent by hand (goal: at most 1.2x curl's time). What it measures,
# for each size in CLAIMS:
#   1. It generates the knowledge base (`claimgraph generate --claims N --seed 1`, N-Triples)
#      into bench/work/kb-N.nt unless it is there, and loads it, once, into a claimgraph
#      store (bench/work/remote-cg-N; reused while bench/work/remote-cg-N.loaded says it
#      holds this very file). The file's graph there is file://FILE; only that graph is
#      loaded and pushed below (the shipped ontology and data are pushed, untimed, before the
#      report only), so that both sides load the same triples.
#   2. Virtuoso (virtuoso-t and isql-vt from Debian's virtuoso-opensource-7), on loopback
#      ports, each time on a fresh database (bench/work/remote-virt-*) with the same
#      virtuoso.ini (the script writes it: buffers sized by VIRT_BUFFERS/VIRT_DIRTY, results
#      capped at 10000 rows as Debian ships it, no query time limit):
#      a. native: `ld_dir(bench/work, kb-N.virtuoso.nt, file://FILE); rdf_loader_run();
#         checkpoint;` where kb-N.virtuoso.nt is kb-N.nt with its WKT geometries' default
#         coordinate system left unnamed, as push sends them (Virtuoso refuses it named);
#         through isql-vt (the bulk loader runs without the transaction log, hence the
#         checkpoint that makes the load durable);
#      b. claimgraph: `push --quiet FILE --endpoint http://127.0.0.1:PORT/sparql` (the same
#         graph file://FILE; push leaves the default coordinate system unnamed itself) as dba (CLAIMGRAPH_USER/CLAIMGRAPH_PASSWORD; Virtuoso's /sparql-graph-crud-auth
#         asks for Digest). Its writes are in the transaction log, so durable without a
#         checkpoint; one is run afterwards, untimed, and its time recorded.
#      c. claimgraph, fetched: the same push with `--fetch-from 127.0.0.1:0`, on a fresh
#         database, run before b (whose database the report uses): Virtuoso fetches each
#         request from claimgraph (SPARQL LOAD) and loads it without its transaction log,
#         as its bulk loader does; a checkpoint afterwards, untimed, makes it durable, and
#         its time is recorded.
#      Each is timed wall clock from the start of the command to its exit, on a server that
#      is up and idle; the graph is then counted with SPARQL over curl.
#   3. Oxigraph (the `oxigraph` CLI of the PyPI package, as bench/serve.sh uses):
#      a. native: `oxigraph load --location FRESH --file kb-N.nt --graph file://FILE`, then a
#         COUNT with `oxigraph query` (untimed);
#      b. claimgraph: `oxigraph serve` on a fresh directory, the same push to
#         http://127.0.0.1:PORT/query, then a COUNT over curl.
#   4. For sizes up to REPORT_MAX_CLAIMS, on the stores of 2b and 3b (the shipped ontology and
#      data pushed to them first, untimed, for the ontology's status scheme), the median of
#      REPORT_RUNS runs each of
#        claimgraph --store bench/work/remote-cg-N claims --unconfirmed --format json --endpoint URL
#        curl -X POST --data-urlencode query@bench/unconfirmed.rq (Accept: SPARQL JSON results;
#             on Oxigraph with the form field union-default-graph, since the data are in
#             named graphs; Virtuoso's default graph is already the union of all graphs)
#      with the rows of each answer. Virtuoso cuts a SELECT at ResultSetMaxRows (10000) rows
#      and sorts no further than that (MaxSortedTopRows): there curl reads the whole answer
#      in pages as Virtuoso's documentation pages past them, the ordered query as a subquery,
#      `SELECT * WHERE { { QUERY } } OFFSET k LIMIT 10000`, until a page comes short; its
#      time is that of all the pages (claimgraph pages past the cap its own way).
#   5. It writes the table and the machine to bench/results/REMOTE-<date>.md and prints it.
#      A load, push or report that fails does not stop the run: the table says "failed" and
#      the command with its output goes to the file's Failures section. Servers it started
#      are stopped on exit, whatever happens.
#
# Environment:
#   CLAIMS="100000"   sizes, space-separated ("100000 1000000")
#   LOAD_RUNS=1       loads per tool and engine, each on a fresh store (median)
#   REPORT_RUNS=3  REPORT_MAX_CLAIMS=100000
#   CHUNK=N           passed to `push --chunk` (default: claimgraph's own default, recorded)
#   PUSH_FROM=file    push the file (the issue's "on the same file"); PUSH_FROM=store pushes
#                     its graph from the claimgraph store instead, which decodes every term
#                     out of RocksDB first (about 13 us a triple: slower than the file)
#   VIRT_BUFFERS=340000  VIRT_DIRTY=250000  (Virtuoso's NumberOfBuffers and MaxDirtyBuffers,
#                     8 KiB each: 340000/250000 is OpenLink's advice for about 4 GiB)
#   PORT_VIRT_HTTP=17891  PORT_VIRT_SQL=17892  PORT_OX=17893
#   CLAIMGRAPH=path   (default target/release/claimgraph; the script never builds it)
#   OXIGRAPH=path     (default oxigraph on PATH, else the PyPI package oxigraph==0.5.13, a
#                     prebuilt CLI, installed into bench/work/oxigraph-venv)
#   ENGINES="virtuoso oxigraph"  the engines to measure
#   KEEP_WORK=1       keep the engines' databases in bench/work/ (deleted per size otherwise)
#   RESULTS_SUFFIX=S  write bench/results/REMOTE-<date>-S.md (to keep another run of the day)

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
WORK="$BENCH/work"
RESULTS="$BENCH/results"
CLAIMS="${CLAIMS:-100000}"
LOAD_RUNS="${LOAD_RUNS:-1}"
REPORT_RUNS="${REPORT_RUNS:-3}"
REPORT_MAX_CLAIMS="${REPORT_MAX_CLAIMS:-100000}"
CHUNK="${CHUNK:-}"
PUSH_FROM="${PUSH_FROM:-file}"
case "$PUSH_FROM" in file | store) ;; *) echo "PUSH_FROM must be file or store" >&2; exit 2 ;; esac
VIRT_BUFFERS="${VIRT_BUFFERS:-340000}"
VIRT_DIRTY="${VIRT_DIRTY:-250000}"
PORT_VIRT_HTTP="${PORT_VIRT_HTTP:-17891}"
PORT_VIRT_SQL="${PORT_VIRT_SQL:-17892}"
PORT_OX="${PORT_OX:-17893}"
ENGINES="${ENGINES:-virtuoso oxigraph}"
KEEP_WORK="${KEEP_WORK:-0}"
OX_VERSION=0.5.13
# Virtuoso's cut of every SELECT answer (ResultSetMaxRows, as Debian ships it), which is also
# its default MaxSortedTopRows: an ORDER BY may not sort past OFFSET + LIMIT = this.
VIRT_MAX_ROWS=10000
SPARQL_JSON=application/sparql-results+json
# Virtuoso's administrator, as a fresh database has it; only ever on loopback.
VIRT_USER=dba
VIRT_PASSWORD=dba

log() { printf '==> %s\n' "$*" >&2; }
die() {
    printf 'bench: error: %s\n' "$*" >&2
    exit 1
}
# Seconds since START (from date +%s%N).
seconds_since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }
# The median of the numbers given as arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

case "${1:-}" in
    -h | --help)
        sed -n '2,/^$/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    '') ;;
    *) die "no arguments expected (settings come from the environment; see --help)" ;;
esac
for n in $CLAIMS; do
    case "$n" in *[!0-9]*) die "CLAIMS: not a number of claims: '$n'" ;; esac
done
[ -n "${CLAIMS// /}" ] || die "CLAIMS is empty"
for engine in $ENGINES; do
    case "$engine" in virtuoso | oxigraph) ;; *) die "ENGINES: unknown engine '$engine' (virtuoso, oxigraph)" ;; esac
done
# claimgraph would take these from the environment for every command below.
unset CLAIMGRAPH_ENDPOINT CLAIMGRAPH_USER CLAIMGRAPH_PASSWORD CLAIMGRAPH_TOKEN

# ------------------------------------------------------------------------------------ tools

ensure_tools() {
    CG="${CLAIMGRAPH:-$ROOT/target/release/claimgraph}"
    [ -x "$CG" ] || die "no claimgraph binary at $CG: build it first (cargo build --release --locked)"
    "$CG" push --help > /dev/null 2>&1 || die "$CG has no push command (an older build?)"
    CHUNK_DEFAULT="$("$CG" push --help | tr -s ' \n' ' ' | grep -o -e '--chunk <TRIPLES>[^[]*\[default: [^]]*\]' | head -n 1 | sed 's/.*\[default: \(.*\)\]/\1/')"

    OX="${OXIGRAPH:-$(command -v oxigraph || true)}"
    if [ -z "$OX" ] && [ -x "$WORK/oxigraph-venv/bin/oxigraph" ]; then
        OX="$WORK/oxigraph-venv/bin/oxigraph"
    fi
    if [ -z "$OX" ]; then
        # The PyPI package `oxigraph` ships the CLI prebuilt (pyoxigraph is the Python binding).
        log "installing the oxigraph CLI $OX_VERSION from PyPI into bench/work/oxigraph-venv"
        python3 -m venv "$WORK/oxigraph-venv"
        "$WORK/oxigraph-venv/bin/pip" install -q "oxigraph==$OX_VERSION" || die "pip install oxigraph failed"
        OX="$WORK/oxigraph-venv/bin/oxigraph"
    fi
    [ -x "$OX" ] || die "no oxigraph CLI at $OX"
    case "$("$OX" --version)" in
        *" $OX_VERSION") ;;
        *) log "warning: $("$OX" --version) at $OX, not $OX_VERSION" ;;
    esac

    if [[ " $ENGINES " == *" virtuoso "* ]]; then
        if ! command -v virtuoso-t > /dev/null || ! command -v isql-vt > /dev/null; then
            die "virtuoso-t or isql-vt is missing: apt-get install virtuoso-opensource-7-bin (or ENGINES=oxigraph)"
        fi
    fi
    command -v curl > /dev/null || die "curl is missing"
}

# ------------------------------------------------------------------------------------- data

# prepare_size N: the file, the local store, the graph's IRI and triples; sets KB, CG_STORE,
# GRAPH, TRIPLES and SHIPPED (the store's other graphs: the shipped ontology and data).
prepare_size() {
    local n="$1"
    KB="$WORK/kb-$n.nt"
    CG_STORE="$WORK/remote-cg-$n"
    local kb_tmp="$WORK/kb-$n.partial.nt" # written, then renamed: a stopped run leaves no half file as KB
    if [ ! -s "$KB" ]; then
        log "generating $n claims into ${KB#"$ROOT"/}"
        "$CG" generate --claims "$n" --seed 1 -o "$kb_tmp" 2> "$WORK/.remote-generate" ||
            { cat "$WORK/.remote-generate" >&2; die "claimgraph generate failed"; }
        mv "$kb_tmp" "$KB"
    else
        log "reusing ${KB#"$ROOT"/}"
    fi
    case "$KB" in *"'"*) die "the path $KB has a quote in it, which the isql command below cannot take" ;; esac

    local key
    key="$(stat -c '%s %Y' "$KB") $("$CG" --version)"
    if [ "$(cat "$CG_STORE.loaded" 2> /dev/null)" != "$key" ]; then
        log "loading into the claimgraph store ${CG_STORE#"$ROOT"/}"
        rm -rf "$CG_STORE" "$CG_STORE.loaded"
        "$CG" --store "$CG_STORE" stats > /dev/null
        "$CG" --store "$CG_STORE" load --quiet "$KB" > /dev/null
        echo "$key" > "$CG_STORE.loaded"
    else
        log "reusing the claimgraph store ${CG_STORE#"$ROOT"/}"
    fi

    # The file's graph, as claimgraph named it, and the other graphs.
    "$CG" --store "$CG_STORE" stats --format json > "$WORK/remote-stats-$n.json"
    local graphs
    graphs="$(python3 -c '
import json, sys
graphs = json.load(open(sys.argv[1]))["graphs"]
name = "/" + sys.argv[2]
mine = [g for g in graphs if g.startswith("file://") and g.endswith(name)]
if len(mine) != 1:
    sys.exit(f"expected one graph file://...{name} in the store, found {mine}")
print(mine[0], graphs[mine[0]])
for g in sorted(graphs):
    if g != mine[0]:
        print(g)
' "$WORK/remote-stats-$n.json" "kb-$n.nt")" || die "no graph for kb-$n.nt in ${CG_STORE#"$ROOT"/}"
    read -r GRAPH TRIPLES <<< "$(head -n 1 <<< "$graphs")"
    mapfile -t SHIPPED < <(tail -n +2 <<< "$graphs")
    log "graph <$GRAPH>: $TRIPLES triples; ${#SHIPPED[@]} shipped graphs besides"
}

# ---------------------------------------------------------------------------------- servers

PIDS=()
stop_servers() {
    local pid
    for pid in "${PIDS[@]}"; do
        if kill -0 "$pid" 2> /dev/null; then
            kill "$pid" 2> /dev/null || true
            wait "$pid" 2> /dev/null || true
        fi
    done
    PIDS=()
}
trap stop_servers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_free() { ! (: < "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }

# start_server NAME URL COMMAND...: starts COMMAND in the background, its output to
# bench/work/NAME.log, and polls URL until it answers 2xx (at most 180 s); sets SERVER_PID
# and READY_SECONDS.
start_server() {
    local name="$1" url="$2"
    shift 2
    local start
    start="$(date +%s%N)"
    "$@" > "$WORK/$name.log" 2>&1 &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    while :; do
        if curl -sf -o /dev/null --max-time 5 "$url"; then
            READY_SECONDS="$(seconds_since "$start")"
            log "$name ready after $READY_SECONDS s (pid $SERVER_PID)"
            return 0
        fi
        kill -0 "$SERVER_PID" 2> /dev/null || { tail -n 30 "$WORK/$name.log" >&2; die "$name exited before it was ready"; }
        [ "$(( $(date +%s%N) - start ))" -lt 180000000000 ] ||
            die "$name did not answer $url within 180 s (log: bench/work/$name.log)"
        sleep 0.2
    done
}

stop_server() {
    local pid="$1" rest=() p
    kill "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
    for p in "${PIDS[@]}"; do [ "$p" = "$pid" ] || rest+=("$p"); done
    PIDS=("${rest[@]}")
}

# wait_idle PID: returns once the process used less than 5% of a core over a second (a fresh
# Virtuoso database finishes its own setup after it first answers).
wait_idle() {
    local pid="$1" before after waited=0 ticks
    ticks="$(getconf CLK_TCK)"
    before="$(awk '{ print $14 + $15 }' "/proc/$pid/stat")"
    while :; do
        sleep 1
        waited=$((waited + 1))
        after="$(awk '{ print $14 + $15 }' "/proc/$pid/stat")"
        if [ $((after - before)) -le $((ticks / 20)) ]; then
            [ "$waited" -gt 1 ] && log "  (waited $waited s for pid $pid to be idle)"
            return 0
        fi
        before="$after"
        [ "$waited" -lt 600 ] || die "pid $pid still busy after 600 s"
    done
}

# sparql_post URL OUT CURL_ARGS...: POSTs a query form to URL, the answer to OUT; prints the
# HTTP status. Response headers go to OUT.headers.
sparql_post() {
    local url="$1" out="$2"
    shift 2
    curl -sS -o "$out" -D "$out.headers" -w '%{http_code}' -X POST -H "Accept: $SPARQL_JSON" --max-time 3600 "$@" "$url"
}

# rows FILE: the rows of a SPARQL JSON answer or of claimgraph's JSON array; -1 if not JSON.
rows() {
    python3 -c '
import json, sys
try:
    data = json.load(open(sys.argv[1]))
except ValueError:
    print(-1); sys.exit()
print(len(data["results"]["bindings"]) if isinstance(data, dict) else len(data))
' "$1"
}

# remote_count URL [CURL_ARGS...]: the triples of GRAPH on the SPARQL endpoint URL.
remote_count() {
    local url="$1" out="$WORK/remote-count.json" status
    shift
    status="$(sparql_post "$url" "$out" --data-urlencode "query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH <$GRAPH> { ?s ?p ?o } }" "$@")" ||
        die "COUNT on $url: curl failed"
    [ "$status" = 200 ] || { head -c 500 "$out" >&2; die "COUNT on $url answered $status"; }
    python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"]["bindings"][0]["n"]["value"])' "$out"
}

# ------------------------------------------------------------------------------ measurement

# One row per measurement: claims, engine, kind (load, report), claimgraph s, native s,
# claimgraph count, native count, claimgraph error, native error, note.
RESULTS_TSV="$WORK/remote-results.tsv"
NOTES="$WORK/remote-notes.txt"
COMMANDS="$WORK/remote-commands.txt"
FAILURES="$WORK/remote-failures.txt" # the exact command and its output, for each failure

record() {
    local field line=""
    for field in "$@"; do line+="${line:+$'\t'}$(printf '%s' "$field" | tr '\t\n\r' '   ')"; done
    printf '%s\n' "$line" >> "$RESULTS_TSV"
}

# one_line FILE: the file's text on one line, at most 300 characters.
one_line() { tr '\t\n\r' '   ' < "$1" | sed 's/  */ /g; s/^ //; s/ $//' | cut -c1-300; }

# failed COMMAND_TEXT OUTPUT_FILE: keeps a failure for the results file.
failed() {
    {
        echo "\$ $1"
        cat "$2"
        echo
    } >> "$FAILURES"
}

# time_push LOG URL [ENV...]: pushes KB (or, with PUSH_FROM=store, GRAPH from the local
# store) to URL, timed, with the arguments in PUSH_EXTRA too; sets PUSH_SECONDS, or
# PUSH_ERROR and returns 1 when claimgraph fails.
PUSH_EXTRA=()
time_push() {
    local log="$1" url="$2"
    shift 2
    local cmd=("$CG" --store "$CG_STORE" push --quiet --endpoint "$url")
    if [ "$PUSH_FROM" = store ]; then cmd+=(--graph "$GRAPH"); else cmd+=("$KB"); fi
    [ -z "$CHUNK" ] || cmd+=(--chunk "$CHUNK")
    cmd+=("${PUSH_EXTRA[@]}")
    local start rc=0
    start="$(date +%s%N)"
    env "$@" "${cmd[@]}" > "$log" 2> "$log.err" || rc=$?
    PUSH_SECONDS="$(seconds_since "$start")"
    sed 's/^/    /' "$log" >&2
    [ ! -s "$log.err" ] || sed 's/^/    stderr: /' "$log.err" >&2
    if [ "$rc" != 0 ]; then
        PUSH_ERROR="exit $rc after $PUSH_SECONDS s: $(one_line "$log.err")"
        failed "$* ${cmd[*]}" "$log.err"
        log "  claimgraph push failed: $PUSH_ERROR"
        return 1
    fi
}

# push_what: what time_push sends, as its command line names it.
push_what() {
    if [ "$PUSH_FROM" = store ]; then echo "--graph $GRAPH"; else echo "bench/work/kb-$n.nt"; fi
}

# push_shipped URL [ENV...]: the store's other graphs (ontology, shipped data), untimed; sets
# PUSH_ERROR and returns 1 when claimgraph fails.
push_shipped() {
    local url="$1"
    shift
    local cmd=("$CG" --store "$CG_STORE" push --quiet) g out="$WORK/remote-push-shipped.txt"
    for g in "${SHIPPED[@]}"; do cmd+=(--graph "$g"); done
    [ "${#SHIPPED[@]}" -gt 0 ] || return 0
    cmd+=(--endpoint "$url")
    if ! env "$@" "${cmd[@]}" > "$out" 2> "$out.err"; then
        PUSH_ERROR="push of the shipped graphs failed: $(one_line "$out.err")"
        failed "$* ${cmd[*]}" "$out.err"
        log "  $PUSH_ERROR"
        return 1
    fi
    log "pushed the shipped graphs: $(tail -n 1 "$out")"
}

# curl_paged URL OUT CURL_ARGS...: bench/unconfirmed.rq, whole, from an engine that cuts every
# answer at VIRT_MAX_ROWS rows and refuses to sort past that many (Virtuoso's ResultSetMaxRows
# and MaxSortedTopRows): the ordered query as a subquery, read in pages of that many rows with
# OFFSET and LIMIT until a page comes short, as Virtuoso's documentation pages past its limits.
# The pages go to OUT.page-K (the last one to OUT too); sets status (the first one not 200, else
# 200), CURL_ROWS and CURL_PAGES.
curl_paged() {
    local url="$1" out="$2" prefixes body offset=0 page_rows
    shift 2
    prefixes="$(grep '^PREFIX' "$BENCH/unconfirmed.rq")"
    body="$(grep -v -e '^PREFIX' -e '^#' "$BENCH/unconfirmed.rq")"
    CURL_ROWS=0
    CURL_PAGES=0
    while :; do
        status="$(sparql_post "$url" "$out.page-$CURL_PAGES" --data-urlencode \
            "query=$prefixes SELECT * WHERE { { $body } } OFFSET $offset LIMIT $VIRT_MAX_ROWS" "$@")" || status="curl failed"
        cp "$out.page-$CURL_PAGES" "$out"
        cp "$out.page-$CURL_PAGES.headers" "$out.headers"
        [ "$status" = 200 ] || return 1
        # The rows of a page, without parsing it: each binding of ?claim opens with its name.
        page_rows="$(grep -o '"claim": *{' "$out" | wc -l)"
        CURL_ROWS=$((CURL_ROWS + page_rows))
        CURL_PAGES=$((CURL_PAGES + 1))
        [ "$page_rows" -ge "$VIRT_MAX_ROWS" ] || return 0
        offset=$((offset + VIRT_MAX_ROWS))
    done
}

# report N ENGINE URL [CURL_ARGS...]: REPORT_RUNS runs each of claimgraph's report and of the
# SPARQL through curl; records a report row.
report() {
    local n="$1" engine="$2" url="$3"
    shift 3
    local cg_times=() curl_times=() i start status rc cg_error="" curl_error=""
    local cg_out="$WORK/remote-report-$engine-claimgraph.json" curl_out="$WORK/remote-report-$engine-curl.json"
    local cmd=("$CG" --store "$CG_STORE" claims --unconfirmed --format json --endpoint "$url")
    for i in $(seq 1 "$REPORT_RUNS"); do
        if [ -z "$cg_error" ]; then
            start="$(date +%s%N)"
            rc=0
            "${cmd[@]}" > "$cg_out" 2> "$cg_out.err" || rc=$?
            cg_times+=("$(seconds_since "$start")")
            if [ "$rc" != 0 ]; then
                cg_error="exit $rc after ${cg_times[-1]} s: $(one_line "$cg_out.err")"
                failed "${cmd[*]}" "$cg_out.err"
                log "  claimgraph's report failed: $cg_error"
            fi
        fi
        if [ -z "$curl_error" ]; then
            start="$(date +%s%N)"
            if [ "$engine" = virtuoso ]; then
                curl_paged "$url" "$curl_out" "$@" || true
            else
                status="$(sparql_post "$url" "$curl_out" --data-urlencode "query@$BENCH/unconfirmed.rq" "$@")" || status="curl failed"
                CURL_ROWS=""
            fi
            curl_times+=("$(seconds_since "$start")")
            if [ "$status" != 200 ]; then
                curl_error="HTTP $status: $(head -c 300 "$curl_out" | tr '\n' ' ')"
                log "  unconfirmed.rq through curl failed: $curl_error"
            fi
        fi
        log "  run $i: claimgraph ${cg_times[-1]:-?} s, curl ${curl_times[-1]:-?} s"
    done
    local cg_rows=0 curl_rows=0 note=""
    [ -n "$cg_error" ] || cg_rows="$(rows "$cg_out")"
    [ -n "$curl_error" ] || curl_rows="${CURL_ROWS:-$(rows "$curl_out")}"
    if [ -z "$curl_error" ] && [ "$engine" = virtuoso ]; then
        note="curl read the answer in $CURL_PAGES pages of at most $VIRT_MAX_ROWS rows"
    fi
    if [ -z "$cg_error$curl_error" ] && [ "$cg_rows" != "$curl_rows" ]; then
        note="${note:+$note; }row counts differ"
    fi
    if [ -z "$curl_error" ] && grep -qi '^X-SQL-State\|^X-SPARQL-MaxRows' "$curl_out.headers"; then
        note="${note:+$note; }curl's answer headers: $(grep -i '^X-SQL-State\|^X-SPARQL-MaxRows' "$curl_out.headers" | tr -d '\r' | paste -sd ' ')"
    fi
    [ -n "$cg_error" ] || [ "$cg_rows" -gt 0 ] || note="${note:+$note; }claimgraph's report has no rows"
    [ -n "$curl_error" ] || [ "$curl_rows" -gt 0 ] || note="${note:+$note; }curl's answer has no rows"
    local cg_s curl_s
    cg_s="$(median "${cg_times[@]}")"
    curl_s="$(median "${curl_times[@]}")"
    record "$n" "$engine" report "$cg_s" "$curl_s" "$cg_rows" "$curl_rows" "$cg_error" "$curl_error" "$note"
    log "report on $engine: claimgraph $cg_s s ($cg_rows rows), curl $curl_s s ($curl_rows rows)${note:+ ($note)}"
}

# ----------------------------------------------------------------------------------- Virtuoso

# virtuoso_start DIR NAME: a fresh database in DIR, with the same ini every time; sets VIRT_PID.
virtuoso_start() {
    local dir="$1" name="$2"
    rm -rf "$dir"
    mkdir -p "$dir/db" "$dir/vsp"
    if ! port_free "$PORT_VIRT_HTTP" || ! port_free "$PORT_VIRT_SQL"; then
        die "something listens on 127.0.0.1:$PORT_VIRT_HTTP or :$PORT_VIRT_SQL (set PORT_VIRT_HTTP, PORT_VIRT_SQL)"
    fi
    cat > "$dir/virtuoso.ini" << EOF
[Database]
DatabaseFile       = $dir/db/virtuoso.db
ErrorLogFile       = $dir/db/virtuoso.log
LockFile           = $dir/db/virtuoso.lck
TransactionFile    = $dir/db/virtuoso.trx
xa_persistent_file = $dir/db/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile    = $dir/db/virtuoso-temp.db
TransactionFile = $dir/db/virtuoso-temp.trx
Striping        = 0

[Parameters]
ServerPort           = 127.0.0.1:$PORT_VIRT_SQL
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = ., $dir, $WORK
NumberOfBuffers      = $VIRT_BUFFERS
MaxDirtyBuffers      = $VIRT_DIRTY
MaxQueryMem          = 2G
ThreadsPerQuery      = $(nproc)

[HTTPServer]
ServerPort           = 127.0.0.1:$PORT_VIRT_HTTP
ServerRoot           = $dir/vsp
MaxClientConnections = 10
ServerThreads        = 10
MaxKeepAlives        = 10
KeepAliveTimeout     = 10
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
ResultSetMaxRows           = $VIRT_MAX_ROWS
MaxQueryCostEstimationTime = 36000
MaxQueryExecutionTime      = 0
DeferInferenceRulesInit    = 0
EOF
    start_server "$name" "http://127.0.0.1:$PORT_VIRT_HTTP/sparql?query=ASK%7B%7D" \
        virtuoso-t -f -c "$dir/virtuoso.ini"
    VIRT_PID="$SERVER_PID"
    # Lets the anonymous SPARQL user write too (claimgraph logs in as dba, so this is only for
    # a by-hand look); a second grant would answer "already has role": harmless.
    isql_vt 'GRANT SPARQL_UPDATE TO "SPARQL";' > /dev/null 2>&1 || true
    wait_idle "$VIRT_PID"
}

# isql-vt exits 0 whatever happens: errors are lines "*** Error" on standard error.
isql_vt() { isql-vt "127.0.0.1:$PORT_VIRT_SQL" "$VIRT_USER" "$VIRT_PASSWORD" "$@"; }
isql_quiet() { isql_vt VERBOSE=OFF BANNER=OFF PROMPT=OFF ECHO=OFF ERRORS=STDOUT exec="$1"; }

virtuoso_done() {
    stop_server "$VIRT_PID"
    [ "$KEEP_WORK" = 1 ] || rm -rf "$1"
}

# virtuoso_push LOG LABEL [PUSH_ARGS...]: time_push into the Virtuoso running on the ports,
# as dba, then counts the graph and times a checkpoint (untimed in the ratio: it makes what was
# loaded without the transaction log durable); sets PUSH_SECONDS, PUSH_COUNT and
# PUSH_CHECKPOINT, or PUSH_SECONDS, PUSH_COUNT and PUSH_ERROR and returns 1.
virtuoso_push() {
    local log="$1" label="$2" url="http://127.0.0.1:$PORT_VIRT_HTTP/sparql" start rc=0
    shift 2
    PUSH_EXTRA=("$@")
    time_push "$log" "$url" CLAIMGRAPH_USER="$VIRT_USER" CLAIMGRAPH_PASSWORD="$VIRT_PASSWORD" || rc=1
    PUSH_EXTRA=()
    PUSH_COUNT="$(remote_count "$url")"
    [ "$rc" = 0 ] || return 1
    start="$(date +%s%N)"
    isql_vt exec='checkpoint;' > /dev/null 2>&1
    PUSH_CHECKPOINT="$(seconds_since "$start")"
    log "  $label: $PUSH_SECONDS s; $PUSH_COUNT triples in the graph; checkpoint after it: $PUSH_CHECKPOINT s"
}

bench_virtuoso() {
    local n="$1" url="http://127.0.0.1:$PORT_VIRT_HTTP/sparql" dir run start
    local native_times=() cg_times=() checkpoints=() native_count=0 cg_count=0 native_error="" cg_error=""
    local fetch_times=() fetch_checkpoints=() fetch_count=0 fetch_error=""
    local auth=(CLAIMGRAPH_USER="$VIRT_USER" CLAIMGRAPH_PASSWORD="$VIRT_PASSWORD")
    # Virtuoso refuses a WKT literal that names its coordinate system (RDFGE), even the
    # default CRS84 of GeoSPARQL; push sends such geometries unnamed (the same geometry by
    # GeoSPARQL's definition), and the native loader is given the same triples.
    local virt_file="kb-$n.virtuoso.nt"
    if [ ! "$WORK/$virt_file" -nt "$WORK/kb-$n.nt" ]; then
        sed 's|"<http://www.opengis.net/def/crs/OGC/1.3/CRS84> |"|' "$WORK/kb-$n.nt" > "$WORK/$virt_file"
    fi
    local sql="ld_dir('$WORK', '$virt_file', '$GRAPH'); rdf_loader_run(); checkpoint;"
    local isql_out="$WORK/remote-virt-isql.txt"
    {
        echo "# $n claims, Virtuoso (fresh database, bench/work/remote-virt-*/virtuoso.ini, each run)"
        echo "isql-vt 127.0.0.1:$PORT_VIRT_SQL dba dba exec=\"$sql\""
        echo "CLAIMGRAPH_USER=dba CLAIMGRAPH_PASSWORD=dba claimgraph --store bench/work/remote-cg-$n push --quiet $(push_what)${CHUNK:+ --chunk $CHUNK} --endpoint $url"
        echo "CLAIMGRAPH_USER=dba CLAIMGRAPH_PASSWORD=dba claimgraph --store bench/work/remote-cg-$n push --quiet $(push_what)${CHUNK:+ --chunk $CHUNK} --endpoint $url --fetch-from 127.0.0.1:0"
    } >> "$COMMANDS"
    for run in $(seq 1 "$LOAD_RUNS"); do
        dir="$WORK/remote-virt-native"
        log "Virtuoso, native bulk load, run $run: fresh database in ${dir#"$ROOT"/}"
        virtuoso_start "$dir" remote-virt-native
        start="$(date +%s%N)"
        isql_vt exec="$sql" > "$isql_out" 2>&1
        native_times+=("$(seconds_since "$start")")
        # The bulk loader notes a file it could not load in its list, and goes on.
        isql_quiet 'SELECT ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;' >> "$isql_out" 2>&1
        native_count="$(remote_count "$url")"
        log "  ld_dir + rdf_loader_run + checkpoint: ${native_times[-1]} s; $native_count triples in the graph"
        if grep -q '\*\*\* Error\|^[0-9A-Z]\{5\} ' "$isql_out"; then
            native_error="$(grep '\*\*\* Error\|^[0-9A-Z]\{5\} ' "$isql_out" | head -n 3 | tr '\n' ' ' | cut -c1-300)"
            failed "isql-vt 127.0.0.1:$PORT_VIRT_SQL dba dba exec=\"$sql\"" "$isql_out"
            log "  the bulk load failed: $native_error"
        fi
        virtuoso_done "$dir"

        # The push Virtuoso fetches from this machine and loads without its transaction log,
        # before the Graph Store push, whose database the report then uses.
        dir="$WORK/remote-virt-fetch"
        log "Virtuoso, claimgraph push --fetch-from, run $run: fresh database in ${dir#"$ROOT"/}"
        virtuoso_start "$dir" remote-virt-fetch
        if virtuoso_push "$WORK/remote-push-virtuoso-fetch.txt" "push --fetch-from" --fetch-from 127.0.0.1:0; then
            fetch_checkpoints+=("$PUSH_CHECKPOINT")
        else
            fetch_error="$PUSH_ERROR"
        fi
        fetch_times+=("$PUSH_SECONDS")
        fetch_count="$PUSH_COUNT"
        virtuoso_done "$dir"

        dir="$WORK/remote-virt-push"
        log "Virtuoso, claimgraph push, run $run: fresh database in ${dir#"$ROOT"/}"
        virtuoso_start "$dir" remote-virt-push
        local pushed=yes
        virtuoso_push "$WORK/remote-push-virtuoso.txt" push || pushed=no
        cg_times+=("$PUSH_SECONDS")
        cg_count="$PUSH_COUNT"
        if [ "$pushed" = no ]; then
            cg_error="$PUSH_ERROR"
            break
        fi
        checkpoints+=("$PUSH_CHECKPOINT")
        [ "$run" = "$LOAD_RUNS" ] || virtuoso_done "$dir"
    done
    local note=""
    [ "${#checkpoints[@]}" = 0 ] || note="checkpoint after the push (untimed): $(median "${checkpoints[@]}") s"
    record "$n" virtuoso load "$(median "${cg_times[@]}")" "$(median "${native_times[@]}")" "$cg_count" "$native_count" \
        "$cg_error" "$native_error" "$note"
    [ -n "$cg_error" ] || echo "$n virtuoso push: $(tail -n 1 "$WORK/remote-push-virtuoso.txt")" >> "$NOTES"
    note=""
    [ "${#fetch_checkpoints[@]}" = 0 ] || note="checkpoint after the push (untimed; the fetched triples are durable from it): $(median "${fetch_checkpoints[@]}") s"
    record "$n" virtuoso fetch "$(median "${fetch_times[@]}")" "$(median "${native_times[@]}")" "$fetch_count" "$native_count" \
        "$fetch_error" "$native_error" "$note"

    if [ "$n" -le "$REPORT_MAX_CLAIMS" ]; then
        {
            echo "claimgraph --store bench/work/remote-cg-$n claims --unconfirmed --format json --endpoint $url"
            echo "# bench/unconfirmed.rq as PREFIXES SELECT * WHERE { { QUERY } } OFFSET k LIMIT $VIRT_MAX_ROWS, k = 0, $VIRT_MAX_ROWS, ... until a page comes short:"
            echo "curl -X POST -H 'Accept: $SPARQL_JSON' --data-urlencode 'query=...' $url"
        } >> "$COMMANDS"
        if [ -n "$cg_error" ]; then
            record "$n" virtuoso report 0 0 0 0 "not run: the push failed" "not run" ""
        elif ! push_shipped "$url" "${auth[@]}"; then
            record "$n" virtuoso report 0 0 0 0 "not run: $PUSH_ERROR" "not run" ""
        else
            wait_idle "$VIRT_PID"
            log "Virtuoso, the report: $REPORT_RUNS runs each"
            report "$n" virtuoso "$url"
        fi
    fi
    virtuoso_done "$dir"
}

# ----------------------------------------------------------------------------------- Oxigraph

bench_oxigraph() {
    local n="$1" url="http://127.0.0.1:$PORT_OX/query" dir run start pid
    local native_times=() cg_times=() native_count=0 cg_count=0 native_error="" cg_error=""
    local count_query="SELECT (COUNT(*) AS ?n) WHERE { GRAPH <$GRAPH> { ?s ?p ?o } }"
    {
        echo "# $n claims, Oxigraph (fresh store each run)"
        echo "oxigraph load --location bench/work/remote-ox-native --file bench/work/kb-$n.nt --graph $GRAPH"
        echo "oxigraph serve --location bench/work/remote-ox-push --bind 127.0.0.1:$PORT_OX"
        echo "claimgraph --store bench/work/remote-cg-$n push --quiet $(push_what)${CHUNK:+ --chunk $CHUNK} --endpoint $url"
    } >> "$COMMANDS"
    for run in $(seq 1 "$LOAD_RUNS"); do
        dir="$WORK/remote-ox-native"
        log "Oxigraph, native load, run $run: fresh store in ${dir#"$ROOT"/}"
        rm -rf "$dir"
        start="$(date +%s%N)"
        if ! "$OX" load --location "$dir" --file "$KB" --graph "$GRAPH" 2> "$WORK/remote-ox-load.log"; then
            native_error="$(one_line "$WORK/remote-ox-load.log")"
            failed "oxigraph load --location $dir --file $KB --graph $GRAPH" "$WORK/remote-ox-load.log"
        fi
        native_times+=("$(seconds_since "$start")")
        native_count="$("$OX" query --location "$dir" --query "$count_query" --results-format tsv |
            tail -n 1 | sed 's/^"\{0,1\}\([0-9]*\).*/\1/')"
        log "  oxigraph load: ${native_times[-1]} s; $native_count triples in the graph"
        [ "$KEEP_WORK" = 1 ] || rm -rf "$dir"

        dir="$WORK/remote-ox-push"
        log "Oxigraph server, claimgraph push, run $run: fresh store in ${dir#"$ROOT"/}"
        rm -rf "$dir"
        port_free "$PORT_OX" || die "something listens on 127.0.0.1:$PORT_OX (set PORT_OX)"
        start_server remote-ox-serve "http://127.0.0.1:$PORT_OX/query?query=ASK%7B%7D" \
            "$OX" serve --location "$dir" --bind "127.0.0.1:$PORT_OX"
        pid="$SERVER_PID"
        wait_idle "$pid"
        if ! time_push "$WORK/remote-push-oxigraph.txt" "$url"; then
            cg_error="$PUSH_ERROR"
            cg_times+=("$PUSH_SECONDS")
            cg_count="$(remote_count "$url")"
            break
        fi
        cg_times+=("$PUSH_SECONDS")
        cg_count="$(remote_count "$url")"
        log "  push: ${cg_times[-1]} s; $cg_count triples in the graph"
        if [ "$run" != "$LOAD_RUNS" ]; then
            stop_server "$pid"
            [ "$KEEP_WORK" = 1 ] || rm -rf "$dir"
        fi
    done
    record "$n" oxigraph load "$(median "${cg_times[@]}")" "$(median "${native_times[@]}")" "$cg_count" "$native_count" \
        "$cg_error" "$native_error" ""
    [ -n "$cg_error" ] || echo "$n oxigraph push: $(tail -n 1 "$WORK/remote-push-oxigraph.txt")" >> "$NOTES"

    if [ "$n" -le "$REPORT_MAX_CLAIMS" ]; then
        {
            echo "claimgraph --store bench/work/remote-cg-$n claims --unconfirmed --format json --endpoint $url"
            echo "curl -X POST -H 'Accept: $SPARQL_JSON' --data-urlencode query@bench/unconfirmed.rq --data-urlencode union-default-graph= $url"
        } >> "$COMMANDS"
        if [ -n "$cg_error" ]; then
            record "$n" oxigraph report 0 0 0 0 "not run: the push failed" "not run" ""
        elif ! push_shipped "$url"; then
            record "$n" oxigraph report 0 0 0 0 "not run: $PUSH_ERROR" "not run" ""
        else
            wait_idle "$pid"
            log "Oxigraph server, the report: $REPORT_RUNS runs each"
            report "$n" oxigraph "$url" --data-urlencode union-default-graph=
        fi
    fi
    stop_server "$pid"
    [ "$KEEP_WORK" = 1 ] || rm -rf "$dir"
}

machine_info() {
    META="$WORK/remote-meta.txt"
    {
        echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
        echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
        echo "nproc=$(nproc)"
        echo "memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
        echo "os=$(uname -sr)"
        echo "claimgraph=$("$CG" --version), binary ${CG#"$ROOT"/} of $(date -u -r "$CG" '+%Y-%m-%d %H:%M UTC') (tree now: $(git -C "$ROOT" describe --always --dirty 2> /dev/null || echo 'no git'))"
        echo "chunk=${CHUNK:-the default: ${CHUNK_DEFAULT:-?}}"
        echo "push_from=$PUSH_FROM"
        echo "oxigraph=$("$OX" --version) (PyPI package oxigraph, prebuilt)"
        if command -v virtuoso-t > /dev/null; then
            echo "virtuoso=$(virtuoso-t +help 2>&1 | sed -n 's/^Version //p' | head -n 1) ($(dpkg-query -W -f '${Package} ${Version}' virtuoso-opensource-7-bin 2> /dev/null || echo 'virtuoso-t'))"
        fi
        echo "virtuoso_buffers=NumberOfBuffers $VIRT_BUFFERS, MaxDirtyBuffers $VIRT_DIRTY"
        echo "curl=$(curl --version | head -n 1 | cut -d' ' -f1-2)"
        echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
    } > "$META"
}

# --------------------------------------------------------------------------------------- run

main() {
    mkdir -p "$WORK" "$RESULTS"
    ensure_tools
    machine_info
    : > "$RESULTS_TSV"
    : > "$NOTES"
    : > "$COMMANDS"
    : > "$FAILURES"
    local n engine
    for n in $CLAIMS; do
        prepare_size "$n"
        echo "$n graph=$GRAPH triples=$TRIPLES" >> "$NOTES"
        echo "claimgraph generate --claims $n --seed 1 -o bench/work/kb-$n.nt" >> "$COMMANDS"
        echo "claimgraph --store bench/work/remote-cg-$n load --quiet bench/work/kb-$n.nt" >> "$COMMANDS"
        for engine in $ENGINES; do
            "bench_$engine" "$n"
        done
    done
    echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$META"

    REPORT="$RESULTS/REMOTE-$(date -u +%Y-%m-%d)${RESULTS_SUFFIX:+-$RESULTS_SUFFIX}.md"
    ROOT_DIR="$ROOT" REPORT_RUNS="$REPORT_RUNS" LOAD_RUNS="$LOAD_RUNS" \
        python3 - "$META" "$RESULTS_TSV" "$NOTES" "$COMMANDS" "$FAILURES" "$BENCH/unconfirmed.rq" > "$REPORT.tmp" << 'EOF'
import os, sys
meta_f, results_f, notes_f, commands_f, failures_f, query_f = sys.argv[1:]
env = os.environ
meta = dict(line.rstrip("\n").split("=", 1) for line in open(meta_f) if "=" in line)
rows = [line.rstrip("\n").split("\t") for line in open(results_f) if line.strip()]
notes = [line.rstrip("\n") for line in open(notes_f)]
sizes = {}
for line in notes:
    n, rest = line.split(" ", 1)
    if rest.startswith("graph="):
        graph, triples = rest.split(" ")
        sizes[n] = (graph.split("=", 1)[1], int(triples.split("=", 1)[1]))
pushed = {tuple(line.split(" ", 2)[:2]): line.split(": ", 1)[1] for line in notes if " push: " in line}

ENGINE = {"virtuoso": "Virtuoso", "oxigraph": "Oxigraph server"}
NATIVE = {"virtuoso": "`ld_dir` + `rdf_loader_run()` + `checkpoint` (isql-vt)", "oxigraph": "`oxigraph load --graph`"}

def secs(value):
    return f"{float(value):.2f} s"

table = ["| claims | engine | measurement | claimgraph | native | ratio (goal) | goal met |",
         "|---:|---|---|---:|---:|---|---|"]
verdicts = []
extra = []
for n, engine, kind, cg, native, cg_count, native_count, cg_error, native_error, note in rows:
    cg_s, native_s = float(cg), float(native)
    if kind in ("load", "fetch"):
        triples = sizes[n][1]
        push_label = "`push --graph`" if meta.get("push_from") == "store" else "`push FILE`"
        if kind == "fetch":
            push_label = push_label[:-1] + " --fetch-from 127.0.0.1:0`"
        measurement = f"load the generated graph ({triples:,} triples) into a fresh store: {push_label} against {NATIVE[engine]}"
        def counted(c):
            return f"{int(c):,} triples" + ("" if int(c) == triples else f", **not {triples:,}**")
        cg_cell = f"{secs(cg)} ({counted(cg_count)})"
        native_cell = f"{secs(native)} ({counted(native_count)})"
        goal, sense, label = 0.8, ">=", "native ÷ claimgraph"
        ratio = native_s / cg_s if cg_s else float("inf")
    else:
        measurement = f"`claims --unconfirmed --format json --endpoint` against curl POST of `bench/unconfirmed.rq` (median of {env['REPORT_RUNS']})"
        cg_cell = f"{secs(cg)} ({int(cg_count):,} rows)"
        native_cell = f"{secs(native)} ({int(native_count):,} rows)"
        goal, sense, label = 1.2, "<=", "claimgraph ÷ curl"
        ratio = cg_s / native_s if native_s else float("inf")
    if cg_error:
        cg_cell = f"**failed** ({cg_error})" if not cg_error.startswith("not run") else cg_error
    if native_error:
        native_cell = f"**failed** ({native_error})" if not native_error.startswith("not run") else native_error
    if cg_error or native_error:
        ratio_cell, met_cell = "—", "not measured"
        verdicts.append(f"{n} claims, {ENGINE[engine]}, {kind}: not measured (a side failed)")
    else:
        met = ratio >= goal if sense == ">=" else ratio <= goal
        ratio_cell = f"{label} **{ratio:.2f}×** ({'≥' if sense == '>=' else '≤'} {goal:g}×)"
        met_cell = "yes" if met else "**no**"
        verdicts.append(f"{n} claims, {ENGINE[engine]}, {kind}: {ratio:.2f}× against {'≥' if sense == '>=' else '≤'} {goal:g}×, {'met' if met else 'MISSED'}")
    table.append(f"| {int(n):,} | {ENGINE[engine]} | {measurement} | {cg_cell} | {native_cell} | {ratio_cell} | {met_cell} |")
    if note:
        extra.append(f"- {int(n):,} claims, {ENGINE[engine]}, {kind}: {note}.")

out = []
w = out.append
w(f"# `claimgraph push` and the remote report against Virtuoso and Oxigraph server, {meta['date']}")
w("")
w("claimgraph pushing a generated knowledge base into a SPARQL store over HTTP (Graph Store Protocol), "
  "against the engine's own bulk loader on the same file; and claimgraph's unconfirmed-claims report run "
  "against that store, against the equivalent SPARQL sent with curl. All in one run of `bench/remote.sh` "
  "on one machine; client and server share its cores.")
w("")
w("## Machine")
w("")
for key, label in (("cpu", "CPU"), ("nproc", "cores (nproc)"), ("memory", "memory"), ("os", "OS"),
                   ("claimgraph", "claimgraph"), ("chunk", "`push --chunk` (triples per request)"), ("push_from", "what push sends (PUSH_FROM)"),
                   ("virtuoso", "Virtuoso"), ("virtuoso_buffers", "Virtuoso buffers"),
                   ("oxigraph", "oxigraph CLI"), ("curl", "curl")):
    if key in meta:
        w(f"- {label}: {meta[key]}")
w(f"- load average (1, 5, 15 min) at the start: {meta.get('loadavg_start')}, at the end: {meta.get('loadavg_end')}")
w("")
w("## Results")
w("")
w(f"Loads: wall clock of the command, on a fresh database or store (median of {env['LOAD_RUNS']}); the server "
  "up and idle before it. The triples are those of the generated file's graph, counted afterwards with "
  "SPARQL. " + ("The push reads the graph out of a claimgraph store; " if meta.get("push_from") == "store" else "The push parses the same N-Triples file, checking it as it sends it (into a fresh store; it checks the file whole first when it replaces a graph that holds triples); ") + "the native loaders parse the N-Triples file. "
  "The report: wall clock of the command or of curl, median of the runs, on the store the push filled "
  "plus the shipped ontology and data; rows are those of the last answer. The ratio is oriented so that "
  "the goal reads the same way as in the issue: a load's native ÷ claimgraph at least 0.8×, the "
  "report's claimgraph ÷ curl at most 1.2×.")
w("")
out.extend(table)
w("")
for (n, engine), line in sorted(pushed.items(), key=lambda item: (int(item[0][0]), item[0][1])):
    extra.append(f"- {int(n):,} claims, {ENGINE[engine]}, push: claimgraph's summary `{line}`.")
if extra:
    w("Notes:")
    w("")
    out.extend(extra)
    w("")
w("Goals: " + "; ".join(verdicts) + ".")
w("")
w("Virtuoso cuts a SELECT's answer at `ResultSetMaxRows` (10000, as Debian ships it) and refuses to sort "
  "past OFFSET + LIMIT = 10000 (`MaxSortedTopRows`): curl reads the whole answer as Virtuoso's documentation "
  "pages past these limits, the ordered query as a subquery, `SELECT * WHERE { { ... ORDER BY ... } } "
  "OFFSET k LIMIT 10000`, page after page until one comes short; its time is that of all the pages. "
  "claimgraph pages past the cap its own way (see the README).")
w("")
failures = open(failures_f).read().strip()
if failures:
    w("## Failures")
    w("")
    w("Each failed command (paths as on the machine) and what it printed:")
    w("")
    w("```")
    w(failures)
    w("```")
    w("")
w("## Commands")
w("")
w("```sh")
root = env["ROOT_DIR"] + "/"
for line in open(commands_f):
    w(line.rstrip("\n").replace("file://" + root, "file://$PWD/").replace("'" + root, "'$PWD/").replace(root, ""))
w("```")
w("")
w("<details><summary>bench/unconfirmed.rq</summary>")
w("")
w("```sparql")
w(open(query_f).read().rstrip("\n"))
w("```")
w("")
w("</details>")
print("\n".join(out))
EOF
    mv "$REPORT.tmp" "$REPORT"
    echo
    sed -n '/^## Results/,/^## Commands/p' "$REPORT" | sed '$d'
    log "written to ${REPORT#"$ROOT"/}"
}

main
