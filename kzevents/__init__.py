"""kzevents: dated civic-space events from UN and NGO reports on Kazakhstan, as validated pandas frames.

>>> import kzevents
>>> df = kzevents.extract("On 4 January 2017, a court banned the Confederation of Independent Trade Unions.")
>>> df.loc[0, "event_type"], str(df.loc[0, "date_start"].date())
('ban', '2017-01-04')
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import pandas as pd

from . import schema
from .corpus import Corpus, CorpusError, Document, load_corpus
from .evaluate import Scores, evaluate
from .extract import COLUMNS, extract, extract_rows

try:
    __version__ = version("kzevents")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["Corpus", "CorpusError", "Document", "Scores", "evaluate", "extract", "extract_corpus",
           "load_corpus", "schema", "series", "__version__"]


def extract_corpus(corpus_or_path="data/raw", *, progress: bool = False) -> pd.DataFrame:
    """Every event mention of every document of a corpus (or a folder like ``data/raw``).

    >>> df = extract_corpus("data/raw")          # doctest: +SKIP
    >>> df.groupby("doc_id").size()              # doctest: +SKIP
    """
    corpus = corpus_or_path if isinstance(corpus_or_path, Corpus) else load_corpus(corpus_or_path)
    docs = list(corpus)
    if progress:
        from tqdm import tqdm

        docs = tqdm(docs, desc="extracting", unit="doc")
    frames = [extract_rows(d.text, doc_id=d.doc_id, published=d.published or None) for d in docs]
    if not frames:
        return schema.validate_mentions(pd.DataFrame(columns=COLUMNS))
    return schema.validate_mentions(pd.concat(frames, ignore_index=True))


# the function, not the module of the same name: importing kzevents.series (as charts does)
# must not replace it
from .series import series  # noqa: E402
