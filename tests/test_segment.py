"""Blocks, paragraphs, sentences and cited URLs in the genre's three shapes (§6, R14, R15)."""

from kzevents.segment import blocks, segment

UN_STYLE = """12. The Special Rapporteur met Mr. K. Abenov in Astana. On 3 May 2016 police detained 40 people.<sup>4</sup> They were released.

---

<sup>4</sup> See [www.example.org/a](http://www.example.org/a).

continued text of paragraph twelve, after the page break.

13. A new paragraph.
"""

NGO_STYLE = """- 33.** In 2018, a website was shut down.¹ Journalists were detained.
- 34.** Another item.

¹ <https://example.org/note-one>
"""

TABLE = ("Recommendations\tCountry\tAnswer of the State\tImplementation 2014-2019\tSuggested recommendations\n"
         "Stop torture\tChile\tAccepted ✓\t<p>6. In 2017, <b>51 reports of torture</b> were registered.</p> <p>7. Courts acquitted two.</p>\tInvestigate every case.\n")


def quotes(text):
    return [(s.paragraph, text[s.start:s.end], s.urls) for s in segment(text)]


def test_numbered_paragraphs_abbreviations_and_footnotes():
    got = quotes(UN_STYLE)
    assert got[0] == ("12", "The Special Rapporteur met Mr. K. Abenov in Astana.", ("http://www.example.org/a",))
    assert got[1] == ("12", "On 3 May 2016 police detained 40 people.<sup>4</sup>", ("http://www.example.org/a",))
    assert got[2][:2] == ("12", "They were released.")
    # R15: the continuation after a page break keeps paragraph 12
    assert ("12", "continued text of paragraph twelve, after the page break.") in [g[:2] for g in got]
    assert got[-1][:2] == ("13", "A new paragraph.")


def test_markdown_paragraph_numbers_and_superscript_marks():
    got = quotes(NGO_STYLE)
    assert got[0] == ("33", "In 2018, a website was shut down.¹", ("https://example.org/note-one",))
    assert got[1][0] == "33" and got[1][1] == "Journalists were detained."
    assert got[2][0] == "34"


def test_table_cells_numbered_items_and_recommendation_columns():
    got = quotes(TABLE)
    texts = [g[1] for g in got]
    assert "In 2017, <b>51 reports of torture</b> were registered." in texts
    assert [g[0] for g in got if "acquitted" in g[1]] == ["7"]
    assert not any("Investigate" in t or "Stop torture" in t for t in texts)


def test_offsets_are_into_the_text_as_loaded():
    for text in (UN_STYLE, NGO_STYLE, TABLE):
        for s in segment(text):
            assert 0 <= s.start < s.end <= len(text)


def test_block_kinds():
    kinds = [b.kind for b in blocks(UN_STYLE)]
    assert kinds.count("footnote") == 1 and "furniture" in kinds
