#!/usr/bin/env python3
"""Writes a spreadsheet of N invented claims for `claimgraph import`, naming only actors,
sources and places of the shipped knowledge base, so that it imports into a fresh store.

Usage: bench/record_csv.py N FILE
"""
import csv
import sys

HEADER = ("kind,id,class,en,ar,fr,publisher,date,language,url,identifier,reliability,status,"
          "stance,claimants,sources,about,quote,quote_lang,credibility,contradicts").split(",")
STATUSES = ["reported", "claimed", "alleged", "disputed", "speculative", "confirmed"]
CLAIMANTS = ["id:noon-post", "id:jnim", "id:fla", "id:malian-armed-forces", "id:malian-junta"]
PLACES = ["id:bamako", "id:kidal", "id:kati", "id:northern-mali", "id:central-mali"]


def main():
    count, path = int(sys.argv[1]), sys.argv[2]
    with open(path, "w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out)
        rows.writerow(HEADER)
        for i in range(count):
            day = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}"
            row = dict.fromkeys(HEADER, "")
            row.update(
                kind="claim",
                id=f"claim-bench-{i:07d}",
                en=f"Benchmark claim {i}: an invented clash near {PLACES[i % 5][3:]}.",
                ar=f"ادعاء قياس رقم {i}: اشتباك مختلق.",
                date=day,
                status=STATUSES[i % len(STATUSES)],
                stance="affirms",
                claimants=CLAIMANTS[i % len(CLAIMANTS)],
                sources="id:source-noonpost-2026-04-mali",
                about=PLACES[i % len(PLACES)],
                quote=f"اشتباك مختلق رقم {i}",
                quote_lang="ar",
                credibility=str(1 + i % 6),
            )
            rows.writerow([row[c] for c in HEADER])


if __name__ == "__main__":
    main()
