"""render_report writes every figure as HTML, SVG and PNG, and an escaped, self-contained index."""

import re

import kzevents
from kzevents.report import render_report

TEXT = ("13. On 10 May 2018 more than 150 people were detained in Almaty (5 < 6 & 7) <script>alert(1)</script>. "
        "555 cases of threats against defenders were recorded in 2018. "
        "On 4 January 2017 a court banned the Confederation of Independent Trade Unions.")


def test_report_files_escaping_and_no_network(tmp_path):
    m = kzevents.extract(TEXT, doc_id="d", published="2019-03-28")
    paths = render_report(m, out_dir=tmp_path)
    names = {p.name for p in paths}
    for name in ("threat-trend", "detention-waves", "timeline"):
        assert {f"{name}.html", f"{name}.svg", f"{name}.png"} <= names
    assert (tmp_path / "figures" / "detention-waves.png").read_bytes()[:4] == b"\x89PNG"
    index = (tmp_path / "index.html").read_text()
    assert "<script>alert(1)</script>" not in index       # tags in document text never reach the page
    assert "(5 &lt; 6 &amp; 7)" in index                   # and the rest is escaped
    assert not re.search(r"<script[^>]+src=[\"']?https?:", index)   # the Vega libraries are inlined
    assert "Not drawn" in index                                        # figures with no data say so
    assert not list(tmp_path.rglob("*.tmp"))
