"""File formats of data/raw: HTML (paragraphs, tables, links, footnotes), PDF (pages, no text layer,
truncated, corrupt), text encodings; offsets stay true to the text as loaded; fuzzing of decode and
load_text."""

from __future__ import annotations

import csv
import hashlib
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kzevents
from kzevents.corpus import decode, load_corpus
from kzevents.formats import SUFFIXES, load_text, text_and_title

HEADER = ["doc_id", "file", "title", "publisher", "published", "url", "sha256"]


def make_pdf(pages, title=None) -> bytes:
    """A small valid PDF: one Helvetica line per string of each page (``None``: a page without text)."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        ops = "" if lines is None else "BT /F1 11 Tf 14 TL 72 720 Td " + " ".join(
            "(%s) Tj T*" % s.replace("\\", r"\\").replace("(", r"\(").replace(")", r"\)") for s in lines) + " ET"
        body = ops.encode("latin-1")
        objs.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                    f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objs)} 0 R >>")
        kids.append(len(objs))
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    if title:
        objs.append(f"<< /Title ({title}) >>")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + (obj if isinstance(obj, bytes) else obj.encode("latin-1")) + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    info = f" /Info {len(objs)} 0 R" if title else ""
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


HTML = """<!DOCTYPE html><html><head><title> UPR   submission 2019 </title><style>p {color: red}</style>
<script>var detained = "On 1 May 2018 9 people were detained.";</script></head><body>
<h1>Civic space in Kazakhstan</h1>
<p>13. On 10 May 2018 more than 150 people were
   <a href="https://example.org/may">detained</a> in Almaty.<sup><a href="#fn1">1</a></sup> They were released.</p>
<ol><li>On 4 January 2017 a court banned the Confederation of Independent Trade Unions.</li>
<li><p>Second item.</p></li></ol>
<table><tr><th>Date</th><th>Event</th></tr>
<tr><td>1 June 2018</td><td>ten <b>activists</b>
    were arrested<p>in Nur-Sultan</p></td></tr></table>
<!-- a comment: On 2 May 2018 5 people were detained. -->
<ol class="footnotes"><li id="fn1">See <a href="http://example.org/report">the report</a>.</li></ol>
</body></html>"""


def test_html_keeps_paragraphs_tables_links_and_footnotes():
    text, title = text_and_title(HTML.encode(), "submission.html")
    assert title == "UPR submission 2019"
    assert text.endswith(".\n")
    blocks = text[:-1].split("\n\n")
    assert blocks[0] == "Civic space in Kazakhstan"
    assert blocks[1] == ("13. On 10 May 2018 more than 150 people were detained <https://example.org/may> in Almaty."
                         "<sup>1</sup> They were released.")
    assert blocks[2] == "1. On 4 January 2017 a court banned the Confederation of Independent Trade Unions."
    assert blocks[3] == "2. Second item."
    assert blocks[4] == "Date\tEvent\n1 June 2018\tten activists were arrested in Nur-Sultan"
    assert blocks[5] == "<sup>1</sup> See the report <http://example.org/report>."
    assert "var detained" not in text and "comment" not in text and "color" not in text


def test_html_mentions_cite_link_and_footnote_urls_and_quote_the_loaded_text(tmp_path):
    (tmp_path / "r.html").write_text(HTML, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    doc = corpus.documents[0]
    assert doc.title == "UPR submission 2019"  # no manifest row: title from <title>
    mentions = kzevents.extract_corpus(corpus)
    for _, row in mentions.iterrows():
        assert doc.text[row.char_start:row.char_end] == row.quote
    detention = mentions[mentions.event_type == "detention"].iloc[0]
    assert detention.date_start.date().isoformat() == "2018-05-10"
    assert "https://example.org/may" in detention.cited_urls
    assert "http://example.org/report" in detention.cited_urls
    assert {"detention", "ban"} <= set(mentions.event_type)


def test_html_word_style_footnotes():
    html = ('<p>On 10 May 2018 more than 150 people were detained in Almaty, police said.'
            '<a href="#_ftn1" name="_ftnref1"><span>[1]</span></a> More text follows here.</p>'
            '<div id="ftn1"><p><a href="#_ftnref1" name="_ftn1">[1]</a> See '
            '<a href="http://example.org/r">http://example.org/r</a></p></div>')
    text, _ = text_and_title(html.encode(), "w.html")
    assert text == ("On 10 May 2018 more than 150 people were detained in Almaty, police said.<sup>1</sup> "
                    "More text follows here.\n\n<sup>1</sup> See http://example.org/r\n")


def test_html_deep_nesting_and_pathological_markup_are_fast():
    for markup in ["<div>" * 50_000 + "On 1 May 2018 ten people were detained.",
                   "<a " * 100_000, "<!--" * 100_000, "<table><tr><td>" * 20_000 + "x"]:
        start = time.perf_counter()
        try:
            text_and_title(markup.encode(), "p.html")
        except ValueError as exc:
            assert "p.html" in str(exc)
        assert time.perf_counter() - start < 10, markup[:20]


def test_pdf_pages_are_joined_with_blank_lines(tmp_path):
    data = make_pdf([["13. On 10 May 2018 more than 150 people were detained.", "They were released (later)."],
                     None, ["14. On 4 January 2017 a court banned the union."]], title="Shadow report")
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    text = load_text(path)
    assert text == ("13. On 10 May 2018 more than 150 people were detained.\nThey were released (later).\n\n"
                    "14. On 4 January 2017 a court banned the union.\n")
    assert text_and_title(data, "r.pdf")[1] == "Shadow report"
    mentions = kzevents.extract(text, doc_id="r", published="2019-01-01")
    assert set(mentions.event_type) >= {"detention", "ban"}
    assert all(text[r.char_start:r.char_end] == r.quote for _, r in mentions.iterrows())


@pytest.mark.parametrize("data,reason", [
    (make_pdf([None, None]), "no text layer"),
    (make_pdf([["On 10 May 2018 ten people were detained."]])[:250], "truncated"),
    (b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n", "unreadable PDF"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "PDF"),
    (b"PK\x03\x04 not a pdf at all" * 10 + b"%%EOF", "not a PDF"),
    (b"", "not a PDF"),
])
def test_bad_pdf_raises_valueerror_naming_the_file(tmp_path, data, reason):
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    with pytest.raises(ValueError) as info:
        load_text(path)
    assert str(path) in str(info.value)
    assert reason in str(info.value)


TEXT = "10 мая 2018 года в Алматы были задержаны более 150 человек."


@pytest.mark.parametrize("raw", [
    TEXT.encode("utf-8"), TEXT.encode("utf-8-sig"), TEXT.encode("utf-16"), TEXT.encode("utf-16-le"),
    TEXT.encode("utf-16-be"), TEXT.encode("cp1251"),
], ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le", "utf-16-be", "cp1251"])
def test_text_encodings(tmp_path, raw):
    path = tmp_path / "ru.txt"
    path.write_bytes(raw)
    assert load_text(path) == TEXT


def test_html_in_cp1251_and_markdown(tmp_path):
    (tmp_path / "a.html").write_bytes(f"<p>{TEXT}</p>".encode("cp1251"))
    (tmp_path / "b.md").write_text("- 33.** On 10 May 2018 ten people were detained.\n", encoding="utf-8")
    assert load_text(tmp_path / "a.html") == TEXT + "\n"
    assert load_text(tmp_path / "b.md").startswith("- 33.**")


def test_unsupported_suffix_and_missing_file(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"PK")
    with pytest.raises(ValueError, match="a.docx: unsupported file type '.docx'"):
        load_text(tmp_path / "a.docx")
    with pytest.raises(ValueError, match="nope.txt: cannot be read"):
        load_text(tmp_path / "nope.txt")


def test_new_formats_without_manifest_row_are_taken_and_reported(tmp_path):
    data = b"On 1 May 2018 ten people were detained in Almaty."
    with open(tmp_path / "manifest.csv", "w", newline="") as fh:
        digest = hashlib.sha256(data).hexdigest()
        csv.writer(fh).writerows([HEADER, ["t1", "t1.txt", "T", "UN", "2019-03-28", "", digest]])
    (tmp_path / "t1.txt").write_bytes(data)
    (tmp_path / "page.html").write_text("<title>Press release</title><p>On 2 May 2018 five people were detained.</p>")
    (tmp_path / "scan.pdf").write_bytes(make_pdf([["On 3 May 2018 six people were detained."]]))
    (tmp_path / "notes.md").write_text("On 4 May 2018 seven people were detained.")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus] == ["t1", "notes", "page", "scan"]
    assert next(d for d in corpus if d.doc_id == "page").title == "Press release"
    assert {e.file: e.reason for e in corpus.errors} == {
        f: "not in the manifest: metadata derived from the file" for f in ("notes.md", "page.html", "scan.pdf")}
    assert set(kzevents.extract_corpus(tmp_path).doc_id) == {"t1", "notes", "page", "scan"}


def _named_valueerror_or_text(fn, name):
    try:
        text = fn()
    except ValueError as exc:
        assert name in str(exc), str(exc)
        return
    assert isinstance(text, str)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_fuzz_decode(data):
    _named_valueerror_or_text(lambda: decode(data, "fuzz.txt"), "fuzz.txt")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([b"", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"%PDF-1.4\n", b"<html><p>"]),
       st.binary(max_size=2000), st.sampled_from([b"", b"\n%%EOF\n"]), st.sampled_from(SUFFIXES))
def test_fuzz_load_text(prefix, data, suffix_bytes, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(prefix + data + suffix_bytes)
        _named_valueerror_or_text(lambda: load_text(path), str(path))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600), st.sampled_from([".html", ".txt"]))
def test_fuzz_text_through_formats_and_extraction(text, suffix):
    """Any text, loaded as HTML or text, either fails with a named ValueError or extracts with true offsets."""
    try:
        loaded, _ = text_and_title(text.encode("utf-8"), f"f{suffix}")
    except ValueError as exc:
        assert f"f{suffix}" in str(exc)
        return
    for _, row in kzevents.extract(loaded, doc_id="f", published="2020-01-01").iterrows():
        assert loaded[row.char_start:row.char_end] == row.quote


@pytest.mark.parametrize("end", [".<sup>1</sup>", ".¹", ".”", ".)", "!"])
def test_short_paragraph_ending_in_footnote_mark_is_not_a_heading(end):
    text = "On 10 May 2018 more than 150 people were detained" + end + "\n\n<sup>1</sup> See http://example.org/r\n"
    assert len(kzevents.extract(text, published="2019-01-01")) == 1


def test_extract_command_reads_html_and_pdf(tmp_path, capsys):
    from kzevents.cli import main

    (tmp_path / "a.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(make_pdf([["On 4 January 2017 a court banned the union."]]))
    (tmp_path / "c.pdf").write_bytes(make_pdf([None]))
    assert main(["extract", str(tmp_path / "a.html"), str(tmp_path / "b.pdf"), str(tmp_path / "c.pdf")]) == 1
    captured = capsys.readouterr()
    rows = list(csv.DictReader(captured.out.splitlines()))
    assert {r["doc_id"] for r in rows} == {"a", "b"}
    assert "c.pdf: the PDF has no text layer" in captured.err
