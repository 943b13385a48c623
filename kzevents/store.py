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


def write_atomic(path: str | Path, writer) -> Path:
    """Call ``writer(tmp_path)`` then rename the temporary file onto ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp)
    try:
        writer(tmp)
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
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for tmp, _ in staged:
            if tmp.exists():
                tmp.unlink()
    return [path for _, path in staged]
