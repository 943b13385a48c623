"""A corpus: the documents of a folder like ``data/raw/`` with their ``manifest.csv`` metadata.

Bad input never stops a corpus from loading: each bad document is kept out and reported in
``Corpus.errors`` with its file and reason; a malformed manifest raises ``CorpusError`` naming
the file and line.

>>> corpus = load_corpus("data/raw")          # doctest: +SKIP
>>> corpus.frame()[["doc_id", "published"]]   # doctest: +SKIP
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("doc_id", "file", "title", "publisher", "published", "url", "sha256")
TEXT_SUFFIXES = (".txt", ".md")


class CorpusError(ValueError):
    """A corpus that cannot be read at all (e.g. a malformed manifest)."""


@dataclass(frozen=True)
class Document:
    """One document: manifest metadata and the text as loaded (offsets point into it)."""

    doc_id: str
    file: str
    title: str
    publisher: str
    published: str
    url: str
    sha256: str
    text: str = field(repr=False)


@dataclass(frozen=True)
class BadInput:
    """A document that could not be used, and why."""

    file: str
    reason: str


@dataclass
class Corpus:
    """The good documents of a folder, and the bad ones with their reasons."""

    root: Path
    documents: list[Document]
    errors: list[BadInput] = field(default_factory=list)

    def __iter__(self):
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def frame(self) -> pd.DataFrame:
        """The documents as a validated frame (schema ``Documents``), without their text."""
        from .schema import Documents

        rows = [{"doc_id": d.doc_id, "file": d.file, "title": d.title, "publisher": d.publisher,
                 "published": d.published, "url": d.url, "sha256": d.sha256, "n_chars": len(d.text)}
                for d in self.documents]
        frame = pd.DataFrame(rows, columns=list(Documents.to_schema().columns))
        return Documents.validate(frame, lazy=True)

    def texts(self) -> dict[str, str]:
        return {d.doc_id: d.text for d in self.documents}


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else the detected encoding.

    Raises ``ValueError`` naming ``name`` for empty or binary input.

    >>> decode("Алматы".encode("cp1251"), "x.txt")
    'Алматы'
    """
    if not data.strip():
        raise ValueError(f"{name}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ValueError(f"{name}: binary data, not text (NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1251", "cp1252", "koi8_r", "latin_1", "utf_16"]).best()
    if best is None:
        raise ValueError(f"{name}: not UTF-8 and no text encoding could be detected")
    text = str(best)
    if sum(not (c.isprintable() or c.isspace()) for c in text[:4096]) > 0.05 * min(len(text), 4096):
        raise ValueError(f"{name}: binary data, not text")
    return text


def read_text(path: str | Path) -> str:
    """The text of one file (see :func:`decode`); errors name the file."""
    path = Path(path)
    return decode(path.read_bytes(), str(path))


def read_manifest(path: str | Path) -> list[dict]:
    """Manifest rows as dicts; a missing column or a malformed line raises ``CorpusError``."""
    path = Path(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh, strict=True)
            missing = [c for c in ("doc_id", "file") if c not in (reader.fieldnames or [])]
            if missing:
                raise CorpusError(f"{path}: line 1: missing column(s) {', '.join(missing)}; "
                                  f"expected {', '.join(MANIFEST_COLUMNS)}")
            rows = []
            for row in reader:
                if None in row or not (row.get("doc_id") or "").strip() or not (row.get("file") or "").strip():
                    raise CorpusError(f"{path}: line {reader.line_num}: malformed row (wrong number of fields "
                                      "or empty doc_id/file)")
                rows.append({c: (row.get(c) or "").strip() for c in MANIFEST_COLUMNS})
            return rows
    except csv.Error as exc:
        raise CorpusError(f"{path}: line {reader.line_num}: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: the manifest is not UTF-8 text ({exc.reason})") from exc


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _load_one(root: Path, row: dict) -> Document:
    path = root / row["file"]
    if not path.is_file():
        raise ValueError(f"{path}: listed in {root / MANIFEST} but the file is missing")
    data = path.read_bytes()
    digest = _sha256(data)
    if row["sha256"] and row["sha256"].lower() != digest:
        raise ValueError(f"{path}: sha256 differs from the manifest ({row['sha256'][:12]}… vs {digest[:12]}…)")
    text = decode(data, str(path))
    return Document(row["doc_id"], row["file"], row["title"], row["publisher"], row["published"],
                    row["url"], digest, text)


def load_corpus(path: str | Path = "data/raw") -> Corpus:
    """Read a folder of texts and its ``manifest.csv``; files missing from the manifest are taken
    with metadata derived from the file (title = file stem) and reported.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("On 1 May 2018 ten people were detained.")
    >>> c = load_corpus(d); (len(c), c.errors[0].reason[:27])
    (1, 'not in the manifest: metada')
    """
    root = Path(path)
    if not root.is_dir():
        raise CorpusError(f"{root}: no such folder")
    rows = read_manifest(root / MANIFEST) if (root / MANIFEST).exists() else []
    documents, errors, listed = [], [], set()
    for row in rows:
        listed.add(row["file"])
        try:
            documents.append(_load_one(root, row))
        except (ValueError, OSError) as exc:
            errors.append(BadInput(row["file"], str(exc)))
    for extra in sorted(p for p in root.iterdir() if p.suffix.lower() in TEXT_SUFFIXES and p.name not in listed):
        row = {"doc_id": extra.stem, "file": extra.name, "title": extra.stem, "publisher": "", "published": "",
               "url": "", "sha256": ""}
        try:
            documents.append(_load_one(root, row))
            errors.append(BadInput(extra.name, "not in the manifest: metadata derived from the file"))
        except (ValueError, OSError) as exc:
            errors.append(BadInput(extra.name, str(exc)))
    return Corpus(root, documents, errors)
