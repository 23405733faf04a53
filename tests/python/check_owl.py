#!/usr/bin/env python3
"""The knowledge base is consistent with PROV-O under OWL 2 RL.

claimgraph reuses PROV-O, whose authors made prov:Activity and prov:Entity disjoint. A model
that uses an Entity's property on an Activity (a status change that prov:wasDerivedFrom its
source) makes a reasoner that loads PROV-O with the data infer a resource that is both, and so
an inconsistency. This loads PROV-O itself (the W3C's prov.nq, as the npm package
@vocabulary/prov ships it; scripts/bootstrap puts it in target/vocab/), the ontology and every
data file, computes the OWL 2 RL closure with the `owlrl` package, and fails on any
inconsistency it reports and on any resource that is both an Activity and an Entity.

    python3 tests/python/check_owl.py [PROV.nq]

Prints one line per check, then "N passed, N failed", and exits 1 if any check failed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF

import owlrl

ROOT = Path(__file__).resolve().parents[2]
PROV = Namespace("http://www.w3.org/ns/prov#")
ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


def prov_o() -> Path:
    if len(sys.argv) > 1:
        return Path(sys.argv[1])
    return Path(os.environ.get("CLAIMGRAPH_PROV", ROOT / "target" / "vocab" / "prov.nq"))


def main() -> int:
    passed = failed = 0

    def check(name: str, ok: bool, detail: str = "") -> None:
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok: {name}")
        else:
            failed += 1
            print(f"FAIL: {name}" + (f": {detail}" if detail else ""))

    source = prov_o()
    if not source.is_file():
        print(f"error: PROV-O not found at {source} (scripts/bootstrap fetches it)")
        return 2
    graph = Graph()
    prov = Dataset()
    prov.parse(source, format="nquads")
    for s, p, o, _ in prov.quads((None, None, None, None)):
        graph.add((s, p, o))
    check(
        "PROV-O is loaded, with Activity and Entity disjoint",
        (PROV.Activity, OWL.disjointWith, PROV.Entity) in graph
        or (PROV.Entity, OWL.disjointWith, PROV.Activity) in graph,
    )
    for path in [ROOT / "ontology" / "claimgraph.ttl", *sorted((ROOT / "data").glob("*.ttl"))]:
        graph.parse(path, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)

    errors = sorted(str(m) for m in graph.objects(None, ERR.error))
    check("OWL 2 RL finds no inconsistency", not errors, "; ".join(errors[:5]))
    both = sorted(
        str(node)
        for node in set(graph.subjects(RDF.type, PROV.Activity))
        if (node, RDF.type, PROV.Entity) in graph and isinstance(node, URIRef)
    )
    check(
        "no resource is both a prov:Activity and a prov:Entity",
        not both,
        ", ".join(both[:5]) + (f" and {len(both) - 5} more" if len(both) > 5 else ""),
    )
    nothing = sorted(str(n) for n in graph.subjects(RDF.type, OWL.Nothing))
    check("nothing is an owl:Nothing", not nothing, ", ".join(nothing[:5]))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
