"""Blocks (paragraphs, table rows, footnotes) and sentences, as spans of the text as loaded.

Handles the three shapes of the genre: numbered paragraphs (also markdown "- 33.**"),
tab-separated table rows with HTML inside cells, and footnotes marked with superscript digits,
``<sup>n</sup>`` or plain "n http..." lines (codebook §6, R14, R15).

>>> text = "13. On 10 May 2018 more than 150 people were detained.<sup>1</sup> They were released.\\n\\n<sup>1</sup> See http://example.org/a."
>>> [(s.paragraph, text[s.start:s.end], s.urls) for s in segment(text)][:2]
[('13', 'On 10 May 2018 more than 150 people were detained.<sup>1</sup>', ('http://example.org/a',)), ('13', 'They were released.', ('http://example.org/a',))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_PARA_NUM = re.compile(r"^[ \t]*(?:[-*•][ \t]*)?(?:\*\*)?(\d{1,3})\.(?:\*\*)?[ \t]+(?=\S)")
_FOOTNOTE_DEF = re.compile(r"^[ \t]*(?:<sup>(\d{1,3})</sup>|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)|(\d{1,3})(?=[ \t]+<?(?:https?://|www\.)))[ \t]*")
_MARK = re.compile(r"<sup>(\d{1,3})</sup>|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_URL = re.compile(r"\]\((https?://[^\s)]+)\)|<(https?://[^\s>]+)>|(https?://[^\s<>\]\)\"”]+|www\.[^\s<>\]\)\"”]+)")
_BULLET = re.compile(r"^[ \t]*[-*•][ \t]+")
_FURNITURE = re.compile(r"^[ \t]*(?:-{3,}|#{1,6}[ \t].*|.*\.{4,}.*|[-| \t]*|An initiative of .*)$")
_HEADER_CELL = re.compile(r"^(?:country|answer(?: of the)?(?: state)?|implementation.*|year|date|source|status)$", re.IGNORECASE)
_SKIP_COLUMN = re.compile(r"recommend", re.IGNORECASE)
_HEADING = re.compile(r"^\s*(?:#{1,6}\s*|\*\*)?(?:[IVX]{1,5}\.|\d{1,2}\.)?\s*\S.{0,100}$")
_ROMAN_OR_HASH = re.compile(r"^\s*(?:#{1,6}|(?:\*\*)?[IVX]{1,5}\.\s)")
_TRAILING_MARKS = re.compile(r"(?:<sup>[^<]{0,12}</sup>|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|[\"”’')\]*]|\s)+$")
_RECOMMEND = re.compile(r"\brecommendations?\b", re.IGNORECASE)
_CELL_BREAK = re.compile(r"</?(?:p|li|ul|br)\b[^>]*>")
_CELL_NUMBER = re.compile(r"(?:^|<p>|<li>)\s*(\d{1,3})\.\s+(?=\S)")
_ABBREV = {"mr", "ms", "mrs", "dr", "no", "nos", "art", "arts", "para", "paras", "incl", "approx", "resp",
           "vs", "st", "jr", "inc", "ltd", "co", "gen", "pp", "p", "cf", "e.g", "i.e", "viz", "fig", "prof",
           "sq", "op", "cit", "ibid", "al", "ch", "sec", "vol", "ed", "eds", "rev", "corr", "add", "a.k.a"}
_BOUNDARY = re.compile(r"[.!?…](?:[\"”’')\]]|\*{1,2})*(?:<sup>\d{1,3}</sup>|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d{1,2}(?=\s+[A-Z]))?(?=\s+[\"“‘«(\[<*A-ZА-ЯЁ0-9-]|\s*$)")
# Russian abbreviations that end in a full stop inside a sentence ("ст. 174", "2019 г.", "т.е.")
_ABBREV_RU = {"ст", "ч", "п", "пп", "г", "гг", "г.г", "гг.", "т.е", "т.д", "т.п", "т.к", "им", "ул", "просп", "д", "р-н",
              "обл", "руб", "тыс", "млн", "млрд", "см", "напр", "др", "пр", "ок", "тг"}


@dataclass(frozen=True)
class Block:
    """A paragraph, table row or footnote: its span, paragraph label and kind."""

    index: int
    start: int
    end: int
    kind: str  # "text", "table", "footnote", "furniture"
    number: str | None  # the document's own paragraph number, if the block starts with one


@dataclass(frozen=True)
class Sentence:
    """A sentence span with the paragraph it belongs to and the URLs it cites."""

    start: int
    end: int
    paragraph: str
    block: int
    urls: tuple[str, ...]
    in_table: bool = False
    in_footnote: bool = False
    numbered: bool = False  # the paragraph is the document's own numbered paragraph


def _lines(text: str):
    pos = 0
    for line in text.splitlines(keepends=True):
        yield pos, pos + len(line.rstrip("\r\n")), line.rstrip("\r\n")
        pos += len(line)


def blocks(text: str) -> list[Block]:
    """Split ``text`` into blocks: blank lines, numbered paragraph starts, table rows, footnotes."""
    out: list[Block] = []
    current: list[int] | None = None  # [start, end, kind]

    def close():
        nonlocal current
        if current:
            s, e, kind = current
            num = _PARA_NUM.match(text[s:e]) if kind == "text" else None
            out.append(Block(len(out) + 1, s, e, kind, num.group(1) if num else None))
        current = None

    for s, e, line in _lines(text):
        if not line.strip():
            close()
            continue
        if "\t" in line:
            kind = "table"
        elif _FOOTNOTE_DEF.match(line):
            kind = "footnote"
        elif _FURNITURE.match(line):
            kind = "furniture"
        else:
            kind = "text"
        starts_new = kind != "text" or _PARA_NUM.match(line) or _BULLET.match(line)
        if current and current[2] == "text" and kind == "text" and not starts_new:
            current[1] = e
            continue
        close()
        current = [s, e, kind]
    close()
    return out


def _urls(fragment: str) -> list[str]:
    found = []
    fragment = re.sub(r"\[[^\]]*\]\((https?://[^\s)]+)\)", r" \1 ", fragment)  # markdown link: keep the target
    for m in _URL.finditer(fragment):
        url = (m.group(1) or m.group(2) or m.group(3)).replace("\\_", "_").rstrip(".,;:")
        if url not in found:
            found.append(url)
    return found


def _mark_ids(fragment: str) -> list[int]:
    return [int(a or b.translate(_SUPERSCRIPTS)) for a, b in _MARK.findall(fragment)]


def footnotes(text: str, blocks_: list[Block]) -> list[tuple[int, int, list[str]]]:
    """(position, note number, URLs) for every footnote definition of the text."""
    notes = []
    for b in blocks_:
        if b.kind != "footnote":
            continue
        m = _FOOTNOTE_DEF.match(text[b.start:b.end])
        number = int(m.group(1) or m.group(3) or m.group(2).translate(_SUPERSCRIPTS))
        notes.append((b.start, number, _urls(text[b.start:b.end])))
    return notes


def _note_urls(notes, number: int, position: int) -> list[str]:
    """URLs of note ``number``: the first definition after ``position``, else any."""
    after = [n for n in notes if n[1] == number and n[0] >= position]
    pool = after or [n for n in notes if n[1] == number]
    return pool[0][2] if pool else []


def _is_boundary(fragment: str, dot: int) -> bool:
    """False when the full stop at ``dot`` closes an abbreviation or an initial."""
    if fragment[dot] != ".":
        return True
    russian = re.search(r"([А-ЯЁа-яё.-]+)$", fragment[max(0, dot - 20):dot])
    if russian:  # "ст. 174", "Н. Назарбаев"; "в 2019 г. Суд" stays one sentence (the year keeps its suffix)
        return not (russian.group(1).lower().strip(".") in _ABBREV_RU or re.fullmatch(r"[А-ЯЁ]", russian.group(1)))
    word = re.search(r"([A-Za-z.]+)$", fragment[max(0, dot - 40):dot])
    if not word:
        return True
    w = word.group(1)
    if w.lower().strip(".") in _ABBREV:
        return False
    return not re.fullmatch(r"[A-Z][a-z]?|(?:[A-Z]\.)+[A-Z]", w)


MAX_SENTENCE = 2000  # longer runs (tables flattened, lists of a million commas) are cut at a space


def _bounded(spans, fragment: str):
    """Split any span longer than MAX_SENTENCE, so every later stage is linear in the text."""
    for s, e in spans:
        while e - s > MAX_SENTENCE:
            cut = fragment.rfind(" ", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
            cut = cut if cut > s else s + MAX_SENTENCE
            yield s, cut
            s = cut
        yield s, e


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``, trimmed of bullets, paragraph numbers and tags."""
    fragment = text[start:end]
    spans, cut = [], 0
    for m in _BOUNDARY.finditer(fragment):
        if _is_boundary(fragment, m.start()):
            spans.append((cut, m.end()))
            cut = m.end()
    spans.append((cut, len(fragment)))
    spans = list(_bounded(spans, fragment))
    out = []
    for s, e in spans:
        piece = fragment[s:e]
        lead = re.match(r"^(?:\s|[-*•](?=\s)|\*\*|\d{1,3}\.(?:\*\*)?(?=\s)|\([a-z]\)(?=\s))*", piece)
        s2 = s + (lead.end() if lead else 0)
        e2 = s + len(piece.rstrip())
        if e2 - s2 >= 3 and re.search(r"[A-Za-zА-ЯЁа-яё]", fragment[s2:e2]):
            out.append((start + s2, start + e2))
    return out


def _cells(text: str, block: Block):
    """(start, end, column) of each cell of a table row."""
    pos, column = block.start, 0
    for cell in text[block.start:block.end].split("\t"):
        yield pos, pos + len(cell), column
        pos += len(cell) + 1
        column += 1


def _cell_sentences(text: str, s: int, e: int, paragraph: str):
    """Sentences of one cell, split at <p>/<li> tags, with numbered items as paragraphs."""
    cell = text[s:e]
    pieces, cut = [], 0
    for m in _CELL_BREAK.finditer(cell):
        pieces.append((cut, m.start()))
        cut = m.end()
    pieces.append((cut, len(cell)))
    for ps, pe in pieces:
        num = _CELL_NUMBER.match(cell[ps:pe])
        label = num.group(1) if num else paragraph
        for span in split_sentences(text, s + ps, s + pe):
            yield span, label


def _is_heading(body: str) -> bool:
    """A short line with no closing full stop: a section heading (R14: recommendations hold no events)."""
    body = body.strip()
    if "\n" in body or len(body) >= 110:
        return False
    end = _TRAILING_MARKS.sub("", body)  # "... were detained.<sup>1</sup>" ends a sentence
    return not end.endswith((".", "!", "?", ";")) and bool(_HEADING.match(body))


def segment(text: str) -> list[Sentence]:
    """Every sentence of ``text`` with its paragraph label and cited URLs (§6)."""
    bl = blocks(text)
    notes = footnotes(text, bl)
    sentences: list[Sentence] = []
    paragraph_marks: dict[str, list[int]] = {}
    last_number: str | None = None
    header: list[str] | None = None
    pending: list[tuple[int, int, str, int, bool]] = []
    in_recommendations = False
    for b in bl:
        body = text[b.start:b.end]
        if b.kind in ("furniture", "text") and _is_heading(body):
            if _RECOMMEND.search(body):
                in_recommendations = True
            elif _ROMAN_OR_HASH.match(body):
                in_recommendations = False
        if b.kind == "furniture" or (in_recommendations and b.kind == "text") \
                or (b.kind == "text" and _is_heading(body) and len(body.strip()) <= 80):
            continue
        if b.kind == "table":
            cells = [text[cs:ce].strip() for cs, ce, _ in _cells(text, b)]
            if sum(bool(_HEADER_CELL.match(c)) for c in cells):
                header = cells
                continue
            label = str(b.index)
            for cs, ce, col in _cells(text, b):
                aligned = header is not None and len(cells) == len(header)  # a row cut by a page break may be shifted
                if aligned and _SKIP_COLUMN.search(header[col]):
                    continue
                for (ss, se), lab in _cell_sentences(text, cs, ce, label):
                    pending.append((ss, se, lab, b.index, False, lab != label))
            continue
        if b.number:
            last_number = b.number
            label = b.number
        elif b.kind == "text" and last_number and re.match(r"^\s*[a-z]", body):
            label = last_number  # R15: a continuation keeps its paragraph
        else:
            label = str(b.index)
        paragraph_marks.setdefault(label, []).extend(_mark_ids(body))
        for ss, se in split_sentences(text, b.start, b.end):
            pending.append((ss, se, label, b.index, b.kind == "footnote", label != str(b.index)))
    for ss, se, label, index, flag, numbered in pending:
        quote = text[ss:se]
        urls = _urls(quote)
        own = _mark_ids(quote)
        for number in own or paragraph_marks.get(label, []):
            urls += [u for u in _note_urls(notes, number, se) if u not in urls]
        in_table = bl[index - 1].kind == "table"
        sentences.append(Sentence(ss, se, label, index, tuple(urls), in_table, in_footnote=flag and not in_table,
                                  numbered=numbered))
    return sentences
