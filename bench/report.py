#!/usr/bin/env python3
"""Turn the raw measurements of bench/run.sh into the Markdown results table.

Usage: report.py --raw RAW.tsv --sizes SIZES.tsv --rows ROWS.tsv --meta META.tsv [--partial]

Each option may be repeated to merge the files of several runs into one table (later META
values win).

RAW rows: size, operation, tool, run, seconds, peak RSS (KiB, may be empty), triples, and
"stopped" when the run hit the time limit. SIZES rows: claims, triples, file bytes. ROWS rows:
claims, then the rows found by claimgraph, oxigraph (named graph) and oxigraph (default graph),
empty where the run was stopped.
META rows: key, value. Writes Markdown to standard output.
"""

import argparse
import csv
import math
import statistics
from collections import defaultdict

OPERATIONS = [
    ("generate", "generate the KB (N-Triples)"),
    ("load", "load into a fresh store"),
    ("optimize", "`oxigraph optimize` before the queries"),
    ("load-ready", "load, compacted for reads (oxigraph: load + optimize)"),
    ("report", "unconfirmed claims, all rows (JSON)"),
    ("report-50", "unconfirmed claims, 50 oldest (JSON)"),
    ("named-query", "named query unconfirmed-claims.rq (JSON)"),
    ("export-nt", "export N-Triples"),
    ("export-ttl", "export Turtle"),
]


def read_tsv(paths):
    """The rows of one or more TSV files."""
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            rows.extend(row for row in csv.reader(f, delimiter="\t") if row)
    return rows


def seconds(value):
    if value < 1:
        return f"{value * 1000:.0f} ms"
    if value < 100:
        return f"{value:.2f} s"
    return f"{value:.0f} s"


def mebibytes(kib):
    return f"{kib / 1024:.0f} MiB" if kib < 10 * 1024 * 1024 else f"{kib / 1048576:.1f} GiB"


def thousands(n):
    return f"{n:,}"


class Cell:
    """The runs of one tool on one operation at one size."""

    def __init__(self):
        self.seconds = []
        self.rss = []
        self.triples = None
        # A run stopped at the time limit: the time is a lower bound.
        self.stopped = False

    def median(self):
        return statistics.median(self.seconds)

    def text(self, load=False, runs_expected=None):
        if self.stopped:
            return f"> {seconds(max(self.seconds))} (stopped)"
        out = seconds(self.median())
        if load and self.triples:
            out += f" · {self.triples / self.median() / 1000:,.0f}k triples/s"
        if self.rss:
            out += f" · {mebibytes(max(self.rss))}"
        if runs_expected and len(self.seconds) < runs_expected:
            out += f" ({len(self.seconds)} run{'s' if len(self.seconds) > 1 else ''})"
        return out


def ratio(ours, peer):
    """claimgraph / peer; a bound when either side was stopped at the time limit."""
    if not ours or not peer:
        return "—"
    if ours.stopped and peer.stopped:
        return "?"
    value = ours.median() / peer.median()
    # Two significant digits for small ratios, which would otherwise all read 0.00.
    digits = 2 if value >= 0.1 or value <= 0 else 1 - math.floor(math.log10(value))
    text = f"{value:.{digits}f}"
    if peer.stopped:
        return f"< {text}"
    if ours.stopped:
        return f"> {text}"
    return text


def add_ready_loads(cells):
    """The "load-ready" cells: a store loaded and compacted, ready for queries and exports.

    claimgraph's load compacts the store itself, so its cell is its load; oxigraph's is the sum
    of the medians of its load and its `optimize`.
    """
    for (size, op, tool), load in list(cells.items()):
        if op != "load" or tool == "rdflib":
            continue
        ready = Cell()
        ready.triples = load.triples
        if tool == "claimgraph":
            ready.seconds = [load.median()]
            ready.rss = list(load.rss)
        else:
            optimize = cells.get((size, "optimize", tool))
            if not optimize:
                continue
            ready.seconds = [load.median() + optimize.median()]
            ready.rss = [max(load.rss + optimize.rss)] if load.rss or optimize.rss else []
        cells[(size, "load-ready", tool)] = ready


def main():
    parser = argparse.ArgumentParser()
    # Each may be given several times, to merge the files of several runs into one table.
    for name in ("raw", "sizes", "rows", "meta"):
        parser.add_argument(f"--{name}", required=True, action="append")
    parser.add_argument("--partial", action="store_true", help="the run did not finish")
    parser.add_argument(
        "--note", action="append", default=[], help="a line for the notes (how runs were merged)"
    )
    args = parser.parse_args()

    cells = defaultdict(Cell)
    for row in read_tsv(args.raw):
        size, op, tool, _run, secs, rss, triples = row[:7]
        cell = cells[(size, op, tool)]
        cell.stopped |= len(row) > 7 and row[7] == "stopped"
        cell.seconds.append(float(secs))
        if rss:
            cell.rss.append(int(rss))
        if triples:
            cell.triples = int(triples)
    add_ready_loads(cells)
    sizes = {row[0]: (int(row[1]), int(row[2])) for row in read_tsv(args.sizes)}
    rows = {row[0]: row[1:] for row in read_tsv(args.rows)}
    meta = {row[0]: row[1] for row in read_tsv(args.meta)}
    runs = int(meta.get("runs", 3))

    out = []
    out.append(f"# claimgraph benchmark, {meta.get('date', '')}")
    out.append("")
    if args.partial:
        out.append(
            "**Partial results: the run stopped before the end; the table holds what was "
            "measured until then.**"
        )
        out.append("")
    out.append(
        "claimgraph against the official oxigraph CLI (same RocksDB storage engine, "
        "SPARQL) and rdflib (Python, in memory), on synthetic knowledge bases written by "
        "`claimgraph generate --seed 1`, all in one run of `bench/run.sh` on one machine."
    )
    out.append("")
    out.append("## Machine")
    out.append("")
    for key, label in [
        ("cpu", "CPU"),
        ("nproc", "cores (nproc)"),
        ("memory", "memory"),
        ("os", "OS"),
        ("claimgraph", "claimgraph"),
        ("oxigraph", "oxigraph CLI"),
        ("rdflib", "rdflib"),
    ]:
        out.append(f"- {label}: {meta.get(key, 'unknown')}")
    out.append(
        f"- load average (1, 5, 15 min) at the start: {meta.get('loadavg_start', '?')}, "
        f"at the end: {meta.get('loadavg_end', '?')} (other work on the machine shows here)"
    )
    out.append("")
    out.append("## Results")
    out.append("")
    out.append(
        f"Median wall time of {runs} runs, each a fresh process; loads into a fresh store "
        f"each run. From {int(meta.get('large_claims', 10**6)):,} claims on, loads run "
        f"{meta.get('large_load_runs', 1)} time(s) and the named query and exports "
        f"{meta.get('large_runs', 1)} time(s); cells with fewer runs say so. After the time: "
        "throughput for loads and peak resident memory (GNU time). Ratio = claimgraph / peer: "
        "below 1 means claimgraph is faster."
    )
    out.append("")
    out.append(
        "| claims | triples | operation | claimgraph | oxigraph CLI, same named graph | ratio "
        "| oxigraph CLI, default graph | ratio | rdflib |"
    )
    out.append("|---:|---:|---|---|---|---:|---|---:|---|")
    for size in sorted(sizes, key=int):
        triples, file_bytes = sizes[size]
        first = True
        for op, label in OPERATIONS:
            cg = cells.get((size, op, "claimgraph"))
            ox = cells.get((size, op, "oxigraph"))
            oxd = cells.get((size, op, "oxigraph-default"))
            rd = cells.get((size, op, "rdflib"))
            if not (cg or ox or oxd):
                continue
            load = op in ("load", "load-ready")
            expected = runs if op not in ("generate", "load-ready") else None
            if op == "generate":
                label += f" ({file_bytes / 1048576:,.0f} MiB)"
            rd_text = "—"
            if rd:
                rd_text = rd.text(load=False, runs_expected=None)
                if load:
                    rd_text = f"parse {seconds(rd.median())}"
                    process = cells.get((size, "rdflib-process", "rdflib"))
                    if process and process.rss:
                        rd_text += f" · {mebibytes(max(process.rss))}"
            out.append(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
                    thousands(int(size)) if first else "",
                    thousands(triples) if first else "",
                    label,
                    cg.text(load=load, runs_expected=expected) if cg else "—",
                    ox.text(load=load, runs_expected=expected) if ox else "—",
                    ratio(cg, ox),
                    oxd.text(load=load, runs_expected=expected) if oxd else "—",
                    ratio(cg, oxd),
                    rd_text,
                )
            )
            first = False
    cold_cg = cells.get(("shipped", "cold-start", "claimgraph"))
    cold_ox = cells.get(("shipped", "cold-start", "oxigraph"))
    cold_oxd = cells.get(("shipped", "cold-start", "oxigraph-default"))
    if cold_cg:
        out.append(
            "| shipped KB | | cold start: `claims --unconfirmed`, existing store "
            f"(median of {len(cold_cg.seconds)}) | {cold_cg.text()} | "
            f"{cold_ox.text() if cold_ox else '—'} | {ratio(cold_cg, cold_ox)} | "
            f"{cold_oxd.text() if cold_oxd else '—'} | {ratio(cold_cg, cold_oxd)} | — |"
        )
    out.append("")
    out.append("## Notes")
    out.append("")
    out.append(
        "- The same files for every tool: each size's knowledge base is generated once and "
        "loaded by each tool into its own fresh store."
    )
    out.append(
        "- oxigraph answers the unconfirmed-claims report with `bench/unconfirmed.rq` (one "
        "row per claim with statement, status, claimants, sources and date, oldest first); "
        "the 50-row variant appends `LIMIT 50`. claimgraph's `claims --unconfirmed` rows carry "
        "more (source titles, publishers, reliability, quote, contradictions)."
    )
    out.append(
        "- The named query is `queries/unconfirmed-claims.rq`, run by `claimgraph query "
        "unconfirmed-claims` and by `oxigraph query --query-file`."
    )
    out.append(
        "- All stores are first seeded, untimed, with the shipped knowledge base (the ontology, "
        "whose `cg:Unconfirmed` collection the report reads, and the Mali data), which claimgraph "
        "puts in every new store; the timed load is the generated file alone. rdflib parses the "
        "same files (only the generated one timed)."
    )
    out.append(
        "- Two oxigraph columns. *Same named graph*, like for like: claimgraph keeps every file "
        "in a named graph of its own, so oxigraph loads the file into the same graph "
        "(`--graph file://…`, which builds the same six indexes as claimgraph) and queries with "
        "`--union-default-graph`. *Default graph*: a plain `oxigraph load --file` into the "
        "default graph (three indexes, so a faster load) and queries without the union, as a "
        "user who needs no per-file graphs would run it. Both oxigraph stores are compacted with "
        "`oxigraph optimize` after the load, as oxigraph advises before read-heavy work (timed "
        "on its own row). claimgraph's load compacts its store itself after a million triples or "
        "more (the bulk loader leaves overlapping files that slow every later read; smaller "
        "loads stay as loaded), and also hashes the file, extracts the "
        "facts reports read and builds the claim index; its load time includes all of that. "
        "The row *load, compacted for reads* therefore sets it against oxigraph's load plus "
        "optimize (sum of the medians; peak memory of the larger)."
    )
    limit = meta.get("query_timeout")
    if limit and limit != "0":
        out.append(
            f"- Reports and queries are stopped after {limit} s; a stopped cell shows the time "
            "as a lower bound (\"> …\"), is not run again, and its ratio is a bound."
        )
    if rows:
        def found(value):
            return thousands(int(value)) if value else "— (stopped)"

        checks = "; ".join(
            f"{thousands(int(size))} claims: claimgraph {found(counts[0])}, oxigraph "
            + ", ".join(found(count) for count in counts[1:])
            for size, counts in sorted(rows.items(), key=lambda kv: int(kv[0]))
        )
        out.append(
            "- Unconfirmed-claim rows found in each tool's first report run (named graph, "
            f"then default graph for oxigraph): {checks}."
        )
    out.append(
        "- rdflib has no persistent store: its load is the parse into memory, its query runs "
        "in the same process, and its memory is the peak of that process. It runs on sizes up "
        "to 100,000 claims only."
    )
    out.append(
        "- Exports: `claimgraph export -o FILE` against `oxigraph dump --graph <the file's graph> --file FILE`."
    )
    out.append(
        "- Cold start: a new process answering the report on the shipped knowledge base with "
        "an existing store (claimgraph also checks that the store is up to date)."
    )
    out.extend(f"- {note}" for note in args.note)
    print("\n".join(out))


if __name__ == "__main__":
    main()
