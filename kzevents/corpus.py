"""A corpus: the documents of a folder like ``data/raw/`` with their ``manifest.csv`` metadata.

Bad input never stops a corpus from loading: each bad document is kept out and reported in
``Corpus.errors`` with its file and reason, as is every malformed manifest row (with its true
line); only a manifest with no ``doc_id``/``file`` header, or not UTF-8, raises ``CorpusError``.

>>> import tempfile, pathlib
>>> raw = pathlib.Path(tempfile.mkdtemp())
>>> _ = (raw / "a.txt").write_text("On 2 May 2018 ten people were detained.")
>>> _ = (raw / "manifest.csv").write_text("doc_id,file,published\\nd1,a.txt,2019-03-28\\nd2,gone.txt,2019\\n")
>>> corpus = load_corpus(raw)
>>> corpus.frame()[["doc_id", "published", "n_chars"]].values.tolist()
[['d1', '2019-03-28', 39]]
>>> corpus.errors[0].reason.endswith("but the file is missing")
True
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from .formats import SUFFIXES, text_and_title
from .language import detect_language
from .timex import parse_covers

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("doc_id", "file", "title", "publisher", "published", "url", "sha256", "covers")
TEXT_SUFFIXES = SUFFIXES  # every format of kzevents.formats
MAX_MB = 20  # documents whose text is longer (in millions of characters) are skipped and named
UNLISTED = "not in the manifest: metadata derived from the file"


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
    covers: str = ""  # the period a periodic report covers, "YYYY" or "YYYY-MM-DD/YYYY-MM-DD" (R26)

    def record(self) -> dict:
        """The document's row of the ``Documents`` frame."""
        return {"doc_id": self.doc_id, "file": self.file, "title": self.title, "publisher": self.publisher,
                "published": self.published, "url": self.url, "sha256": self.sha256, "covers": self.covers,
                "n_chars": len(self.text), "language": detect_language(self.text)}


@dataclass(frozen=True)
class Entry:
    """A document as listed (a manifest row, or a file with none), before its text is read."""

    doc_id: str
    file: str
    title: str
    publisher: str
    published: str
    url: str
    sha256: str  # as the manifest gives it ('' when it gives none)
    covers: str = ""
    listed: bool = True

    def document(self, text: str, sha256: str, title: str | None = None) -> Document:
        return Document(self.doc_id, self.file, self.title if title is None else title, self.publisher,
                        self.published, self.url, sha256, text, covers=self.covers)


@dataclass(frozen=True)
class BadInput:
    """A document that could not be used, and why."""

    file: str
    reason: str
    warning: bool = False  # a note on a document that was still used (e.g. a language not read)


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
        return documents_frame([d.record() for d in self.documents])

    def texts(self) -> dict[str, str]:
        return {d.doc_id: d.text for d in self.documents}


@dataclass
class Catalog:
    """The documents of a folder as listed, their texts unread: what a streaming build goes
    through (see :func:`scan_corpus`). ``kzevents.extract_corpus(catalog)`` loads each document in
    its own task and fills ``records`` (one ``Documents`` row per good document), ``errors`` and
    ``reused`` (documents taken from the cache).

    >>> import tempfile, pathlib, kzevents
    >>> raw = pathlib.Path(tempfile.mkdtemp()); _ = (raw / "a.txt").write_text("In 2017 a court banned the party.")
    >>> catalog = scan_corpus(raw)
    >>> mentions = kzevents.extract_corpus(catalog)
    >>> catalog.frame()["doc_id"].tolist(), [e.reason for e in catalog.errors] == [UNLISTED], len(mentions)
    (['a'], True, 1)
    """

    root: Path
    entries: list[Entry]
    listing_errors: list[BadInput] = field(default_factory=list)  # bad manifest rows
    errors: list[BadInput] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    reused: int = 0

    def __post_init__(self):
        self.errors = self.errors or list(self.listing_errors)

    def __len__(self) -> int:
        return len(self.entries)

    def frame(self) -> pd.DataFrame:
        """The good documents extracted so far, as a validated ``Documents`` frame."""
        return documents_frame(self.records)

    def bad(self) -> list[BadInput]:
        """The errors that are failures (not the notes on files missing from the manifest)."""
        return [b for b in self.errors if b.reason != UNLISTED and not b.warning]


def documents_frame(records: list[dict]) -> pd.DataFrame:
    """``Documents`` rows as a validated frame."""
    from .schema import Documents

    frame = pd.DataFrame(records, columns=list(Documents.to_schema().columns))
    return Documents.validate(frame, lazy=True)


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 (with BOM, or plainly so), else the
    detected encoding (cp1251, cp1252, KOI8-R, Latin-1).

    Raises ``ValueError`` naming ``name`` for empty, binary or undecodable input.

    >>> decode("Алматы".encode("cp1251"), "x.txt")
    'Алматы'
    """
    if not data.strip():
        raise ValueError(f"{name}: the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _printable(data.decode("utf-16"), name)
        except UnicodeDecodeError as exc:
            raise ValueError(f"{name}: starts like UTF-16 but is not ({exc.reason} at byte {exc.start})") from exc
    guess = _bomless_utf16(data)
    if guess:
        try:
            return _printable(data.decode(guess), name)
        except ValueError:  # UnicodeDecodeError included: binary after all
            pass
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
    return _printable(str(best), name)


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NUL bytes of the head all sit at odd (or all at even)
    positions, as the high bytes of Latin letters, digits and spaces do in UTF-16 without a BOM."""
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd >= 2 and even * 20 <= odd:
        return "utf-16-le"
    if even >= 2 and odd * 20 <= even:
        return "utf-16-be"
    return None


def _printable(text: str, name: str) -> str:
    head = text[:4096]
    if sum(not (c.isprintable() or c.isspace()) for c in head) > 0.05 * len(head):
        raise ValueError(f"{name}: binary data, not text")
    return text


def read_text(path: str | Path) -> str:
    """The text of one file, in any format of :mod:`kzevents.formats`; errors name the file."""
    from .formats import load_text

    return load_text(path)


def read_manifest(path: str | Path, errors: list | None = None) -> list[dict]:
    """The good rows of a manifest as dicts (see :func:`manifest_lines`)."""
    return [row for _, row in manifest_lines(path, errors)]


def manifest_lines(path: str | Path, errors: list | None = None) -> list[tuple[int, dict]]:
    """The good rows of a manifest as ``(line, row)`` pairs. Every malformed row (an unclosed quote, too many or
    too few fields, an empty doc_id or file, a published or covers cell that is not a date) is
    skipped and named with its true line in ``errors`` (a list of :class:`BadInput`); a manifest
    without a header naming doc_id and file, or that is not UTF-8, raises ``CorpusError``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "manifest.csv"
    >>> _ = p.write_text("doc_id,file,published\\nd1,a.txt,2019\\nd2,b.txt\\nd3,c.txt,28/03/2019\\n")
    >>> bad = []; [(n, r["doc_id"]) for n, r in manifest_lines(p, bad)], [b.reason.split(": ")[3] for b in bad]
    ([(2, 'd1')], ['line 3', 'line 4'])
    """
    path = Path(path)
    errors = [] if errors is None else errors
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            lines = fh.read().splitlines(keepends=True)
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: the manifest is not UTF-8 text ({exc.reason})") from exc
    reader = csv.reader(lines, strict=True)
    header = [c.strip() for c in next(reader, [])]
    missing = [c for c in ("doc_id", "file") if c not in header]
    if missing:
        raise CorpusError(f"{path}: line 1: missing column(s) {', '.join(missing)}; "
                          f"expected {', '.join(MANIFEST_COLUMNS)}")
    rows = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(BadInput(_file_cell(lines[line - 1]), f"{path}: line {line}: skipped: {_csv_problem(exc)}"))
            continue
        if not any(c.strip() for c in cells):
            continue
        row = dict(zip(header, (c.strip() for c in cells)))
        problem = _row_problem(cells, header, row)
        if problem:
            named = f"{path.parent / row['file']}: skipped: " if row.get("file") else ""
            errors.append(BadInput(row.get("file") or f"{path.name} line {line}",
                                   f"{named}{path}: line {line}: {problem}" + ("" if named else "; skipped")))
            continue
        rows.append((line, {c: row.get(c, "") for c in MANIFEST_COLUMNS}))
    return rows


def _csv_problem(exc: csv.Error) -> str:
    if "unexpected end of data" in str(exc) or "EOF" in str(exc):
        return "a quote opened on this line is never closed (it swallows the rest of the file)"
    return f"malformed CSV ({exc})"


def _file_cell(line: str) -> str:
    cells = line.split(",")
    return cells[1].strip().strip('"') if len(cells) > 1 else line.strip()


def _row_problem(cells: list[str], header: list[str], row: dict) -> str:
    """Why a manifest row cannot be used ('' when it can)."""
    if len(cells) != len(header):
        return f"{len(cells)} fields where the header has {len(header)} ({', '.join(header)})"
    empty = [c for c in ("doc_id", "file") if not row.get(c)]
    if empty:
        return f"empty {' and '.join(empty)}"
    try:
        parse_published(row.get("published", ""))
    except ValueError as exc:
        return str(exc)
    try:
        parse_covers(row.get("covers", ""))
    except ValueError as exc:
        return str(exc)
    return ""


def read_manifest_header(path: str | Path) -> list[str]:
    """The column names of a manifest's first line."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return next(csv.reader(fh), [])


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: str | Path) -> str:
    """The sha256 of a file, read in chunks (memory stays flat for any size)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def scan_corpus(path: str | Path = "data/raw") -> Catalog:
    """List the documents of a folder (manifest rows, then files with none) without reading them.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.html").write_text("<p>On 1 May 2018 ten were detained.</p>")
    >>> [(e.doc_id, e.file, e.listed) for e in scan_corpus(d).entries]
    [('a', 'a.html', False)]
    """
    root = Path(path)
    if not root.is_dir():
        raise CorpusError(f"{root}: no such folder")
    manifest = root / MANIFEST
    errors: list[BadInput] = []
    lines = manifest_lines(manifest, errors) if manifest.exists() else []
    entries, owner = [], {}
    for line, row in lines:
        if row["doc_id"] in owner:
            errors.append(BadInput(row["file"], f"{root / row['file']}: skipped: doc_id {row['doc_id']!r} (line "
                                                f"{line} of {manifest}) is already used by {owner[row['doc_id']]}"))
            continue
        owner[row["doc_id"]] = row["file"]
        entries.append(Entry(**row))
    listed = {row["file"] for _, row in lines} | {bad.file for bad in errors}  # a skipped row's file is not built
    for extra in sorted(p for p in root.iterdir() if p.suffix.lower() in SUFFIXES and p.name not in listed
                        and not p.name.startswith(".") and p.is_file()):
        doc_id = extra.stem if extra.stem not in owner else extra.name
        owner[doc_id] = extra.name
        entries.append(Entry(doc_id, extra.name, extra.stem, "", "", "", "", listed=False))
    return Catalog(root, entries, errors)


def load_entry(root: str | Path, entry: Entry, max_mb: float = MAX_MB) -> Document:
    """Read, check (sha256, size) and load one listed document; ``ValueError`` names the file.

    ``max_mb`` bounds the text (in millions of characters; 0 for no bound), so that one huge file
    cannot stall a build.
    """
    path = Path(root) / entry.file
    if not path.is_file():
        raise ValueError(f"{path}: listed in {Path(root) / MANIFEST} but the file is missing")
    limit = int(max_mb * 1_000_000)
    if limit and path.suffix.lower() not in (".pdf",) and path.stat().st_size > 4 * limit:
        raise ValueError(f"{path}: too large ({path.stat().st_size / 1e6:,.0f} MB; the limit is {max_mb:g} "
                         "million characters, see --max-mb)")
    data = path.read_bytes()
    digest = _sha256(data)
    if entry.sha256 and entry.sha256.lower() != digest:
        raise ValueError(f"{path}: sha256 differs from the manifest's: the manifest has {entry.sha256.lower()}, "
                         f"the file has {digest}")
    check_published(entry.published, path)
    check_covers(entry.covers, path)
    text, title = text_and_title(data, str(path))
    if limit and len(text) > limit:
        raise ValueError(f"{path}: too large ({len(text) / 1e6:,.1f} million characters; the limit is "
                         f"{max_mb:g}, see --max-mb)")
    return entry.document(text, digest, title=title if not entry.listed and title else entry.title)


def parse_published(value) -> date | None:
    """A document's date, the one parser of the API, the CLI and the manifest: ``YYYY-MM-DD``, or a
    year ``YYYY`` (read as its last day, the latest the document can be); a ``date`` passes
    through; ``None``/``""`` is no date. Anything else is a ``ValueError`` in one line.

    >>> parse_published("2019-03-28"), parse_published("2019"), parse_published("")
    (datetime.date(2019, 3, 28), datetime.date(2019, 12, 31), None)
    >>> parse_published("28/03/2019")
    Traceback (most recent call last):
    ...
    ValueError: published date '28/03/2019' is not YYYY-MM-DD or YYYY
    """
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"published date {value!r} is not YYYY-MM-DD or YYYY")


def check_published(published: str, name: str | Path) -> None:
    """``ValueError`` naming ``name`` unless ``published`` is '' or a real YYYY or YYYY-MM-DD date."""
    try:
        parse_published(published)
    except ValueError:
        raise ValueError(f"{name}: the manifest's published date {published!r} is not YYYY or YYYY-MM-DD") from None


def check_covers(covers: str, name: str | Path) -> None:
    """``ValueError`` naming ``name`` unless ``covers`` is '' or a period :func:`parse_covers` reads."""
    try:
        parse_covers(covers)
    except ValueError as exc:
        raise ValueError(f"{name}: the manifest's {exc}") from None


def load_corpus(path: str | Path = "data/raw", *, max_mb: float = MAX_MB) -> Corpus:
    """Read a folder of documents (.txt, .md, .html, .pdf) and its ``manifest.csv``; files missing
    from the manifest are taken with metadata derived from the file (its title, else its stem) and
    reported. Every text is held in memory: for a large corpus, ``kzevents.extract_corpus(path)``
    streams instead.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("On 1 May 2018 ten people were detained.")
    >>> c = load_corpus(d); (len(c), c.errors[0].reason[:27])
    (1, 'not in the manifest: metada')
    """
    catalog = scan_corpus(path)
    documents, errors = [], list(catalog.errors)
    for entry in catalog.entries:
        try:
            documents.append(load_entry(catalog.root, entry, max_mb))
        except (ValueError, OSError) as exc:
            errors.append(BadInput(entry.file, _reason(exc, catalog.root / entry.file)))
            continue
        if not entry.listed:
            errors.append(BadInput(entry.file, UNLISTED))
    return Corpus(catalog.root, documents, errors)


def _reason(exc: Exception, path: Path) -> str:
    """The message of a load failure, naming the file (OSErrors do not always)."""
    if isinstance(exc, OSError):
        return f"{path}: {exc.strerror or exc}"
    return str(exc)
