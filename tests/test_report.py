"""kzevents.report.render_report: files written, escaped, self-contained, atomic; empty charts noted."""

from __future__ import annotations

import os
import re

import pandas as pd
import pytest

from kzevents import report
from kzevents.report import render_report
from kzevents.schema import Mentions, validate_mentions

EVIL = '<script>alert("x")</script>'


def mention(quote, event_type, start, end=None, *, doc_id="doc_a", kind="occurrence", subtype=None,
            count=None, text="", date_text=""):
    end = end or start
    return {"doc_id": doc_id, "paragraph": "1", "char_start": 0, "char_end": len(quote), "quote": quote,
            "event_type": event_type, "subtype": subtype, "kind": kind, "trigger": "", "date_text": date_text,
            "date_start": start, "date_end": end, "date_precision": "day" if start == end else "year",
            "count_text": text, "count": count, "count_qualifier": None if count is None else "exact",
            "count_low": count, "count_high": count, "count_unit": None if count is None else "cases",
            "attributed_to": "", "cited_urls": "", "location": "", "subjects": "", "penalty": ""}


MENTIONS = validate_mentions(pd.DataFrame([
    mention(f"In 2018, 555 cases of threats were recorded {EVIL}.", "threat", "2018-01-01", "2018-12-31",
            kind="tally", count=555, text="555 cases", date_text="In 2018"),
    mention("In 2014, 255 instances of threats.", "threat", "2014-01-01", "2014-12-31", doc_id="doc_b",
            kind="tally", count=255, text="255 instances", date_text="In 2014"),
    mention("On 10 May 2018, 150 people were detained.", "detention", "2018-05-10", subtype="detention",
            count=150, text="150 people", date_text="On 10 May 2018"),
    mention("In 2016, 5 were found guilty & fined.", "conviction", "2016-01-01", "2016-12-31", kind="tally",
            count=5, text="5", date_text="In 2016"),
], columns=list(Mentions.to_schema().columns)))
DOCS = pd.DataFrame({"doc_id": ["doc_a", "doc_b"], "title": ["Fact sheet <b>A</b>", "Report B"]})
DRAWN = ["threat-trend", "detention-waves", "by-year-conviction", "by-year-detention"]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    paths = render_report(MENTIONS, folder, documents=DOCS)
    return folder, paths


def test_every_drawn_figure_has_html_svg_png_and_the_index(out):
    folder, paths = out
    expected = {folder / "figures" / f"{n}.{ext}" for n in DRAWN for ext in ("html", "svg", "png")}
    assert set(paths) == expected | {folder / "index.html"}
    assert all(p.exists() and p.stat().st_size > 0 for p in paths)
    assert (folder / "figures" / "threat-trend.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (folder / "figures" / "threat-trend.svg").read_text().startswith("<svg")
    assert not [p for p in folder.rglob("*") if p.name.endswith(".tmp")]  # no temporary file left


def test_a_chart_with_no_data_is_skipped_with_a_note(out):
    folder, _ = out
    index = (folder / "index.html").read_text()
    assert not (folder / "figures" / "timeline.html").exists()
    assert not list((folder / "figures").glob("by-year-acquittal.*"))
    section = index[index.index('<section id="timeline">'):]
    assert "Not drawn: timeline: no dated mentions of type &#x27;law&#x27; or &#x27;ban&#x27;" in section[:600]


def test_index_has_every_figure_and_the_rows_behind_it(out):
    folder, _ = out
    index = (folder / "index.html").read_text()
    for name in DRAWN:
        assert f'<div class="chart" id="chart-{name}"></div>' in index
        assert f'<script type="application/json" id="spec-{name}">' in index
    threat = index[index.index('<section id="threat-trend">'):index.index('<section id="detention-waves">')]
    assert "2 mention rows behind this figure" in threat
    assert "Fact sheet &lt;b&gt;A&lt;/b&gt;" in threat and "Report B" in threat  # titles, escaped
    assert "255 instances of threats" in threat and "555–555" in threat


def test_document_text_is_escaped_everywhere(out):
    folder, _ = out
    for page in [folder / "index.html", *(folder / "figures").glob("*.html")]:
        text = page.read_text()
        assert EVIL not in text and "<b>A</b>" not in text, page.name
        assert "found guilty & fined" not in text, page.name
    index = (folder / "index.html").read_text()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in index  # in the table, as text
    assert "Fact sheet \\u003cb\\u003eA\\u003c/b\\u003e" in index  # in chart data: JSON that cannot end the tag


def test_pages_are_self_contained(out):
    folder, _ = out
    for page in [folder / "index.html", *(folder / "figures").glob("*.html")]:
        text = page.read_text()
        assert not re.search(r"<script[^>]*\bsrc\s*=", text, re.I), page.name
        assert not re.search(r"""\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", text, re.I), page.name
        assert not re.search(r"<link\b", text, re.I), page.name
        assert "vegaEmbed" in text and len(text) > 500_000  # the libraries themselves are inline


def test_files_are_replaced_atomically(tmp_path, monkeypatch):
    target = tmp_path / "index.html"
    report._write(target, "old")

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        report._write(target, "new")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_from_extracted_text_bare_angle_brackets_are_escaped(tmp_path):
    import kzevents

    text = ("13. On 10 May 2018 more than 150 people were detained in Almaty (5 < 6 & 7) <script>alert(1)</script>. "
            "555 cases of threats against defenders were recorded in 2018.")
    render_report(kzevents.extract(text, doc_id="d", published="2019-03-28"), out_dir=tmp_path)
    index = (tmp_path / "index.html").read_text()
    assert "<script>alert(1)</script>" not in index and "(5 &lt; 6 &amp; 7)" in index


def test_each_figure_lists_its_events_with_every_source_side_by_side(tmp_path):
    rows = validate_mentions(pd.DataFrame([
        mention("On 10 May 2018, 150 people were detained.", "detention", "2018-05-10", subtype="detention",
                count=150, text="150 people"),
        mention("About 120 people were detained on 10 May 2018.", "detention", "2018-05-10", doc_id="doc_b",
                subtype="detention", count=120, text="About 120 people"),
        mention("On 23 June 2018, 200 people were detained.", "detention", "2018-06-23", subtype="detention",
                count=200, text="200 people"),
    ], columns=list(Mentions.to_schema().columns)))
    render_report(rows, tmp_path, documents=DOCS)
    index = (tmp_path / "index.html").read_text()
    section = index[index.index('<section id="detention-waves">'):index.index('<section id="timeline">')]
    events = section[section.index("Events behind this figure"):section.index("mention rows behind")]
    assert events.count("<tr><td>") == 2  # two events from three mentions
    may = events[events.index("2018-05-10"):events.index("2018-06-23")]
    assert "doc_a: 150 people<br>doc_b: About 120 people" in may and "contested" in may and "120–150" in may
    assert "contested" not in events[events.index("2018-06-23"):]
