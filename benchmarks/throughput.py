"""Characters per second of kzevents.extract_corpus on data/raw and on the dev corpus, each beside
dateparser's search_dates over the same paragraphs (what a user would reach for otherwise), in one
run: the speed-up is the ratio of the two on the same text, measured side by side.
Run: python benchmarks/throughput.py [CORPUS_DIR ...]"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

import kzevents
from kzevents.segment import blocks

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [ROOT / "data" / "raw", ROOT / "tests" / "gold" / "dev" / "docs"]
GOAL = 20  # issue 12: at least 20x search_dates


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def measure(root: Path, repeat: int = 5) -> dict:
    """Seconds of extract_corpus (best of ``repeat``, warm) and of search_dates over the same
    paragraphs (best of 2, warm) on the corpus at ``root``."""
    from dateparser.search import search_dates

    corpus = kzevents.load_corpus(root)
    chars = sum(len(d.text) for d in corpus)
    paragraphs = [d.text[b.start:b.end] for d in corpus for b in blocks(d.text) if b.kind != "furniture"]
    kzevents.extract_corpus(corpus)  # warm-up: imports, compiled patterns, caches
    ours = _best(lambda: kzevents.extract_corpus(corpus), repeat)
    search_dates("warm up on 1 May 2018", languages=["en"])
    peer = _best(lambda: [search_dates(p, languages=["en"]) for p in paragraphs], 2)
    return {"corpus": root.relative_to(ROOT).as_posix() if root.is_relative_to(ROOT) else str(root),
            "documents": len(corpus), "paragraphs": len(paragraphs), "characters": chars,
            "kzevents s": ours, "search_dates s": peer, "kzevents chars/s": chars / ours,
            "search_dates chars/s": chars / peer, "speed-up": peer / ours}


def results(roots=CORPORA) -> pd.DataFrame:
    return pd.DataFrame([measure(Path(r)) for r in roots]).set_index("corpus")


def main(argv) -> None:
    table = results([Path(a) for a in argv] or CORPORA)
    print(table.round({"kzevents s": 3, "search_dates s": 3, "kzevents chars/s": 0, "search_dates chars/s": 0,
                       "speed-up": 1}).to_string())
    print(f"goal: extract_corpus at least {GOAL}x search_dates on each corpus")


if __name__ == "__main__":
    main(sys.argv[1:])
