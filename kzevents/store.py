"""Atomic writes: every output goes to a temporary file in its folder, then is renamed over the
old one, so an interrupted run never leaves a half-written or corrupted file.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
>>> _ = write_atomic(p, lambda tmp: tmp.write_text("ok")); p.read_text()
'ok'
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd


def file_mode() -> int:
    """The permissions a new file gets under the user's umask (``0o644`` under umask 022):
    temporary files are created 0600 and given these before they are renamed into place.

    >>> old = os.umask(0o027); mode = file_mode(); _ = os.umask(old); oct(mode)
    '0o640'
    """
    current = os.umask(0)
    os.umask(current)
    return 0o666 & ~current


def write_atomic(path: str | Path, writer) -> Path:
    """Call ``writer(tmp_path)`` then rename the temporary file onto ``path`` (with the
    permissions of the user's umask, as any new file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp)
    try:
        writer(tmp)
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _writer(frame: pd.DataFrame, path: Path):
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return lambda tmp: frame.to_parquet(tmp, index=False)
    if suffix == ".csv":
        return lambda tmp: frame.to_csv(tmp, index=False, date_format="%Y-%m-%d")
    if suffix == ".json":
        return lambda tmp: frame.to_json(tmp, orient="records", date_format="iso", indent=1)
    raise ValueError(f"{path}: unknown output format {suffix!r} (use .parquet, .csv or .json)")


def write_frame(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` as parquet, csv or json (by suffix), atomically."""
    path = Path(path)
    return write_atomic(path, _writer(frame, path))


def write_frames(outputs: dict) -> list[Path]:
    """Write several frames as one step: all go to temporary files first and are renamed only
    when every write has succeeded, so a failure leaves the earlier set whole."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, frame in outputs.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            os.close(fd)
            staged.append((Path(tmp), path))
            _writer(frame, path)(Path(tmp))
        mode = file_mode()
        for tmp, path in staged:
            os.chmod(tmp, mode)
            os.replace(tmp, path)
    finally:
        for tmp, _ in staged:
            if tmp.exists():
                tmp.unlink()
    return [path for _, path in staged]


def append_manifest_row(path: str | Path, row: dict) -> Path:
    """Append ``row`` to a manifest CSV, atomically: the old bytes, untouched, and the new line go to
    a temporary file that is renamed over the manifest (created with a header if missing).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "manifest.csv"
    >>> _ = append_manifest_row(p, {"doc_id": "d1", "file": "d1.txt", "title": "A, B"}); p.read_text().splitlines()[1]
    'd1,d1.txt,"A, B",,,,,'
    """
    import csv
    import io

    from .corpus import MANIFEST_COLUMNS

    path = Path(path)
    old = path.read_bytes() if path.exists() else b""
    header = next(csv.reader(io.StringIO(old.decode("utf-8-sig"))), None) if old.strip() else None
    columns = header or list(MANIFEST_COLUMNS)
    newline = "\r\n" if b"\r\n" in old[:4096] else "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    if not header:
        writer.writerow(columns)
    writer.writerow([row.get(c, "") for c in columns])
    data = old + (newline.encode() if old and not old.endswith(b"\n") else b"") + buffer.getvalue().encode("utf-8")
    return write_atomic(path, lambda tmp: tmp.write_bytes(data))


BUILD_INFO = "build.json"


class Cache:
    """The rows of an earlier build, to reuse for documents that have not changed: a build's own
    outputs (``mentions.parquet``, ``documents.csv`` and ``build.json`` with the code version) are
    its cache, so the cache is always exactly what the last build wrote, in one step. A document's
    rows are reused when its doc_id, published date and sha256 match and the code version is the
    same; anything unreadable only makes a cold cache.

    >>> import tempfile
    >>> cache = Cache(tempfile.mkdtemp(), version="0.1.0")
    >>> (len(cache), cache.get("d1", "2019-03-28", "ab" * 32), len(cache.rows("d1")))
    (0, None, 0)
    """

    def __init__(self, folder: str | Path, version: str):
        self.folder, self.version = Path(folder), version
        self.documents: dict[str, dict] = {}
        self._mentions = pd.DataFrame()
        self._positions: dict = {}
        try:
            self._read()
        except Exception:  # noqa: BLE001 - a damaged or foreign earlier build is only a cold cache
            self.documents, self._mentions, self._positions = {}, pd.DataFrame(), {}

    def __len__(self) -> int:
        return len(self.documents)

    def get(self, doc_id: str, published: str, sha256: str, covers: str = "") -> dict | None:
        """The ``Documents`` row of an unchanged document (its rows: :meth:`rows`), or ``None``."""
        record = self.documents.get(doc_id)
        if record is None or record["sha256"] != sha256 or record["published"] != (published or "") \
                or record.get("covers", "") != (covers or ""):
            return None
        return record

    def rows(self, doc_id: str) -> pd.DataFrame:
        """The earlier build's rows of one document."""
        positions = self._positions.get(doc_id, [])
        return self._mentions.take(positions).reset_index(drop=True)

    def _read(self) -> None:
        import json

        info = self.folder / BUILD_INFO
        if not info.is_file() or json.loads(info.read_text(encoding="utf-8"))[0].get("version") != self.version:
            return
        documents = pd.read_csv(self.folder / "documents.csv", dtype=str, keep_default_na=False)
        self._mentions = pd.read_parquet(self.folder / "mentions.parquet")
        self._positions = {str(k): v for k, v in self._mentions.groupby("doc_id", sort=False).indices.items()}
        self.documents = {r["doc_id"]: {**r, "n_chars": int(r["n_chars"])} for r in documents.to_dict("records")}


def build_info(version: str) -> pd.DataFrame:
    """The one-row frame written as ``build.json`` beside a build's outputs."""
    return pd.DataFrame([{"version": version}])
