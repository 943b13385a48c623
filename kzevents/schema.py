"""pandera schemas: what a documents frame and a mentions frame may hold (codebook §2–§6).

Validation is lazy: one error report lists every failing row and check. A mentions frame built
with the schema's dtypes (as the extractor builds it) is checked by :func:`check_mentions`: the
same columns, dtypes and checks, compiled once from ``Mentions`` into vectorised arrow/numpy
tests in one pass (tens of microseconds, where pandera takes tens of milliseconds); any failure
is reported by pandera itself, so errors read the same on both paths.

>>> import pandas as pd
>>> bad = pd.DataFrame({c: [] for c in Mentions.to_schema().columns})
>>> len(validate_mentions(bad))
0
"""

from __future__ import annotations

import difflib
from typing import NamedTuple, Optional

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.compute as pc
from pandera.typing import Series

from .language import NAMES, READ
from .quantities import QUALIFIERS, UNITS
from .timex import PRECISIONS
from .triggers import EVENT_TYPES, SUBTYPES

KINDS = ("occurrence", "tally")
_ALL_SUBTYPES = sorted({s for subs in SUBTYPES.values() for s in subs})
_PRESENT = {"str_length": {"min_value": 1}}  # a value present is never "": missing is pd.NA


_SLASH = pa_arrow.scalar("/", pa_arrow.large_string())
_SUBTYPE_PAIRS = frozenset(f"{t}/{s}" for t, subs in SUBTYPES.items() for s in subs)


def _texts(values) -> pa_arrow.Array:
    """A text column as one arrow array (zero-copy for the schema's arrow-backed strings)."""
    array = getattr(values, "array", values)
    if isinstance(array, (pa_arrow.Array, pa_arrow.ChunkedArray)):
        texts = array
    elif hasattr(array, "__arrow_array__") and isinstance(array.dtype, pd.StringDtype):
        texts = pa_arrow.array(array)
    else:
            return pa_arrow.array([None if _missing(v) else str(v) for v in values], pa_arrow.large_string())
    if isinstance(texts, pa_arrow.ChunkedArray):  # a frame made by concatenation
        texts = texts.combine_chunks()
    return texts if texts.type == pa_arrow.large_string() else texts.cast(pa_arrow.large_string())


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _numbers(values) -> np.ndarray:
    """A numeric column as float64, NaN where missing (comparisons with NaN are False)."""
    try:
        if isinstance(values, np.ndarray):
            return values.astype("float64")
        return values.to_numpy(dtype="float64", na_value=np.nan)
    except (TypeError, ValueError):
        return pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def isin_mask(values, allowed: frozenset) -> np.ndarray:
    """True where a text value is missing or in ``allowed``: each distinct value is looked up once.

    >>> isin_mask(pd.Series(["a", None, "b", "a"], dtype="string"), frozenset({"a"})).tolist()
    [True, True, False, True]
    """
    encoded = _texts(values).dictionary_encode()
    known = np.array([v in allowed for v in encoded.dictionary.to_pylist()] + [True], dtype=bool)
    codes = np.asarray(encoded.indices.fill_null(len(known) - 1), dtype=np.int64)
    return known[codes]


def _subtype_fits(df) -> np.ndarray:
    """Each row's subtype is empty or one of its event_type's (codebook §3): a check of every frame."""
    pairs = pc.binary_join_element_wise(_texts(df["event_type"]), _texts(df["subtype"]), _SLASH)
    return isin_mask(pairs, _SUBTYPE_PAIRS)


def _dates_ordered(df) -> np.ndarray:
    return np.asarray(df["date_start"], dtype="datetime64[ns]") <= np.asarray(df["date_end"], dtype="datetime64[ns]")


def _counts_ordered(df) -> np.ndarray:
    low, high = _numbers(df["count_low"]), _numbers(df["count_high"])
    return ~(low > high)  # a missing end is no disorder


def _span_is_quote(df) -> np.ndarray:
    lengths = np.asarray(pc.utf8_length(_texts(df["quote"])), dtype="float64")  # a missing quote: NaN, fails
    return (_numbers(df["char_end"]) - _numbers(df["char_start"])) == lengths


class _DatedRows(pa.DataFrameModel):
    """What every frame of dated rows checks (mentions, events): columns in order, a subtype of its
    type (§3), a start on or before its end (§4)."""

    class Config:
        strict = True
        ordered = True
        coerce = True

    @pa.dataframe_check(error="subtype is not a subtype of its event_type (codebook §3)")
    def subtype_of_type(cls, df: pd.DataFrame) -> Series[bool]:
        return pd.Series(_subtype_fits(df), index=df.index)

    @pa.dataframe_check(error="date_start is after date_end (codebook §4)")
    def dates_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return pd.Series(_dates_ordered(df), index=df.index)


class Documents(pa.DataFrameModel):
    """One row per document of a corpus, with its manifest metadata."""

    doc_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    file: Series[str]
    title: Series[str]
    publisher: Series[str]
    published: Series[str] = pa.Field(str_matches=r"^(?:\d{4}(?:-\d{2}-\d{2})?)?$")
    url: Series[str]
    sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    covers: Series[str] = pa.Field(str_matches=r"^(?:\d{4}|\d{4}-\d\d-\d\d/\d{4}-\d\d-\d\d)?$")
    n_chars: Series[int] = pa.Field(ge=0)
    language: Series[pd.StringDtype] = pa.Field(isin=list(NAMES), nullable=True, description=(
        "the document's language (codebook §11); <NA> in frames made before it was recorded"))

    class Config:
        strict = True
        coerce = True


class Mentions(_DatedRows):
    """One row per event mention; columns and vocabularies of codebook §2–§6 and R16–R18.

    Missing values are ``pd.NA`` (never ``""`` nor NaN): every text column that may be empty is
    a nullable ``string`` column whose values, when present, are non-empty.
    """

    doc_id: Series[str] = pa.Field(str_length={"min_value": 1})
    paragraph: Series[pd.Int64Dtype] = pa.Field(
        nullable=True, ge=0, description="the document's own paragraph number; <NA> in unnumbered blocks (§6)")
    char_start: Series[int] = pa.Field(ge=0)
    char_end: Series[int] = pa.Field(ge=0)
    quote: Series[str] = pa.Field(str_length={"min_value": 1})
    quote_text: Series[str] = pa.Field(str_length={"min_value": 1}, description=(
        "the quote for display: tags, footnote marks and emphasis removed, whitespace as single spaces"))
    event_type: Series[str] = pa.Field(isin=EVENT_TYPES)
    subtype: Series[pd.StringDtype] = pa.Field(isin=_ALL_SUBTYPES, nullable=True)
    kind: Series[str] = pa.Field(isin=KINDS)
    trigger: Series[pd.StringDtype] = pa.Field(nullable=True, **_PRESENT)
    date_text: Series[pd.StringDtype] = pa.Field(nullable=True, **_PRESENT)
    date_start: Series[pd.Timestamp]
    date_end: Series[pd.Timestamp]
    date_precision: Series[str] = pa.Field(isin=PRECISIONS)
    count_text: Series[pd.StringDtype] = pa.Field(nullable=True, **_PRESENT)
    count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    count_qualifier: Series[pd.StringDtype] = pa.Field(isin=QUALIFIERS, nullable=True)
    count_low: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    count_high: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    count_unit: Series[pd.StringDtype] = pa.Field(isin=UNITS, nullable=True)
    attributed_to: Series[pd.StringDtype] = pa.Field(nullable=True, **_PRESENT)
    cited_urls: Series[pd.StringDtype] = pa.Field(nullable=True, **_PRESENT)
    location: Series[pd.StringDtype] = pa.Field(nullable=True, **_PRESENT)
    subjects: Series[pd.StringDtype] = pa.Field(nullable=True, **_PRESENT)
    penalty: Series[pd.StringDtype] = pa.Field(nullable=True, **_PRESENT)
    language: Series[pd.StringDtype] = pa.Field(isin=list(READ), nullable=True, description=(
        "the language the row was read in (codebook §11); <NA> in frames made before it was recorded"))
    mention_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1}, description=(
        "the row's id, the same in every build: document sha256 (12 hex), span, and a hash of what the row says"))
    # set by kzevents.corrections on a build's output (codebook §10); absent from extract()'s frames
    curated: Optional[Series[pd.BooleanDtype]] = pa.Field(nullable=True)
    note: Optional[Series[pd.StringDtype]] = pa.Field(nullable=True)

    @pa.dataframe_check(error="count_low is above count_high (codebook §5)")
    def counts_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return pd.Series(_counts_ordered(df), index=df.index)

    @pa.dataframe_check(error="quote is not the span char_start:char_end (codebook §6)")
    def span_is_quote(cls, df: pd.DataFrame) -> Series[bool]:
        return pd.Series(_span_is_quote(df), index=df.index)


# the one list of the columns of a mentions frame as extracted (curation adds the optional ones)
MENTION_COLUMNS = [name for name, column in Mentions.to_schema().columns.items() if column.required]
_OPTIONAL_TEXT = [name for name, column in Mentions.to_schema().columns.items()
                  if column.nullable and str(column.dtype).startswith("string")]


_FRAME_RULES = {"counts_ordered": _counts_ordered, "span_is_quote": _span_is_quote,
                "subtype_of_type": _subtype_fits, "dates_ordered": _dates_ordered}


class _Column(NamedTuple):
    """One column of the schema as :func:`check_mentions` tests it."""

    name: str
    dtype: object  # the pandas dtype a built frame has (None: any)
    required: bool
    nullable: bool
    unique: bool
    checks: tuple  # ("isin", allowed) | ("str_length", min, max) | ("ge", min)


def _compiled(model) -> tuple[list[_Column], list]:
    """The columns and frame rules of ``model``, each in its cheap form; a check with none is an
    error here (at import), never a check silently skipped."""
    schema = model.to_schema()
    columns = []
    for name, column in schema.columns.items():
        checks = []
        for check in column.checks:
            stats = check.statistics
            if check.name == "isin":
                checks.append(("isin", frozenset(stats["allowed_values"])))
            elif check.name == "str_length" and stats.get("exact_value") is None:
                checks.append(("str_length", stats["min_value"], stats["max_value"]))
            elif check.name == "greater_than_or_equal_to":
                checks.append(("ge", stats["min_value"]))
            else:
                raise TypeError(f"schema: no cheap form of the check {check.name!r} of column {name!r}")
        dtype = None if column.dtype is None else (
            pd.StringDtype() if name in _OPTIONAL_TEXT or name == "note" else column.dtype.type)
        columns.append(_Column(name, dtype, column.required, column.nullable, column.unique, tuple(checks)))
    missing = [c.name for c in schema.checks if c.name not in _FRAME_RULES]
    if missing:
        raise TypeError(f"schema: no cheap form of the frame check(s) {', '.join(missing)}")
    return columns, [_FRAME_RULES[c.name] for c in schema.checks]


_MENTIONS_CHECKED = _compiled(Mentions)


def mention_dtypes() -> dict[str, object]:
    """The dtype of each column of a mentions frame as built and validated (optional ones too).

    >>> str(mention_dtypes()["count"]), str(mention_dtypes()["subtype"])
    ('Int64', 'string')
    """
    return {c.name: c.dtype for c in _MENTIONS_CHECKED[0] if c.dtype is not None}


def _isna(values) -> np.ndarray:
    if isinstance(values, np.ndarray):
        return np.isnat(values) if values.dtype.kind == "M" else pd.isna(values) if values.dtype == object \
            else np.zeros(len(values), dtype=bool)
    return np.asarray(values.isna())


_NOT_EMPTY = ("str_length", 1, None)


def _column_ok(values, column: _Column, not_empty: list) -> bool:
    """The column's own checks, vectorised: missing values, uniqueness, vocabularies, lengths, bounds.
    ``values`` is the column's array (a pandas extension array or a numpy array); text that must not
    be empty is added to ``not_empty``, tested for all columns at once by the caller."""
    if column.dtype is not None and values.dtype != column.dtype:
        return False
    if isinstance(values.dtype, pd.StringDtype):
        texts = _texts(values)
        if texts.null_count and not column.nullable:
            return False
        if column.unique and pc.count_distinct(texts).as_py() != len(texts):
            return False
        if _NOT_EMPTY in column.checks:
            not_empty.append(texts)
        return all(_text_check_ok(texts, check) for check in column.checks if check != _NOT_EMPTY)
    missing = _isna(values)
    if missing.any() and not column.nullable:
        return False
    if column.unique and pd.Series(values).nunique(dropna=False) != len(values):
        return False
    if column.dtype is None:
        return not column.checks
    return all(check[0] == "ge" and not (_numbers(values) < check[1]).any() for check in column.checks)


def _text_check_ok(texts: pa_arrow.Array, check: tuple) -> bool:
    if check[0] == "isin":  # each distinct value looked up once
        return set(texts.unique().to_pylist()) - {None} <= check[1]
    if check[0] == "str_length":  # missing values are NaN here, and pass
        lengths = np.asarray(pc.utf8_length(texts), dtype="float64")
        return not ((lengths < (check[1] or 0)).any() or (check[2] is not None and (lengths > check[2]).any()))
    return False


def _none_empty(texts: list) -> bool:
    """No value of any of ``texts`` (arrow arrays) is "" (missing values pass): one pass for all."""
    if not texts:
        return True
    shortest = pc.min(pc.binary_length(pa_arrow.concat_arrays(texts))).as_py()
    return shortest is None or shortest >= 1


def _array(values):
    """A frame column's array as :func:`arrays_pass` takes it (numpy for numpy-backed columns)."""
    array = values.array
    return array.to_numpy() if isinstance(array, pd.arrays.NumpyExtensionArray) else array


def arrays_pass(arrays: dict) -> bool:
    """True when ``arrays`` (column name -> array, in order) are exactly the schema's columns and
    dtypes and pass every check of ``Mentions``, in one vectorised pass; False when pandera must
    look (a dtype to coerce, or a failing row to report)."""
    columns, rules = _MENTIONS_CHECKED
    present = [c for c in columns if c.required or c.name in arrays]
    if list(arrays) != [c.name for c in present]:
        return False
    not_empty: list = []
    if not all(_column_ok(arrays[c.name], c, not_empty) for c in present) or not _none_empty(not_empty):
        return False
    return all(np.asarray(rule(arrays)).all() for rule in rules)


def fast_check_passes(frame: pd.DataFrame) -> bool:
    """:func:`arrays_pass` of a frame's columns."""
    return arrays_pass({name: _array(values) for name, values in frame.items()})


def check_mentions(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (built with the schema's dtypes) validated against ``Mentions`` in one cheap pass;
    on any failure pandera validates it lazily and raises its ``SchemaErrors`` listing every
    failing row, as :func:`validate_mentions` does. A frame of other dtypes goes through
    :func:`validate_mentions`.

    >>> import kzevents
    >>> frame = kzevents.extract("On 2 May 2018 ten people were detained.")
    >>> check_mentions(frame) is frame
    True
    >>> frame.loc[0, "count_low"], frame.loc[0, "count_high"] = 12, 11
    >>> check_mentions(frame)
    Traceback (most recent call last):
    ...
    pandera.errors.SchemaErrors: ...
    """
    if fast_check_passes(frame):
        return frame
    return validate_mentions(frame)


def validate_mentions(frame: pd.DataFrame) -> pd.DataFrame:
    """Coerce a mentions frame to the schema's dtypes and validate it lazily: empty text becomes
    ``pd.NA``, and the derived columns (``mention_id``, ``quote_text``) are filled in where missing
    (see :func:`kzevents.frame.finish`, which the extractor calls with the document's digest).

    Raises ``pandera.errors.SchemaErrors`` listing every failing row.

    >>> import kzevents
    >>> row = kzevents.extract("On 2 May 2018 ten people were detained.")
    >>> row.loc[0, "location"] is pd.NA, row.loc[0, "quote_text"]
    (True, 'On 2 May 2018 ten people were detained.')
    """
    from .frame import fill_derived

    frame = fill_derived(frame.reindex(columns=MENTION_COLUMNS) if frame.empty else frame)
    frame = frame[[c for c in MENTION_COLUMNS if c in frame] + [c for c in frame if c not in MENTION_COLUMNS]]
    for column in _OPTIONAL_TEXT:
        if column in frame:
            frame[column] = missing_as_na(frame[column])
    if "paragraph" in frame:
        frame["paragraph"] = pd.to_numeric(frame["paragraph"], errors="coerce").astype("Int64")
    for column in ("date_start", "date_end"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    valid = Mentions.validate(frame, lazy=True)
    # pandera coerces text to pandas' "str" (NaN for missing): give the nullable columns pd.NA back
    return valid.astype({column: "string" for column in _OPTIONAL_TEXT if column in valid})


def missing_as_na(values: pd.Series) -> pd.Series:
    """Text with one missing value: ``""``, ``None`` and NaN all become ``pd.NA``.

    >>> missing_as_na(pd.Series(["a", "", None])).tolist()
    ['a', <NA>, <NA>]
    """
    values = values.astype(object)
    return values.where(values.notna() & (values != ""), None).astype("string")


def check_event_type(name: str) -> str:
    """``name`` if it is an event type of the codebook, else a ``ValueError`` naming the valid ones.

    >>> check_event_type("detentions")
    Traceback (most recent call last):
    ...
    ValueError: unknown event type 'detentions' (did you mean 'detention'?); the event types are: strike, protest, detention, prosecution, conviction, acquittal, release, law, ban, threat, violence, restriction
    """
    if name in EVENT_TYPES:
        return name
    close = difflib.get_close_matches(str(name), EVENT_TYPES, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ValueError(f"unknown event type {name!r}{hint}; the event types are: {', '.join(EVENT_TYPES)}")


def check_quotes(mentions: pd.DataFrame, texts: dict[str, str]) -> list[int]:
    """Indexes of rows whose quote is not ``text[char_start:char_end]`` of their document."""
    return [i for i, r in mentions.iterrows()
            if texts.get(r.doc_id, "")[r.char_start:r.char_end] != r.quote]


class Events(_DatedRows):
    """One row per real event: the mentions that tell it linked, every source's figure kept (§7)."""

    event_id: Series[str] = pa.Field(unique=True, str_matches=r"^ev[0-9a-zA-Z_.:-]+$")
    event_type: Series[str] = pa.Field(isin=EVENT_TYPES)
    subtype: Series[str] = pa.Field(isin=_ALL_SUBTYPES, nullable=True)
    kind: Series[str] = pa.Field(isin=KINDS)
    date_start: Series[pd.Timestamp]
    date_end: Series[pd.Timestamp]
    date_precision: Series[str] = pa.Field(isin=PRECISIONS, nullable=True)
    date_conflict: Series[bool]
    count_low: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    count_high: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    count_conservative: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    counts_reported: Series[str]
    count_conflict: Series[bool]
    n_mentions: Series[int] = pa.Field(ge=1)
    n_sources: Series[int] = pa.Field(ge=1)
    doc_ids: Series[str] = pa.Field(str_length={"min_value": 1})
    first_published: Series[str] = pa.Field(str_matches=r"^(?:\d{4}(?:-\d{2}-\d{2})?)?$")
    location: Series[str]
    subjects: Series[str]
    quote: Series[str]
    mention_ids: Series[str] = pa.Field(str_length={"min_value": 1})


    @pa.dataframe_check(error="n_sources is more than n_mentions, or doc_ids does not list n_sources documents")
    def sources_counted(cls, df: pd.DataFrame) -> Series[bool]:
        listed = df["doc_ids"].str.split("; ").str.len()
        return (df["n_sources"] <= df["n_mentions"]) & (listed == df["n_sources"])


def validate_events(frame: pd.DataFrame) -> pd.DataFrame:
    """Coerce an events frame to the schema's dtypes and validate it lazily (``schema.Events``)."""
    frame = frame.copy()
    for column in ("date_start", "date_end"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    for column in ("subtype", "date_precision"):
        frame[column] = frame[column].astype(object).where(frame[column].notna() & (frame[column] != ""), None)
    for column in ("count_low", "count_high", "count_conservative"):
        frame[column] = pd.array(frame[column], dtype="Int64")
    return Events.validate(frame, lazy=True)
