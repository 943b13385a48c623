"""The misses of a gold file sorted into the classes of issue 8, to see which classes a change helps.

Each gold row no prediction matches (lenient) goes to the first class it fits:
continuation (its date comes from context: empty date_text), interval (a period, a range, an open
period: "since", "between", "as of", "by"), covered (a year-less date in a periodic report),
phrasing (no trigger of its type is found in its sentence), other (a trigger is found; the date or
the row is lost elsewhere). Count misses are lenient matches whose counts differ.

Usage: python benchmarks/miss_classes.py --gold tests/gold/dev/gold.csv --docs tests/gold/dev/docs
"""

import argparse
import re

import pandas as pd

import kzevents
from kzevents.corpus import read_manifest
from kzevents.evaluate import evaluate
from kzevents.triggers import find_triggers

_INTERVAL = re.compile(r"\b(?:since|between|from|as of|by|until|through|over|during)\b|[–-]", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def miss_class(row, covered: set[str]) -> str:
    """The class of one missed gold row."""
    date_text = row.get("date_text")
    date_text = date_text if isinstance(date_text, str) else ""
    if not date_text:
        return "continuation"
    if row.get("date_precision") == "period" or _INTERVAL.search(date_text):
        return "interval"
    if row["doc_id"] in covered and not _YEAR.search(date_text):
        return "covered"
    if row["event_type"] not in {t.event_type for t in find_triggers(str(row["quote"]))}:
        return "phrasing"
    return "other"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", required=True)
    ap.add_argument("--docs", required=True)
    a = ap.parse_args()
    gold = pd.read_csv(a.gold, dtype=str, keep_default_na=False).replace("", None)
    covered = {r["doc_id"] for r in read_manifest(f"{a.docs}/manifest.csv") if r.get("covers")}
    scores = evaluate(kzevents.extract_corpus(a.docs), gold)
    classes = scores.misses.apply(lambda r: miss_class(r, covered), axis=1).value_counts()
    lenient, count = scores.overall("lenient"), scores.overall("count")
    print(f"gold rows {len(gold)}, lenient misses {lenient.fn}, false rows {lenient.fp}, "
          f"count misses among matches {lenient.tp - count.tp}")
    for name in ("continuation", "interval", "covered", "phrasing", "other"):
        print(f"  {name:<13} {int(classes.get(name, 0))}")


if __name__ == "__main__":
    main()
