"""Per-call latency of kzevents.extract on 1,000 sentences of the gold (median and p95, warm), next
to dateparser's search_dates and datefinder on the same sentences; then 10,000 sentences through
kzevents.extract_texts in one call (seconds, and peak memory traced by tracemalloc in a second run).
Run: python benchmarks/latency.py [N_SENTENCES]"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import pandas as pd

import kzevents

ROOT = Path(__file__).resolve().parents[1]
GOLDS = ["tests/gold/seeds.csv", "tests/gold/reports.csv", "tests/gold/dev/gold.csv", "tests/gold/heldout/gold.csv"]
GOAL_MS = 2.0  # issue 12: median warm latency of extract on one sentence


def sentences(n: int = 1000) -> list[str]:
    """``n`` English sentences of the gold files (each quote once, in file order; repeated if fewer)."""
    quotes = []
    for path in GOLDS:
        gold = pd.read_csv(ROOT / path, dtype=str, keep_default_na=False)
        quotes += [q for q in gold["quote"] if q]
    unique = list(dict.fromkeys(quotes))
    return list(itertools.islice(itertools.cycle(unique), n))


def per_call(fn, texts: list[str]) -> dict:
    """Median and p95 milliseconds of ``fn(text)`` over ``texts`` (one warm-up call first)."""
    fn(texts[0])
    times = []
    for text in texts:
        t0 = time.perf_counter()
        fn(text)
        times.append(time.perf_counter() - t0)
    times.sort()
    return {"median ms": 1000 * statistics.median(times), "p95 ms": 1000 * times[int(0.95 * (len(times) - 1))]}


def results(n: int = 1000, batch: int = 10_000) -> tuple[pd.DataFrame, dict]:
    import datefinder
    from dateparser.search import search_dates

    texts = sentences(n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = pd.DataFrame({
            "kzevents.extract": per_call(lambda t: kzevents.extract(t, published="2019-12-31"), texts),
            "dateparser.search_dates": per_call(lambda t: search_dates(t, languages=["en"]), texts),
            "datefinder.find_dates": per_call(lambda t: list(datefinder.find_dates(t)), texts),
        }).T
        many = sentences(batch)
        t0 = time.perf_counter()
        rows = kzevents.extract_texts(many, published="2019-12-31")
        seconds = time.perf_counter() - t0
        tracemalloc.start()
        kzevents.extract_texts(many, published="2019-12-31")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return table, {"sentences": len(many), "rows": len(rows), "seconds": seconds, "peak MB": peak / 1e6}


def main(argv) -> None:
    table, batch = results(int(argv[0]) if argv else 1000)
    print(f"per-call latency on {int(argv[0]) if argv else 1000} gold sentences (warm)")
    print(table.round(3).to_string())
    print(f"goal: kzevents.extract median <= {GOAL_MS} ms")
    print(f"extract_texts: {batch['sentences']:,} sentences -> {batch['rows']:,} rows in {batch['seconds']:.2f} s "
          f"({batch['sentences'] / batch['seconds']:,.0f} sentences/s), peak memory {batch['peak MB']:.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
