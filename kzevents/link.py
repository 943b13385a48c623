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
_EPOCH = pd.Timestamp("1970-01-01")
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
    key = pd.Series([f"{d}|{a}|{b}|{t}" for d, a, b, t in zip(
        mentions["doc_id"], mentions["char_start"], mentions["char_end"], mentions["event_type"])],
        index=mentions.index)
    order = key.groupby(key).cumcount()
    return pd.Series(["m" + hashlib.sha1(f"{k}|{o}".encode()).hexdigest()[:16] for k, o in zip(key, order)],
                     index=mentions.index)


def _names(subjects) -> frozenset[str]:
    """Words of named subjects: "Max Bokayev; T. Ayan" → {"max", "bokayev", "ayan"}."""
    words = re.findall(r"[^\W\d_][\w'-]{2,}", (subjects if isinstance(subjects, str) else "").lower())
    return frozenset(w for w in words if w not in _COMMON)


def _places(location) -> frozenset[str]:
    return frozenset(p.strip().lower() for p in (location if isinstance(location, str) else "").split(";") if p.strip())


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


@dataclass
class _Mention:
    row: int
    doc_id: str
    start: int  # days since 1970-01-01
    end: int
    year: int
    month: tuple | None  # (year, month) when the interval lies within one calendar month
    subtype: str
    unit: str
    low: int | None
    high: int | None
    names: frozenset
    places: frozenset
    alone: bool = True  # no other sentence of its document tells this type in the same interval

    @property
    def days(self) -> int:
        return self.end - self.start + 1

    @property
    def tokens(self) -> set:
        """What counts as evidence of one event: named subjects, places, the figure."""
        return ({"n:" + w for w in self.names} | {"p:" + p for p in self.places}
                | ({f"c:{self.low}:{self.high}"} if self.low is not None or self.high is not None else set()))


@dataclass
class _Cluster:
    start: int
    end: int
    members: list = field(default_factory=list)
    subtype: str = ""
    unit: str = ""
    names: set = field(default_factory=set)
    places: set = field(default_factory=set)
    tokens: set = field(default_factory=set)

    def add(self, m: _Mention) -> None:
        self.members.append(m)
        self.subtype, self.unit = self.subtype or m.subtype, self.unit or m.unit
        self.names |= m.names
        self.places |= m.places


def _compatible(m: _Mention, c: _Cluster, kind: str) -> bool:
    """Nothing the two tell contradicts: dates (tallies: the same period), subtype, unit, place, subject."""
    if (m.start, m.end) != (c.start, c.end) if kind == "tally" else (c.start < m.start or c.end > m.end):
        return False
    if m.subtype and c.subtype and m.subtype != c.subtype:
        return False
    if m.unit and c.unit and m.unit != c.unit:
        return False
    if m.places and c.places and not (m.places & c.places):
        return False
    if m.names and c.names and not (m.names & c.names):
        return False
    # one document giving two figures for one period tells two statistics
    return kind != "tally" or all(o.doc_id != m.doc_id or (o.low, o.high) == (m.low, m.high)
                                  or m.low is None and m.high is None for o in c.members)


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
        self.by_token: dict = {}

    def place(self, m: _Mention, kind: str) -> _Cluster:
        home = self._choose(m, kind)
        if home is None:
            home = _Cluster(m.start, m.end)
            self.clusters.append(home)
            self.by_interval.setdefault((m.start, m.end), []).append(home)
            if m.month:
                self.by_month.setdefault(m.month, []).append(home)
        for name in m.names - home.names:
            self.by_name.setdefault(name, []).append(home)
        for token in m.tokens - home.tokens:
            self.by_token.setdefault((home.start, home.end, token), []).append(home)
            home.tokens.add(token)
        home.add(m)
        return home

    def _choose(self, m: _Mention, kind: str) -> _Cluster | None:
        if kind == "tally" or m.days == 1:
            same = [c for c in self.by_interval.get((m.start, m.end), []) if _compatible(m, c, kind)]
            return _one(same) or _one([c for c in same if _evidence(m, c)])
        same = self.by_interval.get((m.start, m.end), [])
        if m.month and m.alone and not any(_compatible(m, c, kind) for c in same):
            rival = self._only_rival(m)
            if rival is not None and _compatible(m, rival, kind):
                return rival  # the month's only event of the type (§7)
        named = [c for c in {id(c): c for w in m.names for c in self.by_name.get(w, [])}.values()
                 if _compatible(m, c, kind)]
        if len(named) == 1:
            return named[0]  # a coarse mention naming the subject of one finer event
        # the same coarse interval: only with something shared (a name, a place, the figure)
        shared = {id(c): c for t in m.tokens for c in self.by_token.get((m.start, m.end, t), [])}
        return _one([c for c in shared.values() if _compatible(m, c, kind)])


    def _only_rival(self, m: _Mention) -> _Cluster | None:
        """The one finer event of the mention's month that could be what it tells, if only one."""
        found = None
        for c in self.by_month.get(m.month, []):
            if (c.start, c.end) != (m.start, m.end) and not (m.subtype and c.subtype and m.subtype != c.subtype):
                if found is not None:
                    return None
                found = c
        return found


def _one(candidates: list) -> _Cluster | None:
    return candidates[0] if len(candidates) == 1 else None


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _days(column: pd.Series):
    """Days since 1970-01-01, year and month of a date column, as numpy arrays."""
    days = column.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    months = days.astype("datetime64[M]").astype("int64")
    return days.astype("int64"), months // 12 + 1970, months % 12 + 1


def _clusters(mentions: pd.DataFrame) -> list[tuple[str, str, _Cluster]]:
    """(event_type, kind, cluster) for every event, members finest-dated first."""
    frame = mentions.reset_index(drop=True)
    n = len(frame)
    get = lambda c, default=None: frame[c].tolist() if c in frame else [default] * n  # noqa: E731
    (s_day, s_year, s_month), (e_day, e_year, e_month) = _days(frame["date_start"]), _days(frame["date_end"])
    told = frame.assign(_plain=[_plain(q) for q in get("quote", "")]).groupby(
        ["doc_id", "event_type", "kind", "date_start", "date_end"])["_plain"].transform("nunique").tolist()
    items = []
    for i, (d, sub, u, lo, hi, names, places, t, k) in enumerate(zip(
            get("doc_id"), get("subtype"), get("count_unit"), get("count_low"), get("count_high"), get("subjects"),
            get("location"), get("event_type"), get("kind"))):
        one_month = (s_year[i], s_month[i]) == (e_year[i], e_month[i]) and e_day[i] - s_day[i] < _MONTH_DAYS
        m = _Mention(i, str(d), int(s_day[i]), int(e_day[i]), int(s_year[i]),
                     (int(s_year[i]), int(s_month[i])) if one_month else None, _text(sub), _text(u), _int(lo),
                     _int(hi), _names(names), _places(places), told[i] <= 1)
        items.append((m, t, k))
    at = [_int(v) or 0 for v in get("char_start", 0)]
    items.sort(key=lambda x: (x[0].days, x[0].doc_id, at[x[0].row], x[0].row))
    blocks: dict = {}
    out: dict = {}
    for m, event_type, kind in items:
        block = blocks.setdefault((event_type, kind, m.year), _Block())
        home = block.place(m, kind)
        out.setdefault(id(home), (event_type, kind, home))
    return list(out.values())


def link_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """The mentions with ``mention_id`` and ``event_id`` columns added (see :func:`link`).

    >>> rows = pd.DataFrame({"doc_id": ["a", "a"], "char_start": [0, 50], "char_end": [40, 90],
    ...     "event_type": "detention", "kind": "occurrence",
    ...     "date_start": pd.to_datetime(["2018-05-10", "2018-06-23"]),
    ...     "date_end": pd.to_datetime(["2018-05-10", "2018-06-23"])})
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
    cols = _Columns(frame)
    rows = []
    for event_type, kind, cluster in _clusters(frame):
        row = _event(event_type, kind, cluster, cols, published)
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


class _Columns:
    """The mention columns an event is built from, as plain lists (fast per-event access)."""

    def __init__(self, frame: pd.DataFrame):
        n = len(frame)
        get = lambda c, default="": frame[c].tolist() if c in frame else [default] * n  # noqa: E731
        self.doc, self.at, self.mid = [str(d) for d in get("doc_id")], get("char_start", 0), get("mention_id")
        self.start, self.end = _days(frame["date_start"])[0].tolist(), _days(frame["date_end"])[0].tolist()
        self.low = [_int(v) for v in get("count_low", None)]
        self.high = [_int(v) for v in get("count_high", None)]
        self.count_text, self.precision = get("count_text"), get("date_precision")
        self.location, self.subjects, self.quote = get("location"), get("subjects"), get("quote")


def _event(event_type: str, kind: str, cluster: _Cluster, cols: _Columns, published: dict) -> dict:
    rows = [m.row for m in cluster.members]  # finest-dated first
    ordered = sorted(rows, key=lambda i: (cols.doc[i], cols.at[i], cols.mid[i]))
    finest = rows[0]
    start, end = max(cols.start[i] for i in rows), min(cols.end[i] for i in rows)
    conflict = bool(start > end)
    if conflict:
        start, end = cols.start[finest], cols.end[finest]
    low, high, counted = _figures([(cols.doc[i], cols.low[i], cols.high[i]) for i in rows])
    docs = sorted({cols.doc[i] for i in rows})
    dates = [p for p in (published.get(d, "") for d in docs) if p]
    return {
        "event_id": "ev" + cols.mid[ordered[0]][1:],
        "event_type": event_type, "subtype": cluster.subtype or None, "kind": kind,
        "date_start": _EPOCH + pd.Timedelta(days=start), "date_end": _EPOCH + pd.Timedelta(days=end),
        "date_precision": _text(cols.precision[finest]) or None,
        "date_conflict": conflict,
        "count_low": pd.NA if low is None else low,
        "count_high": pd.NA if high is None else high,
        "count_conservative": pd.NA if low is None else low,
        "counts_reported": " | ".join(f"{cols.doc[i]}: {_plain(cols.count_text[i])}" for i in ordered
                                      if _plain(cols.count_text[i])),
        "count_conflict": _disjoint(counted),
        "n_mentions": len(rows), "n_sources": len(docs), "doc_ids": "; ".join(docs),
        "first_published": min(dates) if dates else "",
        "location": "; ".join(_distinct(p for i in rows for p in _text(cols.location[i]).split(";"))),
        "subjects": "; ".join(_distinct(x for i in rows for x in _text(cols.subjects[i]).split(";"))),
        "quote": _text(cols.quote[finest]),
        "mention_ids": "; ".join(cols.mid[i] for i in ordered),
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
    n = len(members)
    return _figures(list(zip(members["doc_id"].astype(str),
                             [_int(v) for v in (members["count_low"] if "count_low" in members else [None] * n)],
                             [_int(v) for v in (members["count_high"] if "count_high" in members else [None] * n)])))


def _figures(told: list[tuple]) -> tuple[int | None, int | None, list[tuple]]:
    """:func:`source_figures` over (doc_id, low, high) triples."""
    best: dict = {}
    for doc, lo, hi in told:
        if lo is None and hi is None:
            continue
        key = (lo if lo is not None else -1, hi if hi is not None else 1 << 62)
        if doc not in best or key > best[doc][0]:
            best[doc] = (key, (lo, hi))
    per_doc = [best[d][1] for d in sorted(best)]
    lows = [lo for lo, _ in per_doc if lo is not None]
    highs = [hi for _, hi in per_doc]
    return (min(lows) if lows else None,
            max(highs) if per_doc and None not in highs else None, per_doc)


def _plain(text) -> str:
    return " ".join(_TAG.sub("", _text(text)).split())


def _distinct(values) -> list[str]:
    return [v for v in dict.fromkeys(" ".join(str(v).split()) for v in values if not pd.isna(v)) if v]


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
