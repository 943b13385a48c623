"""Charts are values with titles, captions, tooltips and lower bounds; empty input is an error."""

import json

import altair as alt
import pandas as pd
import pytest

import kzevents
from kzevents import charts

WAVES = ("13. On 10 May 2018 more than 150 people were detained in Almaty; on 23 June 2018 more than "
         "200 people were detained. From March 2018 to March 2019, more than 700 people were subjected to "
         "arbitrary detention.")
DOCS = pd.DataFrame({"doc_id": ["odf"], "title": ["Joint UPR submission <ODF>"]})


def spec(chart) -> str:
    assert isinstance(chart, alt.TopLevelMixin)
    return json.dumps(chart.to_dict())


def test_detention_waves_draw_lower_bounds_bands_and_tooltips():
    m = kzevents.extract(WAVES, doc_id="odf", published="2019-03-28")
    s = spec(charts.detention_waves(m, documents=DOCS))
    assert '"label": ">150"' in s and '"y": 151.0' in s       # more than 150 drawn from 151 up
    assert "arrow up" in s                                     # the legend says what the arrow means
    assert "more than 700 people, from march 2018 to march 2019" in s.lower()   # the period tally as a band
    for title in ("Count as written", "Date as written", "Quote", "Document"):
        assert f'"title": "{title}"' in s
    assert "Joint UPR submission <ODF>" in s                   # the caption names the source by title


def test_same_figure_in_two_documents_is_drawn_once():
    a = kzevents.extract("555 cases of threats against defenders were recorded in 2018.", doc_id="a", published="2019")
    b = kzevents.extract("There were 555 cases of threats against defenders in 2018.", doc_id="b", published="2019")
    s = json.loads(spec(charts.threat_trend(pd.concat([a, b], ignore_index=True))))
    values = [v for layer in s["vconcat"][0]["layer"] for v in layer.get("data", {}).get("values", [])
              if v.get("period") == "2018"]
    assert values and all(v.get("n_sources") == 2 for v in values if "n_sources" in v)


def test_timeline_and_by_year():
    m = kzevents.extract("On 4 January 2017 a court banned the Confederation of Independent Trade Unions. "
                         "On 1 January 2015 the new Criminal Code entered into force. In 2016, Max Bokayev and "
                         "Talgat Ayan were sentenced to five years in prison.", published="2019")
    assert "Ban" in spec(charts.timeline(m)) and "Law" in spec(charts.timeline(m))
    assert "2016" in spec(charts.by_year(m, "conviction"))


def test_empty_input_is_a_clear_error():
    empty = kzevents.extract("No events are told here.")
    with pytest.raises(ValueError, match="threat"):
        charts.threat_trend(empty)
    with pytest.raises(charts.EmptyChartError, match="detention"):
        charts.detention_waves(empty)
