"""Per-document extraction for a whole corpus: serially or on dask.distributed, streaming and
incremental.

Each document is read from its path inside its own task (texts are never all in memory at once),
loaded (:mod:`kzevents.formats`), extracted and returned as rows; bad input becomes a reason, never
an exception. On Dask the tasks go to a ``LocalCluster`` (``workers`` processes) or to any cluster
by ``client`` (a ``distributed.Client`` or a scheduler address; its workers must see the corpus
folder at the same path). Results are put back in document order, so the output is row for row
the serial one. With a cache (the folder of an earlier build's outputs, see
:class:`kzevents.store.Cache`), a document whose sha256, published date and code version are
unchanged is not extracted again.

For example ``extract_corpus("data/raw", engine="dask", workers=2)`` gives, row for row, what
``extract_corpus("data/raw")`` gives, on two worker processes. Dask is an optional extra: without
it, ``engine="dask"`` raises :class:`MissingExtra` naming ``pip install 'kzevents[dask]'``.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import signal
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .corpus import MAX_MB, UNLISTED, BadInput, Catalog, Corpus, Document, Entry, file_sha256, load_entry, \
    scan_corpus
from .extract import extract_rows
from .frame import build_frame, finish_records
from .language import language_note

ENGINES = ("serial", "dask")
DASK_INSTALL = "pip install 'kzevents[dask]'"


class MissingExtra(ImportError):
    """An optional extra that is not installed; the message names the ``pip install`` to run."""
DEFAULT_WORKERS = 2


@dataclass(frozen=True)
class Job:
    """What one task gets: a document to read from ``root``/``entry.file``, or one already loaded."""

    root: str = ""
    entry: Entry | None = None
    document: Document | None = None
    max_mb: float = MAX_MB

    @property
    def file(self) -> str:
        return self.entry.file if self.entry else self.document.file


@dataclass(frozen=True)
class Outcome:
    """What one task returns: the document's rows and ``Documents`` row, or why it is bad."""

    frame: pd.DataFrame | None = None
    record: dict | None = None
    rows: list | None = None  # the document's finished rows (dicts), made into frames many documents at once
    error: str | None = None
    note: str | None = None  # a warning about a good document (e.g. a language not read)


def extract_document(job: Job) -> Outcome:
    """Load and extract one document; bad input (and a failure of extraction) is an ``error``.

    >>> from kzevents.corpus import Document
    >>> doc = Document("d1", "d1.txt", "", "", "2019-03-28", "", "0" * 64, "On 1 May 2018 ten people were detained.")
    >>> [(r["doc_id"], r["event_type"]) for r in extract_document(Job(document=doc)).rows]
    [('d1', 'detention')]
    """
    try:
        doc = job.document or load_entry(job.root, job.entry, job.max_mb)
    except (ValueError, OSError) as exc:
        path = Path(job.root) / job.file
        return Outcome(error=f"{path}: {exc.strerror or exc}" if isinstance(exc, OSError) else str(exc))
    try:
        record = doc.record()  # its language is the one the document is read in (detected once)
        language = record["language"]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            rows = extract_rows(doc.text, doc_id=doc.doc_id, published=doc.published or None,
                                covers=doc.covers or None, language=language, frame=False)
            rows = finish_records(rows, doc.text, doc.sha256)
    except Exception as exc:  # noqa: BLE001 - one document's failure must not cost the others
        return Outcome(error=f"{Path(job.root) / job.file}: extraction failed ({type(exc).__name__}: {exc}); "
                             "this is a bug in kzevents, please report it")
    notes = [language_note(str(Path(job.root) / job.file), language)]
    notes += [f"{Path(job.root) / job.file}: {str(w.message).split(': ', 1)[-1]}" for w in caught]
    note = "; ".join(n for n in notes if n) or None
    return Outcome(record=record, note=note, rows=rows)


def run(jobs: list[Job], *, engine: str = "serial", client=None, workers: int | None = None,
        progress: bool = False):
    """Yield ``(position, Outcome)`` for each job as it finishes (serially: in order).

    >>> [o.error is None for _, o in run([])]
    []
    """
    _check_engine(engine)
    done = _serial(jobs) if engine == "serial" else _dask(jobs, client, workers)
    if progress and jobs:
        from tqdm import tqdm

        done = tqdm(done, total=len(jobs), desc="extracting", unit="doc")
    return done


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")


def _serial(jobs):
    for position, job in enumerate(jobs):
        yield position, extract_document(job)


def _dask(jobs, client, workers):
    """Submit a bounded window of tasks (memory stays flat), topping it up as each one finishes.

    A task extracts a batch of consecutive documents (fewer, larger results for this process to
    take in); a batch whose task failed (e.g. its worker died) is tried again one document a task,
    so that only the culprit is lost."""
    if not jobs:
        return
    as_completed = _distributed().as_completed

    with _connect(client, workers) as dask_client:
        threads = max(1, sum(dask_client.nthreads().values()))
        batches = list(_batches(jobs, threads))[::-1]
        batch_of, finished = {}, as_completed()

        def submit() -> None:
            if batches:
                batch = batches.pop()
                future = dask_client.submit(extract_batch, [jobs[p] for p in batch], pure=False)
                batch_of[future.key] = batch
                finished.add(future)

        for _ in range(4 * threads):
            submit()
        try:
            for future in finished:
                batch = batch_of.pop(future.key)
                try:
                    frame, statuses = future.result()
                except Exception as exc:  # noqa: BLE001 - a task that died
                    if len(batch) > 1:
                        batches.extend([p] for p in reversed(batch))
                        submit()
                        continue
                    frame, statuses = None, [(None, _task_error(jobs[batch[0]], exc), None)]
                finally:
                    future.release()
                for n, (position, (record, error, note)) in enumerate(zip(batch, statuses)):
                    yield position, Outcome(frame=frame if n == 0 else None, record=record, error=error, note=note)
                submit()
        finally:
            for future in list(finished.futures):
                future.cancel()


BATCH_DOCS, BATCH_CHARS = 32, 128_000  # a task takes at most this many documents, or about this much text


def _batches(jobs: list[Job], threads: int):
    """Positions of consecutive jobs, in batches small enough to keep every thread busy to the end."""
    most = max(1, min(BATCH_DOCS, len(jobs) // (8 * threads)))
    batch, size = [], 0
    for position, job in enumerate(jobs):
        batch.append(position)
        size += _size(job)
        if len(batch) >= most or size >= BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _size(job: Job) -> int:
    if job.document is not None:
        return len(job.document.text)
    try:
        return (Path(job.root) / job.file).stat().st_size
    except OSError:
        return 0


def extract_batch(jobs: list[Job]):
    """One task's work: extract consecutive documents (each loaded in turn, then let go); their rows
    as one frame (``None`` if none), and each one's ``(record, error, note)``.

    >>> extract_batch([])
    (None, [])
    """
    rows, statuses = [], []
    for job in jobs:
        outcome = extract_document(job)
        statuses.append((outcome.record, outcome.error, outcome.note))
        rows.extend(outcome.rows or ())
    return (build_frame(rows) if rows else None), statuses


def _task_error(job: Job, exc: Exception) -> str:
    """A task that died (e.g. its worker was killed) is the document's error."""
    return f"{Path(job.root) / job.file}: the task failed on Dask ({type(exc).__name__}: {exc})"


@contextmanager
def _connect(client, workers):
    """A Dask client: the one given, one for a scheduler address, or a new LocalCluster's."""
    Client, LocalCluster = _distributed().Client, _distributed().LocalCluster

    if client is not None and not isinstance(client, str):
        yield client
        return
    if isinstance(client, str):
        try:
            own = Client(client, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise ConnectionError(f"{client}: cannot reach the Dask scheduler ({exc})") from exc
        cluster = None
    else:
        with _sigint_ignored():  # Ctrl-C is for this process, which then closes the cluster
            cluster = LocalCluster(n_workers=workers or DEFAULT_WORKERS, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.ERROR)
        own = Client(cluster)
    try:
        yield own
    finally:
        own.close()
        if cluster is not None:
            cluster.close()


def _distributed():
    """The ``distributed`` module, or :class:`MissingExtra` naming the install to run.

    >>> import sys; saved = sys.modules.get("distributed"); sys.modules["distributed"] = None
    >>> try:
    ...     _distributed()
    ... except MissingExtra as exc:
    ...     print(exc)
    ... finally:
    ...     _ = sys.modules.pop("distributed") if saved is None else sys.modules.update(distributed=saved)
    the Dask engine (--workers N, --scheduler) needs the dask extra: pip install 'kzevents[dask]'
    """
    try:
        import distributed
    except ImportError:
        raise MissingExtra(f"the Dask engine (--workers N, --scheduler) needs the dask extra: {DASK_INSTALL}") from None
    return distributed


@contextmanager
def _sigint_ignored():
    """Start processes that ignore SIGINT (they inherit it), so that Ctrl-C in a terminal, sent to
    every process of the group, interrupts only the build, which shuts its cluster down cleanly."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: nothing to do
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@functools.cache
def code_version() -> str:
    """The package version and a digest of its code and lexicon: cached rows are keyed on it, so an
    edited extractor never serves rows made by the old one.

    >>> code_version().count("+")
    1
    """
    from importlib.metadata import PackageNotFoundError, version

    from . import __version__

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.iterdir()):
        if path.suffix in (".py", ".toml", ".json"):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    try:
        digest.update(version("dateparser").encode())
    except PackageNotFoundError:  # pragma: no cover
        pass
    return f"{__version__}+{digest.hexdigest()[:12]}"


def extract_corpus(source="data/raw", *, engine: str = "serial", client=None, workers: int | None = None,
                   cache=None, progress: bool = False, max_mb: float = MAX_MB) -> pd.DataFrame:
    """Every mention of a corpus (a folder, a :class:`Catalog` or a loaded :class:`Corpus`), validated.

    A ``Catalog`` is filled in: ``records``, ``errors`` and ``reused``. ``cache`` is the folder of
    an earlier build (or a :class:`kzevents.store.Cache`) whose rows unchanged documents reuse.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("On 2 May 2018 ten people were detained.")
    >>> extract_corpus(d)[["doc_id", "event_type", "count"]].astype(str).values.tolist()
    [['a', 'detention', '10']]
    """
    from .schema import check_mentions
    from .store import Cache

    _check_engine(engine)
    if cache is not None and not isinstance(cache, Cache):
        cache = Cache(cache, code_version())
    if isinstance(source, Corpus):
        items = [(d, Job(document=d)) for d in source.documents]
        catalog = None
    else:
        catalog = source if isinstance(source, Catalog) else scan_corpus(source)
        items = [(e, Job(str(catalog.root), e, max_mb=max_mb)) for e in catalog.entries]
    collected = _InOrder(len(items))
    todo = []
    for position, (item, job) in enumerate(items):
        hit = _cached(cache, catalog, item, max_mb) if cache else None
        if hit is None:
            todo.append(position)
        else:
            collected.add(position, hit)
    for n, outcome in run([items[p][1] for p in todo], engine=engine, client=client, workers=workers,
                          progress=progress):
        collected.add(todo[n], outcome)
    if catalog is not None:
        _report(catalog, items, collected.status, reused=len(items) - len(todo))
    mentions = collected.rows()
    if mentions is None:
        return build_frame([])
    return check_mentions(mentions)  # one validation for the corpus: cheap, as the rows have the schema's dtypes


class _InOrder:
    """Outcomes put back in document order, their rows gathered into large frames as soon as every
    earlier document is in: memory follows the rows (~0.3 KB each), not the documents (a small
    frame of its own costs ~50 KB)."""

    BATCH = 256

    def __init__(self, n: int):
        self.status: list[tuple[dict | None, str | None, str | None]] = [(None, None, None)] * n
        self.waiting: dict[int, object] = {}
        self.next = 0
        self.batch: list[pd.DataFrame] = []
        self.chunks: list[pd.DataFrame] = []

    def add(self, position: int, outcome: Outcome) -> None:
        self.status[position] = (outcome.record, outcome.error, outcome.note)
        self.waiting[position] = outcome.rows if outcome.rows is not None else outcome.frame
        while self.next in self.waiting:
            frame = self.waiting.pop(self.next)
            self.next += 1
            frame = frame() if callable(frame) else frame
            if frame is not None and len(frame):
                self.batch.append(frame)
            if len(self.batch) >= self.BATCH:
                self._flush()

    def rows(self) -> pd.DataFrame | None:
        self._flush()
        return pd.concat(self.chunks, ignore_index=True) if len(self.chunks) > 1 else \
            (self.chunks[0] if self.chunks else None)

    def _flush(self) -> None:
        """The waiting documents' rows as one frame: consecutive row dicts built into a frame at
        once (issue 12: a frame per document cost more than its extraction), frames kept."""
        frames, records = [], []
        for item in self.batch:
            if isinstance(item, list):
                records.extend(item)
                continue
            if records:
                frames.append(build_frame(records))
                records = []
            frames.append(item)
        if records:
            frames.append(build_frame(records))
        if frames:
            self.chunks.append(pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0])
        self.batch = []


def _cached(cache, catalog, item, max_mb: float) -> Outcome | None:
    """The outcome of an unchanged document from the cache (its rows taken only when their turn comes);
    ``None`` for a document now over the size limit, so that it is named as a fresh build would."""
    if isinstance(item, Document):
        sha256 = item.sha256
    else:
        try:
            sha256 = file_sha256(catalog.root / item.file)
        except OSError:
            return None  # the task names the problem
    before = cache.get(item.doc_id, item.published, sha256, item.covers)
    if before is None or (max_mb and before["n_chars"] > max_mb * 1_000_000):
        return None
    title = before.get("title", item.title) if isinstance(item, Entry) and not item.listed else item.title
    record = {"doc_id": item.doc_id, "file": item.file, "title": title, "publisher": item.publisher,
              "published": item.published, "url": item.url, "sha256": sha256, "covers": item.covers,
              "n_chars": before["n_chars"], "language": before.get("language") or "en"}
    return Outcome(frame=functools.partial(cache.rows, item.doc_id), record=record)


def _report(catalog: Catalog, items, status, reused: int) -> None:
    """Fill the catalog in: good documents' records, then every error in document order."""
    catalog.errors = list(catalog.listing_errors)
    catalog.records = []
    for (entry, _), (record, error, note) in zip(items, status):
        if error:
            catalog.errors.append(BadInput(entry.file, error))
            continue
        catalog.records.append(record)
        if note:
            catalog.errors.append(BadInput(entry.file, note, warning=True))
        if not entry.listed:
            catalog.errors.append(BadInput(entry.file, UNLISTED))
    catalog.reused = reused
