"""Corpus loading: metadata, bad inputs reported (not fatal), encodings, malformed manifests."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from kzevents.corpus import CorpusError, load_corpus

HEADER = ["doc_id", "file", "title", "publisher", "published", "url", "sha256"]
GOOD = "On 10 May 2018 more than 150 people were detained in Almaty."


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_corpus(root: Path, docs: list[dict]) -> Path:
    """docs: dicts with doc_id, file, data (bytes or None = don't write), optional metadata/sha256."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for d in docs:
            data = d.get("data")
            if data is not None:
                (root / d["file"]).write_bytes(data)
            digest = d.get("sha256", sha(data) if data is not None else "")
            w.writerow([d["doc_id"], d["file"], d.get("title", f"Title {d['doc_id']}"),
                        d.get("publisher", "UN"), d.get("published", "2019-03-28"),
                        d.get("url", f"https://example.org/{d['doc_id']}"), digest])
    return root


def errors_by_file(corpus) -> dict[str, str]:
    return {e.file: e.reason for e in corpus.errors}


def test_good_document_loads_with_metadata(tmp_path):
    data = GOOD.encode("utf-8")
    root = write_corpus(tmp_path / "raw", [{"doc_id": "d1", "file": "d1.txt", "data": data,
                                            "title": "Report on Kazakhstan", "publisher": "OHCHR",
                                            "published": "2019-03-28", "url": "https://example.org/d1"}])
    corpus = load_corpus(root)
    assert len(corpus) == 1
    assert corpus.errors == []
    doc = corpus.documents[0]
    assert (doc.doc_id, doc.file, doc.title, doc.publisher, doc.published, doc.url) == (
        "d1", "d1.txt", "Report on Kazakhstan", "OHCHR", "2019-03-28", "https://example.org/d1")
    assert doc.sha256 == sha(data)
    assert doc.text == GOOD
    frame = corpus.frame()
    assert list(frame["doc_id"]) == ["d1"]
    assert frame.loc[0, "n_chars"] == len(GOOD)
    assert corpus.texts() == {"d1": GOOD}


def test_bad_inputs_are_kept_out_and_reported(tmp_path):
    good1, good2 = GOOD.encode(), "On 1 June 2019 ten activists were arrested in Nur-Sultan.".encode()
    root = write_corpus(tmp_path / "raw", [
        {"doc_id": "good1", "file": "good1.txt", "data": good1},
        {"doc_id": "empty", "file": "empty.txt", "data": b""},
        {"doc_id": "binary", "file": "binary.txt", "data": b"PK\x03\x04\x00\x00\x01\x02binary\x00\xff" * 20},
        {"doc_id": "missing", "file": "missing.txt", "data": None, "sha256": "0" * 64},
        {"doc_id": "tampered", "file": "tampered.txt", "data": b"Some text that was edited.", "sha256": sha(b"original")},
        {"doc_id": "good2", "file": "good2.txt", "data": good2},
    ])
    corpus = load_corpus(root)
    assert sorted(d.doc_id for d in corpus) == ["good1", "good2"]
    errs = errors_by_file(corpus)
    assert set(errs) == {"empty.txt", "binary.txt", "missing.txt", "tampered.txt"}
    for name, reason in errs.items():
        assert name in reason, (name, reason)
    assert "empty" in errs["empty.txt"]
    assert "binary" in errs["binary.txt"]
    assert "missing" in errs["missing.txt"]
    assert "sha256" in errs["tampered.txt"]
    frame = corpus.frame()
    assert sorted(frame["doc_id"]) == ["good1", "good2"]


@pytest.mark.parametrize("encoding,raw", [
    ("cp1251", lambda s: s.encode("cp1251")),
    ("utf-16-bom", lambda s: s.encode("utf-16")),          # Python's utf-16 writes a BOM
    ("utf-16-be-bom", lambda s: b"\xfe\xff" + s.encode("utf-16-be")),
    ("utf-8-bom", lambda s: s.encode("utf-8-sig")),
])
def test_encodings_decode(tmp_path, encoding, raw):
    if encoding == "cp1251":
        # cp1251 cannot encode Kazakh-specific letters; use Russian text with Kazakh place names.
        text = ("10 мая 2018 года в Алматы и Астане были задержаны более 150 человек. "
                "Полиция задержала участников митинга в городе Алматы.")
    else:
        text = "2018 жылғы 10 мамырда Алматы қаласында 150-ден астам адам ұсталды. Алматы, Қазақстан."
    data = raw(text)
    root = write_corpus(tmp_path / "raw", [{"doc_id": "ru", "file": "ru.txt", "data": data}])
    corpus = load_corpus(root)
    assert corpus.errors == []
    doc = corpus.documents[0]
    assert "Алматы" in doc.text
    assert doc.text.lstrip("\ufeff") == text
    assert not doc.text.startswith("\ufeff")


def test_file_not_in_manifest_is_loaded_and_reported(tmp_path):
    root = write_corpus(tmp_path / "raw", [{"doc_id": "d1", "file": "d1.txt", "data": GOOD.encode()}])
    (root / "extra_report.txt").write_text("On 4 January 2017 a court banned the union.", encoding="utf-8")
    corpus = load_corpus(root)
    assert sorted(d.doc_id for d in corpus) == ["d1", "extra_report"]
    extra = next(d for d in corpus if d.file == "extra_report.txt")
    assert extra.title == "extra_report"
    errs = errors_by_file(corpus)
    assert list(errs) == ["extra_report.txt"]
    assert "not in the manifest" in errs["extra_report.txt"]
    corpus.frame()  # still validates


def test_manifest_missing_doc_id_column_raises(tmp_path):
    root = tmp_path / "raw"
    root.mkdir()
    (root / "a.txt").write_text(GOOD)
    manifest = root / "manifest.csv"
    manifest.write_text("file,title,publisher,published,url,sha256\na.txt,T,P,2019-01-01,u,\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        load_corpus(root)
    msg = str(info.value)
    assert str(manifest) in msg
    assert "line 1" in msg
    assert "doc_id" in msg


def test_manifest_row_with_too_many_fields_is_named_and_skipped(tmp_path):
    root = tmp_path / "raw"
    root.mkdir()
    for n in ("a", "b", "c"):
        (root / f"{n}.txt").write_text(GOOD)
    manifest = root / "manifest.csv"
    manifest.write_text(",".join(HEADER) + "\n"
                        "a,a.txt,T,P,2019-01-01,u,\n"
                        "b,b.txt,T,P,2019-01-01,u,\n"
                        "c,c.txt,T,P,2019-01-01,u,,EXTRA\n", encoding="utf-8")
    corpus = load_corpus(root)
    assert [d.doc_id for d in corpus] == ["a", "b"]  # the rest is built, c is not taken as unlisted
    (msg,) = [e.reason for e in corpus.errors]
    assert str(manifest) in msg and "line 4:" in msg and "8 fields where the header has 7" in msg
