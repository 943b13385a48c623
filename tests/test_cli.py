"""The command line, called in-process through kzevents.cli.main."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

import kzevents
from kzevents.cli import main
from kzevents.schema import MENTION_COLUMNS as COLUMNS

DOC_A = ("On 10 May 2018 more than 150 people were detained in Almaty.\n\n"
         "On 4 January 2017 a court banned the Confederation of Independent Trade Unions.\n")
DOC_B = "On 1 June 2018 ten activists were arrested in Nur-Sultan.\n"
HEADER = ["doc_id", "file", "title", "publisher", "published", "url", "sha256"]
GOLD_HEADER = ("doc_id,paragraph,event_type,subtype,kind,date_text,date_start,date_end,date_precision,"
               "count_text,count,count_qualifier,count_low,count_high,count_unit,quote")


def make_corpus(root: Path, docs: dict[str, bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for doc_id, data in docs.items():
            (root / f"{doc_id}.txt").write_bytes(data)
            w.writerow([doc_id, f"{doc_id}.txt", f"T {doc_id}", "UN", "2019-03-28", "https://x.org",
                        hashlib.sha256(data).hexdigest()])
    return root


@pytest.fixture
def raw(tmp_path):
    return make_corpus(tmp_path / "raw", {"docA": DOC_A.encode(), "docB": DOC_B.encode(), "bad": b""})


def build(raw, out, *extra):
    return main(["build", str(raw), "--out", str(out), "--report", "", "--quiet", *extra])


def test_build_writes_outputs_and_names_bad_input(raw, tmp_path, capsys):
    out = tmp_path / "out"
    assert build(raw, out) == 0
    captured = capsys.readouterr()
    for name in ("mentions.parquet", "mentions.csv", "errors.csv", "documents.csv"):
        assert (out / name).is_file(), name
    mentions = pd.read_parquet(out / "mentions.parquet")
    assert set(mentions["doc_id"]) == {"docA", "docB"}
    assert len(pd.read_csv(out / "mentions.csv")) == len(mentions)
    errors = pd.read_csv(out / "errors.csv")
    assert list(errors["file"]) == ["bad.txt"]
    assert "empty" in errors.loc[0, "reason"]
    # summary table names each document
    assert "docA" in captured.out and "docB" in captured.out
    assert "bad.txt" in captured.err
    assert not any(p.name.endswith(".tmp") for p in out.iterdir())


def test_build_strict_fails_on_bad_input(raw, tmp_path, capsys):
    assert build(raw, tmp_path / "out", "--strict") != 0


def test_build_strict_succeeds_on_clean_corpus(tmp_path, capsys):
    raw = make_corpus(tmp_path / "raw", {"docA": DOC_A.encode()})
    assert build(raw, tmp_path / "out", "--strict") == 0


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir()}


def test_failed_write_leaves_earlier_outputs(raw, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert build(raw, out) == 0
    before = _snapshot(out)
    # change the corpus so that a successful rebuild would produce different outputs
    make_corpus(raw, {"docB": DOC_B.encode()})
    (raw / "docA.txt").unlink()

    def boom(self, *a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", boom)
    with pytest.raises(OSError):
        build(raw, out)
    assert _snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]


def test_failed_csv_write_leaves_earlier_parquet(raw, tmp_path, monkeypatch, capsys):
    """A failure writing any output must not leave a mix of new and old outputs."""
    out = tmp_path / "out"
    assert build(raw, out) == 0
    before = _snapshot(out)
    make_corpus(raw, {"docB": DOC_B.encode()})
    (raw / "docA.txt").unlink()

    def boom(self, *a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", boom)
    with pytest.raises(OSError):
        build(raw, out)
    assert (out / "mentions.parquet").read_bytes() == before["mentions.parquet"]
    assert not [p for p in out.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]


def test_interrupted_build_leaves_earlier_outputs(raw, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert build(raw, out) == 0
    before = _snapshot(out)
    make_corpus(raw, {"docB": DOC_B.encode()})
    (raw / "docA.txt").unlink()

    def interrupted(*a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(kzevents, "extract_corpus", interrupted)
    assert build(raw, out) == 130
    assert "interrupted" in capsys.readouterr().err
    assert _snapshot(out) == before


def test_extract_prints_csv_with_codebook_header(tmp_path, capsys):
    f = tmp_path / "report.txt"
    f.write_text(DOC_A, encoding="utf-8")
    assert main(["extract", str(f)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split(",") == list(COLUMNS)
    rows = list(csv.DictReader(lines))
    assert {r["event_type"] for r in rows} >= {"detention", "ban"}
    det = next(r for r in rows if r["event_type"] == "detention")
    assert det["doc_id"] == "report"
    assert det["date_start"] == "2018-05-10"
    assert det["count"] == "150"


def test_extract_bad_file_returns_1_and_keeps_good_rows(tmp_path, capsys):
    good, empty = tmp_path / "good.txt", tmp_path / "empty.txt"
    good.write_text(DOC_B, encoding="utf-8")
    empty.write_bytes(b"")
    assert main(["extract", str(good), str(empty)]) == 1
    captured = capsys.readouterr()
    assert "empty.txt" in captured.err
    assert "good.txt" not in captured.err
    rows = list(csv.DictReader(captured.out.splitlines()))
    assert rows and {r["doc_id"] for r in rows} == {"good"}


def test_extract_json_output_file(tmp_path, capsys):
    f = tmp_path / "report.txt"
    f.write_text(DOC_A, encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["extract", str(f), "--format", "json", "-o", str(out)]) == 0
    records = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(records, list) and len(records) >= 2
    assert set(records[0]) == set(COLUMNS)
    assert any(r["event_type"] == "detention" and r["date_start"].startswith("2018-05-10") for r in records)


def test_evaluate_perfect_gold(tmp_path, capsys):
    text = "On 10 May 2018 more than 150 people were detained in Almaty.\n"
    docs = make_corpus(tmp_path / "docs", {"g1": text.encode()})
    gold = tmp_path / "gold.csv"
    gold.write_text(GOLD_HEADER + "\n"
                    'g1,1,detention,detention,occurrence,10 May 2018,2018-05-10,2018-05-10,day,'
                    'more than 150 people,150,more_than,151,,people,"' + text.strip() + '"\n', encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold), "--docs", str(docs)]) == 0
    lines = capsys.readouterr().out.rstrip("\n").splitlines()
    assert lines[-3:] == ["overall lenient P=1.000 R=1.000 F1=1.000",
                          "overall strict P=1.000 R=1.000 F1=1.000",
                          "overall count P=1.000 R=1.000 F1=1.000"]


def test_evaluate_wrong_date_is_not_perfect(tmp_path, capsys):
    text = "On 10 May 2018 more than 150 people were detained in Almaty.\n"
    docs = make_corpus(tmp_path / "docs", {"g1": text.encode()})
    gold = tmp_path / "gold.csv"
    gold.write_text(GOLD_HEADER + "\n"
                    'g1,1,detention,detention,occurrence,10 May 2019,2019-05-10,2019-05-10,day,'
                    ',,,,,,"x"\n', encoding="utf-8")
    assert main(["evaluate", "--gold", str(gold), "--docs", str(docs)]) == 0
    lines = capsys.readouterr().out.rstrip("\n").splitlines()
    assert lines[-3] == "overall lenient P=0.000 R=0.000 F1=0.000"


def test_help_has_examples(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert "examples:" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    assert "examples:" in capsys.readouterr().out


def test_build_writes_the_events_with_the_other_outputs(raw, tmp_path, capsys):
    from kzevents.schema import Events

    out = tmp_path / "out"
    assert build(raw, out) == 0
    events = Events.validate(pd.read_parquet(out / "events.parquet"))
    mentions = pd.read_parquet(out / "mentions.parquet")
    assert len(pd.read_csv(out / "events.csv")) == len(events) and 0 < len(events) <= len(mentions)
    assert events["n_mentions"].sum() == len(mentions)
    assert set(events["first_published"]) == {"2019-03-28"}
    assert "events (" in capsys.readouterr().out


def test_failed_write_leaves_earlier_events(raw, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert build(raw, out) == 0
    before = (out / "events.csv").read_bytes()
    (raw / "docA.txt").write_text(DOC_B)
    make_corpus(raw, {"docB": DOC_B.encode()})
    monkeypatch.setattr(pd.DataFrame, "to_csv", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        build(raw, out)
    assert (out / "events.csv").read_bytes() == before


def _links_case(tmp_path):
    text = ("On 10 May 2018 more than 150 people were detained in Almaty.\n\n"
            "More than 150 people were detained in Almaty on 10 May 2018.\n")
    docs = make_corpus(tmp_path / "docs", {"g1": text.encode()})
    gold = tmp_path / "gold.csv"
    row = ('g1,1,detention,detention,occurrence,10 May 2018,2018-05-10,2018-05-10,day,'
           'more than 150 people,150,more_than,151,,people,"{}"\n')
    gold.write_text(GOLD_HEADER + "\n" + "".join(row.format(q) for q in text.strip().split("\n\n")), encoding="utf-8")
    return docs, gold


def test_evaluate_links_prints_bcubed(tmp_path, capsys):
    docs, gold = _links_case(tmp_path)
    links = tmp_path / "links.csv"
    links.write_text("gold,row,doc_id,event_type,date_start,cluster\n"
                     f"{gold.name},0,g1,detention,2018-05-10,wave\n{gold.name},1,g1,detention,2018-05-10,wave\n")
    assert main(["evaluate", "--gold", str(gold), "--docs", str(docs), "--links", str(links)]) == 0
    last = capsys.readouterr().out.rstrip("\n").splitlines()[-1]
    assert last == "links B-cubed P=1.000 R=1.000 F1=1.000 (2 of 2 gold rows matched)"
    links.write_text(links.read_text().replace(",1,g1,detention,2018-05-10,wave", ",1,g1,detention,2018-05-10,other"))
    assert main(["evaluate", "--gold", str(gold), "--docs", str(docs), "--links", str(links)]) == 0
    assert "links B-cubed P=0.500 R=1.000" in capsys.readouterr().out


def test_evaluate_links_names_a_row_that_no_longer_matches(tmp_path, capsys):
    docs, gold = _links_case(tmp_path)
    links = tmp_path / "links.csv"
    links.write_text("gold,row,doc_id,event_type,date_start,cluster\n"
                     f"{gold.name},0,g1,detention,2018-05-10,wave\n{gold.name},1,g1,ban,2018-05-10,wave\n")
    assert main(["evaluate", "--gold", str(gold), "--docs", str(docs), "--links", str(links)]) == 2
    assert "line 3: row 1 of" in capsys.readouterr().err


def test_evaluate_by_publisher_finds_the_dev_corpus_and_keeps_the_overall_lines_last(capsys):
    root = Path(__file__).resolve().parents[1]
    assert main(["evaluate", "--gold", str(root / "tests" / "gold" / "dev" / "gold.csv"), "--by-publisher"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("Amnesty International") for line in out)
    assert [line.split()[1] for line in out[-3:]] == ["lenient", "strict", "count"]
