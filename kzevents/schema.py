"""pandera schemas: what a documents frame and a mentions frame may hold (codebook §2–§6).

Validation is lazy: one error report lists every failing row and check.

>>> import pandas as pd
>>> bad = pd.DataFrame({c: [] for c in Mentions.to_schema().columns})
>>> len(validate_mentions(bad))
0
"""

from __future__ import annotations

from typing import Optional

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .quantities import QUALIFIERS, UNITS
from .timex import PRECISIONS
from .triggers import EVENT_TYPES, SUBTYPES

KINDS = ("occurrence", "tally")
_ALL_SUBTYPES = sorted({s for subs in SUBTYPES.values() for s in subs})


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

    class Config:
        strict = True
        coerce = True


class Mentions(pa.DataFrameModel):
    """One row per event mention; columns and vocabularies of codebook §2–§6 and R16–R18."""

    doc_id: Series[str] = pa.Field(str_length={"min_value": 1})
    paragraph: Series[str]
    char_start: Series[int] = pa.Field(ge=0)
    char_end: Series[int] = pa.Field(ge=0)
    quote: Series[str] = pa.Field(str_length={"min_value": 1})
    event_type: Series[str] = pa.Field(isin=EVENT_TYPES)
    subtype: Series[str] = pa.Field(isin=_ALL_SUBTYPES, nullable=True)
    kind: Series[str] = pa.Field(isin=KINDS)
    trigger: Series[str]
    date_text: Series[str]
    date_start: Series[pd.Timestamp]
    date_end: Series[pd.Timestamp]
    date_precision: Series[str] = pa.Field(isin=PRECISIONS)
    count_text: Series[str]
    count: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    count_qualifier: Series[str] = pa.Field(isin=QUALIFIERS, nullable=True)
    count_low: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    count_high: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    count_unit: Series[str] = pa.Field(isin=UNITS, nullable=True)
    attributed_to: Series[str]
    cited_urls: Series[str]
    location: Series[str]
    subjects: Series[str]
    penalty: Series[str]
    # set by kzevents.corrections on a build's output (codebook §10); absent from extract()'s frames
    curated: Optional[Series[pd.BooleanDtype]] = pa.Field(nullable=True)
    note: Optional[Series[str]] = pa.Field(nullable=True)

    class Config:
        strict = True
        ordered = True
        coerce = True

    @pa.dataframe_check(error="subtype is not a subtype of its event_type (codebook §3)")
    def subtype_of_type(cls, df: pd.DataFrame) -> Series[bool]:
        return pd.Series(
            [pd.isna(s) or s in SUBTYPES.get(t, ()) for t, s in zip(df["event_type"], df["subtype"])],
            index=df.index)

    @pa.dataframe_check(error="date_start is after date_end (codebook §4)")
    def dates_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["date_start"] <= df["date_end"]

    @pa.dataframe_check(error="count_low is above count_high (codebook §5)")
    def counts_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["count_low"].isna() | df["count_high"].isna() | (df["count_low"] <= df["count_high"])).astype(bool)

    @pa.dataframe_check(error="quote is not the span char_start:char_end (codebook §6)")
    def span_is_quote(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["char_end"] - df["char_start"]) == df["quote"].str.len()


_TEXT_COLUMNS = ["paragraph", "trigger", "date_text", "count_text", "attributed_to", "cited_urls",
                 "location", "subjects", "penalty"]


def validate_mentions(frame: pd.DataFrame) -> pd.DataFrame:
    """Coerce a mentions frame to the schema's dtypes and validate it lazily.

    Raises ``pandera.errors.SchemaErrors`` listing every failing row.
    """
    frame = frame.copy()
    for column in _TEXT_COLUMNS:
        if column in frame:
            frame[column] = frame[column].fillna("").astype(str)
    for column in ("date_start", "date_end"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    for column in ("subtype", "count_qualifier", "count_unit"):
        if column in frame:
            frame[column] = frame[column].astype(object).where(frame[column].notna() & (frame[column] != ""), None)
    return Mentions.validate(frame, lazy=True)


def check_quotes(mentions: pd.DataFrame, texts: dict[str, str]) -> list[int]:
    """Indexes of rows whose quote is not ``text[char_start:char_end]`` of their document."""
    return [i for i, r in mentions.iterrows()
            if texts.get(r.doc_id, "")[r.char_start:r.char_end] != r.quote]


class Events(pa.DataFrameModel):
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

    class Config:
        strict = True
        ordered = True
        coerce = True

    @pa.dataframe_check(error="subtype is not a subtype of its event_type (codebook §3)")
    def subtype_of_type(cls, df: pd.DataFrame) -> Series[bool]:
        return pd.Series(
            [pd.isna(s) or s in SUBTYPES.get(t, ()) for t, s in zip(df["event_type"], df["subtype"])],
            index=df.index)

    @pa.dataframe_check(error="date_start is after date_end (codebook §4)")
    def dates_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["date_start"] <= df["date_end"]

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
