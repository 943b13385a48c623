"""pandera schemas: what a documents frame and a mentions frame may hold (codebook §2–§6).

Validation is lazy: one error report lists every failing row and check.

>>> import pandas as pd
>>> bad = pd.DataFrame({c: [] for c in Mentions.to_schema().columns})
>>> len(validate_mentions(bad))
0
"""

from __future__ import annotations

import difflib
from typing import Optional

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .language import NAMES, READ
from .quantities import QUALIFIERS, UNITS
from .timex import PRECISIONS
from .triggers import EVENT_TYPES, SUBTYPES

KINDS = ("occurrence", "tally")
_ALL_SUBTYPES = sorted({s for subs in SUBTYPES.values() for s in subs})
_PRESENT = {"str_length": {"min_value": 1}}  # a value present is never "": missing is pd.NA


def _subtype_fits(df: pd.DataFrame) -> pd.Series:
    """Each row's subtype is empty or one of its event_type's (codebook §3): a check of every frame."""
    return pd.Series([pd.isna(s) or s in SUBTYPES.get(t, ()) for t, s in zip(df["event_type"], df["subtype"])],
                     index=df.index)


class _DatedRows(pa.DataFrameModel):
    """What every frame of dated rows checks (mentions, events): columns in order, a subtype of its
    type (§3), a start on or before its end (§4)."""

    class Config:
        strict = True
        ordered = True
        coerce = True

    @pa.dataframe_check(error="subtype is not a subtype of its event_type (codebook §3)")
    def subtype_of_type(cls, df: pd.DataFrame) -> Series[bool]:
        return _subtype_fits(df)

    @pa.dataframe_check(error="date_start is after date_end (codebook §4)")
    def dates_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["date_start"] <= df["date_end"]


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
        return (df["count_low"].isna() | df["count_high"].isna() | (df["count_low"] <= df["count_high"])).astype(bool)

    @pa.dataframe_check(error="quote is not the span char_start:char_end (codebook §6)")
    def span_is_quote(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["char_end"] - df["char_start"]) == df["quote"].str.len()


# the one list of the columns of a mentions frame as extracted (curation adds the optional ones)
MENTION_COLUMNS = [name for name, column in Mentions.to_schema().columns.items() if column.required]
_OPTIONAL_TEXT = [name for name, column in Mentions.to_schema().columns.items()
                  if column.nullable and str(column.dtype).startswith("string")]


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
