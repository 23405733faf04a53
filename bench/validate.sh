#!/usr/bin/env bash
# The validation benchmark: `claimgraph validate` against pySHACL and pyshacl-turbo on the same
# data graph and the same shapes, in one run, on one machine.
#
# Usage: bench/validate.sh [--timeout SECONDS] [CLAIMS]     (default: 100000 claims, no limit)
#
#   CLAIMS              number of claims to generate (try 2000 first: a minute or two)
#   --timeout SECONDS   stop an engine still running after SECONDS; it is recorded as
#                       "timed out after SECONDS s" (default: TIMEOUT from the environment, 0:
#                       no limit)
#
# It generates a knowledge base with `claimgraph generate --claims CLAIMS --seed 1` (N-Triples)
# into bench/work/validate/ and validates that file together with ontology/claimgraph.ttl (for
# rdfs:subClassOf) against ontology/shapes.ttl, each engine once, in a fresh process:
#   - claimgraph: `claimgraph validate --standalone --shapes ontology/shapes.ttl
#     ontology/claimgraph.ttl kb.nt --format json`, the whole command;
#   - pySHACL and pyshacl-turbo: parse the same two files into one rdflib Graph, then
#     validate(data, shacl_graph=shapes, inference='none'); parse and validation are timed
#     apart (in the process) as well as the whole process.
# Wall time and peak memory ("Maximum resident set size" of GNU `time -v`) of each, and the
# number of validation results, which the three must agree on (the script fails if not).
# A claimgraph binary without --standalone (older than the flag) validates the file as it
# would join a fresh store instead (`claimgraph --store EMPTY validate`), which holds the
# shipped knowledge base: the Python engines are then given data/*.ttl too, so that all three
# still check the same data graph; the report says which.
# The table goes to standard output and bench/results/VALIDATE-<date>.md.
#
# Environment:
#   TIMEOUT=0    seconds an engine may run before it is stopped (0: no limit)
#   KEEP_WORK=1  keep the generated file in bench/work/validate/ (deleted otherwise)

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$ROOT/bench/work/validate"
RESULTS="$ROOT/bench/results"
TIMEOUT="${TIMEOUT:-0}"
KEEP_WORK="${KEEP_WORK:-0}"
CLAIMS=100000

log() { printf '==> %s\n' "$*" >&2; }
die() {
    printf 'bench: error: %s\n' "$*" >&2
    exit 1
}
usage() { sed -n '2,/^$/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ "$#" -gt 0 ]; do
    case "$1" in
        -h | --help)
            usage
            exit 0
            ;;
        --timeout)
            [ "$#" -ge 2 ] || die "--timeout needs a number of seconds"
            TIMEOUT="$2"
            shift
            ;;
        --timeout=*) TIMEOUT="${1#--timeout=}" ;;
        *[!0-9]* | '') die "not a number of claims: '$1' (see --help)" ;;
        *) CLAIMS="$1" ;;
    esac
    shift
done
case "$TIMEOUT" in *[!0-9]* | '') die "not a number of seconds: '$TIMEOUT'" ;; esac

# Tools: GNU time, a release build (scripts/build-release runs scripts/bootstrap, which installs
# the pinned rdflib, pySHACL and pyshacl-turbo of tests/requirements.txt).
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo > /dev/null; then
        sudo "$@"
    else
        return 1
    fi
}
if [ ! -x /usr/bin/time ] && command -v apt-get > /dev/null; then
    log "installing GNU time with apt-get"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time
fi
/usr/bin/time -v true 2> /dev/null || die "GNU time is needed at /usr/bin/time (Debian: apt-get install time)"

rm -rf "$WORK"
mkdir -p "$WORK"
log "building claimgraph (release)"
built="$("$ROOT/scripts/build-release")" || die "scripts/build-release failed"
# Measure a copy, so that a rebuild during the run cannot swap the binary under it.
cp "$built" "$WORK/claimgraph"
CG="$WORK/claimgraph"
python3 -c 'import rdflib, pyshacl, pyshacl_turbo' ||
    die "rdflib, pyshacl and pyshacl_turbo must import (python3 -m pip install -r tests/requirements.txt)"

# The Python engines: argv = module, shapes, data files. Prints the triples parsed, the
# seconds of parsing and of validation, and the number of results.
ENGINE_PY='
import importlib, json, logging, sys, time
import rdflib
from rdflib.namespace import RDF, SH
logging.getLogger("rdflib").setLevel(logging.ERROR)
engine = importlib.import_module(sys.argv[1])
start = time.perf_counter()
data = rdflib.Graph()
for path in sys.argv[3:]:
    data.parse(path, format=rdflib.util.guess_format(path))
shapes = rdflib.Graph().parse(sys.argv[2], format="turtle")
parsed = time.perf_counter()
conforms, results, _ = engine.validate(data, shacl_graph=shapes, inference="none")
validated = time.perf_counter()
print(json.dumps({
    "triples": len(data),
    "parse": parsed - start,
    "validate": validated - parsed,
    "conforms": bool(conforms),
    "results": len(set(results.subjects(RDF.type, SH.ValidationResult))),
}))
'

# measure NAME OK_STATUSES COMMAND...: runs COMMAND under GNU time (and the time limit), its
# standard output to $WORK/NAME.out; sets SECONDS_TAKEN, RSS_KIB and TIMED_OUT (0/1). Exit
# statuses other than those listed in OK_STATUSES (e.g. "0 1") stop the benchmark.
measure() {
    local name="$1" ok="$2"
    shift 2
    local command=("$@")
    if [ "$TIMEOUT" -gt 0 ]; then
        command=(timeout "$TIMEOUT" "$@")
    fi
    local start end status=0
    start="$(date +%s%N)"
    /usr/bin/time -v -o "$WORK/$name.time" "${command[@]}" > "$WORK/$name.out" 2> "$WORK/$name.err" || status=$?
    end="$(date +%s%N)"
    SECONDS_TAKEN="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')"
    RSS_KIB="$(sed -n 's/.*Maximum resident set size (kbytes): *\([0-9]*\).*/\1/p' "$WORK/$name.time")"
    TIMED_OUT=0
    if [ "$TIMEOUT" -gt 0 ] && [ "$status" -eq 124 ]; then
        TIMED_OUT=1
    elif [[ " $ok " != *" $status "* ]]; then
        tail -n 30 "$WORK/$name.err" >&2
        die "$name failed with exit status $status: $*"
    fi
    if [ "$TIMED_OUT" -eq 1 ]; then
        printf '    %-14s timed out after %s s, %s KiB\n' "$name" "$TIMEOUT" "$RSS_KIB" >&2
    else
        printf '    %-14s %9s s  %9s KiB\n' "$name" "$SECONDS_TAKEN" "$RSS_KIB" >&2
    fi
}

mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }
field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }
secs() { awk -v s="$1" 'BEGIN { printf "%.2f s", s }'; }

# Generate.
KB="$WORK/kb-$CLAIMS.nt"
log "generating $CLAIMS claims"
"$CG" generate --claims "$CLAIMS" --seed 1 -o "$KB" 2> "$WORK/generate.err" ||
    { cat "$WORK/generate.err" >&2; die "claimgraph generate failed"; }
triples="$(sed -n 's/.* in \([0-9]*\) triples.*/\1/p' "$WORK/generate.err")"
[ -n "$triples" ] || triples="$(wc -l < "$KB")"
log "generated $triples triples ($(du -h "$KB" | cut -f1))"

SHAPES="$ROOT/ontology/shapes.ttl"
DATA=("$ROOT/ontology/claimgraph.ttl")
if "$CG" validate --help 2> /dev/null | grep -q -- '--standalone'; then
    MODE="standalone"
    CG_COMMAND=("$CG" validate --standalone --shapes "$SHAPES" "${DATA[@]}" "$KB" --format json)
    CG_SHOWN="claimgraph validate --standalone --shapes ontology/shapes.ttl ontology/claimgraph.ttl kb.nt --format json"
    DATA_SHOWN="the generated file and ontology/claimgraph.ttl"
else
    MODE="store"
    log "this claimgraph has no 'validate --standalone': validating as the file would join a fresh store"
    # A fresh store holds the shipped knowledge base: the ontology and data/*.ttl.
    "$CG" --store "$WORK/store" stats > /dev/null
    CG_COMMAND=("$CG" --store "$WORK/store" validate --shapes "$SHAPES" "$KB" --format json)
    CG_SHOWN="claimgraph --store FRESH validate --shapes ontology/shapes.ttl kb.nt --format json (no --standalone in this build)"
    DATA+=("$ROOT"/data/*.ttl)
    DATA_SHOWN="the generated file, ontology/claimgraph.ttl and data/*.ttl (the shipped knowledge base a fresh store holds)"
fi

# Validate: claimgraph exits 0 (valid) or 1 (violations).
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
log "validating (load average $load_before)"
measure claimgraph "0 1" "${CG_COMMAND[@]}"
cg_time="$SECONDS_TAKEN" cg_rss="$RSS_KIB" cg_out="$TIMED_OUT"
cg_results="-"
if [ "$cg_out" -eq 0 ]; then
    cg_results="$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/claimgraph.out")"
fi

declare -A py_time py_rss py_out py_parse py_validate py_results py_triples
for engine in pyshacl_turbo pyshacl; do
    measure "$engine" "0" python3 -c "$ENGINE_PY" "$engine" "$SHAPES" "$KB" "${DATA[@]}"
    py_time[$engine]="$SECONDS_TAKEN" py_rss[$engine]="$RSS_KIB" py_out[$engine]="$TIMED_OUT"
    if [ "$TIMED_OUT" -eq 0 ]; then
        py_parse[$engine]="$(field "$WORK/$engine.out" parse)"
        py_validate[$engine]="$(field "$WORK/$engine.out" validate)"
        py_results[$engine]="$(field "$WORK/$engine.out" results)"
        py_triples[$engine]="$(field "$WORK/$engine.out" triples)"
    else
        py_parse[$engine]="" py_validate[$engine]="" py_results[$engine]="-" py_triples[$engine]=""
    fi
done

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# Do the three agree on the number of results (among those that finished)?
counts=()
if [ "$cg_out" -eq 0 ]; then counts+=("$cg_results"); fi
for engine in pyshacl_turbo pyshacl; do
    if [ "${py_out[$engine]}" -eq 0 ]; then counts+=("${py_results[$engine]}"); fi
done
agree=1
for count in "${counts[@]}"; do
    [ "$count" = "${counts[0]}" ] || agree=0
done

# The faster Python engine, by whole-process wall time (an engine stopped at the limit ran
# at least that long).
fastest=""
for engine in pyshacl_turbo pyshacl; do
    if [ -z "$fastest" ] || awk -v a="${py_time[$engine]}" -v b="${py_time[$fastest]}" 'BEGIN { exit !(a < b) }'; then
        fastest="$engine"
    fi
done
declare -A label=([pyshacl]="pySHACL $(python3 -c 'import pyshacl; print(pyshacl.__version__)')"
    [pyshacl_turbo]="pyshacl-turbo $(python3 -c 'import pyshacl_turbo; print(pyshacl_turbo.__version__)')")
rdflib_version="$(python3 -c 'import rdflib; print(rdflib.__version__)')"
ratio="$(awk -v a="${py_time[$fastest]}" -v b="$cg_time" 'BEGIN { printf "%.1f", a / b }')"
if [ "${py_out[$fastest]}" -eq 1 ]; then ratio="> $ratio"; fi

cell_time() { # seconds timed-out
    if [ "$2" -eq 1 ]; then echo "timed out after $TIMEOUT s"; else secs "$1"; fi
}
report="$RESULTS/VALIDATE-$(date +%F).md"
{
    echo "# Validation benchmark, $(date +%F)"
    echo
    echo "\`bench/validate.sh$([ "$TIMEOUT" -gt 0 ] && echo " --timeout $TIMEOUT") $CLAIMS\` on $(nproc) cores" \
        "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM," \
        "claimgraph $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src Cargo.toml Cargo.lock 2> /dev/null || echo ' with uncommitted changes'), Python $(python3 -c 'import platform; print(platform.python_version())'), rdflib $rdflib_version."
    echo
    echo "Data: \`claimgraph generate --claims $CLAIMS --seed 1\`, $triples triples ($(du -h "$KB" | cut -f1) of N-Triples);" \
        "data graph: $DATA_SHOWN${py_triples[pyshacl_turbo]:+ (${py_triples[pyshacl_turbo]} triples in rdflib)}; shapes: ontology/shapes.ttl."
    echo "claimgraph: \`$CG_SHOWN\`, the whole command. Python engines: one process each, parse into one rdflib Graph," \
        "then \`validate(data, shacl_graph=shapes, inference='none')\`; \"total\" is the whole process (interpreter and imports included)."
    echo "One run each; peak memory is GNU time's maximum resident set size. Load average before: $load_before; after: $load_after."
    echo
    echo "| engine | parse | validate | total | peak memory | results |"
    echo "|---|---|---|---|---|---|"
    echo "| claimgraph validate | — | — | $(cell_time "$cg_time" "$cg_out") | $(mib "$cg_rss") | $cg_results |"
    for engine in pyshacl_turbo pyshacl; do
        if [ "${py_out[$engine]}" -eq 0 ]; then
            echo "| ${label[$engine]} | $(secs "${py_parse[$engine]}") | $(secs "${py_validate[$engine]}") | $(secs "${py_time[$engine]}") | $(mib "${py_rss[$engine]}") | ${py_results[$engine]} |"
        else
            echo "| ${label[$engine]} | — | — | timed out after $TIMEOUT s | $(mib "${py_rss[$engine]}") at the stop | — |"
        fi
    done
    echo
    echo "claimgraph against the faster Python engine (${label[$fastest]}), whole command: ${ratio}× (goal: ≥ 5×)."
    if [ "$agree" -eq 1 ]; then
        echo "Results: the engines that finished agree ($cg_results by claimgraph)."
    else
        echo "Results: **the engines disagree** (claimgraph $cg_results, pyshacl-turbo ${py_results[pyshacl_turbo]}, pySHACL ${py_results[pyshacl]})."
    fi
} | tee "$report"

[ "$KEEP_WORK" = 1 ] || rm -rf "$WORK/store" "$KB"
[ "$agree" -eq 1 ] || die "the engines disagree on the number of results"
