"""kzevents.charts on frames built here: encodings, deduplication, lower bounds, tooltips, captions,
empty frames. Charts are inspected through their Vega-Lite dicts; one is compiled by vl-convert."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kzevents import charts
from kzevents.schema import Mentions, validate_mentions


def mention(quote, event_type, start, end=None, *, doc_id="doc_a", kind="occurrence", subtype=None,
            count=None, qualifier="exact", text="", date_text="", unit="people", subjects=""):
    end = end or start
    low = None if count is None else count + 1 if qualifier == "more_than" else count
    high = count if qualifier == "exact" else None
    return {"doc_id": doc_id, "paragraph": "1", "char_start": 0, "char_end": len(quote), "quote": quote,
            "event_type": event_type, "subtype": subtype, "kind": kind, "trigger": "", "date_text": date_text,
            "date_start": start, "date_end": end, "date_precision": "day" if start == end else "year",
            "count_text": text, "count": count, "count_qualifier": None if count is None else qualifier,
            "count_low": low, "count_high": high, "count_unit": None if count is None else unit,
            "attributed_to": "", "cited_urls": "", "location": "", "subjects": subjects, "penalty": ""}


def frame(*rows) -> pd.DataFrame:
    return validate_mentions(pd.DataFrame(list(rows), columns=list(Mentions.to_schema().columns)))


DOCS = pd.DataFrame({"doc_id": ["kk", "ccpr", "od"],
                     "title": ["UPR submission of Kadyr Kasiet", "CCPR fact sheets", "Open Dialogue submission"]})
Q2011 = "While 101 incidents were registered over five months in 2011, 555 cases were recorded in 2018."
MENTIONS = frame(
    mention(Q2011, "threat", "2011-01-01", "2011-12-31", doc_id="kk", kind="tally", count=101,
            text="101 incidents", date_text="over five months in 2011", unit="incidents"),
    mention(Q2011, "threat", "2018-01-01", "2018-12-31", doc_id="kk", kind="tally", count=555,
            text="555 cases", date_text="in 2018", unit="cases"),
    mention("There were 555 cases of threats against HRDs in 2018.", "threat", "2018-01-01", "2018-12-31",
            doc_id="ccpr", kind="tally", count=555, text="555 cases", date_text="in 2018", unit="cases"),
    mention("An activist was threatened on 2 May 2015.", "threat", "2015-05-02", doc_id="ccpr", count=1),
    mention("On 10 May 2018 more than 150 people were detained.", "detention", "2018-05-10", doc_id="od",
            subtype="detention", count=150, qualifier="more_than", text="more than 150 people",
            date_text="On 10 May 2018"),
    mention("On 13 March 2018 protesters were detained.", "detention", "2018-03-13", doc_id="od",
            subtype="detention", date_text="On 13 March 2018"),
    mention("From March 2018 to March 2019, more than 700 people were subjected to arbitrary detention.",
            "detention", "2018-03-01", "2019-03-31", doc_id="od", kind="tally", subtype="detention", count=700,
            qualifier="more_than", text="more than 700 people", date_text="from March 2018 to March 2019"),
    mention("On 10 May 2015 two were detained.", "detention", "2015-05-10", doc_id="od", subtype="detention",
            count=2),
    mention("On 4 January 2017, a court banned the Confederation of Independent Trade Unions.", "ban",
            "2017-01-04", doc_id="kk", subtype="organisation", count=1, unit="organisations",
            subjects="Confederation of Independent Trade Unions", date_text="On 4 January 2017"),
    mention("On 4 January 2017 the Confederation was liquidated by a court.", "ban", "2017-01-04", doc_id="od",
            subtype="organisation", count=1, unit="organisations", subjects="Confederation of Independent Trade Unions"),
    mention("In June 2014, Kazakhstan adopted a new law on trade unions.", "law", "2014-06-01", "2014-06-30",
            doc_id="kk", subtype="adopted", date_text="In June 2014"),
    mention("In 2016 amendments were introduced.", "law", "2016-01-01", "2016-12-31", doc_id="ccpr",
            subtype="amended", date_text="In 2016"),
    mention("In 2016, 51 cases, of which 5 were found guilty.", "conviction", "2016-01-01", "2016-12-31",
            doc_id="ccpr", kind="tally", count=5, text="5", date_text="In 2016"),
    mention("In 2017, 21 cases, of which 6 were found guilty.", "conviction", "2017-01-01", "2017-12-31",
            doc_id="ccpr", kind="tally", count=6, text="6", date_text="in 2017"),
)


def plot(chart) -> dict:
    return chart.to_dict()["vconcat"][0]


def layers(chart, mark: str | None = None) -> list[dict]:
    found = plot(chart)["layer"]
    return [l for l in found if mark is None or (l["mark"] if isinstance(l["mark"], str) else l["mark"]["type"]) == mark]


def values(layer: dict) -> list[dict]:
    return layer["data"]["values"]


def caption(chart) -> str:
    return " ".join(chart.to_dict()["title"]["text"])


def test_threat_trend_encodings_titles_and_caption():
    chart = charts.threat_trend(MENTIONS, documents=DOCS)
    spec = plot(chart)
    assert spec["title"]["text"].startswith("Threats against human rights defenders")
    bar = layers(chart, "bar")[0]
    assert bar["encoding"]["x"]["field"] == "period" and bar["encoding"]["x"]["type"] == "ordinal"
    assert bar["encoding"]["x"]["title"] == "Year" and bar["encoding"]["y"]["field"] == "count_low"
    assert "Threats recorded" in bar["encoding"]["y"]["title"]
    # every year between the first and the last is on the axis: a gap is visible, not hidden
    assert bar["encoding"]["x"]["scale"]["domain"] == [str(y) for y in range(2011, 2019)]
    assert "UPR submission of Kadyr Kasiet" in caption(chart) and "CCPR fact sheets" in caption(chart)
    assert "Open Dialogue submission" not in caption(chart)  # not a source of this figure
    assert "kk" in caption(charts.threat_trend(MENTIONS))  # no documents frame: doc_ids


def test_threat_trend_counts_the_figure_of_two_documents_once():
    bar = layers(charts.threat_trend(MENTIONS, documents=DOCS), "bar")[0]
    years = {v["period"]: v for v in values(bar)}
    assert set(years) == {"2011", "2018"}  # the single 2015 incident is not a yearly statistic
    assert years["2018"]["count_low"] == 555 and years["2018"]["n_sources"] == 2
    assert years["2018"]["tip_doc"] == "CCPR fact sheets; UPR submission of Kadyr Kasiet"


def test_threat_trend_shows_the_partial_year_and_its_annualised_rate():
    chart = charts.threat_trend(MENTIONS)
    dashed = [l for l in layers(chart, "bar") if l["mark"].get("strokeDash")]
    assert len(dashed) == 1 and dashed[0]["encoding"]["y"]["field"] == "rate_low"
    assert [(v["period"], v["rate_low"]) for v in values(dashed[0])] == [("2011", pytest.approx(242.4))]
    labels = {v["period"]: v["label"] for v in values(layers(chart, "text")[0])}
    assert labels["2011"] == "101 incidents in 5 months"
    rate = layers(chart, "text")[1]
    assert rate["encoding"]["y"]["field"] == "rate_low"
    assert [v["rate_label"] for v in values(rate)] == ["≈242 a year (annualised)"]
    assert "annualised" in caption(chart)


def test_tooltips_show_count_date_quote_and_document_as_written():
    bar = layers(charts.threat_trend(MENTIONS, documents=DOCS), "bar")[0]
    titles = [t["title"] for t in bar["encoding"]["tooltip"]]
    assert {"Count as written", "Date as written", "Quote", "Document"} <= set(titles)
    first = values(bar)[0]
    assert first["tip_count"] == "101 incidents" and first["tip_date"] == "over five months in 2011"
    assert first["tip_quote"] == Q2011 and first["tip_doc"] == "UPR submission of Kadyr Kasiet"


def test_detention_waves_days_lower_bounds_and_period_bands():
    chart = charts.detention_waves(MENTIONS, documents=DOCS)
    assert plot(chart)["title"]["text"] == "Waves of detentions in Kazakhstan, January 2018 to December 2019"
    points = [l for l in layers(chart, "point") if l["mark"].get("shape") != "triangle-up"][0]
    waves = {v["x"][:10]: v for v in values(points)}
    assert set(waves) == {"2018-05-10", "2018-03-13"}  # 2015 is outside the window
    assert waves["2018-05-10"]["y"] == 151 and waves["2018-05-10"]["label"] == ">150"
    assert waves["2018-03-13"]["y"] == 0 and waves["2018-03-13"]["key"].startswith("Detentions reported without")
    # "more than 150": a rule from 151 upward ending in an up arrow
    rule = [l for l in layers(chart, "rule") if "y2" in l["encoding"]][0]
    assert rule["encoding"]["y"]["field"] == "y" and rule["encoding"]["y2"]["field"] == "y_top"
    assert [v["x"][:10] for v in values(rule)] == ["2018-05-10"] and values(rule)[0]["y_top"] > 151
    arrow = [l for l in layers(chart, "point") if l["mark"].get("shape") == "triangle-up"][0]
    assert arrow["encoding"]["y"]["field"] == "y_top"
    # the period tally is a band behind the days, drawn first, with its number written on it
    band = layers(chart)[0]
    assert band["mark"]["type"] == "rect" and band["encoding"]["x2"]["field"] == "x2"
    assert "more than 700 people" in values(band)[0]["band_label"]
    assert values(band)[0]["x"][:10] == "2018-03-01" and values(band)[0]["x2"][:10] == "2019-03-31"


def test_timeline_draws_one_event_once_and_marks_precision():
    chart = charts.timeline(MENTIONS, documents=DOCS)
    dots = layers(chart, "point")[0]
    assert dots["encoding"]["y"]["field"] == "lane" and dots["encoding"]["x"]["field"] == "date_start"
    bans = [v for v in values(dots) if v["event_type"] == "ban"]
    assert len(bans) == 1 and bans[0]["n_sources"] == 2 and bans[0]["lane"] == "Ban: organisation"
    bars = layers(chart, "bar")[0]
    assert [v["lane"] for v in values(bars)] == ["Law: amended"] and bars["encoding"]["x2"]["field"] == "date_end"
    assert plot(chart)["title"]["text"] == "Laws and bans in Kazakhstan, as dated in the reports"


def test_by_year_any_type():
    chart = charts.by_year(MENTIONS, "conviction", documents=DOCS)
    bar = layers(chart, "bar")[0]
    assert [(v["period"], v["count_low"]) for v in values(bar)] == [("2016", 5), ("2017", 6)]
    assert plot(chart)["title"]["text"].startswith("Convictions")
    assert bar["encoding"]["color"]["field"] == "key"


def test_open_ended_year_gets_an_up_arrow():
    chart = charts.by_year(MENTIONS, "detention")
    rule = [l for l in layers(chart, "rule") if "y2" in l["encoding"]][0]
    assert rule["encoding"]["y"]["field"] == "count_low" and rule["encoding"]["y2"]["field"] == "arrow_top"
    assert [v["period"] for v in values(rule)] == ["2018"]
    labels = {v["period"]: v["label"] for v in values(layers(chart, "text")[0])}
    assert labels["2018"] == "≥151" and labels["2015"] == "2"


@pytest.mark.parametrize("draw, missing", [
    (lambda m: charts.threat_trend(m), "threat tallies"),
    (lambda m: charts.detention_waves(m), "detention mentions dated between 2018-01-01 and 2019-12-31"),
    (lambda m: charts.timeline(m, ("strike",)), "type 'strike'"),
    (lambda m: charts.by_year(m, "acquittal"), "'acquittal' mentions"),
])
def test_nothing_to_draw_is_a_clear_error(draw, missing):
    for empty in (MENTIONS.iloc[0:0], MENTIONS[MENTIONS["event_type"] == "law"]):
        with pytest.raises(ValueError, match=missing) as err:
            draw(empty)
        assert "nothing to draw" in str(err.value)
        assert isinstance(err.value, charts.EmptyChartError)


def test_charts_are_values_with_no_side_effects(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    made = [charts.threat_trend(MENTIONS), charts.detention_waves(MENTIONS), charts.timeline(MENTIONS),
            charts.by_year(MENTIONS, "ban")]
    assert list(tmp_path.iterdir()) == []
    for chart in made:
        json.dumps(chart.to_dict(), allow_nan=False)  # plain JSON: no NaN for missing counts


def test_a_chart_compiles_to_svg():
    import vl_convert

    svg = vl_convert.vegalite_to_svg(charts.detention_waves(MENTIONS, documents=DOCS).to_dict())
    assert svg.startswith("<svg") and "Waves of detentions" in svg and "more than 700 people" in svg


# --- end to end, from text through the extractor --------------------------------------------

WAVES = ("13. On 10 May 2018 more than 150 people were detained in Almaty; on 23 June 2018 more than "
         "200 people were detained. From March 2018 to March 2019, more than 700 people were subjected to "
         "arbitrary detention.")


def test_from_extracted_text_detention_waves():
    import kzevents

    m = kzevents.extract(WAVES, doc_id="odf", published="2019-03-28")
    s = json.dumps(charts.detention_waves(m, documents=pd.DataFrame(
        {"doc_id": ["odf"], "title": ["Joint UPR submission <ODF>"]})).to_dict())
    assert '"label": ">150"' in s and '"label": ">200"' in s and "arrow up" in s
    assert "more than 700 people, from march 2018 to march 2019" in s.lower()
    assert "Joint UPR submission <ODF>" in s
    with pytest.raises(charts.EmptyChartError, match="detention"):
        charts.detention_waves(kzevents.extract("No events are told here."))


def _texts(spec) -> list[str]:
    """Every string of a chart spec except its data."""
    if isinstance(spec, dict):
        return [t for k, v in spec.items() if k not in ("data", "datasets", "values") for t in _texts(v)]
    if isinstance(spec, list):
        return [t for v in spec for t in _texts(v)]
    return [spec] if isinstance(spec, str) else []


def test_static_wording_for_readers_no_hover_no_codebook_jargon():
    for chart in (charts.threat_trend(MENTIONS), charts.detention_waves(MENTIONS), charts.timeline(MENTIONS),
                  charts.by_year(MENTIONS, "conviction"), charts.by_year(MENTIONS, "detention")):
        words = " ".join(_texts(chart.to_dict())).lower()
        assert "hover" not in words and "codebook" not in words and "'conviction'" not in words
    for chart in (charts.threat_trend(MENTIONS), charts.by_year(MENTIONS, "detention")):
        assert "reported figures" in plot(chart)["title"]["text"]


def test_a_figure_is_resized_like_any_altair_chart():
    chart = charts.by_year(MENTIONS, "ban").properties(width=400, height=200)
    assert (plot(chart)["width"], plot(chart)["height"]) == (400, 200)
    assert chart.to_dict()["title"]["orient"] == "bottom"  # the caption stays


def test_subtypes_are_bars_side_by_side_and_a_ceiling_is_a_range():
    rows = frame(
        mention("On 16 December 2011, 64 persons received gunshot wounds.", "violence", "2011-12-16",
                subtype="injury", count=64, text="64 persons"),
        mention("On 16 December 2011, 14 individuals died.", "violence", "2011-12-16", subtype="killing", count=14,
                doc_id="kk", text="14 individuals"),
        mention("As many as 700 persons had been arrested in December 2011.", "detention", "2011-12-01",
                "2011-12-31", subtype="detention", count=700, qualifier="up_to", text="as many as 700 persons"),
    )
    bars = layers(charts.by_year(rows, "violence"), "bar")[0]
    assert bars["encoding"]["xOffset"]["field"] == "subtype_label"
    assert sorted((v["subtype"], v["count_low"]) for v in values(bars)) == [("injury", 64), ("killing", 14)]
    up_to = rows["count_qualifier"] == "up_to"  # codebook §5: up_to N -> empty..N
    chart = charts.by_year(rows.assign(count_low=rows["count_low"].where(~up_to),
                                       count_high=rows["count_high"].mask(up_to, 700)), "detention")
    tick = layers(chart, "tick")[0]
    assert [v["range_top"] for v in values(tick)] == [700]
    assert values(layers(chart, "text")[0])[0]["label"] == "up to 700"
