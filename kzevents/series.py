"""Per-period figures of one event type, each number traceable to the documents that tell it.

Two steps. :func:`events` folds mention rows into distinct figures: the same figure told by two
documents (555 threats in 2018) is one figure with two sources; different figures that two
documents give for one event (16 or 17 killed on 16 December 2011) are spanned, never summed or
averaged (codebook §7). :func:`series` then adds up the figures of each period, flags a period
that a tally covers only in part ("101 incidents ... over five months in 2011") and scales it to
the whole period (101 over 5 months is about 242 a year).

>>> import pandas as pd
>>> rows = pd.DataFrame({"doc_id": ["a", "b", "a"], "event_type": "threat", "subtype": None,
...     "kind": "tally", "date_start": pd.to_datetime(["2018-01-01", "2018-01-01", "2011-01-01"]),
...     "date_end": pd.to_datetime(["2018-12-31", "2018-12-31", "2011-12-31"]),
...     "count_low": [555, 555, 101], "count_high": [555, 555, 101],
...     "quote": ["555 cases in 2018.", "555 cases were recorded in 2018.",
...               "101 incidents were registered over five months in 2011."]})
>>> s = series(rows, "threat")
>>> s[["period", "count_low", "n_sources", "partial", "rate_low"]].values.tolist()
[['2011', 101, 1, True, 242.4], ['2018', 555, 2, False, 555.0]]
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["series", "events"]

_FREQS = {"year": ("Y", 12), "quarter": ("Q", 3), "month": ("M", 1)}
_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_N = r"(?P<n>\d{1,2}|%s)" % "|".join(_WORDS)
_MONTHS_IN = re.compile(
    r"\b(?:over|for|during|in|within)\s+(?:the\s+)?(?:first\s+|last\s+|past\s+)?%s\s+months?"
    r"\s+(?:of\s+|in\s+)?(?:the\s+year\s+)?(?P<year>\d{4})\b" % _N, re.IGNORECASE)
_HALF_OF = re.compile(r"\b(?:first|1st|second|2nd)\s+half\s+of\s+(?:the\s+year\s+)?(?P<year>\d{4})\b",
                      re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")  # a tag, never a bare "<" in the text
_DEDUP = ["doc_id", "quote", "event_type", "subtype", "kind", "date_start", "date_end",
          "count_low", "count_high"]

COLUMNS = ["period", "start", "end", "count_low", "count_high", "lower_bound", "partial", "months",
           "rate_low", "rate_high", "basis", "n_events", "n_uncounted", "n_sources", "sources",
           "count_text", "date_text", "quote", "subtypes"]


def plain(text: str) -> str:
    """Quote text without HTML tags and with single spaces: ``plain("1<sup>st</sup>\\nhalf")`` → "1st half"."""
    return " ".join(_TAG.sub("", str(text)).split())


def months_covered(row) -> float:
    """Months of the row's date span, or fewer when the quote says so for the row's year.

    >>> row = pd.Series({"date_start": pd.Timestamp("2011-01-01"), "date_end": pd.Timestamp("2011-12-31"),
    ...                  "quote": "101 incidents were registered over five months in 2011."})
    >>> months_covered(row)
    5.0
    """
    start, end = row["date_start"], row["date_end"]
    year = str(start.year)
    quote = plain(row.get("quote", "") or "")
    for m in _MONTHS_IN.finditer(quote):
        if m["year"] == year and start.year == end.year:
            n = m["n"].lower()
            return float(_WORDS.get(n, n if n.isdigit() else 12))
    if start.year == end.year and any(m["year"] == year for m in _HALF_OF.finditer(quote)):
        return min(6.0, _span_months(start, end))
    return _span_months(start, end)


def _span_months(start: pd.Timestamp, end: pd.Timestamp) -> float:
    if start.day == 1 and end.is_month_end:
        return float((end.year - start.year) * 12 + end.month - start.month + 1)
    return ((end - start).days + 1) / (365.25 / 12)


_COMMON = {"the", "and", "mr.", "ms.", "mrs.", "kazakhstan", "party", "union", "unions", "trade",
           "movement", "association", "public", "foundation", "organisation", "organization"}


def _names(subjects: str) -> set[str]:
    """Words of the named subjects: "Max Bokayev; T. Ayan" → {"max", "bokayev", "ayan"}."""
    words = re.findall(r"[^\W\d_][\w'-]{2,}", str(subjects or "").lower())
    return {w for w in words if w not in _COMMON}


def _share_names(a: set[str], b: set[str]) -> bool:
    return len(a & b) * 2 >= min(len(a), len(b))


def _places(location: str) -> set[str]:
    return {p.strip().lower() for p in str(location or "").split(";") if p.strip()}


def _same_event(a, b) -> bool:
    """Whether two rows of one type, subtype and kind tell one event (codebook §7).

    Tallies must cover the same dates; occurrences need overlapping dates and one of: a shared
    named subject, the same figure or a shared place (two documents), or no number on one side.
    """
    if a.kind == "tally":
        if (a.date_start, a.date_end) != (b.date_start, b.date_end):
            return False
        # one document restating its figure, or two documents' statistics for one period
        return a.doc_id != b.doc_id or (a.low, a.high) == (b.low, b.high)
    if a.date_start > b.date_end or b.date_start > a.date_end:
        return False
    if a.names and b.names:
        return _share_names(a.names, b.names)
    if a.uncounted or b.uncounted:
        return True
    return a.doc_id != b.doc_id and ((a.low, a.high) == (b.low, b.high) or bool(a.places & b.places))


def events(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct event or tally: rows telling the same one merged, sources listed.

    Rows of one type, subtype and kind are merged when they tell one event (``_same_event``):
    the merged row keeps the most precise dates, and its count spans its sources' counts.

    >>> rows = pd.DataFrame({"doc_id": ["a", "b"], "event_type": "ban", "subtype": "organisation",
    ...     "kind": "occurrence", "date_start": pd.to_datetime(["2017-01-04", "2017-01-01"]),
    ...     "date_end": pd.to_datetime(["2017-01-04", "2017-01-31"]), "count_low": 1, "count_high": 1,
    ...     "quote": ["x", "y"]})
    >>> events(rows)[["sources", "date_start", "count_low", "n_sources"]].astype(str).values.tolist()
    [['a; b', '2017-01-04', '1', '2']]
    """
    rows = _prepare(mentions)
    rows = rows.assign(_days=(rows["date_end"] - rows["date_start"]).dt.days).sort_values(
        ["_days", "date_start", "doc_id"], kind="stable")
    clusters: list[list] = []
    for _, group in rows.groupby(["event_type", "sub", "kind"], sort=True):
        local: list[list] = []
        for r in group.itertuples(index=False):
            home = next((c for c in local if any(_same_event(r, m) for m in c)), None)
            home.append(r) if home is not None else local.append([r])
        clusters.extend(local)
    out = pd.DataFrame([_merge(c) for c in clusters], columns=_EVENT_COLUMNS).astype(
        {"count": "Int64", "count_low": "Int64", "count_high": "Int64"})
    return out.sort_values(["event_type", "date_start"], kind="stable", ignore_index=True)


_EVENT_COLUMNS = ["event_type", "subtype", "kind", "date_start", "date_end", "date_precision",
                  "count", "count_qualifier", "count_low", "count_high", "count_unit", "months",
                  "n_sources", "sources", "count_text", "date_text", "quote", "trigger", "subjects",
                  "n_mentions"]


def _prepare(mentions: pd.DataFrame) -> pd.DataFrame:
    rows = mentions.copy()
    for column, default in (("quote", ""), ("subjects", ""), ("location", ""), ("count_text", ""),
                            ("date_text", ""), ("date_precision", ""), ("trigger", ""), ("subtype", None),
                            ("count", None), ("count_qualifier", None), ("count_unit", None)):
        if column not in rows:
            rows[column] = default
    rows = rows.dropna(subset=["date_start", "date_end"])
    rows = rows.drop_duplicates(subset=[c for c in _DEDUP if c in rows])
    rows["sub"] = rows["subtype"].astype(object).where(rows["subtype"].notna(), "").astype(str)
    rows["low"] = [None if pd.isna(v) else int(v) for v in rows["count_low"]]
    rows["high"] = [None if pd.isna(v) else int(v) for v in rows["count_high"]]
    rows["uncounted"] = [lo is None and hi is None for lo, hi in zip(rows["low"], rows["high"])]
    rows["names"] = [_names(s) for s in rows["subjects"]]
    rows["places"] = [_places(s) for s in rows["location"]]
    rows["months"] = [months_covered(r) for _, r in rows.iterrows()]
    return rows


def _merge(cluster) -> dict:
    """One figure for rows telling one event: the span of the counts they give (§7)."""
    first = cluster[0]
    counted = [r for r in cluster if r.low is not None or r.high is not None]
    lows = [r.low for r in counted if r.low is not None]
    docs = sorted({r.doc_id for r in cluster})
    told = next((r for r in counted if r.low == min(lows)), first) if lows else (counted or [first])[0]
    return {
        "event_type": first.event_type, "subtype": first.subtype if first.sub else None,
        "kind": first.kind, "date_start": first.date_start, "date_end": first.date_end,
        "date_precision": first.date_precision,
        "count": told.count, "count_qualifier": told.count_qualifier,
        "count_low": min(lows) if lows else (0 if counted else pd.NA),
        "count_high": pd.NA if not counted or any(r.high is None for r in counted)
        else max(r.high for r in counted),
        "count_unit": _distinct(r.count_unit for r in cluster if isinstance(r.count_unit, str)),
        "months": min(r.months for r in cluster), "n_sources": len(docs), "sources": "; ".join(docs),
        "count_text": _distinct(r.count_text for r in cluster),
        "date_text": _distinct(r.date_text for r in cluster),
        "quote": _distinct((plain(r.quote) for r in cluster), sep=" | "),
        "trigger": _distinct(r.trigger for r in cluster),
        "subjects": _distinct((r.subjects for r in cluster), sep="; "),
        "n_mentions": len(cluster),
    }


def _distinct(values, sep: str = " / ") -> str:
    seen = [v for v in dict.fromkeys(str(v).strip() for v in values) if v]
    return sep.join(seen)


def series(mentions: pd.DataFrame, event_type: str, *, subtype: str | None = None,
           freq: str = "year") -> pd.DataFrame:
    """Per-period figures of one event type (see the module doc for the rules).

    Columns: ``period`` ("2018"), ``start``/``end`` of the period, ``count_low``/``count_high``
    (the figures added up; ``count_high`` empty when any is open-ended or has no number),
    ``lower_bound`` (the true number is higher), ``partial`` and ``months`` (a tally covers only
    that many months of the period), ``rate_low``/``rate_high`` (the count scaled to the whole
    period: a rate per year when ``freq="year"``), ``basis`` ("tally": a published statistic;
    "occurrences": individually reported events added up), ``n_events``, ``n_uncounted``,
    ``n_sources``, ``sources`` (doc_ids), and ``count_text``, ``date_text``, ``quote`` as written.
    A period with a tally of a subtype takes the tally for it and ignores its single events
    (a tally with no subtype stands for all subtypes).
    Rows whose dates cross two periods ("from March 2018 to March 2019") are left out.

    >>> rows = pd.DataFrame({"doc_id": "a", "event_type": "violence", "subtype": "torture",
    ...     "kind": "tally", "date_start": pd.Timestamp("2019-01-01"), "date_end": pd.Timestamp("2019-06-30"),
    ...     "count_low": [119], "count_high": [119], "quote": ["119 reports of torture in the first half of 2019"]})
    >>> series(rows, "violence")[["period", "partial", "months", "rate_low"]].astype(str).values.tolist()
    [['2019', 'True', '6.0', '238.0']]
    """
    if freq not in _FREQS:
        raise ValueError(f"freq must be one of {sorted(_FREQS)}, not {freq!r}")
    code, period_months = _FREQS[freq]
    rows = mentions[mentions["event_type"] == event_type]
    if subtype is not None:
        rows = rows[rows["subtype"] == subtype]
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    ev = events(rows)
    ev["period"] = [pd.Period(d, code) for d in ev["date_start"]]
    ev = ev[[pd.Period(d, code) == p for d, p in zip(ev["date_end"], ev["period"])]]
    ev = ev[_counted(ev)] if len(ev) else ev
    out = [_period_row(p, g, period_months) for p, g in ev.groupby("period", sort=True)]
    return pd.DataFrame(out, columns=COLUMNS).astype(
        {"count_low": "Int64", "count_high": "Int64", "months": "Float64", "rate_low": "Float64",
         "rate_high": "Float64", "partial": bool, "lower_bound": bool})


def _counted(ev: pd.DataFrame) -> list[bool]:
    """Per event: whether it counts in its period. A tally of a subtype covers that subtype's
    single events; a tally with no subtype covers all of them."""
    subs = ev["subtype"].fillna("")
    tallied = {(p, s) for p, s, k in zip(ev["period"], subs, ev["kind"]) if k == "tally"}
    return [k == "tally" or not ({(p, s), (p, "")} & tallied)
            for p, s, k in zip(ev["period"], subs, ev["kind"])]


def _period_row(period: pd.Period, g: pd.DataFrame, period_months: int) -> dict:
    partial_of = [(m < period_months - 0.5) and k == "tally" for m, k in zip(g["months"], g["kind"])]
    scale = [period_months / m if p else 1.0 for m, p in zip(g["months"], partial_of)]
    lows = [0 if pd.isna(v) else int(v) for v in g["count_low"]]
    highs = list(g["count_high"])
    open_ended = any(pd.isna(h) for h in highs)
    kinds = set(g["kind"])
    docs = sorted({d for s in g["sources"] for d in s.split("; ")})
    return {
        "period": str(period), "start": period.start_time.normalize(), "end": period.end_time.normalize(),
        "count_low": sum(lows), "count_high": pd.NA if open_ended else sum(int(h) for h in highs),
        "lower_bound": open_ended, "partial": any(partial_of),
        "months": min(g["months"]) if any(partial_of) else pd.NA,
        "rate_low": round(sum(lo * s for lo, s in zip(lows, scale)), 1),
        "rate_high": pd.NA if open_ended else round(sum(int(h) * s for h, s in zip(highs, scale)), 1),
        "basis": "tally" if kinds == {"tally"} else "occurrences" if kinds == {"occurrence"} else "mixed",
        "n_events": len(g), "n_uncounted": int(g["count_low"].isna().sum()),
        "n_sources": len(docs), "sources": "; ".join(docs),
        "count_text": _distinct(g["count_text"], sep="; "), "date_text": _distinct(g["date_text"], sep="; "),
        "quote": _distinct(g["quote"], sep=" | "),
        "subtypes": _distinct(g["subtype"].dropna(), sep="; "),
    }
