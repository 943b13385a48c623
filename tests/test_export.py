"""Exports (issue 11): Excel read back with openpyxl, the Data Package validated by frictionless,
ACLED and PLOVER columns and mappings checked against docs/CROSSWALK.md, no formula cells."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from kzevents.cli import main
from kzevents.export import (ACLED_COLUMNS, PLOVER_COLUMNS, Tables, acled_rows, export, load_tables, plover_rows,
                             write_xlsx)
from kzevents.schema import Mentions
from kzevents.triggers import EVENT_TYPES, SUBTYPES

DOCS = {
    "un1": ("1. On 12 March 2019 about 300 people held a rally in Almaty against the pension reform.\n\n"
            "2. On 14 March 2019 police detained 40 demonstrators in Almaty.\n\n"
            "3. On 2 April 2019 two protesters were killed when police opened fire in Zhanaozen.\n\n"
            "4. In 2018, the parliament adopted a new law on peaceful assemblies.\n"),
    "ngo2": "On 5 May 2019 a court in Shymkent sentenced the blogger to three years in prison.\n",
}
FORMULA = ("=", "+", "-", "@")


def make_corpus(root: Path) -> Path:
    root.mkdir(parents=True)
    with open(root / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["doc_id", "file", "title", "publisher", "published", "url", "sha256", "license"])
        for doc_id, text in DOCS.items():
            (root / f"{doc_id}.txt").write_text(text, encoding="utf-8")
            w.writerow([doc_id, f"{doc_id}.txt", f"Report {doc_id}", "Monitor", "2019-06-01",
                        f"https://example.org/{doc_id}", hashlib.sha256(text.encode()).hexdigest(), "CC-BY-4.0"])
    return root


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    data = tmp_path_factory.mktemp("export") / "data"
    raw = make_corpus(data / "raw")
    (data / "corrections.csv").write_text(
        "doc_id,quote,event_type,action,field,value,note,by,on\n"
        "un1,held a rally in Almaty,protest,set,location,Almaty,=HYPERLINK(\"http://x\"),tester,2026-01-05\n",
        encoding="utf-8")
    assert main(["build", str(raw), "--out", str(data / "processed"), "--report", "", "--quiet", "--strict"]) == 0
    return data


def crosswalk_table(section: str, heading: str) -> list[list[str]]:
    """The rows of the first table under ``heading`` in ``section`` of docs/CROSSWALK.md."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "CROSSWALK.md").read_text(encoding="utf-8")
    lines = text.split(f"\n{section}\n", 1)[1].split(f"\n{heading}\n", 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return table[2:]


def test_xlsx_reads_back_as_the_frames(build, tmp_path):
    from openpyxl import load_workbook

    (path,) = export("xlsx", build / "processed", tmp_path)
    tables = load_tables(build / "processed")
    book = load_workbook(path)
    assert book.sheetnames == ["Mentions", "Documents", "Corrections", "Fields"]
    sheet = book["Mentions"]
    header = [c.value for c in sheet[1]]
    assert header == list(tables.mentions.columns)
    assert sheet.max_row == len(tables.mentions) + 1
    for i, row in enumerate(tables.mentions.to_dict("records"), start=2):
        got = {h: sheet.cell(row=i, column=j).value for j, h in enumerate(header, start=1)}
        assert got["quote"] == row["quote"] and got["event_type"] == row["event_type"]
        assert got["date_start"] == row["date_start"].to_pydatetime()
        assert got["count"] == (None if pd.isna(row["count"]) else int(row["count"]))
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == sheet.dimensions
    date_cell = sheet.cell(row=2, column=header.index("date_start") + 1)
    assert isinstance(date_cell.value, dt.datetime) and date_cell.number_format == "yyyy-mm-dd"
    assert sheet.column_dimensions["E"].width > 20  # the quote column is readable
    documents = book["Documents"]
    url = documents.cell(row=2, column=[c.value for c in documents[1]].index("url") + 1)
    assert url.hyperlink.target == "https://example.org/un1"
    fields = pd.DataFrame(book["Fields"].values)
    described = fields[fields[0] == "Mentions"]
    assert set(described[1]) == set(Mentions.to_schema().columns) and (described[3].str.len() > 5).all()


def test_xlsx_keeps_formula_like_text_as_text(build, tmp_path):
    from openpyxl import load_workbook

    (path,) = export("xlsx", build / "processed", tmp_path)
    note = load_workbook(path)["Corrections"]["G2"]
    assert note.value == '=HYPERLINK("http://x")' and note.data_type == "s"
    frame = pd.DataFrame({"quote": ["-1 day later", "@cmd", "+7 rally"]})
    sheets = {"S": frame}
    written = write_xlsx(None, tmp_path / "t.xlsx", extra=sheets)
    cells = [c for (c,) in load_workbook(written)["S"].iter_rows(min_row=2)]
    assert [c.value for c in cells] == frame["quote"].tolist() and {c.data_type for c in cells} == {"s"}


def test_failed_xlsx_write_leaves_the_earlier_file(build, tmp_path, monkeypatch):
    from openpyxl import Workbook

    (path,) = export("xlsx", build / "processed", tmp_path)
    before = path.read_bytes()
    monkeypatch.setattr(Workbook, "save", lambda self, f: (Path(f).write_bytes(b"half"), 1 / 0))
    with pytest.raises(ZeroDivisionError):
        export("xlsx", build / "processed", tmp_path)
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["kzevents.xlsx"]


def test_datapackage_validates_and_follows_the_schemas(build, tmp_path):
    from frictionless import validate

    paths = export("datapackage", build / "processed", tmp_path)
    assert {p.name for p in paths} == {"mentions.csv", "documents.csv", "corrections.csv", "datapackage.json"}
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((tmp_path / "datapackage.json").read_text())
    resources = {r["name"]: r for r in package["resources"]}
    fields = {f["name"]: f for f in resources["mentions"]["schema"]["fields"]}
    assert list(fields) == list(Mentions.to_schema().columns)
    assert fields["event_type"]["constraints"]["enum"] == list(EVENT_TYPES)
    assert fields["date_start"]["type"] == "date" and fields["count"]["type"] == "integer"
    assert fields["quote"]["constraints"]["required"] and "required" not in fields.get("subtype", {}).get("constraints", {})
    assert fields["count"]["constraints"]["minimum"] == 0 and fields["curated"]["type"] == "boolean"
    assert all(f["description"] for f in fields.values())
    assert resources["documents"]["schema"]["primaryKey"] == ["doc_id"]
    assert resources["mentions"]["schema"]["foreignKeys"][0]["reference"]["resource"] == "documents"
    assert package["licenses"] == [{"name": "CC-BY-4.0"}]
    assert {s["path"] for s in package["sources"]} == {"https://example.org/un1", "https://example.org/ngo2"}


def test_datapackage_catches_a_value_outside_the_vocabulary(build, tmp_path):
    from frictionless import validate

    export("datapackage", build / "processed", tmp_path)
    mentions = (tmp_path / "mentions.csv").read_text(encoding="utf-8")
    (tmp_path / "mentions.csv").write_text(mentions.replace(",detention,", ",riot,", 1), encoding="utf-8")
    report = validate(tmp_path / "datapackage.json")
    assert not report.valid and "constraint-error" in str(report.flatten(["type"]))


def test_acled_columns_are_those_of_the_crosswalk(build, tmp_path):
    (path,) = export("acled", build / "processed", tmp_path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(frame.columns) == ACLED_COLUMNS == [row[0] for row in crosswalk_table("## ACLED", "### Columns")]


def _one_row_per_type() -> pd.DataFrame:
    rows = []
    for event_type in EVENT_TYPES:
        for subtype in [None, *SUBTYPES.get(event_type, ())]:
            rows.append({"doc_id": "d", "paragraph": "1", "char_start": 0, "char_end": 1, "quote": "q",
                         "event_type": event_type, "subtype": subtype, "kind": "occurrence",
                         "date_start": "2019-03-12", "date_end": "2019-03-12", "date_precision": "day",
                         "count_text": "", "count_low": None, "count_unit": None, "location": ""})
    return pd.DataFrame(rows)


def _documented(table: list[list[str]], event_type: str, subtype) -> list[str]:
    exact = [r for r in table if r[0] == event_type and r[1] == (subtype or "(any)")]
    return (exact or [r for r in table if r[0] == event_type and r[1] == "(any)"])[0][2:]


def test_acled_types_follow_the_crosswalk():
    table = crosswalk_table("## ACLED", "### Types")
    assert {r[0] for r in table} == set(EVENT_TYPES)
    rows = _one_row_per_type()
    got = acled_rows(rows, pd.DataFrame())
    for r, out in zip(rows.to_dict("records"), got.to_dict("records")):
        expected = _documented(table, r["event_type"], r["subtype"])
        assert [out["disorder_type"], out["event_type"], out["sub_event_type"], out["crosswalk"]] == expected, r


def test_plover_types_follow_the_crosswalk(build, tmp_path):
    table = crosswalk_table("## PLOVER", "### Types")
    assert {r[0] for r in table} == set(EVENT_TYPES)
    rows = _one_row_per_type()
    got = plover_rows(rows, pd.DataFrame())
    for r, out in zip(rows.to_dict("records"), got.to_dict("records")):
        assert [out["event_type"], out["mode"], out["crosswalk"]] == _documented(table, r["event_type"], r["subtype"])
    assert PLOVER_COLUMNS == [row[0] for row in crosswalk_table("## PLOVER", "### Columns")]
    (path,) = export("plover", build / "processed", tmp_path)
    assert list(pd.read_csv(path).columns) == PLOVER_COLUMNS


def test_acled_conventions_on_built_rows(build, tmp_path):
    (path,) = export("acled", build / "processed", tmp_path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    by_type = {t: frame[frame.kz_event_type == t].iloc[0] for t in set(frame.kz_event_type)}
    rally, killed, law = by_type["protest"], by_type["violence"], by_type["law"]
    assert (rally.event_type, rally.time_precision, rally.event_date, rally.year) == \
        ("Protests", "1", "2019-03-12", "2019")
    assert rally.tags == "crowd size=about 300 people" and rally.actor1 == "Protesters (Kazakhstan)"
    assert (killed.sub_event_type, killed.fatalities, killed.location) == ("Attack", "2", "Zhanaozen")
    assert (law.crosswalk, law.event_type, law.event_date) == ("none", "", "")  # flagged, not forced
    assert "law" in law.crosswalk_reason
    assert by_type["detention"].sub_event_type == "Arrests" and by_type["detention"].fatalities == "0"


def test_time_precision_for_spans():
    rows = _one_row_per_type().head(1)
    spans = {("2019-03-01", "2019-03-05"): ("2", "2019-03-01"), ("2019-03-01", "2019-03-31"): ("3", "2019-03-16"),
             ("2019-03-01", "2019-05-31"): ("", "")}
    for (start, end), expected in spans.items():
        out = acled_rows(rows.assign(date_start=start, date_end=end, event_type="protest"), pd.DataFrame())
        got = out.iloc[0]
        assert (str(got.time_precision) if pd.notna(got.time_precision) else "",
                str(got.event_date or "")) == expected


def test_no_exported_csv_cell_starts_a_formula(build, tmp_path):
    tables = load_tables(build / "processed")
    tables.mentions.loc[0, "quote"] = "-5 people were detained."
    from kzevents.export import write_csv, write_datapackage

    write_csv(acled_rows(tables.mentions, tables.documents), tmp_path / "acled.csv")
    write_datapackage(Tables(tables.mentions, tables.documents, tables.events, tables.corrections), tmp_path)
    for path in tmp_path.glob("*.csv"):
        for row in csv.reader(open(path, encoding="utf-8")):
            assert not any(cell.startswith(FORMULA) for cell in row), (path.name, row)


def test_export_command(build, tmp_path, capsys):
    assert main(["export", "--to", "plover", "--from", str(build / "processed"), "--out", str(tmp_path)]) == 0
    assert f"wrote {tmp_path / 'plover.csv'}" in capsys.readouterr().out
    assert main(["export", "--to", "acled", "--from", str(tmp_path / "nothing"), "--out", str(tmp_path)]) == 2
    assert "run `kzevents build` first" in capsys.readouterr().err
