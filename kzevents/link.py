"""Linking mentions of one real event across sentences and documents (codebook §7).

A mention is one sentence telling something; an event is what happened. :func:`link` folds the
mentions that tell one event into one row, keeping every source's figure side by side;
:func:`link_mentions` gives each mention its ``mention_id`` and ``event_id``. The module itself
is callable, so ``kzevents.link(mentions)`` works while ``kzevents.link.link_mentions`` stays
reachable.

Rules (§7): same type and kind (a tally never joins an occurrence); subtypes and units equal or
one empty; dates nested (a coarse mention joins a finer event only when nothing else of that type
competes for it inside its interval, or when they name the same subject); places and subjects
never contradict; counts may differ. When unsure, the mentions stay apart.

>>> import pandas as pd
>>> rows = pd.DataFrame({"doc_id": ["a", "b"], "char_start": [0, 0], "char_end": [9, 9],
...     "event_type": "ban", "subtype": "organisation", "kind": "occurrence",
...     "date_start": pd.to_datetime(["2017-01-04", "2017-01-01"]),
...     "date_end": pd.to_datetime(["2017-01-04", "2017-01-31"]), "date_precision": ["day", "month"],
...     "count_text": "", "count": 1, "count_low": 1, "count_high": 1, "count_unit": "organisations",
...     "location": "", "subjects": "CITU", "quote": ["x banned.", "y banned."]})
>>> ev = link(rows)
>>> ev[["n_mentions", "n_sources", "doc_ids", "date_precision"]].values.tolist()
[[2, 2, 'a; b', 'day']]
"""

from __future__ import annotations

import hashlib
import re
import sys
import types
from dataclasses import dataclass, field

import pandas as pd

from .schema import validate_events

__all__ = ["link", "link_mentions", "mention_ids", "source_figures", "EVENT_COLUMNS"]

EVENT_COLUMNS = ["event_id", "event_type", "subtype", "kind", "date_start", "date_end", "date_precision",
                 "date_conflict", "count_low", "count_high", "count_conservative", "counts_reported",
                 "count_conflict", "n_mentions", "n_sources", "doc_ids", "first_published", "location",
                 "subjects", "quote", "mention_ids"]
_MONTH_DAYS = 31
_COMMON = {"the", "and", "mr.", "ms.", "mrs.", "kazakhstan", "party", "union", "unions", "trade", "movement",
           "association", "public", "foundation", "organisation", "organization", "dozens", "hundreds",
           "of", "independent", "national", "people", "republic"}
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")


def mention_ids(mentions: pd.DataFrame) -> pd.Series:
    """A stable id per mention: its document, span, type and order among the sentence's rows.

    The one place to switch to the extractor's own ``mention_id`` once mentions carry it.

    >>> rows = pd.DataFrame({"doc_id": ["d", "d"], "char_start": 5, "char_end": 40, "event_type": "violence"})
    >>> ids = mention_ids(rows); ids.str.len().tolist(), ids.iloc[0] != ids.iloc[1]
    ([17, 17], True)
    """
    if "mention_id" in mentions:
        return mentions["mention_id"].astype(str)
    key = mentions[["doc_id", "char_start", "char_end", "event_type"]].astype(str).agg("|".join, axis=1)
    order = key.groupby(key).cumcount().astype(str)
    return (key + "|" + order).map(lambda k: "m" + hashlib.sha1(k.encode()).hexdigest()[:16])


def _names(subjects) -> frozenset[str]:
    """Words of named subjects: "Max Bokayev; T. Ayan" → {"max", "bokayev", "ayan"}."""
    words = re.findall(r"[^\W\d_][\w'-]{2,}", str(subjects or "").lower())
    return frozenset(w for w in words if w not in _COMMON)


def _places(location) -> frozenset[str]:
    return frozenset(p.strip().lower() for p in str(location or "").split(";") if p.strip())


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


@dataclass
class _Mention:
    row: int
    doc_id: str
    start: pd.Timestamp
    end: pd.Timestamp
    subtype: str
    unit: str
    low: int | None
    high: int | None
    names: frozenset
    places: frozenset
    alone: bool = True  # no other sentence of its document tells this type in the same interval

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass
class _Cluster:
    start: pd.Timestamp
    end: pd.Timestamp
    members: list = field(default_factory=list)
    subtype: str = ""
    unit: str = ""
    names: set = field(default_factory=set)
    places: set = field(default_factory=set)

    def add(self, m: _Mention) -> None:
        self.members.append(m)
        self.subtype, self.unit = self.subtype or m.subtype, self.unit or m.unit
        self.names |= m.names
        self.places |= m.places


def _compatible(m: _Mention, c: _Cluster, kind: str) -> bool:
    """Nothing the two tell contradicts: subtype, unit, place, subject; tallies: same period."""
    if m.subtype and c.subtype and m.subtype != c.subtype:
        return False
    if m.unit and c.unit and m.unit != c.unit:
        return False
    if m.places and c.places and not (m.places & c.places):
        return False
    if m.names and c.names and not (m.names & c.names):
        return False
    if kind == "tally":
        if (m.start, m.end) != (c.start, c.end):
            return False
        # one document giving two figures for one period tells two statistics
        return all(o.doc_id != m.doc_id or (o.low, o.high) == (m.low, m.high) or m.low is None and m.high is None
                   for o in c.members)
    return c.start >= m.start and c.end <= m.end


def _evidence(m: _Mention, c: _Cluster) -> bool:
    """Something positive the two share: a named subject, a place, or the same figure."""
    return bool(m.names & c.names) or bool(m.places & c.places) or (
        m.low is not None and any((o.low, o.high) == (m.low, m.high) for o in c.members))


class _Block:
    """The clusters of one type, kind and year, indexed by interval, month and subject word."""

    def __init__(self):
        self.clusters: list[_Cluster] = []
        self.by_interval: dict = {}
        self.by_month: dict = {}
        self.by_name: dict = {}

    def place(self, m: _Mention, kind: str) -> _Cluster:
        home = self._choose(m, kind)
        if home is None:
            home = _Cluster(m.start, m.end)
            self.clusters.append(home)
            self.by_interval.setdefault((m.start, m.end), []).append(home)
            if m.days <= _MONTH_DAYS and (m.start.year, m.start.month) == (m.end.year, m.end.month):
                self.by_month.setdefault((m.start.year, m.start.month), []).append(home)
        for name in m.names - home.names:
            self.by_name.setdefault(name, []).append(home)
        home.add(m)
        return home

    def _choose(self, m: _Mention, kind: str) -> _Cluster | None:
        same = [c for c in self.by_interval.get((m.start, m.end), []) if _compatible(m, c, kind)]
        if kind == "tally" or m.days == 1:
            return _one(same) or _one([c for c in same if _evidence(m, c)])
        inside = []
        if m.days <= _MONTH_DAYS and (m.start.year, m.start.month) == (m.end.year, m.end.month):
            rivals = [c for c in self.by_month.get((m.start.year, m.start.month), [])
                      if (c.start, c.end) != (m.start, m.end)
                      and not (m.subtype and c.subtype and m.subtype != c.subtype)]
            inside = [c for c in rivals if _compatible(m, c, kind)]
            if len(rivals) == 1 and len(inside) == 1 and not same and m.alone:
                return inside[0]  # the month's only event of the type (§7)
        named = [c for c in {id(c): c for w in m.names for c in self.by_name.get(w, [])}.values()
                 if _compatible(m, c, kind)]
        if len(named) == 1:
            return named[0]  # a coarse mention naming the subject of one finer event
        return _one([c for c in same if _evidence(m, c)])


def _one(candidates: list) -> _Cluster | None:
    return candidates[0] if len(candidates) == 1 else None


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _clusters(mentions: pd.DataFrame) -> list[tuple[str, str, _Cluster]]:
    """(event_type, kind, cluster) for every event, members finest-dated first."""
    frame = mentions.reset_index(drop=True)
    get = lambda c: frame[c] if c in frame else pd.Series([None] * len(frame))  # noqa: E731
    items = [(_Mention(i, str(d), s, e, _text(sub), _text(u), _int(lo), _int(hi), _names(n), _places(p)), t, k)
             for i, (d, s, e, sub, u, lo, hi, n, p, t, k) in enumerate(zip(
                 frame["doc_id"], frame["date_start"], frame["date_end"], get("subtype"), get("count_unit"),
                 get("count_low"), get("count_high"), get("subjects"), get("location"), frame["event_type"],
                 frame["kind"]))]
    told = frame.assign(_plain=[_plain(q) for q in get("quote").fillna("")]).groupby(
        ["doc_id", "event_type", "kind", "date_start", "date_end"])["_plain"].transform("nunique")
    for m, _, _ in items:
        m.alone = bool(told.iat[m.row] <= 1)
    items.sort(key=lambda x: (x[0].days, x[0].doc_id, _int(frame.at[x[0].row, "char_start"]) or 0, x[0].row))
    blocks: dict = {}
    out: dict = {}
    for m, event_type, kind in items:
        block = blocks.setdefault((event_type, kind, m.start.year), _Block())
        home = block.place(m, kind)
        out.setdefault(id(home), (event_type, kind, home))
    return list(out.values())


def link_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions with ``mention_id`` and ``event_id`` columns added (see :func:`link`).

    >>> rows = pd.DataFrame({"doc_id": ["a", "a"], "char_start": [0, 50], "char_end": [40, 90],
    ...     "event_type": "detention", "kind": "occurrence",
    ...     "date_start": pd.to_datetime(["2018-05-10", "2018-06-23"]), "date_end": pd.to_datetime(["2018-05-10", "2018-06-23"])})
    >>> link_mentions(rows)["event_id"].nunique()
    2
    """
    linked, _ = _link(mentions)
    return linked


def link(mentions: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per event, validated by ``schema.Events``; ``documents`` (doc_id, published) fills
    ``first_published``. See the module doc for the rules, codebook §7 for examples."""
    _, events = _link(mentions, documents)
    return events


def _link(mentions: pd.DataFrame, documents: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    _check(mentions)
    frame = mentions.reset_index(drop=True).copy()
    if "char_start" not in frame:  # a hand-made frame: the row order stands in for the span
        frame["char_start"], frame["char_end"] = range(len(frame)), range(len(frame))
    frame["mention_id"] = mention_ids(frame).to_numpy()
    event_of = [""] * len(frame)
    published = _published(frame, documents)
    rows = []
    for event_type, kind, cluster in _clusters(frame):
        members = frame.iloc[[m.row for m in cluster.members]]
        row = _event(event_type, kind, cluster, members, published)
        rows.append(row)
        for m in cluster.members:
            event_of[m.row] = row["event_id"]
    frame["event_id"] = event_of
    events = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    events = events.sort_values(["event_type", "date_start", "event_id"], kind="stable", ignore_index=True)
    return frame, validate_events(events)


_NEEDED = ("doc_id", "event_type", "kind", "date_start", "date_end")


def _check(mentions) -> None:
    if not isinstance(mentions, pd.DataFrame):
        raise TypeError(f"link: expected a mentions DataFrame, got {type(mentions).__name__}")
    missing = [c for c in _NEEDED if c not in mentions]
    if missing:
        raise ValueError(f"link: the mentions frame has no column(s) {', '.join(missing)}")
    undated = mentions["date_start"].isna() | mentions["date_end"].isna()
    if undated.any():
        raise ValueError(f"link: {int(undated.sum())} mention(s) without date_start/date_end, "
                         f"first at row {mentions.index[undated.to_numpy()][0]!r}")


def _published(frame: pd.DataFrame, documents) -> dict[str, str]:
    if documents is not None and {"doc_id", "published"} <= set(documents.columns):
        return {str(d): _text(p) for d, p in zip(documents["doc_id"], documents["published"])}
    if "published" in frame:
        return {str(d): _text(p) for d, p in zip(frame["doc_id"], frame["published"])}
    return {}


def _event(event_type: str, kind: str, cluster: _Cluster, members: pd.DataFrame, published: dict) -> dict:
    ordered = members.sort_values(["doc_id", "char_start", "mention_id"], kind="stable")
    finest = members.iloc[0]  # members are finest-dated first
    start, end = members["date_start"].max(), members["date_end"].min()
    conflict = bool(start > end)
    if conflict:
        start, end = finest["date_start"], finest["date_end"]
    low, high, counted = source_figures(members)
    docs = sorted(set(members["doc_id"].astype(str)))
    dates = [p for p in (published.get(d, "") for d in docs) if p]
    return {
        "event_id": "ev" + ordered["mention_id"].iloc[0][1:],
        "event_type": event_type, "subtype": cluster.subtype or None, "kind": kind,
        "date_start": start, "date_end": end, "date_precision": _text(finest.get("date_precision")) or None,
        "date_conflict": conflict,
        "count_low": pd.NA if low is None else low,
        "count_high": pd.NA if high is None else high,
        "count_conservative": pd.NA if low is None else low,
        "counts_reported": " | ".join(f"{d}: {_plain(t)}" for d, t in zip(ordered["doc_id"], ordered.get(
            "count_text", [""] * len(ordered))) if _plain(t)),
        "count_conflict": _disjoint(counted),
        "n_mentions": len(members), "n_sources": len(docs), "doc_ids": "; ".join(docs),
        "first_published": min(dates) if dates else "",
        "location": "; ".join(_distinct(p for v in members.get("location", []) for p in _text(v).split(";"))),
        "subjects": "; ".join(_distinct(s for v in members.get("subjects", []) for s in _text(v).split(";"))),
        "quote": _text(finest.get("quote")),
        "mention_ids": "; ".join(ordered["mention_id"]),
    }


def source_figures(members: pd.DataFrame) -> tuple[int | None, int | None, list[tuple]]:
    """(low, high, each source's bounds) of the rows telling one event (codebook §7).

    Within one document the figures for one event are a whole and its parts ("14 died", "two of
    them ..."): the document's figure is its largest. Across documents the figures are
    alternatives: the event spans them, from the lowest figure (ACLED's conservative count) to
    the highest ceiling; the ceiling is empty when any source is open-ended.

    >>> rows = pd.DataFrame({"doc_id": ["a", "a", "b"], "count_low": [14, 2, 17], "count_high": [14, 2, None]})
    >>> source_figures(rows)[:2]
    (14, None)
    """
    per_doc = []
    for _, rows in members.groupby("doc_id", sort=True):
        bounds = [(_int(lo), _int(hi)) for lo, hi in zip(rows.get("count_low", [None] * len(rows)),
                                                          rows.get("count_high", [None] * len(rows)))]
        bounds = [b for b in bounds if b != (None, None)]
        if bounds:
            per_doc.append(max(bounds, key=lambda b: (b[0] if b[0] is not None else -1,
                                                      b[1] if b[1] is not None else 1 << 62)))
    lows = [lo for lo, _ in per_doc if lo is not None]
    highs = [hi for _, hi in per_doc]
    return (min(lows) if lows else None,
            max(highs) if per_doc and None not in highs else None, per_doc)


def _plain(text) -> str:
    return " ".join(_TAG.sub("", _text(text)).split())


def _distinct(values) -> list[str]:
    return [v for v in dict.fromkeys(" ".join(str(v).split()) for v in values) if v]


def _disjoint(counted: list[tuple]) -> bool:
    """Whether no single number lies within every source's bounds (16 vs "at least 17")."""
    lo = max((lo for lo, _ in counted if lo is not None), default=None)
    hi = min((hi for _, hi in counted if hi is not None), default=None)
    return lo is not None and hi is not None and lo > hi


class _CallableModule(types.ModuleType):
    """``kzevents.link(mentions)`` calls :func:`link`; ``kzevents.link.link_mentions`` stays reachable."""

    def __call__(self, mentions, documents=None):
        return link(mentions, documents)


sys.modules[__name__].__class__ = _CallableModule
