"""Precision and recall of the row fields (location, subjects, attributed_to, penalty) against the
hand-made gold tests/gold/fields.csv, whose rows are tests/gold/seeds.csv's rows by number.

Rows are matched as kzevents.evaluate does (same doc, type, overlapping dates), a row of the same
sentence first, so that a sentence's fields are not judged against another's; a field is then
compared as a set of "; "-separated names, normalised for case and quotes. Precision: filled and
equal / filled (over matched rows); recall: equal / gold rows with the field filled.
A second table counts only pairs of the same sentence.
Run: python benchmarks/fields.py [--show FIELD]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

import kzevents
from kzevents.evaluate import greedy_pairs

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("location", "subjects", "attributed_to", "penalty")
_QUOTES = re.compile(r"[\"“”‘’'«»]")


def names(value) -> frozenset[str]:
    """A field's value as a set of names, case and quotes aside: 'Max “A”; b' → {'max a', 'b'}."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return frozenset()
    parts = (re.sub(r"\s+", " ", _QUOTES.sub("", p)).strip().lower() for p in str(value).split(";"))
    return frozenset(p for p in parts if p)


def load_gold(root: Path = ROOT) -> pd.DataFrame:
    """The fields gold joined to the seeds rows it annotates (by row number)."""
    seeds = pd.read_csv(root / "tests/gold/seeds.csv", dtype=str, keep_default_na=False)
    seeds.index = range(1, len(seeds) + 1)
    gold = pd.read_csv(root / "tests/gold/fields.csv", dtype=str, keep_default_na=False)
    for _, row in gold.iterrows():
        seed = seeds.loc[int(row.seeds_row)]
        if (seed.doc_id, seed.event_type, seed.date_start) != (row.doc_id, row.event_type, row.date_start):
            raise ValueError(f"tests/gold/fields.csv row {row.seeds_row}: does not match seeds.csv row {row.seeds_row}")
    gold = gold.assign(date_start=pd.to_datetime(gold.date_start), date_end=pd.to_datetime(gold.date_end),
                       quote=seeds.loc[gold.seeds_row.astype(int), "quote"].to_numpy())
    return gold.reset_index(drop=True)


def pairs(pred: pd.DataFrame, gold: pd.DataFrame) -> list[tuple[int, int]]:
    """(gold index, predicted index): same doc and type, overlapping dates; same sentence, then the
    closest dates first; each row used once."""
    pred = pred.reset_index(drop=True).assign(date_start=lambda f: pd.to_datetime(f.date_start),
                                              date_end=lambda f: pd.to_datetime(f.date_end))
    candidates = []
    for gi, g in gold.iterrows():
        same = pred[(pred.doc_id == g.doc_id) & (pred.event_type == g.event_type)
                    & (pred.date_start <= g.date_end) & (g.date_start <= pred.date_end)]
        for pi, p in same.iterrows():
            inter = (min(g.date_end, p.date_end) - max(g.date_start, p.date_start)).days + 1
            union = (max(g.date_end, p.date_end) - min(g.date_start, p.date_start)).days + 1
            candidates.append(((p.quote == g.quote, inter / union), gi, pi))
    return greedy_pairs(candidates)


def score(pred: pd.DataFrame, gold: pd.DataFrame, same_sentence: bool = False) -> pd.DataFrame:
    """One line per field: filled, correct, precision, gold filled, found, recall. With
    ``same_sentence``, only pairs of rows read off the same sentence count (the fields' own error,
    without the rows the scorer pairs across sentences)."""
    pred = pred.reset_index(drop=True)
    matched = [(gi, pi) for gi, pi in pairs(pred, gold)
               if not same_sentence or gold.at[gi, "quote"] == pred.at[pi, "quote"]]
    out = []
    for name in FIELDS:
        filled = correct = found = 0
        for gi, pi in matched:
            want, got = names(gold.at[gi, name]), names(pred.at[pi, name])
            filled += bool(got)
            correct += bool(got) and got == want
            found += bool(want) and got == want
        n_gold = sum(bool(names(v)) for v in gold[name])
        out.append({"field": name, "filled": filled, "correct": correct,
                    "precision": round(correct / filled, 3) if filled else 0.0,
                    "gold_filled": n_gold, "found": found, "recall": round(found / n_gold, 3) if n_gold else 0.0})
    return pd.DataFrame(out)


def disagreements(pred: pd.DataFrame, gold: pd.DataFrame, name: str) -> list[str]:
    """Lines 'seeds_row: gold | predicted' where the field differs."""
    pred = pred.reset_index(drop=True)
    return [f"{gold.at[gi, 'seeds_row']}: {gold.at[gi, name]!r} | {pred.at[pi, name]!r}"
            for gi, pi in pairs(pred, gold) if names(gold.at[gi, name]) != names(pred.at[pi, name])]


def main(argv: list[str]) -> None:
    gold = load_gold()
    pred = kzevents.extract_corpus(ROOT / "data/raw")
    print("matched as the scorer matches rows:")
    print(score(pred, gold).to_string(index=False))
    print("\nrows of the same sentence only:")
    print(score(pred, gold, same_sentence=True).to_string(index=False))
    if len(argv) > 1 and argv[0] == "--show":
        print("\n".join(disagreements(pred, gold, argv[1])))


if __name__ == "__main__":
    main(sys.argv[1:])
