#!/usr/bin/env bash
# The HTTP benchmark: `claimgraph serve` against `oxigraph serve-read-only` (the official
# oxigraph CLI's server, same RocksDB storage engine, SPARQL over HTTP) on the same synthetic
# knowledge base, in one run on one machine; and the web page's time to a drawn claims table.
#
# Usage: bench/serve.sh            (CLAIMS claims, default 100000; reruns reuse bench/work/)
#
# Why: `claimgraph serve` is meant to be a drop-in SPARQL endpoint (it should not be slower
# than oxigraph's server on the same query) whose claim report is what makes it worth running
# (the first page of unconfirmed claims should be at least 10 times the throughput of the
# equivalent SPARQL on oxigraph), and whose page a reader can use (the claims table drawn in
# under a second). What it measures:
#   1. It generates the knowledge base (`claimgraph generate --claims N --seed 1`, N-Triples)
#      into bench/work/ unless it is there, and loads it, once, into a claimgraph store
#      (bench/work/serve-cg) and into an oxigraph store (bench/work/serve-ox). Both hold the
#      shipped ontology and data too (claimgraph seeds every new store with them; oxigraph
#      gets the same files in claimgraph's graph names, as bench/run.sh does), the generated
#      file in the named graph file://FILE, and oxigraph's store is compacted with
#      `oxigraph optimize`; with --union-default-graph the two answer over the same quads.
#   2. It starts both servers on loopback ports and waits until their SPARQL endpoints answer.
#   3. With wrk (THREADS threads, CONNECTIONS connections) it measures requests/s, p50 and p99
#      latency, non-2xx answers and socket errors of the requests below. A run lasts DURATION
#      seconds, or longer when a request is slow: long enough for ROUNDS rounds of CONNECTIONS
#      requests at the time one request took alone (the check below) over nproc cores, at
#      most MAX_DURATION; wrk's --timeout grows likewise past WRK_TIMEOUT if a round needs it.
#      A WARMUP-second wrk run comes first when a round is shorter than that (otherwise the
#      check request was the warm-up: a warm-up run would leave slow requests in flight).
#      a. the named queries queries/claim-history.rq and queries/entity.rq, bound to one
#         generated claim by a VALUES clause at the top of their WHERE, the same text sent as
#         GET /sparql?query=… to claimgraph and GET /query?query=… to oxigraph (Accept:
#         application/sparql-results+json). Goal: claimgraph >= 1.0x oxigraph's throughput.
#      b. the first page of unconfirmed claims: claimgraph's GET /api/claims?unconfirmed&limit=50
#         against bench/unconfirmed.rq plus LIMIT 50 through oxigraph's GET /query.
#         Goal: claimgraph >= 10x oxigraph's throughput.
#      Each request is sent once with curl first: status 200 and rows are required, and the
#      row counts are reported. Before each wrk run the script waits until the server's CPU
#      time stops growing, so that requests a previous run left in flight do not count twice.
#   4. On a fresh store holding only the shipped knowledge base, bench/serve_page.py opens
#      #/claims?unconfirmed=1 in headless Chromium PAGE_RUNS times (a fresh browser each time)
#      and takes the median time from navigation to the table drawn. Goal: < 1 s.
#   5. It writes the table and the machine to bench/results/SERVE-<date>.md and prints it.
#      Servers it started are stopped on exit, whatever happens.
#
# Environment:
#   CLAIMS=100000  CONNECTIONS=16  THREADS=2  WARMUP=5  DURATION=20  ROUNDS=4  MAX_DURATION=900
#   WRK_TIMEOUT=120 (seconds)  PAGE_RUNS=5  PORT_CG=17881  PORT_OX=17882  PORT_PAGE=17883
#   CLAIMGRAPH=path  (default target/release/claimgraph; the script never builds it)
#   OXIGRAPH=path    (default oxigraph on PATH, else the PyPI package oxigraph==0.5.13, a
#                    prebuilt CLI, installed into bench/work/oxigraph-venv)
#   PREPARE_ONLY=1   generate and load (step 1), then stop: to prepare while the machine is busy
#   CLAIM=<IRI>      the claim the named queries are bound to (default: the generated claim
#                    with the most status changes among the first ones in the file)

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
WORK="$BENCH/work"
RESULTS="$BENCH/results"
CLAIMS="${CLAIMS:-100000}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
WARMUP="${WARMUP:-5}"
DURATION="${DURATION:-20}"
ROUNDS="${ROUNDS:-4}"
MAX_DURATION="${MAX_DURATION:-900}"
WRK_TIMEOUT="${WRK_TIMEOUT:-120}"
PAGE_RUNS="${PAGE_RUNS:-5}"
PORT_CG="${PORT_CG:-17881}"
PORT_OX="${PORT_OX:-17882}"
PORT_PAGE="${PORT_PAGE:-17883}"
OX_VERSION=0.5.13
SPARQL_JSON=application/sparql-results+json

log() { printf '==> %s\n' "$*" >&2; }
die() {
    printf 'bench: error: %s\n' "$*" >&2
    exit 1
}
# Seconds since START (from date +%s%N).
seconds_since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }

case "${1:-}" in
    -h | --help)
        sed -n '2,/^$/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    '') ;;
    *) die "no arguments expected (settings come from the environment; see --help)" ;;
esac

# ------------------------------------------------------------------------------------ tools

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo > /dev/null; then sudo "$@"; else return 1; fi
}

ensure_tools() {
    CG="${CLAIMGRAPH:-$ROOT/target/release/claimgraph}"
    [ -x "$CG" ] || die "no claimgraph binary at $CG: build it first (cargo build --release --locked)"
    "$CG" serve --help > /dev/null || die "$CG has no serve command"

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

    if ! command -v wrk > /dev/null; then
        log "installing wrk with apt-get"
        { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } ||
            die "could not install wrk"
    fi
    command -v curl > /dev/null || die "curl is missing"
    python3 -c 'import selenium' 2> /dev/null || die "selenium is missing: pip install selenium"
    [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || die "no Chromium at ${CHROMIUM:-/usr/bin/chromium}"
}

# ------------------------------------------------------------------------------------- data

KB="$WORK/kb-$CLAIMS.nt"
KB_TMP="$WORK/kb-$CLAIMS.partial.nt"  # written, then renamed: a stopped run leaves no half file as KB
CG_STORE="$WORK/serve-cg"
OX_STORE="$WORK/serve-ox"
PAGE_STORE="$WORK/serve-shipped"

# The stores are reused when a marker says they hold this very file, loaded by this very tool.
prepare_data() {
    if [ ! -s "$KB" ]; then
        log "generating $CLAIMS claims into ${KB#"$ROOT"/}"
        "$CG" generate --claims "$CLAIMS" --seed 1 -o "$KB_TMP" 2> "$WORK/.serve-generate" ||
            { cat "$WORK/.serve-generate" >&2; die "claimgraph generate failed"; }
        mv "$KB_TMP" "$KB"
    else
        log "reusing ${KB#"$ROOT"/}"
    fi
    TRIPLES="$(wc -l < "$KB")"
    local file_key
    file_key="$(stat -c '%s %Y' "$KB")"

    local key
    key="$file_key $("$CG" --version)"
    if [ "$(cat "$WORK/serve-cg.loaded" 2> /dev/null)" != "$key" ]; then
        log "loading into the claimgraph store ${CG_STORE#"$ROOT"/}"
        rm -rf "$CG_STORE" "$WORK/serve-cg.loaded"
        "$CG" --store "$CG_STORE" stats > /dev/null
        local start
        start="$(date +%s%N)"
        "$CG" --store "$CG_STORE" load --quiet "$KB"
        log "claimgraph load: $(seconds_since "$start") s"
        echo "$key" > "$WORK/serve-cg.loaded"
    else
        log "reusing the claimgraph store ${CG_STORE#"$ROOT"/}"
    fi

    key="$file_key $("$OX" --version)"
    if [ "$(cat "$WORK/serve-ox.loaded" 2> /dev/null)" != "$key" ]; then
        log "loading into the oxigraph store ${OX_STORE#"$ROOT"/} (shipped files, then the KB, then optimize)"
        rm -rf "$OX_STORE" "$WORK/serve-ox.loaded" "$WORK/serve-ox-load.log"
        local file
        for file in "$ROOT/ontology/claimgraph.ttl" "$ROOT"/data/*.ttl; do
            "$OX" load --location "$OX_STORE" --file "$file" \
                --graph "https://w3id.org/claimgraph/graph/${file#"$ROOT"/}" 2>> "$WORK/serve-ox-load.log"
        done
        local start
        start="$(date +%s%N)"
        "$OX" load --location "$OX_STORE" --file "$KB" --graph "file://$KB" 2>> "$WORK/serve-ox-load.log"
        "$OX" optimize --location "$OX_STORE"
        log "oxigraph load + optimize: $(seconds_since "$start") s"
        echo "$key" > "$WORK/serve-ox.loaded"
    else
        log "reusing the oxigraph store ${OX_STORE#"$ROOT"/}"
    fi
}

# The claim the named queries are bound to: unless CLAIM says, among the subjects of the first
# 20,000 cg:statusChange triples of the file, the one with the most changes (the first such,
# in file order), so that the history has several rows.
pick_claim() {
    if [ -n "${CLAIM:-}" ]; then
        echo "$CLAIM"
        return
    fi
    grep -m 20000 -F '<https://w3id.org/claimgraph/ontology#statusChange>' "$KB" |
        awk '{ if (!($1 in n)) order[++k] = $1; n[$1]++ }
             END { best = order[1]; for (i = 1; i <= k; i++) if (n[order[i]] > n[best]) best = order[i]; print best }'
}

# bind_query FILE VARIABLE IRI > OUT: the query with `VALUES ?VARIABLE { IRI }` as the first
# line of its WHERE block; its PREFIXes and the rest are left as they are.
bind_query() {
    awk -v values="  VALUES ?$2 { $3 }" '{ print } !done && /^WHERE[[:space:]]*\{/ { print values; done = 1 }' "$1"
}

urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.stdin.read(), safe=""))'; }

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

# start_server NAME PORT READY_PATH COMMAND...: starts COMMAND in the background, its output to
# bench/work/NAME.log, and polls READY_PATH until it answers 2xx; sets SERVER_PID and
# READY_SECONDS.
start_server() {
    local name="$1" port="$2" ready="$3"
    shift 3
    if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
        die "something already answers on 127.0.0.1:$port (set PORT_CG, PORT_OX or PORT_PAGE)"
    fi
    local start
    start="$(date +%s%N)"
    "$@" > "$WORK/$name.log" 2>&1 &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    local _
    for _ in $(seq 1 600); do
        if curl -sf -o /dev/null --max-time 5 "http://127.0.0.1:$port$ready"; then
            READY_SECONDS="$(seconds_since "$start")"
            log "$name ready on 127.0.0.1:$port after $READY_SECONDS s (pid $SERVER_PID)"
            return 0
        fi
        kill -0 "$SERVER_PID" 2> /dev/null || { cat "$WORK/$name.log" >&2; die "$name exited before it was ready"; }
        sleep 0.1
    done
    die "$name did not answer on 127.0.0.1:$port within 60 s (log: bench/work/$name.log)"
}

# Peak resident memory of a running process, in MiB.
peak_mib() { awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# Busy and total jiffies of the whole machine (all cores), from /proc/stat.
machine_jiffies() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }

# wait_idle PID: returns once the process used less than 5% of a core over a second, so that
# queries a previous wrk run abandoned mid-flight have finished before the next run starts.
# Sets OTHER_BUSY: the share of the machine's cores busy over that last second, while this
# server was idle and wrk not running: other work on the machine (the other server included).
wait_idle() {
    local pid="$1" before after waited=0 ticks machine_before machine_after
    ticks="$(getconf CLK_TCK)"
    before="$(awk '{ print $14 + $15 }' "/proc/$pid/stat")"
    while :; do
        machine_before="$(machine_jiffies)"
        sleep 1
        waited=$((waited + 1))
        after="$(awk '{ print $14 + $15 }' "/proc/$pid/stat")"
        machine_after="$(machine_jiffies)"
        if [ $((after - before)) -le $((ticks / 20)) ]; then
            OTHER_BUSY="$(echo "$machine_before $machine_after" |
                awk '{ total = $4 - $2; printf "%.0f", (total > 0 ? 100 * ($3 - $1) / total : 0) }')"
            [ "$waited" -gt 1 ] && log "  (waited $waited s for pid $pid to be idle)"
            return 0
        fi
        before="$after"
        [ "$waited" -lt 900 ] || die "pid $pid still busy after 900 s"
    done
}

# ------------------------------------------------------------------------------ measurement

ROWS_TSV="$WORK/serve-rows.tsv"   # name, server, status, rows, seconds, bytes
RUNS_TSV="$WORK/serve-runs.tsv"   # name, server, duration, WRK line fields
COMMANDS="$WORK/serve-commands.txt"

# check NAME SERVER URL ACCEPT: one request with curl; prints status, time, size and the first
# bytes; requires 200 and at least one row (SPARQL JSON results, or claimgraph's JSON array).
check() {
    local name="$1" server="$2" url="$3" accept="$4" body="$WORK/serve-check-$1-$2.json"
    local out status seconds
    out="$(curl -s -o "$body" -w '%{http_code} %{time_total}' -H "Accept: $accept" --max-time 300 "$url")" ||
        die "$name on $server: curl failed"
    status="${out% *}"
    seconds="${out#* }"
    local rows
    rows="$(python3 -c '
import json, sys
try:
    data = json.load(open(sys.argv[1]))
except ValueError:
    print(-1); sys.exit()
print(len(data["results"]["bindings"]) if isinstance(data, dict) else len(data))
' "$body")"
    printf '    %-16s %-10s HTTP %s  %6.3f s  %7d bytes  %s rows  %s\n' "$name" "$server" "$status" "$seconds" \
        "$(stat -c %s "$body")" "$rows" "$(head -c 100 "$body" | tr '\n' ' ')" >&2
    [ "$status" = 200 ] || { head -c 500 "$body" >&2; die "$name on $server answered $status"; }
    [ "$rows" -gt 0 ] || die "$name on $server: no rows in the answer"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$server" "$status" "$rows" "$seconds" "$(stat -c %s "$body")" >> "$ROWS_TSV"
    CHECK_SECONDS["$name/$server"]="$seconds"
}
declare -A CHECK_SECONDS=()
OTHER_BUSY=""

# The summary wrk prints through this script, one line of key=value.
LUA="$WORK/serve-summary.lua"
write_lua() {
    cat > "$LUA" << 'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d seconds=%.3f bytes=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    summary.requests, summary.duration / 1e6, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
EOF
}

# bench_load NAME SERVER PID URL ACCEPT: sizes the run from the check request's time, waits
# for the server to be idle, runs the warm-up if any, waits again, then measures.
bench_load() {
    local name="$1" server="$2" pid="$3" url="$4" accept="$5"
    local plan duration timeout warmup
    # A round: CONNECTIONS requests of the check's time, sharing nproc cores.
    plan="$(awk -v t="${CHECK_SECONDS[$name/$server]}" -v c="$CONNECTIONS" -v n="$(nproc)" -v r="$ROUNDS" \
        -v d="$DURATION" -v max="$MAX_DURATION" -v to="$WRK_TIMEOUT" -v w="$WARMUP" 'BEGIN {
            round = t * c / n
            duration = int(r * round + 0.999); if (duration < d) duration = d; if (duration > max) duration = max
            timeout = int(3 * round + 0.999); if (timeout < to) timeout = to
            print duration, timeout, (round < w ? w : 0) }')"
    read -r duration timeout warmup <<< "$plan"
    local wrk=(wrk "-t$THREADS" "-c$CONNECTIONS" --timeout "${timeout}s" --latency -H "Accept: $accept" -s "$LUA")
    wait_idle "$pid"
    if [ "$warmup" != 0 ]; then
        "${wrk[@]}" -d "${warmup}s" "$url" > /dev/null
        wait_idle "$pid"
    fi
    local other="$OTHER_BUSY"
    log "$name on $server: wrk for $duration s, timeout $timeout s (warm-up: ${warmup} s; machine ${other}% busy just before)"
    printf 'wrk -t%s -c%s -d%ss --timeout %ss --latency -H %q URL  # %s on %s (warm-up: %s s)\n' \
        "$THREADS" "$CONNECTIONS" "$duration" "$timeout" "Accept: $accept" "$name" "$server" "$warmup" >> "$COMMANDS"
    local out="$WORK/serve-wrk-$name-$server.txt"
    "${wrk[@]}" -d "${duration}s" "$url" > "$out"
    grep -v '^WRK ' "$out" | sed 's/ @ .*//; s/^/    /' >&2
    printf '%s\t%s\t%s\t%s other_busy=%s check_s=%s\n' "$name" "$server" "${duration}s" "$(grep '^WRK ' "$out" | cut -c5-)" \
        "$other" "${CHECK_SECONDS[$name/$server]}" >> "$RUNS_TSV"
}

machine_info() {
    META="$WORK/serve-meta.txt"
    {
        echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
        echo "cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
        echo "nproc=$(nproc)"
        echo "memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
        echo "os=$(uname -sr)"
        echo "claimgraph=$("$CG" --version), binary of $(date -u -r "$CG" '+%Y-%m-%d %H:%M UTC') (tree now: $(git -C "$ROOT" describe --always --dirty 2> /dev/null || echo 'no git'))"
        echo "oxigraph=$("$OX" --version) (PyPI package oxigraph, prebuilt)"
        echo "wrk=$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
        echo "chromium=$("${CHROMIUM:-/usr/bin/chromium}" --version 2> /dev/null)"
        echo "chromedriver=$(/usr/bin/chromedriver --version 2> /dev/null | cut -d' ' -f1-2)"
        echo "selenium=$(python3 -c 'import selenium; print(selenium.__version__)')"
        echo "curl=$(curl --version | head -n 1 | cut -d' ' -f1-2)"
        echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
    } > "$META"
}

# --------------------------------------------------------------------------------------- run

main() {
    mkdir -p "$WORK" "$RESULTS"
    ensure_tools
    write_lua
    machine_info
    : > "$ROWS_TSV"
    : > "$RUNS_TSV"
    : > "$COMMANDS"
    prepare_data
    if [ "${PREPARE_ONLY:-0}" = 1 ]; then
        log "PREPARE_ONLY=1: the data and stores are ready; no measurement"
        return 0
    fi

    local claim
    claim="$(pick_claim)"
    [ -n "$claim" ] || die "no claim with a status change in $KB"
    log "named queries bound to $claim"
    bind_query "$ROOT/queries/claim-history.rq" claim "$claim" > "$WORK/serve-claim-history.rq"
    bind_query "$ROOT/queries/entity.rq" entity "$claim" > "$WORK/serve-entity.rq"
    { cat "$BENCH/unconfirmed.rq"; echo 'LIMIT 50'; } > "$WORK/serve-unconfirmed-50.rq"
    grep -q '^  VALUES ?claim' "$WORK/serve-claim-history.rq" || die "could not bind claim-history.rq"
    grep -q '^  VALUES ?entity' "$WORK/serve-entity.rq" || die "could not bind entity.rq"

    local cg_base="http://127.0.0.1:$PORT_CG" ox_base="http://127.0.0.1:$PORT_OX"
    local ask
    ask="$(printf 'ASK {}' | urlencode)"
    local cg_cmd=("$CG" --store "$CG_STORE" serve --bind "127.0.0.1:$PORT_CG" --max-concurrent 64)
    local ox_cmd=("$OX" serve-read-only --location "$OX_STORE" --bind "127.0.0.1:$PORT_OX" --union-default-graph)
    {
        echo "${cg_cmd[*]#"$ROOT"/}"
        echo "${ox_cmd[*]#"$ROOT"/}"
    } >> "$COMMANDS"
    start_server serve-cg "$PORT_CG" "/sparql?query=$ask" "${cg_cmd[@]}"
    local cg_pid="$SERVER_PID" cg_ready="$READY_SECONDS"
    start_server serve-ox "$PORT_OX" "/query?query=$ask" "${ox_cmd[@]}"
    local ox_pid="$SERVER_PID" ox_ready="$READY_SECONDS"

    local history entity unconfirmed
    history="$(urlencode < "$WORK/serve-claim-history.rq")"
    entity="$(urlencode < "$WORK/serve-entity.rq")"
    unconfirmed="$(urlencode < "$WORK/serve-unconfirmed-50.rq")"
    local cg_history="$cg_base/sparql?query=$history" ox_history="$ox_base/query?query=$history"
    local cg_entity="$cg_base/sparql?query=$entity" ox_entity="$ox_base/query?query=$entity"
    local cg_report="$cg_base/api/claims?unconfirmed&limit=50" ox_report="$ox_base/query?query=$unconfirmed"

    log "checking each request once"
    check claim-history claimgraph "$cg_history" "$SPARQL_JSON"
    check claim-history oxigraph "$ox_history" "$SPARQL_JSON"
    check entity claimgraph "$cg_entity" "$SPARQL_JSON"
    check entity oxigraph "$ox_entity" "$SPARQL_JSON"
    check unconfirmed-50 claimgraph "$cg_report" application/json
    check unconfirmed-50 oxigraph "$ox_report" "$SPARQL_JSON"
    # Same 50 claims? (Information only: the two orders break ties between equal dates alike
    # only if both sort by claim IRI.)
    SAME_CLAIMS="$(python3 -c '
import json, sys
cg = [row["claim"] for row in json.load(open(sys.argv[1]))]
ox = [row["claim"]["value"] for row in json.load(open(sys.argv[2]))["results"]["bindings"]]
print("same claims in the same order" if cg == ox else "same claims, other order" if set(cg) == set(ox)
      else f"{len(set(cg) & set(ox))} of {len(cg)} claims in common")
' "$WORK/serve-check-unconfirmed-50-claimgraph.json" "$WORK/serve-check-unconfirmed-50-oxigraph.json" 2>&1 || true)"
    log "unconfirmed-50: $SAME_CLAIMS"

    bench_load claim-history claimgraph "$cg_pid" "$cg_history" "$SPARQL_JSON"
    bench_load claim-history oxigraph "$ox_pid" "$ox_history" "$SPARQL_JSON"
    bench_load entity claimgraph "$cg_pid" "$cg_entity" "$SPARQL_JSON"
    bench_load entity oxigraph "$ox_pid" "$ox_entity" "$SPARQL_JSON"
    bench_load unconfirmed-50 claimgraph "$cg_pid" "$cg_report" application/json
    bench_load unconfirmed-50 oxigraph "$ox_pid" "$ox_report" "$SPARQL_JSON"
    wait_idle "$cg_pid"
    wait_idle "$ox_pid"

    local cg_peak ox_peak
    cg_peak="$(peak_mib "$cg_pid")"
    ox_peak="$(peak_mib "$ox_pid")"
    stop_servers

    # The page, on the shipped knowledge base only.
    log "the page: $PAGE_RUNS fresh Chromium sessions on #/claims?unconfirmed=1"
    rm -rf "$PAGE_STORE"
    "$CG" --store "$PAGE_STORE" stats > /dev/null
    local page_cmd=("$CG" --store "$PAGE_STORE" serve --bind "127.0.0.1:$PORT_PAGE")
    echo "${page_cmd[*]#"$ROOT"/}" >> "$COMMANDS"
    echo "python3 bench/serve_page.py http://127.0.0.1:$PORT_PAGE $PAGE_RUNS bench/work/serve-page.png" >> "$COMMANDS"
    start_server serve-page "$PORT_PAGE" "/api/claims?limit=1" "${page_cmd[@]}"
    if ! python3 "$BENCH/serve_page.py" "http://127.0.0.1:$PORT_PAGE" "$PAGE_RUNS" "$WORK/serve-page.png" |
        tee "$WORK/serve-page.txt" | sed 's/^/    /' >&2; then
        die "the page benchmark failed (see above)"
    fi
    stop_servers
    echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$META"

    REPORT="$RESULTS/SERVE-$(date -u +%Y-%m-%d).md"
    local kb_name="${KB#"$ROOT"/}"
    CLAIM_IRI="$claim" CG_READY="$cg_ready" OX_READY="$ox_ready" CG_PEAK="$cg_peak" OX_PEAK="$ox_peak" \
        TRIPLES="$TRIPLES" CLAIMS="$CLAIMS" KB_NAME="$kb_name" SAME_CLAIMS="$SAME_CLAIMS" \
        CONNECTIONS="$CONNECTIONS" THREADS="$THREADS" WARMUP="$WARMUP" DURATION="$DURATION" \
        ROUNDS="$ROUNDS" MAX_DURATION="$MAX_DURATION" WRK_TIMEOUT="$WRK_TIMEOUT" ROOT_DIR="$ROOT" \
        python3 - "$META" "$ROWS_TSV" "$RUNS_TSV" "$COMMANDS" "$WORK/serve-page.txt" \
        "$WORK/serve-claim-history.rq" "$WORK/serve-entity.rq" "$WORK/serve-unconfirmed-50.rq" \
        > "$REPORT.tmp" << 'EOF'
import os, re, sys
meta_f, rows_f, runs_f, commands_f, page_f, history_q, entity_q, unconfirmed_q = sys.argv[1:]
env = os.environ
meta = dict(line.rstrip("\n").split("=", 1) for line in open(meta_f) if "=" in line)
rows = {(r[0], r[1]): r for r in (l.rstrip("\n").split("\t") for l in open(rows_f))}
runs = {}
for line in open(runs_f):
    name, server, duration, fields = line.rstrip("\n").split("\t")
    stats = {k: float(v) for k, v in (kv.split("=") for kv in fields.split())}
    stats["duration"] = duration
    runs[(name, server)] = stats
page = re.search(r"page: median since_load_ms=(\d+) script_ms=(\d+) wall_ms=(\d+) min_ms=(\d+) max_ms=(\d+) runs=(\d+)",
                 open(page_f).read())

def ms(value):
    if value >= 1000:
        return f"{value / 1000:.2f} s"
    return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"

def rps(s):
    return s["requests"] / s["seconds"] if s["seconds"] else 0.0

GOALS = {"claim-history": 1.0, "entity": 1.0, "unconfirmed-50": 10.0}
REQUESTS = {
    ("claim-history", "claimgraph"): "`GET /sparql?query=` claim-history.rq + VALUES",
    ("claim-history", "oxigraph"): "`GET /query?query=` the same text",
    ("entity", "claimgraph"): "`GET /sparql?query=` entity.rq + VALUES",
    ("entity", "oxigraph"): "`GET /query?query=` the same text",
    ("unconfirmed-50", "claimgraph"): "`GET /api/claims?unconfirmed&limit=50`",
    ("unconfirmed-50", "oxigraph"): "`GET /query?query=` bench/unconfirmed.rq + `LIMIT 50`",
}
table = ["| measurement | server | request | rows | one request alone | run (machine busy before) | completed | req/s | p50 | p99 | non-2xx | socket errors | claimgraph ÷ oxigraph (goal) |",
         "|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|"]
verdicts = []
for name in ("claim-history", "entity", "unconfirmed-50"):
    cg, ox = runs[(name, "claimgraph")], runs[(name, "oxigraph")]
    goal = GOALS[name]
    if rps(ox) > 0:
        ratio = rps(cg) / rps(ox)
        met = ratio >= goal
        ratio_text = f"**{ratio:.2f}×** (≥ {goal:g}×: {'met' if met else 'missed'})"
    elif rps(cg) > 0:
        ratio, met = float("inf"), True
        ratio_text = f"oxigraph completed no request in the run (≥ {goal:g}×: met)"
    else:
        ratio, met = None, None
        ratio_text = f"neither completed a request in the run: not measured (≥ {goal:g}×)"
    verdicts.append((name, ratio, goal, met))
    for server, s in (("claimgraph", cg), ("oxigraph", ox)):
        sock = int(s["connect"] + s["read"] + s["write"] + s["timeout"])
        sock_text = str(sock) if not sock else f"{sock} (timeouts {int(s['timeout'])})"
        done = s["requests"] > 0
        table.append(f"| {name if server == 'claimgraph' else ''} | {server} | {REQUESTS[(name, server)]} | "
                     f"{rows[(name, server)][3]} | {ms(float(rows[(name, server)][4]) * 1000)} | "
                     f"{s['duration']} ({s['other_busy']:.0f}%) | {int(s['requests']):,} | {rps(s):,.2f} | "
                     f"{ms(s['p50_ms']) if done else '—'} | {ms(s['p99_ms']) if done else '—'} | "
                     f"{int(s['non2xx'])} | {sock_text} | {ratio_text if server == 'claimgraph' else ''} |")
if page:
    since, script, wall, lo, hi, n = (int(x) for x in page.groups())
    page_rows = re.findall(r"; (\d+) rows of (\d+)", open(page_f).read())[-1]
    table.append(f"| page: `#/claims?unconfirmed=1`, shipped KB | claimgraph | headless Chromium, fresh each run | "
                 f"{page_rows[0]} of {page_rows[1]} | — | {n} runs | {n} | — | {since} ms (median; {lo}–{hi} ms) | — | 0 | 0 | "
                 f"goal < 1 s: {'met' if since < 1000 else 'missed'} |")

out = []
w = out.append
w(f"# `claimgraph serve` against `oxigraph serve-read-only`, {meta['date']}")
w("")
w(f"HTTP throughput and latency of the two servers on the same generated knowledge base "
  f"({int(env['CLAIMS']):,} claims, seed 1: {int(env['TRIPLES']):,} triples in `{env['KB_NAME']}`, plus the shipped "
  f"ontology and data in both stores), and the time the web page takes to draw its claims table. "
  f"All in one run of `bench/serve.sh` on one machine; load generator and servers share its cores.")
w("")
w("## Machine")
w("")
for key, label in (("cpu", "CPU"), ("nproc", "cores (nproc)"), ("memory", "memory"), ("os", "OS"),
                   ("claimgraph", "claimgraph"), ("oxigraph", "oxigraph CLI"), ("wrk", "load generator"),
                   ("chromium", "browser"), ("chromedriver", "driver"), ("selenium", "selenium"), ("curl", "curl")):
    w(f"- {label}: {meta.get(key, '?')}")
w(f"- load average (1, 5, 15 min) at the start: {meta.get('loadavg_start')}, at the end: {meta.get('loadavg_end')}")
w("")
w("## Results")
w("")
w(f"wrk with {env['THREADS']} threads and {env['CONNECTIONS']} connections. A run lasts {env['DURATION']} s, or, for a "
  f"slow request, long enough for {env['ROUNDS']} rounds of {env['CONNECTIONS']} requests at the time one took alone "
  f"over {meta['nproc']} cores (at most {env['MAX_DURATION']} s); wrk's `--timeout` is {env['WRK_TIMEOUT']} s or 3 such "
  f"rounds if longer (the exact commands are below). A {env['WARMUP']} s wrk warm-up precedes a run whose round is "
  f"shorter than that; otherwise the check request was the warm-up. Before each run the script waits until the "
  f"server's CPU time stops growing. \"rows\": rows of the answer checked with curl (HTTP 200) before the run; "
  f"\"one request alone\": that check's time. \"machine busy before\": the share of "
  f"the machine's cores busy in the last second before the run, with the measured server idle and no wrk "
  f"running (other work on the machine, the other server included; a load average would count the "
  f"servers' own runnable threads of the previous run). \"completed\": responses wrk received within the run; "
  f"latencies are over those; requests still in flight at the end count nowhere. Ratio: claimgraph's requests/s "
  f"over oxigraph's.")
w("")
out.extend(table)
w("")
w(f"Named queries bound to `{env['CLAIM_IRI']}`. The 50 unconfirmed claims of the two answers: {env['SAME_CLAIMS']}.")
w(f"Start to first answer: claimgraph {env['CG_READY']} s, oxigraph {env['OX_READY']} s. "
  f"Peak resident memory over the run: claimgraph {env['CG_PEAK']} MiB, oxigraph {env['OX_PEAK']} MiB.")
if page:
    w(f"Page: median of {n} fresh headless Chromium sessions of the page's own clock (navigation start to the "
      f"view's data-ready, `performance.now()`): {since} ms; the part after the view's render started "
      f"(fetching /api/claims and drawing): {script} ms; wall clock through chromedriver: {wall} ms.")
w("")
def verdict(name, r, g, m):
    if r is None:
        return f"{name}: not measured (no request completed) against ≥ {g:g}×"
    return f"{name}: {'∞' if r == float('inf') else f'{r:.2f}×'} against ≥ {g:g}×, {'met' if m else 'MISSED'}"
w("Goals: " + "; ".join(verdict(*v) for v in verdicts) + (f"; page: {since} ms against < 1000 ms, {'met' if since < 1000 else 'MISSED'}." if page else "."))
w("")
w("## Commands")
w("")
w("```sh")
root = env["ROOT_DIR"] + "/"
w(f"claimgraph generate --claims {env['CLAIMS']} --seed 1 -o {env['KB_NAME']}")
w(f"claimgraph --store bench/work/serve-cg stats && claimgraph --store bench/work/serve-cg load --quiet {env['KB_NAME']}")
w("oxigraph load --location bench/work/serve-ox --file F --graph https://w3id.org/claimgraph/graph/F   # F: ontology/claimgraph.ttl, data/*.ttl")
w(f"oxigraph load --location bench/work/serve-ox --file $PWD/{env['KB_NAME']} --graph file://$PWD/{env['KB_NAME']}")
w("oxigraph optimize --location bench/work/serve-ox")
for line in open(commands_f):
    w(line.rstrip("\n").replace(root, ""))
w("```")
w("")
w("The URLs: the query text below, percent-encoded, as `?query=`; wrk's own output of each run is in "
  "`bench/work/serve-wrk-*.txt`.")
for title, path in (("claim-history.rq, bound", history_q), ("entity.rq, bound", entity_q),
                    ("bench/unconfirmed.rq with LIMIT 50", unconfirmed_q)):
    w("")
    w(f"<details><summary>{title}</summary>")
    w("")
    w("```sparql")
    w(open(path).read().rstrip("\n"))
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
