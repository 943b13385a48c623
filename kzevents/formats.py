"""Text from the file formats of ``data/raw/``: ``.txt``/``.md`` (decoded, see ``corpus.decode``),
``.html``/``.htm`` (BeautifulSoup on lxml) and ``.pdf`` (pypdf).

The text returned is the text as loaded: extraction reads it and ``Document.text`` holds it, so
every offset points into it. HTML keeps paragraphs as blank-line-separated blocks, table rows as
tab-separated lines, footnote marks as ``<sup>n</sup>`` and links as ``text <URL>`` so that their
URLs reach ``cited_urls``. Every failure is a ``ValueError`` naming the file and the reason.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.html"
>>> _ = p.write_text('<p>On 1 May 2018 ten people were <a href="https://x.org/a">detained</a>.</p><p>Next.</p>')
>>> load_text(p)
'On 1 May 2018 ten people were detained <https://x.org/a>.\\n\\nNext.\\n'
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
_TEXT, _HTML, _PDF = (".txt", ".md"), (".html", ".htm"), (".pdf",)
_SPACE = re.compile(r"\s+")
_FOOTNOTE_MARK = re.compile(r"^\s*\[?(\d{1,3})\]?\s*$")
_FOOTNOTE_ID = re.compile(r"^_?(?:fn|ftn|footnote|note|endnote|edn)[-_:]?(\d{1,3})$", re.IGNORECASE)
_SKIP = {"script", "style", "head", "noscript", "template", "svg", "math", "iframe", "object", "select", "button"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "section", "article",
          "header", "footer", "nav", "aside", "main", "address", "figure", "figcaption", "caption", "ul", "ol",
          "dl", "hr", "form", "fieldset", "body", "html", "center", "details", "summary", "pre"}


def load_text(path: str | Path) -> str:
    """The text of one ``.txt``, ``.md``, ``.html`` or ``.pdf`` file, chosen by suffix.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"; _ = p.write_bytes("Алматы".encode("cp1251"))
    >>> load_text(p)
    'Алматы'
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    return text_and_title(data, str(path))[0]


def text_and_title(data: bytes, name: str) -> tuple[str, str]:
    """The text of file ``name`` from its bytes, and the title it declares ('' if none).

    >>> text_and_title(b"<title>T</title><p>One.</p>", "a.html")
    ('One.\\n', 'T')
    """
    suffix = Path(name).suffix.lower()
    if suffix in _TEXT:
        from .corpus import decode

        return decode(data, name), ""
    if suffix in _HTML:
        return _html(data, name)
    if suffix in _PDF:
        return _pdf(data, name)
    raise ValueError(f"{name}: unsupported file type {suffix or '(no suffix)'!r}; use {', '.join(SUFFIXES)}")


# --- HTML -------------------------------------------------------------------------------------

def _html(data: bytes, name: str) -> tuple[str, str]:
    from bs4 import BeautifulSoup

    from .corpus import decode

    markup = decode(data, name)
    try:
        soup = BeautifulSoup(markup, "lxml")
    except Exception as exc:  # noqa: BLE001 - any parser failure is bad input
        raise ValueError(f"{name}: unreadable HTML ({type(exc).__name__}: {exc})") from exc
    title = _SPACE.sub(" ", soup.title.get_text()).strip() if soup.title else ""
    text = _Renderer().render(soup)
    if not text.strip():
        raise ValueError(f"{name}: the HTML has no visible text")
    return text, title


class _Renderer:
    """Walks a parsed HTML tree (without recursion: trees may be deep) and writes plain text."""

    def __init__(self):
        self.blocks: list[str] = []
        self.parts: list[str] = []
        self.rows: list[str] | None = None   # rows of the open (outermost) table
        self.cells: list[str] | None = None  # cells of the open row
        self.tables = self.pre = 0
        self.prefix = ""                     # a bullet, number or footnote mark for the next block
        self.lists: list[list] = []          # [tag, next number] per open list

    def render(self, soup) -> str:
        stack = [(soup, False)]
        while stack:
            node, leaving = stack.pop()
            if leaving:
                self._end(node)
            elif self._enter(node):
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(node.contents))
        self._flush()
        return "\n\n".join(self.blocks) + "\n" if self.blocks else ""

    def _enter(self, node) -> bool:
        """Handle a node on the way down; True when its children are to be visited."""
        from bs4 import NavigableString, Tag

        if isinstance(node, NavigableString):
            if type(node) is NavigableString or type(node).__name__ == "CData":
                self.parts.append(str(node) if self.pre else _SPACE.sub(" ", str(node)))
            return False
        if not isinstance(node, Tag):
            return False
        tag = node.name
        if tag in _SKIP:
            return False
        if tag == "sup" and _FOOTNOTE_MARK.match(node.get_text()):
            self.parts.append(f"<sup>{_FOOTNOTE_MARK.match(node.get_text()).group(1)}</sup>")
            return False
        if tag == "a" and _FOOTNOTE_ID.match(str(node.get("href") or "").lstrip("#")) \
                and _FOOTNOTE_MARK.match(node.get_text()):
            self.parts.append(f"<sup>{_FOOTNOTE_MARK.match(node.get_text()).group(1)}</sup>")
            return False
        if tag == "br":
            self.parts.append("\n")
        elif tag == "table":
            self._table_start()
        elif tag == "tr" and self.tables == 1:
            self.cells = []
        elif tag in ("td", "th") and self.tables == 1:
            self.parts = []
        elif tag in _BLOCK:
            self._flush()
            self.pre += tag == "pre"
            if tag in ("ol", "ul"):
                self.lists.append([tag, _int(node.get("start"), 1)])
            elif tag == "li" and not self.tables:
                self.prefix = self._bullet(node)
            note = _FOOTNOTE_ID.match(str(node.get("id") or ""))
            if note and not self.tables:
                self.prefix = f"<sup>{note.group(1)}</sup> "
        return True

    def _end(self, node) -> None:
        tag = node.name
        if tag == "a":
            self._link(node)
        elif tag == "table":
            self._table_end()
        elif tag in ("td", "th") and self.tables == 1 and self.cells is not None:
            self.cells.append(_SPACE.sub(" ", "".join(self.parts)).strip())
            self.parts = []
        elif tag == "tr" and self.tables == 1 and self.cells is not None:
            if any(self.cells):
                self.rows.append("\t".join(self.cells))
            self.cells = None
        elif tag in _BLOCK:
            self._flush()
            self.pre -= tag == "pre"
            if tag in ("ol", "ul") and self.lists:
                self.lists.pop()

    def _bullet(self, node) -> str:
        if not self.lists:
            return "- "
        kind = self.lists[-1]
        if kind[0] == "ul":
            return "- "
        number = _int(node.get("value"), kind[1])
        kind[1] = number + 1
        return f"{number}. "

    def _link(self, node) -> None:
        href = str(node.get("href") or "").strip()
        if not re.match(r"https?://\S+$", href):
            return
        label = node.get_text().strip()
        if label.rstrip("/") != href.rstrip("/"):
            self.parts.append(f" <{href}>")

    def _table_start(self) -> None:
        self.tables += 1
        if self.tables == 1:
            self._flush()
            self.rows = []

    def _table_end(self) -> None:
        self.tables -= 1
        if self.tables == 0:
            if self.rows:
                self.blocks.append("\n".join(self.rows))
            self.rows, self.cells, self.parts = None, None, []

    def _flush(self) -> None:
        """Close the open block (inside a table cell a block break is only a space)."""
        if self.tables:
            self.parts.append(" ")
            return
        text = "".join(self.parts)
        self.parts = []
        lines = [line.strip() if not self.pre else line.rstrip() for line in text.split("\n")]
        block = "\n".join(line for line in lines if line)
        if block.strip():
            if self.prefix.startswith("<sup>") and re.match(r"<sup>\d|\[\d{1,3}\]", block):
                block, self.prefix = re.sub(r"^\[(\d{1,3})\]", r"<sup>\1</sup>", block), ""
            self.blocks.append(self.prefix + block)
            self.prefix = ""


def _int(value, default: int) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


# --- PDF --------------------------------------------------------------------------------------

def _pdf(data: bytes, name: str) -> tuple[str, str]:
    head = data[:1024]
    if b"%PDF-" not in head:
        raise ValueError(f"{name}: not a PDF (no %PDF- header)")
    if b"%%EOF" not in data[-2048:]:
        raise ValueError(f"{name}: truncated PDF (no %%EOF marker at the end of the file)")
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValueError(f"{name}: encrypted PDF (a password is needed)")
        pages = [_page_text(page, n, name) for n, page in enumerate(reader.pages, 1)]
        title = str((reader.metadata or {}).get("/Title") or "").strip()
    except ValueError as exc:
        if str(exc).startswith(name):
            raise
        raise ValueError(f"{name}: unreadable PDF ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on corrupt files
        raise ValueError(f"{name}: unreadable PDF ({type(exc).__name__}: {exc})") from exc
    if not pages:
        raise ValueError(f"{name}: the PDF has no pages (a damaged page tree?)")
    if not any(p.strip() for p in pages):
        raise ValueError(f"{name}: the PDF has no text layer ({len(pages)} page(s) of images or nothing); "
                         "run OCR on it first")
    return "\n\n".join(p.strip("\n") for p in pages if p.strip()) + "\n", title


def _page_text(page, number: int, name: str) -> str:
    try:
        return (page.extract_text() or "").replace("\x00", "")
    except Exception as exc:  # noqa: BLE001
        raise ValueError(f"{name}: page {number} is unreadable ({type(exc).__name__}: {exc})") from exc
