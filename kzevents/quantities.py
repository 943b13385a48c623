"""Counts in a sentence: numbers, qualifiers, ranges, vague quantities and units (codebook §5, R10).

>>> c = find_counts("on 10 May 2018 more than 150 people were detained", masked=[(3, 14)])[0]
>>> (c.text, c.value, c.qualifier, c.low, c.high, c.unit)
('more than 150 people', 150, 'more_than', 151, None, 'people')
>>> [(c.text, c.value, c.qualifier) for c in find_counts("seventy activists were assaulted, of which two were fatal")]
[('seventy activists', 70, 'exact'), ('two', 2, 'exact')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import LEXICON, lexicon_for, russian_forms

QUALIFIERS = ("exact", "more_than", "at_least", "approx", "up_to", "range", "vague")
UNITS = ("people", "cases", "incidents", "organisations", "outlets", "materials", "times")


@dataclass(frozen=True)
class Count:
    """A count expression and the bounds the text allows (§5)."""

    value: int | None
    qualifier: str
    low: int | None
    high: int | None
    unit: str | None
    text: str
    char_start: int
    char_end: int
    whole: "Count | None" = None  # "21 of the 25 accused": the 25 the part is taken from (R24)


_WORDS = LEXICON.number_words
_UNIT_WORDS = [w for w in _WORDS if w not in ("hundred", "thousand", "dozen")]
_WORD_NUM = r"(?:%s)(?:[- ](?:%s))?(?:\s+(?:hundred|thousand))?" % (
    "|".join(sorted(_UNIT_WORDS, key=len, reverse=True)),
    "|".join(sorted(_UNIT_WORDS, key=len, reverse=True)),
)
_DIGITS = r"(?<![\w.,/])(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?![\d/]|[.,]\d)"
_NUM = rf"(?:{_DIGITS}|a dozen|\b{_WORD_NUM}\b)"
_RANGE = re.compile(
    rf"(?:\bbetween\s+(?P<ra>{_DIGITS})\s+and\s+(?P<rb>{_DIGITS})|(?P<r1>{_DIGITS})\s*(?:-|–|to)\s*(?P<r2>{_DIGITS}))",
    re.IGNORECASE)
_SINGLE = re.compile(_NUM, re.IGNORECASE)
_VAGUE = re.compile(r"\b(?:%s)\b" % "|".join(sorted(map(re.escape, LEXICON.vague), key=len, reverse=True)), re.IGNORECASE)
_QUALIFIER = re.compile(
    r"\b(?:%s)\s*$" % "|".join(sorted(map(re.escape, LEXICON.qualifiers), key=len, reverse=True)), re.IGNORECASE)
_NOT_AFTER = LEXICON.regex("numbers", "not_count_after")
_NOT_BEFORE = LEXICON.regex("numbers", "not_count_before")
_DECIMAL = re.compile(r"\d+[.,]\d{1,2}(?!\d)")
_TAG_OR_URL = re.compile(r"<sup>[^<]{0,12}</sup>|<[^<>]{0,200}>|https?://\S+|www\.\S+|\b\S+@\S+")


def _to_int(text: str) -> int | None:
    """'1,413' → 1413, 'seventy' → 70, 'twenty-four' → 24, 'a dozen' → 12."""
    t = text.lower().strip()
    if t == "a dozen":
        return 12
    digits = re.sub(r"[,\s\u00a0\u202f]", "", t)
    if digits.isdigit():
        return int(digits) if len(digits) <= 9 else None  # a run of digits, not a count
    total, current = 0, 0
    for word in re.split(r"[-\s]+", t):
        if word in ("hundred", "thousand"):
            current = max(current, 1) * _WORDS[word]
            if word == "thousand":
                total, current = total + current, 0
        elif word in _WORDS:
            current += _WORDS[word]
        else:
            return None
    return total + current


def _unit(after: str) -> tuple[str | None, int]:
    """The unit named within the next few words, and where its noun ends."""
    words = list(re.finditer(r"\S+", after[:60]))
    for i in range(min(4, len(words) + 1)):
        offset = words[i].start() if i < len(words) else len(after)
        for pattern, unit in LEXICON.units:
            m = pattern.match(after[offset:])
            if m:
                return unit, offset + m.end()
        if i == 0 and words and words[0].group().lower() == "of":
            continue  # "dozens of individuals"
        if i < len(words) and re.search(r"[.;:!?)]$|^(?:were|was|are|is|had|have|has|of|in|on|at|by|for|to)$",
                                        words[i].group(), re.IGNORECASE):
            break
    return None, 0


def _excluded(sentence: str, start: int, end: int) -> bool:
    before, after = sentence[max(0, start - 30):start], sentence[end:end + 30]
    return bool(_NOT_BEFORE.search(before) or _NOT_AFTER.match(after) or re.match(r"^[-/]\w", after))


class _Taken:
    """The characters of a sentence already read as a count, a date, a tag or a URL."""

    def __init__(self, sentence: str, masked=()):
        self.taken = bytearray(len(sentence))
        for s, e in masked:
            self.claim(s, e)

    def free(self, s: int, e: int) -> bool:
        return not any(self.taken[s:e])

    def claim(self, s: int, e: int) -> None:
        self.taken[s:e] = b"\x01" * (e - s)


def _mask(sentence: str, masked) -> _Taken:
    taken = _Taken(sentence, masked)
    for m in (*_TAG_OR_URL.finditer(sentence), *_DECIMAL.finditer(sentence)):
        taken.claim(m.start(), m.end())
    return taken


def _qualified(sentence: str, start: int) -> tuple[str, int]:
    """The qualifier written just before ``start`` and where it begins."""
    m = _QUALIFIER.search(sentence[max(0, start - 25):start])
    if not m:
        return "exact", start
    return LEXICON.qualifiers[re.sub(r"\s+", " ", m.group().strip().lower())], start - (len(sentence[max(0, start - 25):start]) - m.start())


def _make(sentence: str, value, qualifier, low, high, start: int, end: int, text_start: int) -> Count:
    unit, unit_end = _unit(sentence[end:])
    text_end = end + unit_end if unit else end
    return Count(value, qualifier, low, high, unit, sentence[text_start:text_end].strip(), text_start, text_end)


def _bounds(value: int, qualifier: str) -> tuple[int | None, int | None]:
    return {
        "exact": (value, value),
        "approx": (value, value),
        "more_than": (value + 1, None),
        "at_least": (value, None),
        "up_to": (None, value),
    }[qualifier]


def find_counts(sentence: str, masked=(), language: str = "en") -> list[Count]:
    """Every count of ``sentence``, left to right; ``masked`` spans (dates) are skipped
    (``language`` "ru": :func:`russian_counts`)."""
    if language == "ru":
        return russian_counts(sentence, masked)
    taken = _mask(sentence, masked)
    free, claim = taken.free, taken.claim
    found: list[Count] = []

    for m in _VAGUE.finditer(sentence):
        if free(m.start(), m.end()):
            claim(m.start(), m.end())
            found.append(_make(sentence, None, "vague", LEXICON.vague[m.group().lower()], None, m.start(), m.end(), m.start()))
    for m in _RANGE.finditer(sentence):
        if not free(m.start(), m.end()):
            continue
        if _excluded(sentence, m.start(), m.end()):
            claim(m.start(), m.end())  # "USD 100-200": neither end is a count
            continue
        a, b = _to_int(m.group("ra") or m.group("r1")), _to_int(m.group("rb") or m.group("r2"))
        if a is None or b is None or b <= a:
            continue
        claim(m.start(), m.end())
        found.append(_make(sentence, a, "range", a, b, m.start(), m.end(), m.start()))
    for m in _SINGLE.finditer(sentence):
        s, e = m.start(), m.end()
        if not free(s, e) or _excluded(sentence, s, e) or sentence[e:e + 1] == "-" and not sentence[s].isdigit():
            continue
        value = _to_int(m.group())
        if value is None:
            continue
        qualifier, text_start = _qualified(sentence, s)
        if m.group().lower() == "a dozen":
            qualifier = "exact"
        claim(s, e)
        found.append(_make(sentence, value, qualifier, *_bounds(value, qualifier), s, e, text_start))
    return _subsets(sentence, sorted(found, key=lambda c: c.char_start))


_OF_WHOLE = re.compile(r"\s*(?:of|out of)\s+(?:the\s+|these\s+|those\s+|all\s+)?$", re.IGNORECASE)


def _number_end(sentence: str, count: Count) -> int:
    """Where the number of ``count`` ends (before its unit words)."""
    m = re.compile(_NUM, re.IGNORECASE).search(sentence, count.char_start, count.char_end)
    return m.end() if m else count.char_end


def _subsets(sentence: str, counts: list[Count]) -> list[Count]:
    """R24: "21 of the 25 accused" is one count, 21, of the whole's unit.

    >>> [(c.text, c.value, c.unit) for c in find_counts("21 of the 25 accused activists were fined")]
    [('21 of the 25 accused activists', 21, 'people')]
    """
    out: list[Count] = []
    for c in counts:
        part = out[-1] if out else None
        if part and c.char_start < part.char_end:
            if _OF_WHOLE.fullmatch(sentence[_number_end(sentence, part):c.char_start]):
                out[-1] = Count(part.value, part.qualifier, part.low, part.high, part.unit, part.text,
                                part.char_start, part.char_end, whole=c)
            continue  # "21 of the 25 accused": the whole is already in the part's text
        if part and part.value is not None and c.value is not None and part.value <= c.value \
                and _OF_WHOLE.fullmatch(sentence[part.char_end:c.char_start]):
            out[-1] = Count(part.value, part.qualifier, part.low, part.high, part.unit or c.unit,
                            sentence[part.char_start:c.char_end], part.char_start, c.char_end, whole=c)
        else:
            out.append(c)
    return out


# --- Russian (issue 13) -----------------------------------------------------------------------

def _ru_number_words() -> dict[str, int]:
    """Every case form of the Russian number words of ``lexicon_ru.toml`` -> value (pymorphy3)."""
    words = {}
    for lemma, value in lexicon_for("ru").data["numbers"]["words"].items():
        for form in russian_forms(lemma, "Q"):
            words.setdefault(form, value)
    return words


_RU_WORDS = _ru_number_words()
_RU_MULT = {form: value for lemma, value in lexicon_for("ru").data["numbers"]["multipliers"].items()
            for form in russian_forms(lemma, "N")}
_RU_WORD = r"(?:%s)" % "|".join(sorted(_RU_WORDS, key=len, reverse=True))
_RU_DIGITS = r"(?<![\w.,/])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?![\d/]|[.,]\d)"
_RU_MULT_WORD = r"(?:тыс\.|млн\.?|%s)(?![а-яё])" % "|".join(sorted(_RU_MULT, key=len, reverse=True))
_RU_ENDING = r"(?:-(?:ти|ми|ти|х|ех|ух|и|ем|ом|ой))?"
_RU_NUM = (rf"(?:(?<![\w.,])\d+,\d+(?=\s+{_RU_MULT_WORD})|{_RU_DIGITS}{_RU_ENDING}|\b{_RU_WORD}(?:\s+{_RU_WORD})?(?![а-яё-]))"
           rf"(?:\s+{_RU_MULT_WORD})?")
_RU_SINGLE = re.compile(_RU_NUM, re.IGNORECASE)
_RU_RANGE = re.compile(rf"\bот\s+(?P<a>{_RU_NUM})\s+до\s+(?P<b>{_RU_NUM})|(?P<a2>{_RU_DIGITS})\s*(?:-|–|—)\s*(?P<b2>{_RU_DIGITS})",
                       re.IGNORECASE)
_RU_VAGUE_STEMS = lexicon_for("ru").data["numbers"]["vague"]
_RU_VAGUE = re.compile(r"\b(?:%s)[а-яё]*" % "|".join(_RU_VAGUE_STEMS), re.IGNORECASE)
_RU_ONE = {"десятка": 10, "десяток": 10, "сотни": 100, "сотню": 100, "сотня": 100, "тысячи": 1000, "тысячу": 1000}
_RU_QUALIFIERS = lexicon_for("ru").data["numbers"]["qualifiers"]
_RU_QUALIFIER = re.compile(r"\b(?:%s)\s*$" % "|".join(sorted(map(re.escape, _RU_QUALIFIERS), key=len, reverse=True)),
                           re.IGNORECASE)
_RU_NOT_AFTER = lexicon_for("ru").regex("numbers", "not_count_after")
_RU_NOT_BEFORE = lexicon_for("ru").regex("numbers", "not_count_before")


def russian_number(text: str) -> int | None:
    """'2 265' → 2265, 'двух тысяч' → 2000, '4,5 тыс.' → 4500, '13-ти' → 13, 'двадцать пять' → 25.

    >>> [russian_number(t) for t in ("2 265", "двух тысяч", "4,5 тыс.", "13-ти", "двадцать пять", "троих")]
    [2265, 2000, 4500, 13, 25, 3]
    """
    words = re.sub(r"-[а-яё]+$", "", text.lower().strip()).split()
    multiplier = 1
    if words and (words[-1] in _RU_MULT or words[-1] in ("тыс.", "млн", "млн.")):
        last = words.pop()
        multiplier = _RU_MULT.get(last) or (1000 if last.startswith("тыс") else 1_000_000)
    digits = "".join(words)
    if re.fullmatch(r"\d+,\d+", digits):
        return round(float(digits.replace(",", ".")) * multiplier)
    if digits.isdigit():
        return int(digits) * multiplier if len(digits) <= 9 else None
    if not words:
        return multiplier if multiplier > 1 else None
    if not all(w in _RU_WORDS for w in words):
        return None
    return sum(_RU_WORDS[w] for w in words) * multiplier


def _ru_unit(after: str) -> tuple[str | None, int]:
    """The unit named within the next three words, and where its noun ends."""
    words = list(re.finditer(r"\S+", after[:60]))
    for i in range(min(3, len(words))):
        for pattern, unit in lexicon_for("ru").units:
            m = pattern.match(after[words[i].start():])
            if m:
                return unit, words[i].start() + m.end()
        if re.search(r"[.;:!?)]$", words[i].group()):
            break
    return None, 0


def _ru_make(sentence: str, value, qualifier, low, high, start: int, end: int, text_start: int) -> Count:
    unit, unit_end = _ru_unit(sentence[end:])
    text_end = end + unit_end if unit else end
    return Count(value, qualifier, low, high, unit, sentence[text_start:text_end].strip(), text_start, text_end)


def _ru_excluded(sentence: str, start: int, end: int) -> bool:
    return bool(_RU_NOT_BEFORE.search(sentence[max(0, start - 30):start]) or _RU_NOT_AFTER.match(sentence[end:end + 30]))


def russian_counts(sentence: str, masked=()) -> list[Count]:
    """Every count of a Russian ``sentence`` (codebook §11): digits ("2 265", "13-ти"), numerals
    in every case ("троих", "двум"), "тыс.", ranges, qualifiers and vague words; durations,
    money and reposts are not counts.

    >>> [(c.text, c.value, c.qualifier, c.low, c.high, c.unit) for c in russian_counts("задержаны более 2 265 человек, из них троих арестовали на 15 суток")]
    [('более 2 265 человек', 2265, 'more_than', 2266, None, 'people'), ('троих', 3, 'exact', 3, 3, None)]
    """
    taken = _Taken(sentence, masked)
    free, claim = taken.free, taken.claim
    found: list[Count] = []

    for m in _RU_RANGE.finditer(sentence):
        if not free(m.start(), m.end()):
            continue
        claim(m.start(), m.end())
        if _ru_excluded(sentence, m.start(), m.end()):
            continue
        a, b = russian_number(m.group("a") or m.group("a2")), russian_number(m.group("b") or m.group("b2"))
        if a is not None and b is not None and a < b:
            found.append(_ru_make(sentence, a, "range", a, b, m.start(), m.end(), m.start()))
    for m in _RU_SINGLE.finditer(sentence):
        s, e = m.start(), m.end()
        if not free(s, e):
            continue
        claim(s, e)
        value = russian_number(m.group())
        if value is None or _ru_excluded(sentence, s, e):
            continue
        q = _RU_QUALIFIER.search(sentence[max(0, s - 25):s])
        qualifier = _RU_QUALIFIERS[re.sub(r"\s+", " ", q.group().strip().lower())] if q else "exact"
        text_start = s - (len(sentence[max(0, s - 25):s]) - q.start()) if q else s
        found.append(_ru_make(sentence, value, qualifier, *_bounds(value, qualifier), s, e, text_start))
    for m in _RU_VAGUE.finditer(sentence):
        if free(m.start(), m.end()) and not _ru_excluded(sentence, m.start(), m.end()):
            claim(m.start(), m.end())
            q = _RU_QUALIFIER.search(sentence[max(0, m.start() - 25):m.start()])
            one = _RU_ONE.get(m.group().lower())
            if q and one:  # "около сотни" is about one hundred, "сотни" hundreds
                qualifier = _RU_QUALIFIERS[re.sub(r"\s+", " ", q.group().strip().lower())]
                text_start = m.start() - (len(sentence[max(0, m.start() - 25):m.start()]) - q.start())
                found.append(_ru_make(sentence, one, qualifier, *_bounds(one, qualifier), m.start(), m.end(), text_start))
                continue
            low = next(v for stem, v in _RU_VAGUE_STEMS.items() if m.group().lower().startswith(stem))
            found.append(_ru_make(sentence, None, "vague", low, None, m.start(), m.end(), m.start()))
    return sorted(found, key=lambda c: c.char_start)
