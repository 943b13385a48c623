"""Characters per second of kzevents.extract_corpus on data/raw, beside dateparser's search_dates
over the same paragraphs (what a user would reach for otherwise). Run: python benchmarks/throughput.py"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import kzevents
from kzevents.extract import extract_rows
from kzevents.segment import blocks

ROOT = Path(__file__).resolve().parents[1]


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(raw: str = str(ROOT / "data" / "raw")) -> None:
    from dateparser.search import search_dates

    corpus = kzevents.load_corpus(raw)
    chars = sum(len(d.text) for d in corpus)
    paragraphs = [d.text[b.start:b.end] for d in corpus for b in blocks(d.text) if b.kind != "furniture"]
    kzevents.extract_corpus(corpus)  # warm-up: imports, compiled patterns, dateparser's data
    ours = _best(lambda: kzevents.extract_corpus(corpus), 5)
    stages = _best(lambda: [extract_rows(d.text, doc_id=d.doc_id, published=d.published or None) for d in corpus], 5)
    search_dates("warm up on 1 May 2018", languages=["en"])
    peer = _best(lambda: [search_dates(p, languages=["en"]) for p in paragraphs], 1)
    print(f"corpus: {len(corpus)} documents, {len(paragraphs)} paragraphs, {chars:,} characters")
    print(f"{'tool':<36}{'seconds':>10}{'chars/s':>14}")
    print(f"{'kzevents.extract_corpus':<36}{ours:>10.3f}{chars / ours:>14,.0f}")
    print(f"{'  of which extraction (no schema)':<36}{stages:>10.3f}{chars / stages:>14,.0f}")
    print(f"{'dateparser.search.search_dates':<36}{peer:>10.3f}{chars / peer:>14,.0f}")
    print(f"speed-up: {peer / ours:.1f}x (goal: at least 10x)")


if __name__ == "__main__":
    main(*sys.argv[1:])
