#!/usr/bin/env python3
"""Cross-check of the claimgraph knowledge base with rdflib and pySHACL.

An independent second implementation of what the Rust CLI does with the shipped files:
parse every Turtle file, validate data + ontology against ontology/shapes.ttl, make sure each
invalid fixture is rejected for the expected reason, run every named query over the union of
the graphs and check what it returns.

    pip install rdflib pyshacl
    python3 tests/python/check_kb.py            # from anywhere; -v prints failing reports

Prints one line per check ("ok: ...", "FAIL: ...", "skip: ..."), then "N passed, N failed"
(", N skipped"), and exits 1 if any check failed.

The quotes are also compared with the article's text when it is found: set CLAIMGRAPH_SOURCES
to the folder holding noonpost-mali-2026-04.ar.txt, or keep it in ../shared/sources beside
the repository. When pyoxigraph is installed (pip install pyoxigraph, the Python binding of the
Oxigraph the CLI embeds), every query is also run there, parameters bound by Oxigraph's
variable substitution as the CLI does, and must return the same rows as with rdflib.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

try:
    from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
    from rdflib.collection import Collection
    from pyshacl import validate
except ImportError as exc:  # pragma: no cover - environment problem, not a check
    sys.exit(f"error: {exc}\nhint: pip install rdflib pyshacl")

ROOT = Path(__file__).resolve().parents[2]
# The bad-date fixture is ill-typed on purpose; rdflib logs a traceback when it parses it.
logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
VERBOSE = "-v" in sys.argv[1:]

# The contract's prefixes (docs/model-contract.md).
PREFIXES = {
    "cg": "https://w3id.org/claimgraph/ontology#",
    "id": "https://w3id.org/claimgraph/id/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
}
CG = Namespace(PREFIXES["cg"])
ID = Namespace(PREFIXES["id"])
PROV = Namespace(PREFIXES["prov"])
SCHEMA = Namespace(PREFIXES["schema"])
DCTERMS = Namespace(PREFIXES["dcterms"])
OA = Namespace(PREFIXES["oa"])
SH = Namespace(PREFIXES["sh"])

# SHACL Core features the Rust validator implements; shapes.ttl may use no other sh: term.
SHACL_SUBSET = {
    "NodeShape", "PropertyShape", "targetClass", "property", "path", "minCount", "maxCount",
    "datatype", "class", "in", "nodeKind", "IRI", "Literal", "BlankNode", "BlankNodeOrIRI",
    "IRIOrLiteral", "BlankNodeOrLiteral", "languageIn", "uniqueLang", "pattern",
    "minInclusive", "maxInclusive", "or", "node", "qualifiedValueShape", "qualifiedMinCount",
    "hasValue", "message", "name", "description", "severity", "Violation", "Warning", "Info",
}

ARTICLE_NAME = "noonpost-mali-2026-04.ar.txt"

# --------------------------------------------------------------------------------------------
# Reporting


class Checks:
    def __init__(self) -> None:
        self.passed = self.failed = self.skipped = 0

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        if ok:
            self.passed += 1
            print(f"ok: {name}")
        else:
            self.failed += 1
            print(f"FAIL: {name}" + (f": {detail}" if detail else ""))
        return ok

    def skip(self, name: str, why: str) -> None:
        self.skipped += 1
        print(f"skip: {name}: {why}")


C = Checks()


def curie(term) -> str:
    """Shortest prefixed form of an IRI, for messages."""
    s = str(term)
    for p, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if s.startswith(ns):
            return f"{p}:{s[len(ns):]}"
    return s


def expand(name: str) -> URIRef:
    p, _, local = name.partition(":")
    if p in PREFIXES:
        return URIRef(PREFIXES[p] + local)
    return URIRef(name)


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --------------------------------------------------------------------------------------------
# Loading


def ttl_files() -> tuple[list[Path], list[Path], Path, list[Path], list[Path]]:
    ontology = sorted(p for p in (ROOT / "ontology").glob("*.ttl") if p.name != "shapes.ttl")
    data = sorted((ROOT / "data").glob("*.ttl"))
    shapes = ROOT / "ontology" / "shapes.ttl"
    valid = sorted((ROOT / "tests" / "fixtures" / "valid").glob("*.ttl"))
    invalid = sorted((ROOT / "tests" / "fixtures" / "invalid").glob("*.ttl"))
    return ontology, data, shapes, valid, invalid


def parse(path: Path) -> Graph | None:
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # noqa: BLE001 - report any parser error as a failed check
        C.check(f"parse {rel(path)}", False, str(exc).splitlines()[0])
        return None
    return g


def check_prefixes(path: Path) -> None:
    """Every prefix a file declares under a contract name binds the contract's IRI."""
    text = path.read_text(encoding="utf-8")
    declared = dict(re.findall(r"@prefix\s+([A-Za-z][\w-]*)?:\s*<([^>]*)>", text))
    wrong = [f"{p}: <{iri}>" for p, iri in declared.items() if p in PREFIXES and PREFIXES[p] != iri]
    aliased = [f"{p}: <{iri}>" for p, iri in declared.items()
               if p not in PREFIXES and iri in PREFIXES.values()]
    C.check(f"prefixes of {rel(path)} follow the contract", not wrong and not aliased,
            "; ".join(wrong + aliased))


# --------------------------------------------------------------------------------------------
# SHACL


def shacl(data: Graph, shapes: Graph):
    conforms, report, text = validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=False,
        meta_shacl=False)
    return conforms, report, text


def results(report: Graph) -> list[tuple[str, str, str]]:
    out = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        out.append((str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)),
                    str(report.value(r, SH.sourceConstraintComponent))))
    return out


def shape_nodes(shapes: Graph) -> set:
    """Every shape: node shapes, property shapes and the shapes nested in them."""
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.objects(None, SH.property))
    nodes |= set(shapes.objects(None, SH.qualifiedValueShape)) | set(shapes.objects(None, SH.node))
    for lst in shapes.objects(None, SH["or"]):
        nodes |= set(Collection(shapes, lst))
    return nodes


def check_shapes(shapes: Graph) -> None:
    used = {str(p)[len(PREFIXES["sh"]):] for t in shapes for p in t if str(p).startswith(PREFIXES["sh"])}
    C.check("shapes use only the SHACL Core subset", used <= SHACL_SUBSET,
            ", ".join(sorted(used - SHACL_SUBSET)))
    missing = [curie(n) if not isinstance(n, BNode) else f"[{curie(shapes.value(n, SH.path))}]"
               for n in shape_nodes(shapes)
               if not any(isinstance(m, Literal) and m.language == "en"
                          for m in shapes.objects(n, SH.message))]
    C.check("every shape has an English sh:message", not missing, ", ".join(sorted(missing)))


# --------------------------------------------------------------------------------------------
# Knowledge-base rules that SHACL Core cannot say


def check_kb(kb: Graph) -> None:
    claims = sorted(set(kb.subjects(RDF.type, CG.Claim)), key=str)
    statuses = Counter(curie(kb.value(c, CG.status)) for c in claims)
    C.check(f"knowledge base has 60-80 claims ({len(claims)}): every assertion of the article",
            60 <= len(claims) <= 80)
    print("claims-by-status: " + ", ".join(f"{s.split(':')[1]}={n}" for s, n in sorted(statuses.items())))

    unconfirmed = set(kb.objects(CG.Unconfirmed, SKOS.member))
    expected = {CG.reported, CG.claimed, CG.alleged, CG.disputed, CG.speculative}
    C.check("cg:Unconfirmed holds every status but confirmed, refuted, retracted",
            unconfirmed == expected, ", ".join(sorted(curie(x) for x in unconfirmed ^ expected)))

    asym = [f"{curie(a)} -> {curie(b)}" for a, b in kb.subject_objects(CG.contradicts)
            if (b, CG.contradicts, a) not in kb]
    C.check("cg:contradicts is written in both directions", not asym, "; ".join(asym))

    lonely = [curie(c) for c in claims
              if kb.value(c, CG.stance) == CG.denies and kb.value(c, CG.contradicts) is None]
    C.check("every denial contradicts the claim it denies", not lonely, ", ".join(lonely))

    incomplete = [curie(c) for c in claims
                  if kb.value(c, CG.stance) is None or kb.value(c, CG.credibility) is None
                  or kb.value(c, CG.statusChange) is None]
    C.check("every claim has a stance, a credibility grade and a status history", not incomplete,
            ", ".join(incomplete))

    def latest(c):
        changes = sorted(kb.objects(c, CG.statusChange),
                         key=lambda ch: (str(kb.value(ch, CG.date)), str(ch)))
        return kb.value(changes[-1], CG.newStatus) if changes else None
    stale = [curie(c) for c in claims if latest(c) != kb.value(c, CG.status)]
    C.check("every claim's cg:status is the new status of its latest change", not stale,
            ", ".join(stale))

    def earliest(c):
        dates = [kb.value(s, SCHEMA.datePublished) for s in kb.objects(c, PROV.wasDerivedFrom)]
        dates = [d.toPython() for d in dates if d is not None]
        return min(dates) if dates else None
    wrong = [f"{curie(c)} ({kb.value(c, CG.firstReported)} != {earliest(c)})" for c in claims
             if kb.value(c, CG.firstReported) is None
             or kb.value(c, CG.firstReported).toPython() != earliest(c)]
    C.check("cg:firstReported is the date of the earliest source", not wrong, "; ".join(wrong))

    events = set()
    for cls in kb.transitive_subjects(RDFS.subClassOf, CG.Event):
        events |= set(kb.subjects(RDF.type, cls))
    roleless = [curie(e) for e in events
                if not any(kb.value(e, p) for p in (CG.perpetrator, CG.target, CG.participant))]
    C.check(f"every event ({len(events)}) has an actor in a role", not roleless, ", ".join(roleless))

    key = {"camara": ID["claim-camara-killed"], "airport": ID["claim-jnim-bamako-airport-attack"],
           "denial": ID["claim-fama-denies-bamako-attacks"], "kidal": ID["claim-fla-controls-kidal"]}
    C.check("key claims have the required status and claimant",
            (key["camara"], CG.status, CG.reported) in kb
            and (key["camara"], PROV.wasAttributedTo, ID["noon-post"]) in kb
            and (key["airport"], CG.status, CG.claimed) in kb
            and (key["airport"], PROV.wasAttributedTo, ID.jnim) in kb
            and (key["denial"], CG.stance, CG.denies) in kb
            and (key["denial"], PROV.wasAttributedTo, ID["malian-armed-forces"]) in kb
            and (key["kidal"], CG.status, CG.claimed) in kb
            and (key["kidal"], PROV.wasAttributedTo, ID.fla) in kb)

    article = find_article()
    if article is None:
        C.skip("quotes are verbatim sentences of the article",
               f"{ARTICLE_NAME} not found (set CLAIMGRAPH_SOURCES)")
        return
    # A sentence of the article may be split over two lines: whitespace runs count as one
    # space, in the article and in the quotes alike.
    text = " ".join(article.read_text(encoding="utf-8").split())
    flat = lambda literal: " ".join(str(literal).split()) if literal is not None else ""
    noon = {s for s in kb.subjects(SCHEMA.publisher, ID["noon-post"])}
    quotes = [q for q in kb.subjects(RDF.type, OA.SpecificResource)
              if kb.value(q, OA.hasSource) in noon]
    off, lost, unplaced = [], [], []
    for quote in quotes:
        selector = kb.value(quote, OA.hasSelector)
        exact, prefix, suffix = (kb.value(selector, p) for p in (OA.exact, OA.prefix, OA.suffix))
        parts = [flat(exact), flat(prefix), flat(suffix)]
        if not all(part in text for part in parts):
            off.append(curie(quote))
        elif prefix is None or suffix is None:
            lost.append(curie(quote))
        elif flat(str(prefix) + str(exact) + str(suffix)) not in text:
            unplaced.append(curie(quote))
    C.check(f"the {len(quotes)} quotes, their prefixes and suffixes are verbatim text of the article",
            not off, ", ".join(off))
    C.check("every quote has a prefix and a suffix to find it again", not lost, ", ".join(lost))
    C.check("each quote's prefix, exact text and suffix follow each other in the article",
            not unplaced, ", ".join(unplaced))


def check_doc_example(graphs: dict[Path, Graph]) -> None:
    """The worked example of docs/knowledge-base.md is the valid fixture, triple for triple."""
    from rdflib.compare import isomorphic
    doc = ROOT / "docs" / "knowledge-base.md"
    fixture = ROOT / "tests" / "fixtures" / "valid" / "extra-claim.ttl"
    if not doc.is_file() or fixture not in graphs:
        C.skip("the example of docs/knowledge-base.md is the valid fixture", "file missing")
        return
    m = re.search(r"```turtle\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)
    example = Graph()
    try:
        example.parse(data=m.group(1) if m else "", format="turtle")
    except Exception as exc:  # noqa: BLE001
        C.check("the example of docs/knowledge-base.md parses", False, str(exc).splitlines()[0])
        return
    C.check("the example of docs/knowledge-base.md is the valid fixture",
            len(example) > 0 and isomorphic(example, graphs[fixture]))


def find_article() -> Path | None:
    candidates = []
    if os.environ.get("CLAIMGRAPH_SOURCES"):
        candidates.append(Path(os.environ["CLAIMGRAPH_SOURCES"]))
    candidates += [ROOT.parent / "shared" / "sources", ROOT / "shared" / "sources",
                   Path("/work/shared/sources")]
    for folder in candidates:
        if (folder / ARTICLE_NAME).is_file():
            return folder / ARTICLE_NAME
    return None


# --------------------------------------------------------------------------------------------
# Queries


HEADER = re.compile(r"^# (title|description|param): ?(.*)$")


def parse_query(path: Path) -> tuple[dict, list[tuple[str, str]], str] | None:
    """Header fields, declared parameters and the query text; None if the header is malformed."""
    lines = path.read_text(encoding="utf-8").splitlines()
    fields: dict[str, str] = {}
    params: list[tuple[str, str]] = []
    i, last = 0, None
    while i < len(lines) and lines[i].startswith("#"):
        line = lines[i]
        m = HEADER.match(line)
        if m and m.group(1) == "param":
            name, _, text = m.group(2).partition(": ")
            params.append((name, text))
            last = "param"
        elif m:
            fields[m.group(1)] = m.group(2)
            last = m.group(1)
        elif line.startswith("#   ") and last == "description":
            fields["description"] += " " + line[4:].strip()
        else:
            return None
        i += 1
    rest = lines[i:]
    if not rest or not rest[0].startswith("PREFIX "):
        return None
    return fields, params, "\n".join(lines)


def example_value(text: str) -> URIRef | None:
    m = re.search(r"e\.g\. (\S+)", text)
    return expand(m.group(1).rstrip(".,")) if m else None


def run(ds: Dataset, query: str, **params) -> list[dict]:
    bindings = {k: v for k, v in params.items()}
    res = ds.query(query, initBindings=bindings)
    return [{str(k): row[k] for k in res.vars if row[k] is not None} for row in res]


def check_queries(ds: Dataset, kb: Graph) -> None:
    qdir = ROOT / "queries"
    texts: dict[str, str] = {}
    for path in sorted(qdir.glob("*.rq")):
        parsed = parse_query(path)
        if not C.check(f"header of {rel(path)} (title, description, params, then PREFIX)",
                       parsed is not None and {"title", "description"} <= set(parsed[0])):
            continue
        fields, params, text = parsed
        # Oxigraph substitutes only variables of the SELECT projection.
        m = re.search(r"^SELECT\b(.*?)^WHERE\b", text, re.M | re.S)
        projection = set(re.findall(r"\?(\w+)", m.group(1))) if m else set()
        unprojected = [n for n, _ in params if n not in projection]
        C.check(f"parameters of {path.stem} are in its SELECT projection", not unprojected,
                ", ".join(unprojected))
        texts[path.stem] = text
        try:
            values = {n: example_value(t) for n, t in params}
            rows = run(ds, text, **{k: v for k, v in values.items() if v is not None})
            C.check(f"query {path.stem} runs ({len(rows)} rows with its example parameters)", True)
        except Exception as exc:  # noqa: BLE001
            C.check(f"query {path.stem} runs", False, str(exc).splitlines()[0])
            texts.pop(path.stem)

    required = {"unconfirmed-claims", "contested-claims", "timeline", "entity", "single-source-claims",
                "claims-by-claimant", "claims-by-source", "events-at-place", "claim-history"}
    C.check("every named query exists", required <= set(texts), ", ".join(sorted(required - set(texts))))

    def q(name, **params):
        return run(ds, texts[name], **params) if name in texts else []

    # unconfirmed-claims
    rows = q("unconfirmed-claims")
    camara = [r for r in rows if r.get("claim") == ID["claim-camara-killed"]]
    C.check("unconfirmed-claims: id:claim-camara-killed, status cg:reported, claimant Noon Post",
            len(camara) == 1 and camara[0].get("status") == CG.reported
            and str(camara[0].get("claimants")) == "Noon Post"
            and set(str(camara[0].get("sources")).split()) == {
                str(ID["source-noonpost-x-2026-04-26"]), str(ID["source-noonpost-2026-04-mali"])},
            repr(camara))
    unconfirmed = set(kb.objects(CG.Unconfirmed, SKOS.member))
    expected = {c for c in kb.subjects(RDF.type, CG.Claim) if kb.value(c, CG.status) in unconfirmed}
    C.check(f"unconfirmed-claims: exactly the {len(expected)} claims with an unconfirmed status",
            {r["claim"] for r in rows} == expected and len(rows) == len(expected))
    dates = [str(r.get("firstReported")) for r in rows]
    C.check("unconfirmed-claims: oldest first, statements in English",
            dates == sorted(dates) and all(r["statement"].language == "en" for r in rows))

    # contested-claims
    rows = q("contested-claims")
    pairs = {(r["claim"], r["other"]) for r in rows}
    airport = (ID["claim-fama-denies-bamako-attacks"], ID["claim-jnim-bamako-airport-attack"])
    C.check("contested-claims: the army's denial and JNIM's airport claim form a pair",
            airport in pairs, repr(sorted(pairs)))
    C.check("contested-claims: each pair once",
            len(rows) == len(pairs) and not any((b, a) in pairs for a, b in pairs))
    row = next((r for r in rows if (r["claim"], r["other"]) == airport), {})
    C.check("contested-claims: both claimants' labels and both quotes",
            str(row.get("claimants")) == "Malian Armed Forces (FAMa)"
            and str(row.get("otherClaimants")) == "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)"
            and "أكرها" in str(row.get("quote")) and "مطار باماكو الدولي" in str(row.get("otherQuote")),
            repr(row))

    # timeline
    rows = q("timeline")
    order = [str(r["date"]) for r in rows]
    by_event = {r["event"]: r for r in rows}
    C.check("timeline: every event, in date order", order == sorted(order) and len(rows) == len(
        {e for e in kb.subjects(CG.date, None) if (e, RDF.type, CG.StatusChange) not in kb}))
    C.check("timeline: precision is the date's datatype (gYear 2012 ... gYearMonth April 2026)",
            by_event.get(ID["event-coup-2012"], {}).get("precision") == XSD.gYear
            and by_event.get(ID["event-kidal-retaken-2023"], {}).get("precision") == XSD.gYearMonth
            and by_event.get(ID["event-kati-clashes-2026"], {}).get("precision") == XSD.gYearMonth)
    kidal = by_event.get(ID["event-kidal-takeover-2026"], {})
    C.check("timeline: the 2026 Kidal takeover carries the statuses of its claims (claimed, reported)",
            set(str(kidal.get("statuses", "")).split(", ")) == {"claimed", "reported"}, repr(kidal))

    # entity
    rows = q("entity", entity=ID.kidal)
    triples = {(str(r["direction"]), r["property"], r["value"]) for r in rows}
    C.check("entity id:kidal: its label, its parent place and the events there, both directions",
            ("out", RDFS.label, Literal("Kidal", lang="en")) in triples
            and ("out", CG.locatedIn, ID["kidal-region"]) in triples
            and ("in", CG.place, ID["event-kidal-takeover-2026"]) in triples
            and ("in", CG.about, ID["claim-fla-controls-kidal"]) in triples)
    C.check("entity: no literal in another language than English",
            all(not isinstance(r["value"], Literal) or r["value"].language in (None, "en") for r in rows))

    # single-source-claims
    rows = q("single-source-claims")
    single = {r["claim"]: r for r in rows}
    fla = single.get(ID["claim-fla-controls-kidal"], {})
    C.check("single-source-claims: the FLA's Kidal claim rests on the post of 26 April 2026 (grade C)",
            fla.get("source") == ID["source-noonpost-x-2026-04-26"] and str(fla.get("reliability")) == "C")
    C.check("single-source-claims: not the Camara claim (post + article)",
            ID["claim-camara-killed"] not in single and ID["claim-wagner-renamed-africa-corps"] not in single)

    # claims-by-claimant
    rows = q("claims-by-claimant")
    jnim = {r["claim"] for r in rows if r["claimant"] == ID.jnim}
    C.check("claims-by-claimant: JNIM's three claimed claims, reliability D",
            jnim == {ID["claim-jnim-bamako-airport-attack"], ID["claim-jnim-central-northern-attacks"],
                     ID["claim-jnim-fla-coordination"]}
            and all(str(r.get("reliability")) == "D" and r["status"] == CG.claimed
                    for r in rows if r["claimant"] == ID.jnim))
    army = [r for r in rows if r["claimant"] == ID["malian-armed-forces"]]
    C.check("claims-by-claimant: the army's denial has stance cg:denies",
            any(r["claim"] == ID["claim-fama-denies-bamako-attacks"] and r.get("stance") == CG.denies
                for r in army))

    # claims-by-source
    rows = q("claims-by-source")
    per_source = defaultdict(set)
    grade = {}
    for r in rows:
        per_source[r["source"]].add(r["claim"])
        grade[r["source"]] = str(r.get("reliability"))
    C.check("claims-by-source: the posts carry 5, 2 and 2 claims; every source has its grade",
            len(per_source[ID["source-noonpost-x-2026-04-26"]]) == 5
            and per_source[ID["source-noonpost-x-2025-12-25"]] == {
                ID["claim-aes-joint-force-5000"], ID["claim-aes-summit-bamako"]}
            and len(per_source[ID["source-noonpost-x-2024-01-12"]]) == 2
            and grade.get(ID["source-noonpost-2026-04-mali"]) == "C"
            and all(g in "ABCDEF" and len(g) == 1 for g in grade.values()), repr(dict(grade)))
    C.check("claims-by-source: oldest source first",
            rows and rows[0]["source"] == ID["source-noonpost-x-2024-01-12"])

    # events-at-place
    rows = q("events-at-place", place=ID.bamako)
    events = {r["event"] for r in rows}
    C.check("events-at-place id:bamako: includes the airport attack (inside Bamako), not Kidal",
            {ID["event-bamako-airport-attack-2026"], ID["event-camara-killing"],
             ID["event-aes-joint-force-formation"]} <= events
            and ID["event-kidal-takeover-2026"] not in events, repr(sorted(events)))
    rows = q("events-at-place", place=ID["northern-mali"])
    events = {r["event"] for r in rows}
    C.check("events-at-place id:northern-mali: Kidal's events through kidal < kidal-region < north",
            {ID["event-kidal-takeover-2026"], ID["event-kidal-retaken-2023"],
             ID["event-conflict-2012"]} <= events and ID["event-bamako-attacks-2026"] not in events)

    # claim-history
    rows = q("claim-history", claim=ID["claim-minusma-withdrawal-2023"])
    C.check("claim-history of MINUSMA's withdrawal: reported (2026-04-26) then confirmed on "
            "UNSC resolution 2690, both decided by the editors",
            [(str(r["date"]), r["newStatus"], str(r["decidedBy"]), str(r["sources"])) for r in rows] == [
                ("2026-04-26", CG.reported, "claimgraph editors", str(ID["source-noonpost-2026-04-mali"])),
                ("2026-12-02", CG.confirmed, "claimgraph editors", str(ID["source-unsc-res-2690-2023"]))],
            repr(rows))
    rows = q("claim-history", claim=ID["claim-camara-killed"])
    C.check("claim-history of id:claim-camara-killed: one change, reported on 2026-04-26",
            [(str(r["date"]), str(r["statusLabel"])) for r in rows] == [("2026-04-26", "reported")])

    check_oxigraph(ds, texts)


def check_oxigraph(ds: Dataset, texts: dict[str, str]) -> None:
    """The same queries through Oxigraph, bound by substitution, must give rdflib's rows."""
    try:
        import pyoxigraph as ox
    except ImportError:
        C.skip("queries give the same rows on Oxigraph", "pyoxigraph is not installed")
        return
    store = ox.Store()
    for g in ds.graphs():
        if len(g) == 0:
            continue
        name = ox.NamedNode(str(g.identifier))
        store.load(g.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES, to_graph=name)

    def lexical(term) -> str | None:
        return None if term is None else term.value

    def canonical(row):  # GROUP_CONCAT's order is left to the engine
        return tuple(" ".join(sorted(v.replace(",", " ").split())) if v else v for v in row)

    for name, text in sorted(texts.items()):
        params = {n: example_value(t) for n, t in re.findall(r"^# param: (\w+): (.*)$", text, re.M)}
        try:
            res = store.query(text, use_default_graph_as_union=True,
                              substitutions={ox.Variable(n): ox.NamedNode(str(v)) for n, v in params.items()})
            cols = [v.value for v in res.variables]
            ox_rows = sorted(canonical(tuple(lexical(r[c]) for c in cols)) for r in res)
        except Exception as exc:  # noqa: BLE001
            C.check(f"query {name} runs on Oxigraph", False, str(exc).splitlines()[0])
            continue
        rl_rows = sorted(canonical(tuple(str(r[c]) if c in r else None for c in cols))
                         for r in run(ds, text, **params))
        C.check(f"query {name} gives the same {len(ox_rows)} rows on Oxigraph", ox_rows == rl_rows,
                next((f"oxigraph {a} / rdflib {b}" for a, b in zip(ox_rows, rl_rows) if a != b),
                     f"{len(ox_rows)} vs {len(rl_rows)} rows"))


# --------------------------------------------------------------------------------------------


def main() -> int:
    ontology, data, shapes_path, valid, invalid = ttl_files()
    C.check("files exist: ontology, shapes, data, invalid fixtures",
            bool(ontology) and shapes_path.is_file() and bool(data) and bool(invalid))

    graphs: dict[Path, Graph] = {}
    for path in ontology + [shapes_path] + data + valid + invalid:
        g = parse(path)
        if g is not None:
            graphs[path] = g
            C.check(f"parse {rel(path)} ({len(g)} triples)", True)
        check_prefixes(path)
    if any(p not in graphs for p in ontology + [shapes_path] + data):
        print(f"{C.passed} passed, {C.failed} failed")
        return 1

    kb = Graph()
    for path in ontology + data:
        kb += graphs[path]
    for p, ns in PREFIXES.items():
        kb.bind(p, ns, override=True)
    print(f"rdflib-triples: {len(kb)}")

    shapes = graphs[shapes_path]
    check_shapes(shapes)

    conforms, report, text = shacl(kb, shapes)
    C.check("data + ontology conform to ontology/shapes.ttl", conforms,
            f"{len(results(report))} violations" + ("\n" + text if VERBOSE else " (-v shows them)"))

    for path in valid:
        conforms, report, text = shacl(kb + graphs[path], shapes)
        C.check(f"valid fixture {rel(path)} conforms", conforms,
                "\n" + text if VERBOSE else f"{len(results(report))} violations")

    check_doc_example(graphs)

    for path in invalid:
        if path not in graphs:
            continue
        conforms, report, _ = shacl(kb + graphs[path], shapes)
        expect = re.findall(r"^# expect: (\S+) (\S+) (\S+)$", path.read_text(encoding="utf-8"), re.M)
        wanted = [tuple(str(expand(x)) for x in e) for e in expect]
        found = results(report)
        C.check(f"invalid fixture {rel(path)} is rejected"
                + (f" ({', '.join(e[2].split(':')[1] for e in expect)})" if expect else ""),
                not conforms and all(w in found for w in wanted),
                "conforms" if conforms else f"expected {wanted}, got {found}")

    check_kb(kb)

    ds = Dataset(default_union=True)
    for path in ontology + data:
        g = ds.graph(URIRef(path.resolve().as_uri()))
        g += graphs[path]
    check_queries(ds, kb)

    print(f"{C.passed} passed, {C.failed} failed" + (f", {C.skipped} skipped" if C.skipped else ""))
    return 1 if C.failed else 0


if __name__ == "__main__":
    sys.exit(main())
