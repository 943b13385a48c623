"""Charts of event mentions, as altair values: nothing is drawn, shown or saved here.

Every chart has a title, labelled axes, a key that explains its marks, a caption naming its
sources (document titles when a ``documents`` frame is given, else doc_ids), and tooltips with
the count and the date as written, the quote and the document. An open-ended figure ("more
than 150") is drawn up to its bound with an arrow pointing up. A frame with nothing to draw
raises :class:`EmptyChartError` (a ``ValueError``) naming what is missing.

>>> import pandas as pd
>>> rows = pd.DataFrame({"doc_id": "a", "event_type": "threat", "kind": "tally", "subtype": None,
...     "date_start": pd.to_datetime(["2014-01-01", "2018-01-01"]), "date_end": pd.to_datetime(["2014-12-31", "2018-12-31"]),
...     "count_low": [255, 555], "count_high": [255, 555], "count_text": ["255 instances", "555 cases"],
...     "date_text": ["in 2014", "in 2018"], "quote": ["In 2014, 255 instances.", "In 2018, 555 cases."]})
>>> isinstance(threat_trend(rows), alt.VConcatChart), threat_trend(rows).properties(width=400).vconcat[0].width
(True, 400)
"""

from __future__ import annotations

import math
import textwrap

import altair as alt
import numpy as np
import pandas as pd

from .series import events, plain, series

__all__ = ["threat_trend", "detention_waves", "timeline", "by_year", "EmptyChartError", "Figure"]

WIDTH, HEIGHT = 640, 300
_TIP_CHARS = 400
_BLUE, _LIGHT, _ORANGE, _GREY, _RED = "#3b6ea5", "#9ecae1", "#e6550d", "#8c8c8c", "#b2182b"
_TYPE_LABELS = {
    "strike": "Strikes", "protest": "Protests", "detention": "Detentions", "prosecution": "Prosecutions",
    "conviction": "Convictions", "acquittal": "Acquittals", "release": "Releases", "law": "Laws",
    "ban": "Bans and closures", "threat": "Threats against defenders", "violence": "Violence",
    "restriction": "Restrictions",
}


class EmptyChartError(ValueError):
    """The mentions frame holds nothing the chart can draw; the message says what is missing."""


def _need(rows: pd.DataFrame, chart: str, what: str, mentions: pd.DataFrame) -> None:
    if rows.empty:
        raise EmptyChartError(f"{chart}: no {what} in the mentions frame ({len(mentions)} rows given); "
                              "nothing to draw.")


def _titles(documents: pd.DataFrame | None) -> dict[str, str]:
    if documents is None or "title" not in documents:
        return {}
    return {d: str(t) for d, t in zip(documents["doc_id"], documents["title"]) if str(t).strip()}


def _sources_line(doc_ids, documents) -> list[str]:
    titles = _titles(documents)
    ids = sorted({d for s in doc_ids for d in str(s).split("; ") if d})
    named = [f"{titles[d]} [{d}]" if d in titles else d for d in ids]
    return textwrap.wrap("Sources: " + "; ".join(named), 130)


def _tips(frame: pd.DataFrame, documents, extra=()) -> list[alt.Tooltip]:
    """Add tooltip columns to ``frame`` (in place) and return their encodings."""
    titles = _titles(documents)
    frame["tip_count"] = [c or "(no number written)" for c in frame["count_text"].fillna("")]
    frame["tip_date"] = [d or "(continues a dated sentence)" for d in frame["date_text"].fillna("")]
    frame["tip_quote"] = [textwrap.shorten(plain(q), _TIP_CHARS, placeholder=" …") for q in frame["quote"]]
    frame["tip_doc"] = ["; ".join(titles.get(d, d) for d in str(s).split("; ")) for s in frame["sources"]]
    return [*extra, alt.Tooltip("tip_count:N", title="Count as written"),
            alt.Tooltip("tip_date:N", title="Date as written"), alt.Tooltip("tip_quote:N", title="Quote"),
            alt.Tooltip("tip_doc:N", title="Document")]


def _key(domain: list[str], colours: list[str]) -> alt.Scale:
    return alt.Scale(domain=domain, range=colours)


def _legend(title=None) -> alt.Legend:
    return alt.Legend(title=title, orient="bottom", direction="vertical", columns=2, labelLimit=420,
                      symbolOpacity=1, labelFontSize=11)


class Figure(alt.VConcatChart):
    """A plot with its caption under it. ``properties(width=..., height=...)`` sizes the plot, as
    on any altair chart: ``by_year(m, "ban").properties(width=400)``."""

    def properties(self, **kwargs):
        size = {k: kwargs.pop(k) for k in ("width", "height") if k in kwargs}
        chart = super().properties(**kwargs) if kwargs else self.copy()
        if size:
            chart.vconcat = [chart.vconcat[0].properties(**size), *chart.vconcat[1:]]
        return chart


def _compose(layers, title: str, subtitle: list[str], caption: list[str]) -> Figure:
    plot = alt.layer(*layers).properties(
        width=WIDTH, height=HEIGHT, title=alt.TitleParams(title, subtitle=subtitle, anchor="start", fontSize=15))
    return Figure(vconcat=[plot]).properties(title=alt.TitleParams(
        caption, orient="bottom", anchor="start", fontSize=10, fontWeight="normal", color="#444", offset=14))


def _json_value(value):
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, (str, bool)) or value is None:
        return value
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _plain_records(frame: pd.DataFrame) -> alt.Data:
    """Chart data as plain JSON values: None for every missing value, ISO strings for dates."""
    return alt.Data(values=[{k: _json_value(v) for k, v in row.items()} for row in frame.to_dict("records")])


def _layers(frame: pd.DataFrame, *specs) -> list:
    """One altair layer per (rows mask, draw(chart) -> layer) whose rows are not empty."""
    return [draw(alt.Chart(_plain_records(frame[mask]))) for mask, draw in specs if mask.any()]


# --- per-year bars -------------------------------------------------------------------------

_WHOLE, _PART, _SUM, _MIXED = ("Published statistic for the whole year", "Published statistic for part of the year",
                               "Single events reported, added up",
                               "Statistic and single events: at least the larger of the two")
_OPEN = "Open-ended ('more than', 'at least', or no number): the true number is higher"
_RANGE = "Range the sources allow ('up to', or figures that differ): the line reaches the highest"


def _year_frame(s: pd.DataFrame) -> pd.DataFrame:
    f = s.copy()
    f["figure"] = [_PART if p else {"tally": _WHOLE, "occurrences": _SUM}.get(b, _MIXED)
                   for p, b in zip(f["partial"], f["basis"])]
    top = max(float(f["count_low"].max()), float(f["rate_low"].max()), 1.0)
    f["ranged"] = [pd.notna(hi) and hi > lo for lo, hi in zip(f["count_low"], f["count_high"])]
    f["range_top"] = [float(hi) if r else float(lo) for lo, hi, r in zip(f["count_low"], f["count_high"], f["ranged"])]
    f["arrow_top"] = [lo + top * 0.12 if lb else rt for lo, lb, rt in zip(f["count_low"], f["lower_bound"], f["range_top"])]
    f["subtype_label"] = [str(t).replace("_", " ") if t else "unspecified" for t in f["subtype"]]
    f["label"] = [_year_label(r) for r in f.itertuples()]
    f["rate_label"] = [f"≈{r:,.0f} a year (annualised)" if p else "" for r, p in zip(f["rate_low"], f["partial"])]
    f["partial_note"] = [f"yes: covers {m:g} of 12 months" if p else "no" for m, p in zip(f["months"], f["partial"])]
    return f


def _year_label(r) -> str:
    if r.count_low == 0 and r.n_uncounted:
        return "?"
    text = " ".join(str(r.count_text).split())
    written = text if r.n_events == 1 and text and len(text) <= 22 else ""
    number = f"{'≥' if r.lower_bound else ''}{int(r.count_low):,}"
    if r.ranged:
        written = ""
        number = f"up to {int(r.count_high):,}" if r.count_low == 0 else f"{int(r.count_low):,}–{int(r.count_high):,}"
    text = written or number
    text = f"{text} in {r.months:g} months" if r.partial else text
    return f"{r.subtype_label}: {text}" if r.several else text


def _year_chart(s: pd.DataFrame, title: str, subtitle: list[str], y_title: str, documents,
                notes: list[str]) -> alt.VConcatChart:
    f = _year_frame(s.assign(several=s.groupby("period")["subtype"].transform("nunique") > 1))
    tips = _tips(f, documents, extra=[alt.Tooltip("period:N", title="Year"),
                                      alt.Tooltip("count_low:Q", title="Number drawn", format=","),
                                      alt.Tooltip("figure:N", title="Figure"),
                                      alt.Tooltip("partial_note:N", title="Part of the year only"),
                                      alt.Tooltip("rate_low:Q", title="Scaled to a full year", format=",.0f")])
    years = [str(y) for y in range(int(f["period"].min()), int(f["period"].max()) + 1)]
    used = [k for k in (_WHOLE, _PART, _SUM, _MIXED) if k in set(f["figure"])]
    keys = used + ([_OPEN] if f["lower_bound"].any() else []) + ([_RANGE] if f["ranged"].any() else [])
    colours = {_WHOLE: _BLUE, _PART: _LIGHT, _SUM: _GREY, _MIXED: "#6b8fb3", _OPEN: _RED, _RANGE: "#333333"}
    off = {"xOffset": alt.XOffset("subtype_label:N", title="Subtype")} if f["several"].any() else {}
    colour = alt.Color("key:N", scale=_key(keys, [colours[k] for k in keys]),
                       legend=_legend())
    x = alt.X("period:O", title="Year", scale=alt.Scale(domain=years), axis=alt.Axis(labelAngle=0))
    every, y = f["period"].notna(), alt.Y("count_low:Q", title=y_title, axis=alt.Axis(format=",.0f"))
    layers = _layers(
        f,
        (every, lambda c: c.mark_bar().transform_calculate(key="datum.figure").encode(x=x, y=y, color=colour,
                                                                                     tooltip=tips, **off)),
        (f["partial"], lambda c: c.mark_bar(filled=False, strokeDash=[5, 3], strokeWidth=1.5, color=_BLUE)
         .encode(x="period:O", y="rate_low:Q", tooltip=tips, **off)),
        (f["lower_bound"], lambda c: c.mark_rule(strokeWidth=2).transform_calculate(key=repr(_OPEN))
         .encode(x="period:O", y="count_low:Q", y2="arrow_top:Q", color=colour, tooltip=tips, **off)),
        (f["lower_bound"], lambda c: c.mark_point(shape="triangle-up", filled=True, size=70, opacity=1)
         .transform_calculate(key=repr(_OPEN)).encode(x="period:O", y="arrow_top:Q", color=colour, tooltip=tips,
                                                      **off)),
        (f["ranged"], lambda c: c.mark_rule(strokeWidth=2).transform_calculate(key=repr(_RANGE))
         .encode(x="period:O", y="count_low:Q", y2="range_top:Q", color=colour, tooltip=tips, **off)),
        (f["ranged"], lambda c: c.mark_tick(thickness=2, size=14).transform_calculate(key=repr(_RANGE))
         .encode(x="period:O", y="range_top:Q", color=colour, tooltip=tips, **off)),
        (every, lambda c: c.mark_text(dy=-6, baseline="bottom", fontSize=11)
         .encode(x="period:O", y="arrow_top:Q", text="label:N", tooltip=tips, **off)),
        (f["partial"], lambda c: c.mark_text(dy=-6, baseline="bottom", fontSize=11, color=_BLUE)
         .encode(x="period:O", y="rate_low:Q", text="rate_label:N", tooltip=tips, **off)),
    )
    rate_note = ["Dashed outline: a statistic for part of the year scaled to 12 months (an annualised rate, "
                 "not a reported number)."] if f["partial"].any() else []
    caption = notes + rate_note + [
        "Bars: the number the sources give for the year (for open-ended figures, the bound they give). "
        "A year without a bar: no figure in the sources, not zero."
        + (" '?': events reported without a number." if (f["label"] == "?").any() else ""),
    ] + _sources_line(f["sources"], documents)
    return _compose(layers, title, subtitle, caption)


def threat_trend(mentions: pd.DataFrame, *, documents: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Threats against human rights defenders per year, from the published yearly tallies.

    A tally for part of a year (101 incidents over five months of 2011) is drawn as reported and,
    dashed, scaled to a full year (about 242); the same figure in two documents is drawn once.

    >>> import kzevents
    >>> m = kzevents.extract("In 2017, 40 cases of threats against journalists were recorded.", published="2019-01-01")
    >>> threat_trend(m).to_dict()["vconcat"][0]["title"]["text"]
    'Threats against human rights defenders in Kazakhstan: reported figures per year'
    """
    rows = mentions[(mentions["event_type"] == "threat") & (mentions["kind"] == "tally")
                    & mentions["count_low"].notna()]
    _need(rows, "threat_trend", "threat tallies with a number (event_type 'threat', kind 'tally')", mentions)
    s = series(rows, "threat")
    _need(s, "threat_trend", "threat tallies dated within one year", mentions)
    return _year_chart(
        s, "Threats against human rights defenders in Kazakhstan: reported figures per year",
        ["Threats, intimidation and pressure against defenders, activists and journalists, as counted in "
         "yearly statistics that the reports cite"],
        "Threats recorded (cases or incidents)", documents,
        ["Only yearly statistics are drawn; single incidents told in the reports are in the table of rows."])


def by_year(mentions: pd.DataFrame, event_type: str, *, subtype: str | None = None,
            documents: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Numbers per year for one event type (``series``): statistics, else single events added up.

    >>> import kzevents
    >>> m = kzevents.extract("In 2017 a court sentenced two bloggers to prison.", published="2019-01-01")
    >>> by_year(m, "conviction").to_dict()["vconcat"][0]["title"]["text"][:25]
    'Convictions in Kazakhstan'
    """
    what = f"'{event_type}'" + (f"/'{subtype}'" if subtype else "")
    s = series(mentions, event_type, subtype=subtype)
    _need(s, f"by_year({event_type!r})", f"{what} mentions dated within one year", mentions)
    rows = mentions[mentions["event_type"] == event_type]
    units = ", ".join(sorted(rows["count_unit"].dropna().unique())) or "as counted"
    label = _TYPE_LABELS.get(event_type, event_type) + (f" ({subtype.replace('_', ' ')})" if subtype else "")
    return _year_chart(
        s, f"{label} in Kazakhstan: events and reported figures per year",
        ["Events reported per year" + (f" ({subtype.replace('_', ' ')} only)" if subtype else "")
         + ": the same event told by several reports counts once; kinds of event are never added together"],
        f"Number reported ({units})", documents,
        ["Figures spanning several years (e.g. 'between 2011 and 2017') are not drawn; see the table of rows."])


# --- detention waves -----------------------------------------------------------------------

_WAVE, _BAND, _NONUM = "Detained on one day (or in one month)", "Detained over a longer period (shaded band)", \
    "Detentions reported without a number"
_MORE = "Open-ended ('more than N'): the true number is higher (arrow up)"
_SHORT = {"more_than": ">", "at_least": "≥", "approx": "~", "up_to": "≤"}


def _short_count(r) -> str:
    if pd.isna(r.count):  # vague words (codebook R10) or no number at all
        return {24: "dozens", 200: "hundreds", 2000: "thousands"}.get(r.count_low, "number not given") \
            if pd.notna(r.count_low) else "number not given"
    return f"{_SHORT.get(r.count_qualifier, '')}{int(r.count):,}"


def detention_waves(mentions: pd.DataFrame, start="2018-01-01", end="2019-12-31", *,
                    documents: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Waves of detentions between ``start`` and ``end``: each on its day with its count, "more
    than N" as an arrow up from N, and tallies over a period as shaded bands behind the days.

    >>> import kzevents
    >>> m = kzevents.extract("On 5 May 2018 police detained 30 activists in Almaty.", published="2019-01-01")
    >>> detention_waves(m, "2018-01-01", "2018-12-31").to_dict()["vconcat"][0]["title"]["text"]
    'Waves of detentions in Kazakhstan, January 2018 to December 2018'
    """
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    rows = mentions[(mentions["event_type"] == "detention") & (mentions["date_end"] >= lo)
                    & (mentions["date_start"] <= hi)]
    _need(rows, "detention_waves", f"detention mentions dated between {lo.date()} and {hi.date()}", mentions)
    ev = events(rows)
    ev["x"], ev["x2"] = ev["date_start"].clip(lower=lo), ev["date_end"].clip(upper=hi)
    ev["days"] = (ev["date_end"] - ev["date_start"]).dt.days + 1
    ev["label"] = [_short_count(r) for r in ev.itertuples()]
    bands, waves = ev[ev["days"] > 31].copy(), ev[ev["days"] <= 31].copy()
    top = max(float(waves["count_low"].max()) if waves["count_low"].notna().any() else 10.0, 10.0)
    waves["y"] = waves["count_low"].fillna(0).astype(float)
    waves["open"] = waves["count_high"].isna() & waves["count_low"].notna()
    waves["y_top"] = [y + top * 0.1 if o else y for y, o in zip(waves["y"], waves["open"])]
    waves["key"] = [_WAVE if pd.notna(c) else _NONUM for c in waves["count_low"]]
    bands["key"], bands["band_label"] = _BAND, [f"{r.count_text or 'detentions (no number given)'}, {r.date_text}".strip(", ")
                                                for r in bands.itertuples()]
    return _compose(_wave_layers(waves, bands, documents, lo, hi, top), "Waves of detentions in Kazakhstan, "
                    f"{lo:%B %Y} to {hi:%B %Y}",
                    ["People detained at or after protests, each wave on the day the reports date it, "
                     "with the number they give"],
                    ["Dots: a day (a short line: a month) with the people detained, as reported; "
                     "'>150' means 'more than 150', drawn at 151 with an arrow up (the true number is higher); "
                     "'dozens' is drawn at 24.",
                     "Shaded bands: detentions told for a whole period, their number written on the band (not on the axis). "
                     "Grey diamonds: detentions reported without a number."]
                    + _sources_line(ev["sources"], documents))


def _ms(day: pd.Timestamp) -> float:
    """Milliseconds since 1970 in UTC, as Vega wants for a time domain."""
    return (day - pd.Timestamp("1970-01-01")) / pd.Timedelta(milliseconds=1)


def _wave_layers(waves, bands, documents, lo, hi, top) -> list:
    keys = [k for k in (_WAVE, _BAND, _NONUM, _MORE)
            if (k == _BAND and len(bands)) or (k == _MORE and waves["open"].any()) or k in set(waves["key"])]
    colours = {_WAVE: _ORANGE, _BAND: "#c6dbef", _NONUM: _GREY, _MORE: _RED}
    colour = alt.Color("key:N", scale=_key(keys, [colours[k] for k in keys]),
                       legend=_legend())
    x = alt.X("x:T", title="Date of the detentions", axis=alt.Axis(format="%b %Y", labelAngle=0),
              scale=alt.Scale(domain=[_ms(lo), _ms(hi)]))
    y = alt.Y("y:Q", title="People detained (as reported)", scale=alt.Scale(domain=[0, top * 1.3]),
              axis=alt.Axis(format=",.0f"))
    band_tips, wave_tips = _tips(bands, documents), _tips(waves, documents)
    shape = alt.Shape("key:N", scale=_key([_WAVE, _NONUM], ["circle", "diamond"]), legend=None)
    yes_b, yes_w = pd.Series(True, index=bands.index), pd.Series(True, index=waves.index)
    return _layers(
        bands,
        (yes_b, lambda c: c.mark_rect(opacity=0.5).encode(x="x:T", x2="x2:T", color=colour, tooltip=band_tips)),
        (yes_b, lambda c: c.mark_text(align="left", baseline="top", dx=4, dy=4, fontSize=10, color="#2c5d8a")
         .encode(x=x, y=alt.value(4), text="band_label:N", tooltip=band_tips)),
    ) + _layers(
        waves,
        (yes_w, lambda c: c.mark_rule(strokeWidth=3).encode(x="x:T", x2="x2:T", y=y,
                                                            color=colour, tooltip=wave_tips)),
        (waves["open"], lambda c: c.mark_rule(strokeWidth=2).transform_calculate(key=repr(_MORE))
         .encode(x="x:T", y="y:Q", y2="y_top:Q", color=colour, tooltip=wave_tips)),
        (waves["open"], lambda c: c.mark_point(shape="triangle-up", filled=True, size=60, opacity=1)
         .transform_calculate(key=repr(_MORE)).encode(x="x:T", y="y_top:Q", color=colour, tooltip=wave_tips)),
        (yes_w, lambda c: c.mark_point(filled=True, size=70, opacity=1).encode(
            x=x, y="y:Q", color=colour, shape=shape, tooltip=wave_tips)),
        (yes_w, lambda c: c.mark_text(dy=-7, baseline="bottom", fontSize=10)
         .encode(x="x:T", y="y_top:Q", text="label:N", tooltip=wave_tips)),
    )


# --- timeline ------------------------------------------------------------------------------

_PRECISE, _COARSE = "dated to the day or month (dot)", "dated only to the year or a period (bar spans it)"


def timeline(mentions: pd.DataFrame, types=("law", "ban"), *, documents: pd.DataFrame | None = None,
             start=None, end=None) -> alt.VConcatChart:
    """Events of ``types`` on a dated timeline, one lane per type and subtype.

    An event dated to a day or month is a dot; one dated only to a year or period is a bar over
    it; the same event told by two documents is drawn once.

    >>> import kzevents
    >>> m = kzevents.extract("In 2016 parliament adopted a new law on assemblies.", published="2019-01-01")
    >>> type(timeline(m, ("law", "ban"), start="2000-01-01")).__name__
    'Figure'
    """
    rows = mentions[mentions["event_type"].isin(list(types))]
    if start is not None:
        rows = rows[rows["date_end"] >= pd.Timestamp(start)]
    if end is not None:
        rows = rows[rows["date_start"] <= pd.Timestamp(end)]
    _need(rows, "timeline", "dated mentions of type " + " or ".join(repr(t) for t in types), mentions)
    ev = events(rows)
    ev["lane"] = [f"{t.capitalize()}: {(s or 'other').replace('_', ' ')}"
                  for t, s in zip(ev["event_type"], ev["subtype"])]
    ev["precise"] = (ev["date_end"] - ev["date_start"]).dt.days < 31
    ev["how"] = [_PRECISE if p else _COARSE for p in ev["precise"]]
    ev["type_label"] = [_TYPE_LABELS.get(t, t) for t in ev["event_type"]]
    tips = _tips(ev, documents, extra=[alt.Tooltip("lane:N", title="Event"),
                                       alt.Tooltip("trigger:N", title="Words"),
                                       alt.Tooltip("subjects:N", title="Who or what")])
    y = alt.Y("lane:N", title=None, sort=sorted(set(ev["lane"])), axis=alt.Axis(labelLimit=250))
    colour = alt.Color("type_label:N", legend=_legend("Type of event"))
    x = alt.X("date_start:T", title="Date", axis=alt.Axis(format="%Y", labelAngle=0))
    layers = _layers(
        ev,
        (~ev["precise"], lambda c: c.mark_bar(height=14, opacity=0.35).encode(
            x=x, x2="date_end:T", y=y, color=colour, tooltip=tips)),
        (ev["precise"], lambda c: c.mark_point(filled=True, size=80, opacity=0.9).encode(
            x=x, y=y, color=colour, tooltip=tips)),
    )
    names = [t if t == "violence" else t + "s" for t in types]
    names = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
    return _compose(layers, f"{names.capitalize()} in Kazakhstan, as dated in the reports",
                    ["Each mark is one event (one lane per kind of event); the table under the figure quotes each"],
                    [f"Dots: {_PRECISE}. Translucent bars: {_COARSE}; darker where several overlap.",
                     "The same event told by several documents is drawn once."]
                    + _sources_line(ev["sources"], documents))
