"""The mentions frame as an analyst gets it (issue 10): a numeric paragraph, one missing value
(pd.NA), a stable unique mention_id, a clean quote_text beside the exact quote, the document's
title/publisher/url on request, and an API whose names say what they hold."""

from __future__ import annotations

import inspect

import pandas as pd
import pandera.errors
import pytest

import kzevents
from kzevents.cli import main
from kzevents.schema import Mentions, validate_mentions

MENTION_COLUMNS = [c for c, col in Mentions.to_schema().columns.items() if col.required]

NUMBERED = "\n\n".join([
    "Summary of the situation, without a number: on 3 March 2016, 40 workers went on strike in Zhanaozen.",
    *(f"{n}. On {n} April 2018, {n + 10} people were detained in Almaty." for n in (2, 10, 11, 103)),
])
TAGGED = ("7. On 5 May 2019 the police <b>detained</b> more than 60 people<sup>12</sup> who had gathered\n"
          "in Nur-Sultan, and on the same day a court fined 3 of them.")
OPTIONAL_TEXT = [c for c, col in Mentions.to_schema().columns.items()
                 if col.required and col.nullable and not str(col.dtype).startswith("Int")]


def test_paragraph_is_a_nullable_number_that_sorts_numerically():
    rows = kzevents.extract(NUMBERED, published="2019")
    assert str(rows["paragraph"].dtype) == "Int64"
    numbered = rows.dropna(subset=["paragraph"])
    assert numbered.sort_values("paragraph")["paragraph"].tolist() == [2, 10, 11, 103]
    unnumbered = rows[rows["quote"].str.startswith("Summary")]
    assert len(unnumbered) == 1 and unnumbered["paragraph"].isna().all()  # not its block's position


def test_missing_text_is_pd_na_never_empty_string():
    rows = kzevents.extract(NUMBERED, published="2019")
    for column in OPTIONAL_TEXT:
        values = rows[column]
        assert not (values.astype(object) == "").any(), column
        assert all(v is pd.NA for v in values[values.isna()]), column
    assert rows["attributed_to"].isna().any()  # the convention is exercised, not vacuous


@pytest.mark.parametrize("column", ["location", "subtype", "count_unit"])
def test_schema_rejects_empty_string_for_missing(column):
    row = kzevents.extract(TAGGED)
    row[column] = row[column].astype(object)
    row.loc[0, column] = ""
    cleaned = validate_mentions(row)  # validate_mentions turns "" into NA …
    assert cleaned.loc[0, column] is pd.NA
    with pytest.raises(pandera.errors.SchemaErrors):  # … and the schema itself refuses ""
        Mentions.validate(row.astype({column: object}), lazy=True)


def test_mention_id_is_unique_within_a_sentence_and_stable_across_runs():
    first, again = kzevents.extract(TAGGED, doc_id="d"), kzevents.extract(TAGGED, doc_id="d")
    assert len(first) >= 2 and first["char_start"].nunique() == 1  # rows that share one sentence
    assert first["mention_id"].is_unique
    assert first["mention_id"].tolist() == again["mention_id"].tolist()
    other = kzevents.extract(TAGGED.replace("60", "70"), doc_id="d")
    assert not set(other["mention_id"]) & set(first["mention_id"])  # another text, other ids


def test_mention_id_survives_a_rebuild(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(NUMBERED)
    (raw / "b.txt").write_text(TAGGED)
    ids = []
    for _ in range(2):
        assert main(["build", str(raw), "--out", str(tmp_path / "out"), "--report", "", "--quiet", "--no-cache"]) == 0
        ids.append(pd.read_parquet(tmp_path / "out" / "mentions.parquet")["mention_id"].tolist())
    assert ids[0] == ids[1] and len(set(ids[0])) == len(ids[0]) > 4


def test_quote_text_is_clean_and_quote_stays_exact():
    row = kzevents.extract(TAGGED).iloc[0]
    assert TAGGED[row["char_start"]:row["char_end"]] == row["quote"]
    assert "<b>" in row["quote"] and "\n" in row["quote"]
    assert row["quote_text"] == ("On 5 May 2019 the police detained more than 60 people who had gathered "
                                 "in Nur-Sultan, and on the same day a court fined 3 of them.")


def test_with_sources_carries_title_publisher_url(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(TAGGED)
    (raw / "manifest.csv").write_text("doc_id,file,title,publisher,published,url,sha256\n"
                                      "a,a.txt,Annual report,Amnesty,2020,https://example.org/a,\n")
    corpus = kzevents.load_corpus(raw)
    mentions = kzevents.extract_corpus(corpus)
    sourced = kzevents.with_sources(mentions, corpus)
    assert sourced.index.equals(mentions.index) and len(sourced) == len(mentions)
    assert sourced[["title", "publisher", "url"]].drop_duplicates().values.tolist() == [
        ["Annual report", "Amnesty", "https://example.org/a"]]
    from_csv = kzevents.with_sources(mentions, corpus.frame().assign(title="T").pipe(
        lambda d: d.to_csv(tmp_path / "documents.csv", index=False) or tmp_path / "documents.csv"))
    assert set(from_csv["title"]) == {"T"}


def test_schema_is_the_one_list_of_columns(tmp_path, capsys):
    assert list(kzevents.extract(TAGGED).columns) == MENTION_COLUMNS
    empty = kzevents.extract("Nothing happened here.")
    assert list(empty.columns) == MENTION_COLUMNS and empty.empty
    (tmp_path / "x.txt").write_text(TAGGED)
    assert main(["extract", str(tmp_path / "x.txt")]) == 0
    assert capsys.readouterr().out.splitlines()[0].split(",") == MENTION_COLUMNS


def test_charts_is_exported_and_series_is_both_module_and_function():
    assert "charts" in kzevents.__all__ and "with_sources" in kzevents.__all__
    assert inspect.ismodule(kzevents.charts)
    import kzevents.series as series_module

    assert inspect.ismodule(kzevents.series) and series_module is kzevents.series
    assert callable(series_module.events)
    rows = kzevents.extract(NUMBERED, published="2019")
    table = kzevents.series(rows, "detention")
    assert table["period"].tolist() == ["2018"] and table["count_low"].iloc[0] >= 113


def test_series_names_the_valid_types_on_a_typo():
    rows = kzevents.extract(NUMBERED, published="2019")
    with pytest.raises(ValueError, match=r"'detentions'.*did you mean 'detention'.*strike, protest"):
        kzevents.series(rows, "detentions")


def test_no_docstring_of_these_modules_is_all_skipped():
    import doctest

    from kzevents import corpus, parallel

    finder = doctest.DocTestFinder()
    for module in (kzevents, corpus, parallel):
        for test in finder.find(module):
            if test.examples:
                run = [e for e in test.examples if not e.options.get(doctest.SKIP)]
                assert run, f"{test.name}: every example is +SKIP"
