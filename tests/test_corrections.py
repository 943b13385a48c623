"""Corrections (codebook §10): applied on every build, never to another row, stale and malformed
ones named with their line; `kzevents correct` and `kzevents review`; evaluate ignores them."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pandas as pd
import pytest

from kzevents import extract
from kzevents.cli import main
from kzevents.corrections import (COLUMNS, Correction, apply_corrections, check_correction, read_corrections)

DOC = ("1. On 10 May 2018 more than 150 people were detained in Almaty.\n\n"
       "2. On 4 January 2017 a court banned the Confederation of Independent Trade Unions.\n\n"
       "3. Activists gathered outside the city hall on 3 March 2019 to demand the release of a blogger.\n")
OTHER = "On 1 June 2018 ten activists were arrested in Nur-Sultan.\n"


def make_corpus(root: Path, docs: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["doc_id", "file", "title", "publisher", "published", "url", "sha256"])
        for doc_id, text in docs.items():
            (root / f"{doc_id}.txt").write_text(text, encoding="utf-8")
            w.writerow([doc_id, f"{doc_id}.txt", f"T {doc_id}", "UN", "2019-06-01", "https://example.org/r",
                        hashlib.sha256(text.encode()).hexdigest()])
    return root


@pytest.fixture
def corpus(tmp_path):
    return make_corpus(tmp_path / "data" / "raw", {"docA": DOC, "docB": OTHER})


def build(raw: Path, *extra) -> int:
    out = raw.parent / "processed"
    return main(["build", str(raw), "--out", str(out), "--report", "", "--quiet", *extra])


def built(raw: Path) -> pd.DataFrame:
    return pd.read_parquet(raw.parent / "processed" / "mentions.parquet")


def correct(raw: Path, *argv) -> int:
    return main(["correct", *argv, "--raw", str(raw), "--from", str(raw.parent / "processed"), "--by", "tester"])


def write_corrections(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        w.writerows(rows)
    return path


def test_correct_set_and_drop_survive_every_rebuild(corpus, capsys):
    assert build(corpus) == 0
    before = built(corpus)
    assert correct(corpus, "set", "docA", "150 people were detained", "count=160", "--type", "detention",
                   "--note", "the police figure") == 0
    assert correct(corpus, "drop", "docA", "banned the Confederation", "--type", "ban") == 0
    for _ in range(2):  # the second build reuses nothing that the first one corrected
        assert build(corpus) == 0
        after = built(corpus)
        detention = after[(after.doc_id == "docA") & (after.event_type == "detention")].iloc[0]
        assert (detention["count"], bool(detention["curated"]), detention["note"]) == (160, True, "the police figure")
        assert "ban" not in set(after.loc[after.doc_id == "docA", "event_type"])
        assert len(after) == len(before) - 1
        assert not after.loc[after.doc_id == "docB", "curated"].any()
    documents = pd.read_csv(corpus.parent / "processed" / "documents.csv")
    assert dict(zip(documents.doc_id, documents.n_corrections)) == {"docA": 2, "docB": 0}
    row = next(csv.DictReader(open(corpus.parent / "corrections.csv", encoding="utf-8")))
    assert row["by"] == "tester" and row["on"] == pd.Timestamp.today().date().isoformat()


def test_stale_correction_is_named_and_applied_to_no_other_row(corpus, capsys):
    assert build(corpus) == 0
    clean = built(corpus)
    write_corrections(corpus.parent / "corrections.csv",
                      [["docA", "were detained in Shymkent", "detention", "set", "count", "9", "", "", ""],
                       ["docB", "ten activists were arrested", "detention", "set", "location", "Astana", "", "", ""]])
    assert build(corpus) == 0
    err = capsys.readouterr().err
    assert "corrections.csv: line 2: stale:" in err and "were detained in Shymkent" in err
    errors = pd.read_csv(corpus.parent / "processed" / "errors.csv")
    assert errors.reason.str.startswith("line 2: stale").sum() == 1
    after = built(corpus)
    docA = after[after.doc_id == "docA"].drop(columns=["curated", "note"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(docA, clean[clean.doc_id == "docA"].drop(columns=["curated", "note"])
                                  .reset_index(drop=True))
    assert after.loc[after.doc_id == "docB", "location"].tolist() == ["Astana"]  # the good one still applies
    assert build(corpus, "--strict") == 1


def test_changed_document_makes_its_correction_stale(corpus, capsys):
    assert build(corpus) == 0
    assert correct(corpus, "set", "docB", "ten activists were arrested", "count=12") == 0
    (corpus / "docB.txt").write_text("On 2 June 2018 twelve journalists were detained in Aktobe.\n", encoding="utf-8")
    rows = list(csv.reader(open(corpus / "manifest.csv", encoding="utf-8")))
    rows[2][-1] = hashlib.sha256((corpus / "docB.txt").read_bytes()).hexdigest()
    with open(corpus / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    assert build(corpus) == 0
    assert "line 2: stale" in capsys.readouterr().err
    docB = built(corpus).query("doc_id == 'docB'")
    assert docB["count"].tolist() == [12] and not docB["curated"].any()  # the extractor's 12, untouched


@pytest.mark.parametrize("row, words", [
    (["docA", "were detained", "", "set", "colour", "red"], "unknown field 'colour'"),
    (["docA", "were detained", "", "set", "date_start", "2018-02-30"], "is not a date"),
    (["docA", "were detained", "", "set", "count", "many"], "not a whole number"),
    (["docA", "were detained", "", "set", "event_type", "riot"], "is not one of"),
    (["docA", "were detained", "", "purge", "", ""], "unknown action 'purge'"),
    (["docA", "", "", "drop", "", ""], "quote is empty"),
    (["docA", "were detained", "", "link", "", "no colon here"], "must name the other mention"),
])
def test_malformed_correction_is_named_with_its_line(corpus, capsys, row, words):
    write_corrections(corpus.parent / "corrections.csv",
                      [["docB", "ten activists", "", "set", "count", "11", "", "", ""], row + ["", "", ""]])
    assert build(corpus) == 0
    err = capsys.readouterr().err
    assert "line 3: malformed:" in err and words in err
    assert built(corpus).query("doc_id == 'docB'")["count"].tolist() == [11]
    assert build(corpus, "--strict") == 1


def test_quote_matching_two_mentions_is_refused():
    text = "On 1 May 2019 five people were detained in Almaty. On 9 May 2019 six people were detained in Almaty."
    mentions = extract(text, doc_id="d1")
    applied = apply_corrections(mentions, [Correction(2, "d1", "people were detained", "", "drop", "", "", "", "", "")])
    assert len(applied.mentions) == len(mentions) == 2
    assert applied.problems[0].kind == "malformed" and "matches 2" in applied.problems[0].reason


def test_invalid_result_is_refused_whole():
    mentions = extract("On 10 May 2018 more than 150 people were detained.", doc_id="d1")
    late = [Correction(2, "d1", "were detained", "", "set", "date_start", "2019-01-01", "", "", ""),
            Correction(3, "d1", "were detained", "", "set", "count", "7", "", "", "")]
    applied = apply_corrections(mentions, late)
    assert applied.mentions["count"].tolist() == [150] and not applied.mentions["curated"].any()
    assert [p.line for p in applied.problems] == [2, 3] and "date_start is after date_end" in applied.problems[0].reason


def test_add_finds_the_sentence_and_fills_its_sources(corpus, capsys):
    assert build(corpus) == 0
    assert correct(corpus, "add", "docA", "Activists gathered outside the city hall", "date_start=2019-03-03",
                   "subtype=rally", "--type", "protest", "--note", "missed rally") == 0
    assert build(corpus) == 0
    added = built(corpus).query("curated and event_type == 'protest'").iloc[0]
    text = (corpus / "docA.txt").read_text(encoding="utf-8")
    assert text[added.char_start:added.char_end] == added.quote and added.quote.startswith("Activists gathered")
    assert (added.paragraph, str(added.date_start.date()), added.date_precision, added.subtype) == \
        (3, "2019-03-03", "day", "rally")


def test_add_of_text_not_in_document_is_refused(corpus, capsys):
    assert build(corpus) == 0
    assert correct(corpus, "add", "docA", "striking miners", "date_start=2019-03-03", "--type", "strike") == 2
    assert "has no 'striking miners'" in capsys.readouterr().err
    assert not (corpus.parent / "corrections.csv").exists()


def test_links_wait_for_events_and_are_reported(corpus, capsys):
    write_corrections(corpus.parent / "corrections.csv",
                      [["docA", "150 people were detained", "detention", "link", "", "docB: ten activists", "", "", ""]])
    assert build(corpus, "--strict") == 0  # waiting is not a failure
    assert "line 2: waiting: link of docA '150 people were detained' and docB 'ten activists' waits for events" \
        in capsys.readouterr().err


def test_link_resolves_both_rows_or_is_stale():
    text = "On 1 May 2019 five people were detained in Almaty. On 3 May 2019 a court banned the party."
    mentions = pd.concat([extract(text, doc_id="d1"), extract(OTHER, doc_id="d2")], ignore_index=True)
    link = Correction(2, "d1", "five people were detained", "", "link", "", "d2: ten activists", "", "", "")
    gone = Correction(3, "d1", "banned the party", "", "unlink", "", "d2: twelve journalists", "", "", "")
    applied = apply_corrections(mentions, [link, gone])
    (request,) = applied.links
    rows = applied.mentions.iloc[[request.first, request.second]]
    assert rows["doc_id"].tolist() == ["d1", "d2"] and rows["event_type"].tolist() == ["detention", "detention"]
    assert [(p.line, p.kind) for p in applied.problems] == [(2, "waiting"), (3, "stale")]


def test_formula_like_text_round_trips_through_the_file(tmp_path):
    from kzevents.corrections import append_corrections

    path = tmp_path / "corrections.csv"
    append_corrections(path, [Correction(0, "d1", "-2. activists were detained", "", "drop", "", "", "=SUM(A1)", "", "")])
    assert "'=SUM(A1)" in path.read_text() and "'-2. activists" in path.read_text()
    (found,), _ = read_corrections(path)
    assert (found.quote, found.note) == ("-2. activists were detained", "=SUM(A1)")


def test_appending_keeps_the_file_and_its_line_endings(tmp_path):
    from kzevents.corrections import append_corrections

    path = tmp_path / "corrections.csv"
    old = ",".join(COLUMNS).encode() + b"\r\nd1,were detained,,drop,,,,,"  # no final newline, CRLF
    path.write_bytes(old)
    append_corrections(path, [Correction(0, "d1", "were arrested", "", "drop", "", "", "", "", "")])
    assert path.read_bytes() == old + b"\r\nd1,were arrested,,drop,,,,,\r\n"
    with pytest.raises(ValueError, match="unknown field 'colour'"):
        append_corrections(path, [Correction(0, "d1", "x", "", "set", "colour", "red", "", "", "")])
    assert [c.quote for c in read_corrections(path)[0]] == ["were detained", "were arrested"]


def test_wrong_header_is_an_error(corpus, capsys):
    (corpus.parent / "corrections.csv").write_text("doc_id,quote\ndocA,x\n")
    assert build(corpus) == 2
    assert "line 1: missing column(s) event_type" in capsys.readouterr().err


def test_check_correction_accepts_the_forms_the_codebook_names():
    ok = [Correction(2, "d", "q", "protest", "add", "", "", "", "", ""),
          Correction(2, "d", "q", "", "set", "subtype", "", "", "", "2026-01-02"),
          Correction(2, "d", "q", "", "unlink", "", "e: other words", "", "", "")]
    assert [check_correction(c) for c in ok] == [None, None, None]


def test_review_round_trip(corpus, tmp_path, capsys):
    from openpyxl import load_workbook

    assert build(corpus) == 0
    review = tmp_path / "review.xlsx"
    assert main(["review", "--to", str(review), "--processed", str(corpus.parent / "processed")]) == 0
    book = load_workbook(review)
    sheet = book["review"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["verdict", "field", "value", "note"]
    (choices,) = sheet.data_validations.dataValidation
    assert choices.formula1 == '"ok,drop,set"' and str(choices.sqref) == f"A2:A{sheet.max_row}"
    rows = {(sheet.cell(row=i, column=header.index("doc_id") + 1).value,
             sheet.cell(row=i, column=header.index("event_type") + 1).value): i for i in range(2, sheet.max_row + 1)}
    sheet.cell(row=rows["docA", "ban"], column=1).value = "drop"
    sheet.cell(row=rows["docA", "detention"], column=1).value = "set"
    sheet.cell(row=rows["docA", "detention"], column=2).value = "count"
    sheet.cell(row=rows["docA", "detention"], column=3).value = "155"
    sheet.cell(row=rows["docB", "detention"], column=1).value = "maybe"
    book.save(review)
    argv = ["review", "--from", str(review), "--processed", str(corpus.parent / "processed"), "--raw", str(corpus)]
    assert main(argv) == 1  # 'maybe' is refused, the others written
    assert f"row {rows['docB', 'detention']}: verdict 'maybe'" in capsys.readouterr().err
    assert main(argv) == 1  # a second reading appends no duplicates
    found, _ = read_corrections(corpus.parent / "corrections.csv")
    assert sorted(c.action for c in found) == ["drop", "set"]
    assert build(corpus) == 0
    after = built(corpus).query("doc_id == 'docA'")
    assert "ban" not in set(after.event_type) and after.query("event_type == 'detention'")["count"].tolist() == [155]


def test_evaluate_never_reads_corrections(corpus, tmp_path, capsys):
    gold = tmp_path / "gold.csv"
    gold.write_text("doc_id,event_type,date_start,date_end,count\n"
                    "docA,detention,2018-05-10,2018-05-10,150\ndocB,detention,2018-06-01,2018-06-01,10\n")
    argv = ["evaluate", "--gold", str(gold), "--docs", str(corpus)]
    assert main(argv) == 0
    scores = capsys.readouterr().out
    write_corrections(corpus.parent / "corrections.csv",
                      [["docA", "were detained", "", "drop", "", "", "", "", ""],
                       ["docB", "were arrested", "", "set", "count", "99", "", "", ""]])
    assert main(argv) == 0
    assert capsys.readouterr().out == scores
