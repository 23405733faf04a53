#!/usr/bin/env python3
"""Time rdflib on the benchmark's unconfirmed-claims query.

Usage: rdflib_query.py QUERY.rq RUNS DATA.nt [SHIPPED.ttl...]

Parses DATA (N-Triples) into an in-memory rdflib Graph, timed, and the shipped knowledge base
files (the ontology holds cg:Unconfirmed), untimed; then runs QUERY RUNS times and prints one
JSON object: parse seconds, each query's seconds, the row count and the triples. rdflib has no
persistent store to load into, so its "load" is this parse.
"""

import json
import sys
import time

import rdflib


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    query_file, runs, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(query_file, encoding="utf-8") as f:
        query = f.read()
    graph = rdflib.Graph()
    start = time.perf_counter()
    graph.parse(data, format="nt")
    parse_seconds = time.perf_counter() - start
    for shipped in sys.argv[4:]:
        graph.parse(shipped, format="turtle")
    seconds = []
    rows = 0
    for _ in range(runs):
        start = time.perf_counter()
        result = graph.query(query)
        # Serialise as the CLIs do, so that lazy evaluation is fully paid for.
        rows = len(json.loads(result.serialize(format="json"))["results"]["bindings"])
        seconds.append(time.perf_counter() - start)
    json.dump(
        {
            "parse_seconds": parse_seconds,
            "query_seconds": seconds,
            "rows": rows,
            "triples": len(graph),
            "rdflib": rdflib.__version__,
        },
        sys.stdout,
    )
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
