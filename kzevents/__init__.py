"""kzevents: dated civic-space events from UN and NGO reports on Kazakhstan, as validated pandas frames.

>>> import kzevents
>>> df = kzevents.extract("On 4 January 2017, a court banned the Confederation of Independent Trade Unions.")
>>> df.loc[0, "event_type"], str(df.loc[0, "date_start"].date())
('ban', '2017-01-04')
"""

from __future__ import annotations

import importlib
import types
from importlib.metadata import PackageNotFoundError, version

import pandas as pd

from . import schema
from . import series as _series_module
from .corrections import Correction, apply_corrections, read_corrections
from .corpus import MAX_MB, Catalog, Corpus, CorpusError, Document, load_corpus, scan_corpus
from .evaluate import Scores, evaluate
from .export import export_frames
from .extract import COLUMNS, extract, extract_rows, extract_texts  # noqa: F401 - kept for callers
from .formats import load_text
from .frame import with_sources

try:
    __version__ = version("kzevents")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = ["Catalog", "Corpus", "CorpusError", "Correction", "Document", "Scores", "apply_corrections", "charts",
           "evaluate", "export_frames", "extract", "extract_corpus", "extract_texts", "load_corpus", "load_text", "read_corrections",
           "scan_corpus", "schema", "series", "with_sources", "__version__"]


def extract_corpus(corpus_or_path="data/raw", *, engine: str = "serial", client=None, workers: int | None = None,
                   cache=None, progress: bool = False, max_mb: float = MAX_MB) -> pd.DataFrame:
    """Every event mention of every document of a corpus: a folder like ``data/raw``, a
    :class:`Catalog` from :func:`scan_corpus` (filled in with the documents' records and errors),
    or a loaded :class:`Corpus`. Rows are in document order, identical whatever the engine.

    ``engine="dask"`` runs the documents on dask.distributed: a LocalCluster of ``workers``
    processes, or the cluster of ``client`` (a ``distributed.Client`` or a scheduler address).
    From a folder, each document is read inside its own task, so texts stream. ``cache`` (a folder)
    keeps each document's rows: unchanged documents are not extracted again.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("On 2 May 2018 ten people were detained. On 3 May 2018 two more were.")
    >>> _ = (d / "b.txt").write_text("In 2017 a court banned the party.")
    >>> extract_corpus(d).groupby("doc_id").size().to_dict()
    {'a': 1, 'b': 1}
    """
    from .parallel import extract_corpus as _extract_corpus

    return _extract_corpus(corpus_or_path, engine=engine, client=client, workers=workers, cache=cache,
                           progress=progress, max_mb=max_mb)


class _CallableModule(types.ModuleType):
    """``kzevents.series`` is the module *and* calls its function: ``kzevents.series(m, "detention")``
    and ``from kzevents.series import events`` both work, and a mistyped event type is named."""

    def __call__(self, mentions, event_type, *args, **kwargs):
        return self.series(mentions, schema.check_event_type(event_type), *args, **kwargs)


_series_module.__class__ = _CallableModule


def __getattr__(name: str):
    """``kzevents.charts`` imported on first use (it needs the charts extra: altair)."""
    if name == "charts":
        try:
            return importlib.import_module(".charts", __name__)
        except ImportError as exc:
            raise ImportError(f"kzevents.charts needs the charts extra ({exc}): pip install 'kzevents[charts]'") from exc
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
