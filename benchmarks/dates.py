"""Date intervals found in the gold's sentences by kzevents and the rule-based date finders a user
could pick instead: dateparser's search_dates, datefinder, Microsoft Recognizers-Text
(``recognizers-text-date-time``) and ``ctparse``, scored against the gold's date_start/date_end in
one run. Each peer gets the document's published date as its reference date where it takes one.
The peers are in the ``bench`` extra (``pip install -e '.[bench]'``); a peer not installed is
named and left out. Run: python benchmarks/dates.py [GOLD.csv DOCS_DIR ...]"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
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


def _reference(published) -> datetime | None:
    return datetime(published.year, published.month, published.day) if published else None


def dateparser_intervals(quote: str, published) -> set[tuple[date, date]]:
    """search_dates with the document date as RELATIVE_BASE (its reference date)."""
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": _reference(published)} if published else None
    found = search_dates(quote, languages=["en"], settings=settings) or []
    return {(d.date(), d.date()) for _, d in found}


def datefinder_intervals(quote: str, published) -> set[tuple[date, date]]:
    """datefinder with the document date as base_date (its reference date)."""
    import datefinder

    try:
        return {(d.date(), d.date()) for d in datefinder.find_dates(quote, base_date=_reference(published))}
    except (ValueError, OverflowError, TypeError):
        return set()


_RECOGNIZER = []


def recognizers_intervals(quote: str, published) -> set[tuple[date, date]]:
    """Microsoft Recognizers-Text: dates, and date ranges with their exclusive end made inclusive; of
    an ambiguous expression ("in May": last May and next May) the latest value not after the reference."""
    from recognizers_date_time import Culture, DateTimeRecognizer

    if not _RECOGNIZER:
        _RECOGNIZER.append(DateTimeRecognizer(Culture.English).get_datetime_model())
    reference = _reference(published) or datetime.now()
    out = set()
    for result in _RECOGNIZER[0].parse(quote, reference):
        spans = [_recognizers_span(v) for v in (result.resolution or {}).get("values", [])]
        spans = [s for s in spans if s]
        past = [s for s in spans if s[0] <= reference.date()]
        if spans:
            out.add(max(past) if past else spans[0])
    return out


def _recognizers_span(value: dict) -> tuple[date, date] | None:
    def day(text):
        try:
            return date.fromisoformat(str(text)[:10])
        except ValueError:
            return None

    if "start" in value or "end" in value:
        start, end = day(value.get("start")), day(value.get("end"))
        if start and end and value.get("type", "").endswith("range"):
            end = max(start, end - timedelta(days=1))
        return (start, end) if start and end else None
    found = day(value.get("value"))
    return (found, found) if found else None


def ctparse_intervals(quote: str, published) -> set[tuple[date, date]]:
    """ctparse's best parse of the sentence (one time or one interval), relative to the reference."""
    import logging

    from ctparse import ctparse
    from ctparse.types import Interval

    logging.getLogger("ctparse").setLevel(logging.ERROR)  # it logs every sentence it finds no time in
    parse = ctparse(quote, ts=_reference(published) or datetime.now(), timeout=1.0)
    if parse is None:
        return set()
    resolution = parse.resolution
    ends = (resolution.t_from, resolution.t_to) if isinstance(resolution, Interval) else (resolution, resolution)
    days = [_ctparse_day(t) for t in ends]
    return {(days[0], days[1])} if all(days) and days[0] <= days[1] else set()


def _ctparse_day(time) -> date | None:
    if time is None or getattr(time, "year", None) is None or getattr(time, "month", None) is None:
        return None
    try:
        return date(time.year, time.month, time.day or 1)
    except ValueError:
        return None


PEERS = [("dateparser.search_dates", dateparser_intervals, "dateparser"),
         ("datefinder", datefinder_intervals, "datefinder"),
         ("recognizers-text-date-time", recognizers_intervals, "recognizers_date_time"),
         ("ctparse", ctparse_intervals, "ctparse")]


def available_peers() -> list[tuple[str, object]]:
    """The peers that import here; each missing one is named on stderr (the bench extra installs them)."""
    import importlib

    out = []
    for name, finder, module in PEERS:
        try:
            importlib.import_module(module)
        except Exception as exc:  # noqa: BLE001 - e.g. recognizers with emoji>=1.0
            print(f"benchmarks/dates.py: {name} is not available ({type(exc).__name__}: {exc}); "
                  "pip install -e '.[bench]'", file=sys.stderr)
            continue
        out.append((name, finder))
    return out


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


def results(argv=()) -> tuple[pd.DataFrame, str]:
    """The scores of kzevents and every available peer (one row each), and what was scored."""
    pairs = list(zip(map(Path, argv[0::2]), map(Path, argv[1::2]))) if argv else GOLDS
    data = items(pairs)
    table = pd.DataFrame({name: score(fn, data) for name, fn in [("kzevents", kz_intervals), *available_peers()]}).T
    return table, f"{len(data)} gold sentences with {sum(len(g) for *_, g in data)} dated intervals"


def main(argv) -> None:
    table, what = results(argv)
    print(what)
    print(table.round(3).to_string())
    behind = [c for c in table.columns if table[c].idxmax() != "kzevents"]
    print("kzevents leads every column" if not behind else f"kzevents does not lead: {', '.join(behind)}")


if __name__ == "__main__":
    main(sys.argv[1:])
