"""Finishing a mentions frame for analysts (codebook §6): the raw rows of ``extract_rows`` get a
stable ``mention_id``, a display ``quote_text`` and the document's own ``paragraph`` number;
:func:`with_sources` carries each document's title, publisher and URL.

>>> text = "3. On 2 May 2018 ten people<sup>4</sup> were\\ndetained."
>>> from kzevents.extract import extract_rows
>>> row = finish(extract_rows(text, doc_id="d1"), text, "ab" * 32).iloc[0]
>>> int(row["paragraph"]), row["quote_text"], row["mention_id"][:16]
(3, 'On 2 May 2018 ten people were detained.', 'abababababab-3-5')
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
from collections import Counter

import numpy as np
import pandas as pd
import pyarrow as pa

from .segment import blocks

_FOOTNOTE_MARK = re.compile(r"<sup>[^<>]{0,12}</sup>|[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_TAG = re.compile(r"<[^<>]{0,200}>")
_EMPHASIS = re.compile(r"\*\*|__")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?)])")
SOURCE_COLUMNS = ("title", "publisher", "url")


def clean_quote(quote: str) -> str:
    """The quote for display: tags, footnote marks and emphasis removed, all whitespace one space.

    >>> clean_quote("Ten were <b>detained</b>¹² in\\r\\nAlmaty <https://x.org/a>.")
    'Ten were detained in Almaty.'
    """
    text = _TAG.sub(" ", _FOOTNOTE_MARK.sub("", str(quote)))
    text = " ".join(_EMPHASIS.sub("", text).split())
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


def mention_ids(rows: pd.DataFrame, digest: str) -> list[str]:
    """One id per row, ``DIGEST12-START-END-HASH``: the document's digest, the quote's span and a
    hash of what the row says (type, subtype, trigger, dates, count), so that the rows of one
    sentence differ; rows identical in all of these get ``-2``, ``-3``… in document order.

    >>> rows = pd.DataFrame({"doc_id": ["d", "d"], "char_start": [0, 0], "char_end": [9, 9],
    ...     "event_type": ["ban", "ban"], "subtype": [None, None], "trigger": ["banned"] * 2,
    ...     "date_start": ["2017-01-04"] * 2, "date_end": ["2017-01-04"] * 2, "count": [1, 1]})
    >>> ids = mention_ids(rows, "f" * 64)
    >>> ids[0][:17], ids[1] == ids[0] + "-2"
    ('ffffffffffff-0-9-', True)
    """
    return list(_ids(rows[["doc_id", "char_start", "char_end", *_ID_KEYS]].to_dict("records"), digest, Counter()))


_ID_KEYS = ("event_type", "subtype", "trigger", "date_start", "date_end", "count")


def _ids(records, digest: str, seen: Counter):
    """The ids of :func:`mention_ids`, one per record; ``seen`` counts the ids already given."""
    for record in records:
        said = "|".join([str(record["doc_id"])] + [_key_text(record[k]) for k in _ID_KEYS])
        base = f"{digest[:12]}-{record['char_start']}-{record['char_end']}-" \
               f"{hashlib.sha256(said.encode()).hexdigest()[:8]}"
        seen[base] += 1
        yield base if seen[base] == 1 else f"{base}-{seen[base]}"


def _key_text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        return pd.Timestamp(value).date().isoformat()
    return str(value)


def paragraph_numbers(rows: pd.DataFrame, text: str) -> pd.Series:
    """The document's own paragraph number of each row (``<NA>`` in unnumbered blocks: prose of an
    unnumbered document, headings, footnotes, table rows).

    A row's raw ``paragraph`` is a label: the number its block starts with, the number of the
    paragraph an unnumbered continuation belongs to (R15), a number given inside a table cell, or
    else the block's position, which is not a paragraph number.

    >>> text = "Intro without a number.\\n\\n7. Numbered."
    >>> paragraph_numbers(pd.DataFrame({"paragraph": ["1", "7"], "char_start": [0, 28]}), text).tolist()
    [<NA>, 7]
    """
    return pd.Series(_paragraph_numbers(rows["paragraph"], rows["char_start"], text), index=rows.index, dtype="Int64")


def _paragraph_numbers(labels, starts, text: str) -> list:
    found = blocks(text)
    block_starts = [b.start for b in found]
    numbers = []
    for label, start in zip(labels, starts):
        block = found[bisect.bisect_right(block_starts, int(start)) - 1] if found else None
        positional = block is not None and block.number is None and str(label) == str(block.index)
        numbers.append(int(label) if str(label).isdigit() and not positional else pd.NA)
    return numbers


def finish(rows: pd.DataFrame, text: str, digest: str) -> pd.DataFrame:
    """The raw rows of ``extract_rows(text)`` with the columns of the ``Mentions`` schema, in its
    order: ``paragraph`` as a number, ``quote_text`` and ``mention_id`` (from ``digest``, the
    document's sha256) added. Validation is left to ``schema.validate_mentions``."""
    from .schema import MENTION_COLUMNS

    rows = rows.copy()
    rows["paragraph"] = paragraph_numbers(rows, text) if len(rows) else pd.Series(dtype="Int64")
    rows["quote_text"] = [clean_quote(q) for q in rows["quote"]]
    rows["mention_id"] = mention_ids(rows, digest) if len(rows) else pd.Series(dtype=str)
    return rows.reindex(columns=MENTION_COLUMNS)


def finish_records(rows: list[dict], text: str, digest: str, seen: Counter | None = None) -> list[dict]:
    """:func:`finish` on the raw row dicts of one text (the fast path of ``extract_texts``): each
    row gets its ``paragraph`` number, ``quote_text`` and ``mention_id``, in place. ``seen`` is
    shared by the texts of one batch, so that identical rows of identical texts get ``-2``….

    >>> text = "4. On 2 May 2018 ten people were detained."
    >>> from kzevents.extract import extract_rows
    >>> row = finish_records(extract_rows(text, doc_id="d1", frame=False), text, "ab" * 32)[0]
    >>> row["paragraph"], row["quote_text"], row["mention_id"][:16]
    (4, 'On 2 May 2018 ten people were detained.', 'abababababab-3-4')
    """
    if not rows:
        return rows
    numbers = _paragraph_numbers([r["paragraph"] for r in rows], [r["char_start"] for r in rows], text)
    keyed = rows
    if any(r["count"] is None for r in rows):  # ids hash counts as finish's float column has them ("150.0")
        keyed = [{**r, "count": None if r["count"] is None else float(r["count"])} for r in rows]
    for row, number, mention_id in zip(rows, numbers, _ids(keyed, digest, Counter() if seen is None else seen)):
        row["paragraph"] = None if number is pd.NA else number
        row["quote_text"] = clean_quote(row["quote"])
        row["mention_id"] = mention_id
    return rows


def mentions_frame(rows: list[dict], extra: dict | None = None) -> pd.DataFrame:
    """A validated ``Mentions`` frame from finished row dicts (:func:`finish_records`): each column
    built once with the schema's dtype, then checked in one vectorised pass
    (:func:`kzevents.schema.arrays_pass`); a frame that fails is reported by pandera.
    ``extra`` adds columns that are not the schema's (name -> values, e.g. ``text_index``), last.

    >>> mentions_frame([]).dtypes[["paragraph", "date_start", "subtype"]].astype(str).tolist()
    ['Int64', 'datetime64[ns]', 'string']
    """
    from .schema import arrays_pass, validate_mentions

    arrays = _arrays(rows, None)
    frame = pd.DataFrame({**arrays, **(extra or {})}, copy=False)
    if arrays_pass(arrays):  # the schema's columns; the extra ones are not the schema's
        return frame
    valid = validate_mentions(frame[list(arrays)])  # pandera reports the failing rows (or coerces)
    for name, values in (extra or {}).items():
        valid[name] = values
    return valid


def build_frame(rows: list[dict], extra: dict | None = None) -> pd.DataFrame:
    """:func:`mentions_frame` not yet validated: the rows of one document of a corpus, validated
    with all the others (:func:`kzevents.schema.check_mentions`).

    >>> build_frame([]).columns[:3].tolist()
    ['doc_id', 'paragraph', 'char_start']
    """
    return pd.DataFrame(_arrays(rows, extra), copy=False)


def _arrays(rows: list[dict], extra: dict | None) -> dict:
    from .schema import MENTION_COLUMNS, mention_dtypes

    dtypes = mention_dtypes()
    arrays = {name: _column([r.get(name) for r in rows], dtypes[name]) for name in MENTION_COLUMNS}
    arrays.update(extra or {})
    return arrays


def _column(values: list, dtype):
    """One column's values as an array of ``dtype`` (missing text: ``pd.NA``, as the schema has it)."""
    kind = str(dtype)
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        if dtype.na_value is pd.NA:  # an optional text: "" and NaN are missing too
            values = [None if v is None or v == "" or v != v else v for v in values]
        try:
            return pd.arrays.ArrowStringArray(pa.array(values, pa.large_string()), dtype=dtype)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # not all text: pandas converts (or the check reports)
            return pd.array(values, dtype=dtype)
    if kind == "Int64":
        missing = np.array([v is None or v != v for v in values], dtype=bool)
        return pd.arrays.IntegerArray(np.array([0 if m else v for v, m in zip(values, missing)], dtype=np.int64), missing)
    if kind.startswith("datetime64"):
        return np.array(values, dtype=kind)
    if kind == "int64":
        return np.array(values, dtype=np.int64)
    return pd.array(values, dtype=dtype)


def fill_derived(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with ``quote_text`` and ``mention_id`` filled in where absent or missing; without
    the document's digest, ``mention_id`` is made from the ``doc_id``."""
    frame = frame.copy()
    if "quote" in frame:
        given = frame["quote_text"] if "quote_text" in frame else pd.Series(pd.NA, index=frame.index, dtype=object)
        frame["quote_text"] = [clean_quote(q) if pd.isna(t) else t for q, t in zip(frame["quote"], given)]
    if {"doc_id", "char_start", "char_end"} <= set(frame.columns):
        given = frame["mention_id"] if "mention_id" in frame else pd.Series(pd.NA, index=frame.index, dtype=object)
        missing = given.isna()
        if missing.any():
            made = pd.Series(index=frame.index, dtype=object)
            for doc_id, group in frame[missing].groupby("doc_id", sort=False):
                digest = hashlib.sha256(str(doc_id).encode()).hexdigest()
                made[group.index] = mention_ids(group.reindex(columns=_ID_COLUMNS), digest)
            frame["mention_id"] = given.astype(object).where(~missing, made)
    return frame


_ID_COLUMNS = ["doc_id", "char_start", "char_end", "event_type", "subtype", "trigger", "date_start", "date_end",
               "count"]


def with_sources(mentions: pd.DataFrame, documents, columns=SOURCE_COLUMNS) -> pd.DataFrame:
    """``mentions`` with each document's ``title``, ``publisher`` and ``url`` (from ``documents``:
    a ``Documents`` frame, a ``Corpus``/``Catalog``, or the path of a build's ``documents.csv``),
    same rows in the same order; a document missing from ``documents`` gets ``<NA>``.

    >>> m = pd.DataFrame({"doc_id": ["a", "b"], "count": [3, 4]})
    >>> d = pd.DataFrame({"doc_id": ["a"], "title": ["Report"], "publisher": ["HRW"], "url": ["https://x"]})
    >>> with_sources(m, d).values.tolist()
    [['a', 3, 'Report', 'HRW', 'https://x'], ['b', 4, <NA>, <NA>, <NA>]]
    """
    docs = _documents_frame(documents)
    unknown = [c for c in ("doc_id", *columns) if c not in docs]
    if unknown:
        raise ValueError(f"documents has no column(s) {', '.join(unknown)}; expected a Documents frame "
                         "(e.g. data/processed/documents.csv)")
    sources = docs[["doc_id", *columns]].drop_duplicates("doc_id").set_index("doc_id")
    out = mentions.drop(columns=[c for c in columns if c in mentions])
    for column in columns:
        values = out["doc_id"].map(sources[column]).astype(object)
        out[column] = values.where(values.notna() & (values != ""), None).astype("string")
    return out


def _documents_frame(documents) -> pd.DataFrame:
    if isinstance(documents, (str, os.PathLike)):
        return pd.read_csv(documents, dtype=str, keep_default_na=False)
    if hasattr(documents, "frame") and not isinstance(documents, pd.DataFrame):
        return documents.frame()
    if isinstance(documents, pd.DataFrame):
        return documents
    raise TypeError(f"documents must be a Documents frame, a Corpus or Catalog, or a path to documents.csv, "
                    f"not {type(documents).__name__}")
