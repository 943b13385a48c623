"""Incremental builds (unchanged documents are not extracted again; changed, removed or re-dated ones
update the outputs, exactly as a full build would) and `kzevents add`."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pandas as pd
import pytest

from kzevents import parallel
from kzevents.cli import main
from kzevents.corpus import read_manifest
from test_formats import make_pdf

HEADER = ["doc_id", "file", "title", "publisher", "published", "url", "sha256"]
DOCS = {
    "a": "13. On 10 May 2018 more than 150 people were detained in Almaty.\n",
    "b": "14. On 4 January 2017 a court banned the Confederation of Independent Trade Unions.\n",
    "c": "15. On 1 June 2018 ten activists were arrested in Nur-Sultan.\n",
}


def write_corpus(root: Path, docs: dict[str, str], published: str = "2019-03-28") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for old in root.glob("*.txt"):
        old.unlink()
    with open(root / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for doc_id, text in docs.items():
            data = text.encode()
            (root / f"{doc_id}.txt").write_bytes(data)
            w.writerow([doc_id, f"{doc_id}.txt", f"T {doc_id}", "UN", published, "", hashlib.sha256(data).hexdigest()])
    return root


@pytest.fixture
def extracted(monkeypatch):
    """The doc_ids extract_rows is called for, in order."""
    calls = []
    real = parallel.extract_rows

    def counting(text, **options):
        calls.append(options["doc_id"])
        return real(text, **options)

    monkeypatch.setattr(parallel, "extract_rows", counting)
    return calls


def build(raw, out, *extra) -> int:
    return main(["build", str(raw), "--out", str(out), "--report", "", "--quiet", *extra])


def outputs(out: Path) -> dict[str, bytes]:
    names = ("mentions.parquet", "mentions.csv", "documents.csv", "errors.csv")
    return {name: (out / name).read_bytes() for name in names}


def assert_same_as_full_build(raw, out, tmp_path):
    full = tmp_path / "full"
    assert build(raw, full, "--no-cache") == 0
    assert outputs(out) == outputs(full)


def test_unchanged_documents_are_not_extracted_again(tmp_path, extracted, capsys):
    raw, out = write_corpus(tmp_path / "raw", DOCS), tmp_path / "out"
    assert build(raw, out) == 0
    assert extracted == ["a", "b", "c"]
    first = outputs(out)
    extracted.clear()
    assert build(raw, out) == 0
    assert extracted == []
    assert "3 unchanged" in capsys.readouterr().out
    assert outputs(out) == first


def test_changed_document_is_extracted_again(tmp_path, extracted, capsys):
    raw, out = write_corpus(tmp_path / "raw", DOCS), tmp_path / "out"
    build(raw, out)
    extracted.clear()
    write_corpus(raw, {**DOCS, "b": "14. On 5 February 2019 police detained 40 protesters in Zhanaozen.\n"})
    assert build(raw, out) == 0
    assert extracted == ["b"]
    mentions = pd.read_parquet(out / "mentions.parquet")
    assert list(mentions.doc_id.unique()) == ["a", "b", "c"]
    assert mentions.loc[mentions.doc_id == "b", "event_type"].tolist() == ["detention"]
    assert_same_as_full_build(raw, out, tmp_path)


def test_removed_document_leaves_the_outputs(tmp_path, extracted, capsys):
    raw, out = write_corpus(tmp_path / "raw", DOCS), tmp_path / "out"
    build(raw, out)
    extracted.clear()
    write_corpus(raw, {k: v for k, v in DOCS.items() if k != "a"})
    assert build(raw, out) == 0
    assert extracted == []
    assert set(pd.read_parquet(out / "mentions.parquet").doc_id) == {"b", "c"}
    assert list(pd.read_csv(out / "documents.csv").doc_id) == ["b", "c"]
    assert_same_as_full_build(raw, out, tmp_path)


def test_new_published_date_or_code_version_extracts_again(tmp_path, extracted, monkeypatch, capsys):
    raw, out = write_corpus(tmp_path / "raw", DOCS), tmp_path / "out"
    build(raw, out)
    extracted.clear()
    write_corpus(raw, DOCS, published="2020-01-01")
    build(raw, out)
    assert extracted == ["a", "b", "c"]
    extracted.clear()
    monkeypatch.setattr(parallel, "code_version", lambda: "9.9.9+feedfacecafe")
    build(raw, out)
    assert extracted == ["a", "b", "c"]
    assert_same_as_full_build(raw, out, tmp_path)


def test_damaged_earlier_outputs_only_make_a_full_build(tmp_path, extracted, capsys):
    raw, out = write_corpus(tmp_path / "raw", DOCS), tmp_path / "out"
    build(raw, out)
    (out / "mentions.parquet").write_bytes(b"not parquet")
    extracted.clear()
    assert build(raw, out) == 0
    assert extracted == ["a", "b", "c"]
    assert_same_as_full_build(raw, out, tmp_path)


def test_reused_rows_equal_fresh_rows_for_the_seed_corpus(root, tmp_path, capsys):
    out = tmp_path / "out"
    build(root / "data" / "raw", out)
    first = outputs(out)
    assert build(root / "data" / "raw", out) == 0
    assert "5 unchanged" in capsys.readouterr().out
    assert outputs(out) == first


# --- kzevents add --------------------------------------------------------------------------------

def test_add_copies_the_file_and_appends_its_row(tmp_path, capsys):
    raw = write_corpus(tmp_path / "raw", DOCS)
    before = (raw / "manifest.csv").read_bytes()
    src = tmp_path / "inbox" / "upr_2019.pdf"
    src.parent.mkdir()
    data = make_pdf([["16. On 2 March 2019 five journalists were detained in Almaty."]], title="UPR submission")
    src.write_bytes(data)
    assert main(["add", str(src), "--raw", str(raw), "--publisher", "HRW, Inc.", "--published", "2019-03-28",
                 "--url", "https://example.org/upr"]) == 0
    assert (raw / "upr_2019.pdf").read_bytes() == data
    manifest = (raw / "manifest.csv").read_bytes()
    assert manifest.startswith(before)  # earlier rows untouched
    row = read_manifest(raw / "manifest.csv")[-1]
    assert row == {"doc_id": "upr_2019", "file": "upr_2019.pdf", "title": "UPR submission", "publisher": "HRW, Inc.",
                   "published": "2019-03-28", "url": "https://example.org/upr",
                   "sha256": hashlib.sha256(data).hexdigest(), "covers": ""}
    assert not [p for p in raw.iterdir() if p.name.startswith(".")]
    out = tmp_path / "out"
    assert build(raw, out, "--strict") == 0  # listed now: no warning, nothing bad
    assert "upr_2019" in set(pd.read_parquet(out / "mentions.parquet").doc_id)


def test_add_refuses_an_existing_doc_id_or_file(tmp_path, capsys):
    raw = write_corpus(tmp_path / "raw", DOCS)
    before = (raw / "manifest.csv").read_bytes()
    src = tmp_path / "a.txt"
    src.write_text("On 1 May 2019 ten people were detained.")
    assert main(["add", str(src), "--raw", str(raw)]) == 2
    err = capsys.readouterr().err
    assert "doc_id 'a' already exists" in err and "--doc-id" in err
    assert main(["add", str(src), "--raw", str(raw), "--doc-id", "a2"]) == 2
    assert "a.txt: a file of that name is already in" in capsys.readouterr().err
    assert (raw / "manifest.csv").read_bytes() == before


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "the file is empty"),
    ("scan.pdf", make_pdf([None]), "no text layer"),
    ("photo.jpg", b"\xff\xd8\xff", "unsupported file type"),
])
def test_add_refuses_what_a_build_could_not_read(tmp_path, capsys, name, data, message):
    raw = write_corpus(tmp_path / "raw", DOCS)
    src = tmp_path / name
    src.write_bytes(data)
    assert main(["add", str(src), "--raw", str(raw)]) == 2
    assert message in capsys.readouterr().err
    assert not (raw / name).exists()


def test_add_creates_a_manifest_and_rejects_bad_dates(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    src = tmp_path / "note.md"
    src.write_text("On 1 May 2019 ten people were detained.")
    assert main(["add", str(src), "--raw", str(raw), "--published", "May 2019"]) == 2
    assert "--published 'May 2019'" in capsys.readouterr().err
    assert main(["add", str(src), "--raw", str(raw), "--title", "Note"]) == 0
    assert [r["title"] for r in read_manifest(raw / "manifest.csv")] == ["Note"]


def test_add_failure_while_writing_the_manifest_leaves_it_and_removes_the_copy(tmp_path, monkeypatch, capsys):
    from kzevents import cli

    raw = write_corpus(tmp_path / "raw", DOCS)
    before = (raw / "manifest.csv").read_bytes()
    src = tmp_path / "d.txt"
    src.write_text("On 1 May 2019 ten people were detained.")

    def full(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(cli, "append_manifest_row", full)
    with pytest.raises(OSError):
        main(["add", str(src), "--raw", str(raw)])
    assert (raw / "manifest.csv").read_bytes() == before
    assert not (raw / "d.txt").exists()


def test_a_cached_document_now_over_the_size_limit_is_named(tmp_path, extracted, capsys):
    raw, out = write_corpus(tmp_path / "raw", DOCS), tmp_path / "out"
    build(raw, out)
    assert build(raw, out, "--max-mb", "0.00005") == 0  # 50 characters: every document is now too large
    assert set(pd.read_csv(out / "errors.csv").file) == {"a.txt", "b.txt", "c.txt"}
    assert_same_as_full_build_with(raw, out, tmp_path, "--max-mb", "0.00005")


def assert_same_as_full_build_with(raw, out, tmp_path, *extra):
    full = tmp_path / "full"
    build(raw, full, "--no-cache", *extra)
    assert outputs(out) == outputs(full)
