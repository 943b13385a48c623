"""Mention rows from text: triggers, dates and counts joined per codebook §1–§6 and R1–R26.

One sentence at a time, with an explicit context: :mod:`.dating` picks each trigger's date,
:mod:`.counting` its count, :mod:`.fields` the source, places, subjects and penalty, and
:mod:`.episodes` holds what the document remembers between sentences (the episode being told).

>>> df = extract("13. On 10 May 2018 more than 150 people were detained; on 23 June 2018 more than 200 people were detained.")
>>> df[["event_type", "date_start", "count", "count_qualifier"]].astype(str).values.tolist()
[['detention', '2018-05-10', '150', 'more_than'], ['detention', '2018-06-23', '200', 'more_than']]
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from ..language import READ, detect_language
from ..lexicon import LEXICON, GateSet, fold, lexicon_for
from ..quantities import Count, find_counts
from ..segment import Sentence, segment
from ..timex import TimeSpan, parse_covers
from ..triggers import Trigger, find_triggers
from . import counting, dating, episodes, fields
from .fields import matching_text

COLUMNS = [
    "doc_id", "paragraph", "char_start", "char_end", "quote", "event_type", "subtype", "kind", "trigger",
    "date_text", "date_start", "date_end", "date_precision", "count_text", "count", "count_qualifier",
    "count_low", "count_high", "count_unit", "attributed_to", "cited_urls", "location", "subjects", "penalty",
    "language",
]

_NOT_HAPPENED = LEXICON.regex("context", "not_happened_sentence")

_IMPERATIVE = re.compile(LEXICON.data["context"]["not_happened_sentence"][0], re.IGNORECASE)

_SURVEY = LEXICON.regex("counting", "survey_words")

_TALLY_VERB = LEXICON.regex("counting", "tally_verbs")


# issue 12: these long alternations are tried only where their literals are (one scan for the three)
_NO_EVENT_GATES = GateSet([_IMPERATIVE, _NOT_HAPPENED, _SURVEY])


def _tells_no_event(quote: str) -> bool:
    """An imperative, a sentence of things that did not happen (with no year), or a survey (R3)."""
    admitted = _NO_EVENT_GATES.admitted(fold(quote))
    return (0 in admitted and _IMPERATIVE.match(quote) is not None) \
        or (1 in admitted and not re.search(r"\d{4}", quote) and _NOT_HAPPENED.search(quote) is not None) \
        or (2 in admitted and _SURVEY.search(quote) is not None)


def _kind(row: dict, span: TimeSpan) -> str:
    if row["event_type"] == "law":
        return "occurrence"
    long = (span.end - span.start).days > 31
    many = row["count_qualifier"] == "vague" or (row["count_low"] or row["count_high"] or 0) >= 3
    counted = row["count_unit"] in ("cases", "incidents", "materials")
    return "tally" if long and (many or counted) else "occurrence"


def _row(reading: Reading, trig: Trigger, span: TimeSpan, date_text: str, count: Count | None) -> dict:
    clause = reading.clause(trig.char_start)
    penalty = fields.penalty(clause) if trig.event_type == "conviction" else ""
    subtype = trig.subtype
    if trig.event_type == "conviction" and not subtype:
        subtype = fields.conviction_subtype(trig, clause, penalty)
    sent, quote = reading.sent, reading.raw
    row = {
        "doc_id": reading.doc_id, "paragraph": sent.paragraph, "char_start": sent.start, "char_end": sent.end,
        "quote": quote, "event_type": trig.event_type, "subtype": subtype or None, "kind": "",
        "trigger": trig.text, "date_text": date_text, "date_start": span.start, "date_end": span.end,
        "date_precision": span.precision,
        "count_text": count.text if count else "", "count": count.value if count else None,
        "count_qualifier": count.qualifier if count else None,
        "count_low": count.low if count else None, "count_high": count.high if count else None,
        "count_unit": count.unit if count else None,
        "attributed_to": fields.attribution(reading.quote), "cited_urls": " ".join(sent.urls),
        "location": fields.places(quote), "subjects": fields.subjects(reading.quote), "penalty": penalty,
        "language": reading.language,
    }
    row["kind"] = _kind(row, span)
    return row


@dataclass(frozen=True)
class Reading:
    """One sentence as the extractor reads it: its text, dates, triggers, counts and clauses."""

    doc_id: str
    sent: Sentence
    raw: str  # the sentence as loaded (the quote)
    quote: str  # the sentence as read for matching (R25)
    spans: list  # (TimeSpan, is_report_date) pairs, anchored
    triggers: list[Trigger]
    counts: list[Count]
    clauses: list[tuple[int, int]]
    language: str = "en"

    def clause(self, pos: int) -> str:
        start, end = dating.clause_of(self.clauses, pos)
        return self.quote[start:end]


def _read(doc_id: str, sent: Sentence, raw: str, quote: str, spans, triggers, language: str = "en") -> Reading:
    counts = find_counts(quote, [(s.char_start, s.char_end) for s, _ in spans], language)
    return Reading(doc_id, sent, raw, quote, spans, triggers, counts, dating.clauses(quote), language)


def _inherited_tallies(reading: Reading, assigned: dict, memory: episodes.Memory, rows: list[dict]) -> list[dict]:
    """Counts with no trigger that continue a tally of the same kind (R6, R7):
    "In 2016, 51 cases, ... in 2017 21 cases" after "34 criminal cases ... were initiated in 2015"."""
    quote = reading.quote
    model = memory.last_tally or next((r for r in rows if r["kind"] == "tally" and not r["_subset"]), None)
    topic = memory.prev_types[0] if memory.prev_types else None  # may be computed now (episodes.LazyTopic)
    used = {id(c) for c in assigned.values()}
    out = []
    for c in reading.counts:
        if id(c) in used or c.value is None and c.qualifier != "vague":
            continue
        if c.unit not in (None, "cases", "incidents") and not (model and c.unit == model["count_unit"]):
            continue
        if re.match(r"^\s*(?:of (?:them|which|whom)|against|of the|people|human|out of)", quote[c.char_end:c.char_end + 12]):
            continue
        fake = Trigger(model["event_type"] if model else (topic or ""), model["subtype"] or "" if model else "", "", c.char_start, c.char_end)
        if not fake.event_type or (model is None and not _TALLY_VERB.search(quote) and c.unit not in ("cases", "incidents")):
            continue
        span = dating.date_for(fake, reading.spans, reading.clauses, quote, reading.triggers)
        if not span:
            continue
        if model is not None and model["date_start"] == span.start and model["date_end"] == span.end and model["count"] == c.value:
            continue
        row = _row(reading, replace(fake, text=c.text), span, span.text, c)
        if model is not None:
            row["count_unit"] = row["count_unit"] or model["count_unit"]
        row["kind"] = "tally"
        row["_span"], row["_subset"] = span, False
        out.append(row)
        model = model or row  # "40 cases, ... and in 2018 31" continues the tally just made
    return out


def _sentence_rows(doc_id: str, text: str, sent: Sentence, memory: episodes.Memory,
                   quote: str) -> tuple[list[dict], list[Trigger] | None]:
    """The rows of one sentence (``quote``: its :func:`fields.matching_text`), and its triggers
    (None when there was no need to look)."""
    raw = text[sent.start:sent.end]
    if _tells_no_event(quote):
        return [], []
    spans = dating.resolve_spans(quote, memory)
    episodes.note_sentence_date(memory, spans, quote)
    if not spans and not episodes.may_inherit(memory, quote):
        return [], None  # nothing can be dated here (§1, R7)
    triggers = find_triggers(quote, lexicon=lexicon_for(memory.language))
    spans = [(s, dating.is_report_date(quote, s, triggers) if r is None else r) for s, r in spans]
    rows = _rows_for(_read(doc_id, sent, raw, quote, spans, triggers, memory.language), memory)
    episodes.open_episode(memory, quote, spans, rows)
    return rows, triggers


def _inherited_date(reading: Reading, memory: episodes.Memory, own) -> TimeSpan | None:
    """The date a trigger without one of its own takes from the document (R1, R7, R15), or None."""
    quote = reading.quote
    language = reading.language
    background = episodes.is_background(quote, language)
    if own is False and any(r for _, r in reading.spans):
        return memory.paragraph_event_span  # R1: the event the statement reports
    if own is not None:
        return None
    if memory.prev_rows and not background and (
            episodes.continues(quote, language) or any(r for _, r in reading.spans)
            or episodes.credits_figures(quote, language)):
        return memory.prev_rows[-1]["_span"]  # R7, R23
    if memory.prev_sentence_span and re.match(r"^\s*[a-z]", quote):
        return memory.prev_sentence_span  # R15: the other half of a sentence cut by a page break
    if memory.episode and not background:
        return memory.episode  # R7: more of the episode just told
    return None


def _rows_for(reading: Reading, memory: episodes.Memory) -> list[dict]:
    quote, triggers = reading.quote, reading.triggers
    assigned = counting.assign_counts(triggers, reading.counts, quote, [s for s, _ in reading.spans])
    rows: list[dict] = []
    for i, trig in enumerate(triggers):
        span = dating.date_for(trig, reading.spans, reading.clauses, quote, triggers)
        date_text = span.text if span else ""
        if not span:
            span, date_text = _inherited_date(reading, memory, span), ""
            if span is None:
                continue
        count = assigned.get(i) or counting.count_of_one(trig, quote, reading.language) \
            or counting.pronoun_count(trig, quote, rows or memory.prev_rows, reading.language)
        listed = dating.listed_dates(trig, reading.spans, triggers, quote)
        if len(listed) > 1 and span in listed:
            for other in listed:  # "imprisoned ... (in 2016), ... (in 2017)": one row per date
                row = _row(reading, trig, other, other.text, count)
                row["_span"], row["_subset"] = other, False
                rows.append(row)
            continue
        if rows and rows[-1]["event_type"] == trig.event_type and count is None and rows[-1]["_span"] == span \
                and (trig.event_type != "violence" or rows[-1]["subtype"] == (trig.subtype or rows[-1]["subtype"])):
            continue  # R5: a second trigger telling the same happening
        row = _row(reading, trig, span, date_text, count)
        row["_span"] = span
        row["_subset"] = bool(re.search(r"\bof (?:them|which|whom)\b", quote[max(0, trig.char_start - 40):trig.char_start]))
        rows.append(row)
    rows = [r for r in rows if r["count"] is not None or not any(
        o is not r and o["event_type"] == r["event_type"] and o["subtype"] == r["subtype"] and o["_span"] == r["_span"]
        and o["count"] is not None for o in rows)]
    rows += _inherited_tallies(reading, assigned, memory, rows)
    for row in rows:
        if row["kind"] == "tally" and not row["_subset"] and row["event_type"] != "law":
            memory.last_tally = row
    source = fields.credited_source(quote)
    if source and memory.prev_rows and not rows:
        for row in memory.prev_rows:
            row["attributed_to"] = row["attributed_to"] or source
    return rows


def extract(text, *, doc_id: str | None = None, published=None, covers=None, language: str | None = None) -> pd.DataFrame:
    """Every dated event mention of ``text`` as a validated ``Mentions`` frame (codebook §1–§6):
    the one-text case of :func:`extract_texts`.

    ``text`` is the text itself (``str``) or a file to read (an ``os.PathLike`` such as
    ``pathlib.Path``: ``.txt``, ``.md``, ``.html`` or ``.pdf``; its name is then the default
    ``doc_id``). ``published`` (``YYYY-MM-DD`` or ``YYYY``) anchors relative dates and bounds event
    dates; ``covers`` (``"2017"`` or ``"2014-06-01/2015-05-31"``) is the period a periodic report
    covers, inside which year-less dates resolve (R26). ``language`` ("en", "ru") forces the
    language; by default it is detected (:func:`kzevents.language.detect_language`). A language
    other than English is said in a ``UserWarning`` naming the document: Russian is read with the
    Russian lexicon (§11), a language not read gives no rows.

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     ru = extract("12 марта 2021 года в Алматы задержали троих активистов.", language="ru")
    >>> ru[["event_type", "date_start", "count", "language"]].astype(str).values.tolist()
    [['detention', '2021-03-12', '3', 'ru']]

    >>> extract("In June, 12 activists were detained.", published="2018-02-20", covers="2017")[["date_start", "count"]].astype(str).values.tolist()
    [['2017-06-01', '12']]
    >>> extract(None)
    Traceback (most recent call last):
    ...
    TypeError: extract() takes the text (str) or a file path (os.PathLike, e.g. pathlib.Path), not NoneType
    """
    import os

    if isinstance(text, os.PathLike):
        from ..formats import load_text

        doc_id = doc_id or os.path.splitext(os.path.basename(os.fspath(text)))[0]
        text = load_text(text)
    elif not isinstance(text, str):
        raise TypeError("extract() takes the text (str) or a file path (os.PathLike, e.g. pathlib.Path), "
                        f"not {type(text).__name__}")
    return _batch([text], [doc_id or "text"], [published], covers, language, index=None)


def extract_texts(texts, *, published=None, doc_ids=None, covers=None, language: str | None = None) -> pd.DataFrame:
    """Every dated event mention of many texts as one validated ``Mentions`` frame, validated once,
    with one more column: each row's ``text_index`` is the index label of the text it was read from
    (the Series' index, or the position in a list), so that the rows join back to the input (it is
    not a column of the schema: drop it before ``schema.validate_mentions``).

    ``texts`` is a list (or any sequence) or a pandas Series of ``str``; ``None``, NaN and ``""``
    give no rows. ``published`` is one date for all texts or one per text (a sequence, or a Series
    aligned on the texts' index); ``doc_ids`` one per text (default: the index label as text).
    ``covers`` and ``language`` are those of :func:`extract`, for all texts.

    >>> texts = pd.Series({"a7": "On 2 May 2018 ten people were detained in Almaty.", "b2": None,
    ...                    "c9": "In 2017 a court banned the party."})
    >>> extract_texts(texts)[["text_index", "doc_id", "event_type", "date_start"]].astype(str).values.tolist()
    [['a7', 'a7', 'detention', '2018-05-02'], ['c9', 'c9', 'ban', '2017-01-01']]
    """
    if isinstance(texts, pd.DataFrame):
        raise TypeError("extract_texts() takes a Series or a list of texts, not a DataFrame: pass one column, "
                        "e.g. extract_texts(df['text'])")
    if isinstance(texts, (str, bytes)):
        raise TypeError("extract_texts() takes a list or Series of texts; for one text use extract()")
    index = texts.index if isinstance(texts, pd.Series) else pd.RangeIndex(len(texts))
    values = list(texts)
    ids = [str(label) for label in index] if doc_ids is None else _per_text(doc_ids, index, "doc_ids")
    dates = [published] * len(values) if _one_value(published) else _per_text(published, index, "published")
    return _batch(values, ids, dates, covers, language, index=index)


def _one_value(value) -> bool:
    return value is None or isinstance(value, (str, date)) or not hasattr(value, "__len__")


def _per_text(values, index: pd.Index, name: str) -> list:
    """One value per text: a Series is aligned on the texts' index, a sequence taken in order."""
    if isinstance(values, pd.Series):
        values = values.reindex(index)
    values = list(values)
    if len(values) != len(index):
        raise ValueError(f"extract_texts(): {name} has {len(values)} values for {len(index)} texts")
    return values


def _batch(texts: list, doc_ids: list, published: list, covers, language, index: pd.Index | None) -> pd.DataFrame:
    """The rows of every text, finished, built and validated as one frame (``text_index`` from
    ``index`` unless it is None)."""
    import hashlib
    from collections import Counter

    from ..frame import finish_records, mentions_frame
    from ..language import language_note

    rows: list[dict] = []
    positions: list[int] = []
    seen: Counter = Counter()
    for position, (text, doc_id, pub) in enumerate(zip(texts, doc_ids, published)):
        if text is None or (not isinstance(text, str) and pd.isna(text)):
            continue
        if not isinstance(text, str):
            raise TypeError(f"extract_texts(): text {position} is {type(text).__name__}, not str")
        if not text:
            continue
        read_as = language or detect_language(text)
        note = language_note(str(doc_id), read_as)
        if note:
            warnings.warn(note, UserWarning, stacklevel=3)
        found = extract_rows(text, doc_id=str(doc_id), published=None if _blank(pub) else pub, covers=covers,
                             language=read_as, frame=False)
        finish_records(found, text, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), seen)
        rows.extend(found)
        positions.extend([position] * len(found))
    extra = None if index is None else {"text_index": _labels(index, positions)}
    return mentions_frame(rows, extra)


def _blank(value) -> bool:
    return value is None or (not isinstance(value, (str, date)) and pd.isna(value)) or value == ""


def _labels(index: pd.Index, positions: list[int]):
    taken = index.take(positions)
    return taken.to_numpy() if isinstance(taken, pd.MultiIndex) else taken.array


def extract_rows(text: str, *, doc_id: str = "text", published=None, covers=None, language: str = "en",
                 frame: bool = True):
    """Every dated event mention of ``text``: one row per mention (codebook §1–§6), not validated.

    ``published`` (a date or ISO string) anchors year-less dates and bounds event dates.
    ``extract`` validates the frame; ``extract_rows`` leaves that to the caller (one validation
    for a whole corpus). ``language`` ("en" or "ru") chooses the lexicon, dates and counts (§11).
    ``frame=False`` gives the rows as a list of dicts (the fast path of :func:`extract_texts`).

    >>> extract("On 4 January 2017, a court banned the Confederation of Independent Trade Unions.", published="2019-03-28")[["event_type", "subtype", "date_start", "count"]].astype(str).values.tolist()
    [['ban', 'organisation', '2017-01-04', '1']]
    """
    pub = _as_date(published)
    period = covers if isinstance(covers, tuple) else parse_covers(covers)
    if language not in READ:  # reported by the caller (language_note): no rows rather than wrong ones
        return pd.DataFrame([], columns=COLUMNS) if frame else []
    body = episodes.Memory(published=pub, covers=period, language=language)
    rows: list[dict] = []
    for sent in segment(text):
        # a footnote is read on its own, so it never breaks the paragraph it interrupts (R15)
        memory = episodes.Memory(published=pub, covers=period, last_span=body.last_span, language=language) \
            if sent.in_footnote else body
        body.last_abs_span = memory.last_abs_span or body.last_abs_span
        if sent.paragraph != memory.paragraph and not sent.in_footnote:
            episodes.start_paragraph(memory, sent)
        quote = fields.matching_text(text[sent.start:sent.end])  # once a sentence (issue 12)
        new, triggers = _sentence_rows(doc_id, text, sent, memory, quote)
        if triggers is None:  # looked up only if a later tally needs this sentence's topic
            types = episodes.LazyTopic(quote, memory.prev_types, language)
        else:
            types = [t.event_type for t in triggers] or memory.prev_types
        episodes.remember(memory, new, types, quote)
        rows.extend(new)
    late = body.late_date
    if late and any(r["date_start"] > pub for r in rows):
        warnings.warn(f"{doc_id}: the text states dates after its published date {pub} (first: {late.text!r} = "
                      f"{late.start}); the stated dates are kept — check the document's published date",
                      UserWarning, stacklevel=2)
    rows = [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]
    return pd.DataFrame(rows, columns=COLUMNS) if frame else rows


def _as_date(value) -> date | None:
    """A document date by the one parser of the API, the CLI and the manifest (``YYYY-MM-DD`` or a
    year, read as its last day); ``ValueError`` in one line otherwise."""
    from ..corpus import parse_published

    return parse_published(value)
