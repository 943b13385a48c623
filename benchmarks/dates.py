"""Date intervals found in the gold's sentences by kzevents, dateparser's search_dates and
datefinder, scored against the gold's date_start/date_end in one run.
Run: python benchmarks/dates.py [GOLD.csv DOCS_DIR ...]"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pandas as pd

import kzevents
from kzevents.timex import anchor, find_timexes

ROOT = Path(__file__).resolve().parents[1]
GOLDS = [(ROOT / "tests/gold/seeds.csv", ROOT / "data/raw"), (ROOT / "tests/gold/reports.csv", ROOT / "tests/gold/reports")]


def kz_intervals(quote: str, published) -> set[tuple[date, date]]:
    out, prev = set(), None
    for span in find_timexes(quote):
        resolved = anchor(span, prev, published)
        if resolved is not None and resolved.start is not None:
            out.add((resolved.start, resolved.end))
            prev = resolved
    return out


def dateparser_intervals(quote: str, published) -> set[tuple[date, date]]:
    from dateparser.search import search_dates

    found = search_dates(quote, languages=["en"]) or []
    return {(d.date(), d.date()) for _, d in found}


def datefinder_intervals(quote: str, published) -> set[tuple[date, date]]:
    import datefinder

    try:
        return {(d.date(), d.date()) for d in datefinder.find_dates(quote)}
    except (ValueError, OverflowError):
        return set()


def score(finder, items) -> dict:
    n_pred = n_pred_ok = n_gold = n_hit = n_exact = 0
    for quote, published, gold in items:
        pred = finder(quote, published)
        n_pred += len(pred)
        n_pred_ok += sum(any(s <= ge and gs <= e for gs, ge in gold) for s, e in pred)
        n_gold += len(gold)
        n_hit += sum(any(s <= ge and gs <= e for s, e in pred) for gs, ge in gold)
        n_exact += sum((gs, ge) in pred for gs, ge in gold)
    return {"precision": n_pred_ok / max(n_pred, 1), "recall": n_hit / max(n_gold, 1),
            "interval accuracy": n_exact / max(n_gold, 1)}


def items(pairs) -> list:
    out = []
    for gold_path, docs in pairs:
        gold = pd.read_csv(gold_path, dtype=str, keep_default_na=False)
        gold = gold[gold["date_text"] != ""]
        published = {d.doc_id: kzevents.extract.__globals__["_as_date"](d.published or None)
                     for d in kzevents.load_corpus(docs)}
        for (doc, quote), rows in gold.groupby(["doc_id", "quote"]):
            intervals = {(date.fromisoformat(r.date_start), date.fromisoformat(r.date_end)) for r in rows.itertuples()}
            out.append((quote, published.get(doc), intervals))
    return out


def main(argv) -> None:
    pairs = list(zip(map(Path, argv[0::2]), map(Path, argv[1::2]))) if argv else GOLDS
    data = items(pairs)
    table = pd.DataFrame({name: score(fn, data) for name, fn in [
        ("kzevents", kz_intervals), ("dateparser.search_dates", dateparser_intervals),
        ("datefinder", datefinder_intervals)]}).T
    print(f"{len(data)} gold sentences with {sum(len(g) for *_, g in data)} dated intervals")
    print(table.round(3).to_string())


if __name__ == "__main__":
    main(sys.argv[1:])
