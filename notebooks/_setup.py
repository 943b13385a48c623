"""Shared set-up for the notebooks: find data/raw whether run from notebooks/ or the project root."""

from pathlib import Path

import kzevents

ROOT = next(p for p in (Path.cwd(), *Path.cwd().parents) if (p / "data" / "raw" / "manifest.csv").exists())
RAW = ROOT / "data" / "raw"


def load():
    """The corpus of data/raw, its documents frame and its mentions frame."""
    corpus = kzevents.load_corpus(RAW)
    return corpus, corpus.frame(), kzevents.extract_corpus(corpus)
