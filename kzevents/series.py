"""Per-period figures of one event type, counted over events, each number traceable to its sources.

Two steps. :func:`events` folds mention rows into events with :func:`kzevents.link`: the same
figure told by two documents (555 threats in 2018) is one event with two sources; different
figures that two documents give for one event (16 or 17 killed on 16 December 2011) are spanned,
never summed or averaged (codebook §7). :func:`series` then adds up the events of each period,
honestly (codebook §7, "Per-period figures"): figures of different subtypes are never added (one
row per subtype), so a subset counted under another subtype ("of them, 31 were given
administrative arrest") is never added to its whole; a statistic never replaces the single events
of its period (a statistic on one topic is not the type's total: the figure is at least the
larger of the two); an ``up_to`` figure raises the ceiling only; where the sources allow a
range, the row holds the range. A tally covering part of a period ("101 incidents ... over five
months in 2011") is flagged and scaled to the whole period (about 242 a year).

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

from .link import link_mentions, source_figures
from .schema import check_event_type
from .triggers import SUBTYPES

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

COLUMNS = ["period", "subtype", "start", "end", "count_low", "count_high", "lower_bound", "partial", "months",
           "rate_low", "rate_high", "basis", "n_events", "n_uncounted", "n_sources", "sources",
           "count_text", "date_text", "quote"]


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


def events(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per event as :func:`kzevents.link` links them, in the columns charts draw from:
    ``sources`` (doc_ids), the count as each source wrote it, the most precise dates, and the
    count bounds of codebook §7 (each document's largest figure, spanned across documents).

    >>> rows = pd.DataFrame({"doc_id": ["a", "b"], "event_type": "ban", "subtype": "organisation",
    ...     "kind": "occurrence", "date_start": pd.to_datetime(["2017-01-04", "2017-01-01"]),
    ...     "date_end": pd.to_datetime(["2017-01-04", "2017-01-31"]), "count_low": 1, "count_high": 1,
    ...     "quote": ["x", "y"]})
    >>> events(rows)[["sources", "date_start", "count_low", "n_sources"]].astype(str).values.tolist()
    [['a; b', '2017-01-04', '1', '2']]
    """
    rows = _prepare(mentions)
    if rows.empty:
        return pd.DataFrame(columns=_EVENT_COLUMNS)
    linked = link_mentions(rows)
    linked["_days"] = (linked["date_end"] - linked["date_start"]).dt.days
    linked = linked.sort_values(["_days", "doc_id", "char_start"], kind="stable")
    out = pd.DataFrame([_merge(g) for _, g in linked.groupby("event_id", sort=False)], columns=_EVENT_COLUMNS)
    out = out.astype({"count": "Int64", "count_low": "Int64", "count_high": "Int64"})
    return out.sort_values(["event_type", "date_start", "event_id"], kind="stable", ignore_index=True)


_EVENT_COLUMNS = ["event_id", "event_type", "subtype", "kind", "date_start", "date_end", "date_precision",
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
    rows = rows.drop_duplicates(subset=[c for c in _DEDUP if c in rows]).reset_index(drop=True)
    if "char_start" not in rows:  # a hand-made frame: the row order stands in for the span
        rows["char_start"], rows["char_end"] = range(len(rows)), range(len(rows))
    rows["months"] = [months_covered(r) for _, r in rows.iterrows()]
    return rows


def _merge(cluster: pd.DataFrame) -> dict:
    """One event from the rows that tell it (finest-dated first): sources' figures spanned (§7)."""
    first = cluster.iloc[0]
    low, high, _ = source_figures(cluster)
    told = next((r for _, r in cluster.iterrows() if low is not None and _int(r["count_low"]) == low),
                next((r for _, r in cluster.iterrows() if pd.notna(r["count_high"])), first))
    subtypes = [s for s in cluster["subtype"] if isinstance(s, str) and s]
    return {
        "event_id": first["event_id"], "event_type": first["event_type"], "subtype": subtypes[0] if subtypes else None,
        "kind": first["kind"], "date_start": cluster["date_start"].max(), "date_end": cluster["date_end"].min(),
        "date_precision": first["date_precision"],
        "count": told["count"], "count_qualifier": told["count_qualifier"],
        "count_low": pd.NA if low is None else low, "count_high": pd.NA if high is None else high,
        "count_unit": _distinct(u for u in cluster["count_unit"] if isinstance(u, str)),
        "months": min(cluster["months"]), "n_sources": cluster["doc_id"].nunique(),
        "sources": "; ".join(sorted(set(cluster["doc_id"]))),
        "count_text": _distinct(cluster["count_text"]), "date_text": _distinct(cluster["date_text"]),
        "quote": _distinct((plain(q) for q in cluster["quote"]), sep=" | "),
        "trigger": _distinct(cluster["trigger"]), "subjects": _distinct(cluster["subjects"], sep="; "),
        "n_mentions": len(cluster),
    }


def _int(value):
    return None if value is None or pd.isna(value) else int(value)


def _distinct(values, sep: str = " / ") -> str:
    seen = [v for v in dict.fromkeys(str(v).strip() for v in values if not (v is None or v is pd.NA)) if v]
    return sep.join(seen)


def series(frame: pd.DataFrame, event_type: str, *, subtype: str | None = None,
           freq: str = "year") -> pd.DataFrame:
    """Per-period figures of one event type, counted over events (see the module doc for the rules).

    ``frame`` is a mentions frame (linked here with :func:`kzevents.link`) or an events frame.
    One row per period and subtype (``subtype`` "" for events with none): figures of different
    subtypes are never added (killings and injuries are two rows). Columns: ``period`` ("2018"),
    ``subtype``, ``start``/``end`` of the period, ``count_low``/``count_high`` (the range the
    sources allow: an ``up_to`` figure adds to the ceiling only; ``count_high`` empty when any
    figure is open-ended), ``lower_bound`` (the true number may be higher), ``partial`` and
    ``months`` (a tally covers only that many months of the period), ``rate_low``/``rate_high``
    (scaled to the whole period), ``basis`` ("tally": published statistics; "occurrences": single
    events added up; "mixed": both, and neither replaces the other: the figure is at least the
    larger of the two), ``n_events``, ``n_uncounted``, ``n_sources``, ``sources``, and
    ``count_text``, ``date_text``, ``quote`` as written. Events whose dates cross two periods
    ("from March 2018 to March 2019") are left out.

    >>> rows = pd.DataFrame({"doc_id": "a", "event_type": "violence", "subtype": "torture",
    ...     "kind": "tally", "date_start": pd.Timestamp("2019-01-01"), "date_end": pd.Timestamp("2019-06-30"),
    ...     "count_low": [119], "count_high": [119], "quote": ["119 reports of torture in the first half of 2019"]})
    >>> series(rows, "violence")[["period", "partial", "months", "rate_low"]].astype(str).values.tolist()
    [['2019', 'True', '6.0', '238.0']]
    """
    _check_type(event_type, subtype)
    if freq not in _FREQS:
        raise ValueError(f"freq must be one of {sorted(_FREQS)}, not {freq!r}")
    code, period_months = _FREQS[freq]
    rows = frame[frame["event_type"] == event_type]
    if subtype is not None:
        rows = rows[rows["subtype"] == subtype]
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    ev = _from_events(rows) if "mention_ids" in rows else events(rows)
    ev["period"] = [pd.Period(d, code) for d in ev["date_start"]]
    ev = ev[[pd.Period(d, code) == p for d, p in zip(ev["date_end"], ev["period"])]]
    ev["sub"] = ev["subtype"].astype(object).where(ev["subtype"].notna(), "").astype(str)
    out = [_period_row(p, sub, g, period_months) for (p, sub), g in ev.groupby(["period", "sub"], sort=True)]
    return pd.DataFrame(out, columns=COLUMNS).astype(
        {"count_low": "Int64", "count_high": "Int64", "months": "Float64", "rate_low": "Float64",
         "rate_high": "Float64", "partial": bool, "lower_bound": bool})


def _check_type(event_type: str, subtype: str | None) -> None:
    """``ValueError`` naming the valid types (and the nearest one) for a type that does not exist."""
    check_event_type(event_type)
    valid = SUBTYPES.get(event_type, ())
    if subtype is not None and subtype not in valid:
        raise ValueError(f"unknown subtype {subtype!r} of {event_type!r}; valid subtypes: "
                         f"{', '.join(valid) or '(none: this type has no subtypes)'}")


def _from_events(ev: pd.DataFrame) -> pd.DataFrame:
    """An events frame of :func:`kzevents.link` in the columns :func:`series` adds up."""
    out = ev.copy()
    out["sources"], out["count_text"], out["date_text"] = ev["doc_ids"], ev["counts_reported"], ""
    out["months"] = [months_covered(r) for _, r in out.iterrows()]
    return out


def _sums(g: pd.DataFrame) -> tuple[int, int | None]:
    """Added-up bounds: a missing low (an ``up_to`` figure) adds 0, a missing high opens the ceiling."""
    low = sum(0 if pd.isna(v) else int(v) for v in g["count_low"])
    highs = list(g["count_high"])
    return low, None if any(pd.isna(h) for h in highs) else sum(int(h) for h in highs)


def _period_row(period: pd.Period, sub: str, g: pd.DataFrame, period_months: int) -> dict:
    tallies, singles = g[g["kind"] == "tally"], g[g["kind"] != "tally"]
    (t_low, t_high), (o_low, o_high) = _sums(tallies), _sums(singles)
    if len(tallies) and len(singles):  # a statistic may cover some of the single events, or none
        low = max(t_low, o_low)
        high = None if t_high is None or o_high is None else t_high + o_high
    else:
        low, high = (t_low, t_high) if len(tallies) else (o_low, o_high)
    partial_of = [(m < period_months - 0.5) and k == "tally" for m, k in zip(g["months"], g["kind"])]
    scale = max([period_months / m if p else 1.0 for m, p in zip(g["months"], partial_of)], default=1.0)
    docs = sorted({d for s in g["sources"] for d in str(s).split("; ") if d})
    kinds = set(g["kind"])
    return {
        "period": str(period), "subtype": sub, "start": period.start_time.normalize(),
        "end": period.end_time.normalize(), "count_low": low, "count_high": pd.NA if high is None else high,
        "lower_bound": high is None, "partial": any(partial_of),
        "months": min(g["months"]) if any(partial_of) else pd.NA,
        "rate_low": round(low * scale, 1), "rate_high": pd.NA if high is None else round(high * scale, 1),
        "basis": "tally" if kinds == {"tally"} else "occurrences" if kinds == {"occurrence"} else "mixed",
        "n_events": len(g), "n_uncounted": int((g["count_low"].isna() & g["count_high"].isna()).sum()),
        "n_sources": len(docs), "sources": "; ".join(docs),
        "count_text": _distinct(g["count_text"], sep="; "), "date_text": _distinct(g["date_text"], sep="; "),
        "quote": _distinct(g["quote"], sep=" | "),
    }
