"""Date expressions in a sentence, resolved to calendar intervals (codebook §4, R2–R4).

Patterns find the expressions; ``dateparser`` normalises single day strings such as
"10 May 2018" (``languages=["en"]``, explicit settings); it is never run over whole texts.

>>> [(t.text, str(t.start), str(t.end), t.precision) for t in find_timexes("on 10 May 2018 more than 150 people")]
[('10 May 2018', '2018-05-10', '2018-05-10', 'day')]
>>> t = find_timexes("in the autumn of 2018, charges were imposed")[0]
>>> (t.text, str(t.start), str(t.end), t.precision)
('the autumn of 2018', '2018-09-01', '2018-11-30', 'season')
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

import dateparser

from .lexicon import LEXICON

PRECISIONS = ("day", "month", "season", "half", "year", "period")

_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "STRICT_PARSING": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],
}


@dataclass(frozen=True)
class TimeSpan:
    """A date expression: its interval, precision and place in the sentence.

    ``relative`` spans (R2) carry the rule in ``rule`` and get their interval from
    :func:`resolve_relative`; ``undated`` spans (R3) mark words that name no date.
    """

    start: date | None
    end: date | None
    precision: str
    text: str
    char_start: int
    char_end: int
    relative: dict | None = None
    undated: bool = False
    needs_year: bool = False


# --- building blocks -------------------------------------------------------------------------

def _month_alternatives() -> str:
    names = [m.capitalize() for m in LEXICON.data["dates"]["months"]]
    abbrevs = [a.capitalize() + r"\.?" for a in LEXICON.data["dates"]["month_abbrevs"]]
    return "|".join(sorted(names, key=len, reverse=True) + sorted(abbrevs, key=len, reverse=True))


_M = r"(?:%s)(?![a-z])" % _month_alternatives()
_Y = r"(?<![\d/.,])(?:1[89]\d\d|20\d\d)(?![\d/]|[.,]\d)"
_D = r"(?<![\d,.])(?:[0-3]?\d)(?:st|nd|rd|th)?(?![\d,.]\d)"
_SEP = r"\s*(?:to|until|till|through|and|-|–|—)\s*"
_MODS_M = "|".join(re.escape(m) for m in LEXICON.data["dates"]["month_modifiers"])
_MODS_Y = "|".join(re.escape(m) for m in LEXICON.data["dates"]["year_modifiers"])

_PATTERNS: list[tuple[str, re.Pattern]] = [
    # explicit spans (R4)
    ("range", re.compile(
        rf"\b(?i:from|between)\s+(?P<a>(?:{_D}\s+)?{_M}(?:,?\s+{_Y})?|{_Y}|{_D})"
        rf"{_SEP}(?P<b>(?:{_D}\s+)?{_M},?\s+{_Y}|{_Y}|{_M})")),
    ("day_pair", re.compile(rf"(?P<d1>{_D})\s*(?:and|-|–|&)\s*(?P<d2>{_D})\s+(?P<m>{_M}),?\s+(?P<y>{_Y})")),
    ("month_pair", re.compile(rf"(?P<m1>{_M})\s*(?:and|-|–|&|to)\s*(?P<m2>{_M}),?\s+(?P<y>{_Y})")),
    ("year_range", re.compile(rf"(?P<y1>{_Y})\s?[-–/]\s?(?P<y2>{_Y}|\d\d)(?![\d])")),
    ("by_month", re.compile(rf"\b(?i:by)\s+(?:the end of\s+)?(?P<m>{_M}),?\s+(?P<y>{_Y})")),
    # halves, quarters, seasons
    ("half", re.compile(
        rf"(?:the\s+)?(?P<h>1|2|first|second)(?:<sup>)?(?:st|nd)?(?:</sup>)?\s+half\s+of\s+(?:the\s+year\s+)?(?P<y>{_Y})",
        re.IGNORECASE)),
    ("quarter", re.compile(
        rf"(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter\s+of\s+(?P<y>{_Y})", re.IGNORECASE)),
    ("season", re.compile(
        rf"(?:the\s+)?(?:(?:early|late)\s+)?(?P<s>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<y>{_Y})",
        re.IGNORECASE)),
    # days
    ("iso", re.compile(r"(?<![\d/])(?P<y>(?:19|20)\d\d)-(?P<mo>[01]\d)-(?P<d>[0-3]\d)(?!\d)")),
    ("dotted", re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<mo>[01]?\d)\.(?P<y>(?:19|20)\d\d)(?!\d)")),
    ("day", re.compile(rf"(?P<d>{_D})\s+(?P<m>{_M}),?\s+(?P<y>{_Y})")),
    ("day_us", re.compile(rf"(?P<m>{_M})\s+(?P<d>{_D}),?\s+(?P<y>{_Y})")),
    # months
    ("month", re.compile(rf"(?P<m>{_M}),?\s+(?:of\s+)?(?P<y>{_Y})")),
    # year-less days and months (anchored to the nearest preceding date, §4)
    ("day_noyear", re.compile(rf"(?P<d>{_D})\s+(?P<m>{_M})(?![\w,]*\s+{_Y})")),
    ("day_us_noyear", re.compile(rf"(?<=\b[Oo]n )(?P<m>{_M})\s+(?P<d>{_D})(?!\s*,?\s*{_Y})")),
    ("month_noyear", re.compile(rf"\b(?i:in|during|since|by|until|of|early|late|mid-?)\s+(?:(?:{_MODS_M})[\s-]*)?(?P<m>{_M})(?![\w,]*\s+{_Y})(?!\s+\d)")),
    # years
    ("year", re.compile(rf"(?P<y>{_Y})")),
]

# what each family needs in the sentence: "y" a four-digit year, "m" a month name
# "early", "mid-", "the end of" before a month or a year keep its precision (§4): looked for
# behind a match rather than tried at every position
_MODIFIER_BEFORE = {"month": re.compile(rf"(?:{_MODS_M})[\s-]*$", re.IGNORECASE),
                    "year": re.compile(rf"(?:{_MODS_Y})[\s-]*$", re.IGNORECASE)}
_NEEDS = {"range": "y", "day_pair": "ym", "month_pair": "ym", "year_range": "y", "by_month": "ym", "half": "yh",
          "quarter": "yq", "season": "ys", "iso": "y", "dotted": "y", "day": "ym", "day_us": "ym", "month": "ym",
          "day_noyear": "m", "day_us_noyear": "m", "month_noyear": "m", "year": "y"}
_SEASON_WORD = re.compile(r"spring|summer|autumn|fall|winter", re.IGNORECASE)
_UNDATED_HINT = re.compile(r"past|last|recent|date|current|present|annual|every year|each year|year after|previous|"
                           r"(?:events|violence|clashes|crisis) of", re.IGNORECASE)
_ANY_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_ANY_MONTH = re.compile(_M)
_REL_HINT = re.compile(r"\b(?:next|following|same|that|few|within|shortly|soon|later|earlier|days? (?:before|after))\b",
                       re.IGNORECASE)

_RELATIVE_RULES = list(LEXICON.data["dates"]["relative"].items())
_RELATIVE = re.compile("|".join(r"(?P<r%d>\b(?:%s)\b)" % (i, pat) for i, (pat, _) in enumerate(_RELATIVE_RULES)),
                       re.IGNORECASE)
_N_DAYS = re.compile(r"\b(?P<n>\d{1,2}|%s) days? (?P<dir>earlier|before|later|after)\b"
                     % "|".join(LEXICON.number_words), re.IGNORECASE)
_UNDATED = LEXICON.regex("dates", "undated")
_NAME_AFTER = LEXICON.regex("dates", "year_as_name_after")
_NAME_BEFORE = LEXICON.regex("dates", "year_as_name_before")
_COUNT_AFTER = LEXICON.regex("dates", "count_nouns_after_year")


# --- resolution ------------------------------------------------------------------------------

def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_num(name: str) -> int:
    return LEXICON.month_number[name.lower().rstrip(".")]


def _int(text: str) -> int:
    return int(re.sub(r"\D", "", text))


@lru_cache(maxsize=4096)
def parse_day(text: str) -> date | None:
    """Normalise one day string with dateparser ("10 May 2018" → 2018-05-10), else None."""
    clean = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text.replace(",", " "))
    parsed = dateparser.parse(clean, languages=["en"], settings=_DATEPARSER_SETTINGS)
    return parsed.date() if parsed else None


def _safe_day(y: int, m: int, d: int, text: str) -> date | None:
    parsed = parse_day(text)
    if parsed:
        return parsed
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _side(text: str, default_year: int | None, default_month: int | None):
    """One end of a range: (year, month, day) with missing parts None."""
    y = re.search(_Y, text)
    m = re.search(_M, text)
    d = re.match(rf"\s*({_D})", text)
    day = _int(d.group(1)) if d and not re.fullmatch(_Y, d.group(1).strip()) else None
    return (int(y.group()) if y else default_year,
            _month_num(m.group()) if m else default_month,
            day)


def _resolve_range(a: str, b: str):
    by, bm, bd = _side(b, None, None)
    if by is None:
        return None
    ay, am, ad = _side(a, by, None)
    if ad is not None and am is None:
        am = bm  # "from 19 to 27 January 2015"
    start = date(ay, am or 1, ad or 1) if ad else date(ay, am or 1, 1)
    if bm is None:
        end = date(by, 12, 31)
    elif bd:
        end = date(by, bm, bd)
    else:
        end = _month_end(by, bm)
    return start, end


def _build(kind: str, g: dict, text: str):
    """(start, end, precision, needs_year) for one pattern match, or None when invalid."""
    try:
        if kind == "range":
            r = _resolve_range(g["a"], g["b"])
            return (*r, "period", False) if r else None
        if kind == "day_pair":
            y, m = int(g["y"]), _month_num(g["m"])
            return date(y, m, _int(g["d1"])), date(y, m, _int(g["d2"])), "period", False
        if kind == "month_pair":
            y = int(g["y"])
            return date(y, _month_num(g["m1"]), 1), _month_end(y, _month_num(g["m2"])), "period", False
        if kind == "year_range":
            y1, y2 = int(g["y1"]), g["y2"]
            y2 = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
            return (date(y1, 1, 1), date(y2, 12, 31), "period", False) if y2 > y1 else None
        if kind == "by_month":
            y = int(g["y"])
            return date(y, 1, 1), _month_end(y, _month_num(g["m"])), "period", False
        if kind == "half":
            y, first = int(g["y"]), g["h"].lower() in ("1", "first")
            start, end = (date(y, 1, 1), date(y, 6, 30)) if first else (date(y, 7, 1), date(y, 12, 31))
            return start, end, "half", False
        if kind == "quarter":
            y, q = int(g["y"]), "1f2s3t4".index(g["q"].lower()[0]) // 2 + 1
            return date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "period", False
        if kind == "season":
            y = int(g["y"])
            first, last = LEXICON.data["dates"]["seasons"][g["s"].lower()]
            start = date(y - 1, first, 1) if first > last else date(y, first, 1)
            return start, _month_end(y, last), "season", False
        if kind in ("iso", "dotted"):
            d = date(int(g["y"]), int(g["mo"]), int(g["d"]))
            return d, d, "day", False
        if kind in ("day", "day_us"):
            d = _safe_day(int(g["y"]), _month_num(g["m"]), _int(g["d"]), text)
            return (d, d, "day", False) if d else None
        if kind == "month":
            y, m = int(g["y"]), _month_num(g["m"])
            return date(y, m, 1), _month_end(y, m), "month", False
        if kind in ("day_noyear", "day_us_noyear"):
            m, d = _month_num(g["m"]), _int(g["d"])
            return date(2000, m, d), date(2000, m, d), "day", True  # year filled by anchor
        if kind == "month_noyear":
            m = _month_num(g["m"])
            return date(2000, m, 1), _month_end(2000, m), "month", True
        if kind == "year":
            y = int(g["y"])
            return date(y, 1, 1), date(y, 12, 31), "year", False
    except (ValueError, KeyError):
        return None
    return None


def _is_year_a_name(sentence: str, start: int, end: int) -> bool:
    """A year used as a name or a number, not a date (R8, "In 2026 cases")."""
    before, after = sentence[max(0, start - 20):start], sentence[end:end + 40]
    if _COUNT_AFTER.match(after) or _NAME_BEFORE.search(before):
        return True
    if re.match(r"^\s*(?:th|st|nd|rd)\b", after):
        return True
    return bool(_NAME_AFTER.match(after)) and re.search(r"\b(?:the|its|a|an|his|her|their)\s+(?:new\s+)?$", before, re.IGNORECASE) is not None


def find_timexes(sentence: str) -> list[TimeSpan]:
    """Every date expression of ``sentence``, left to right, without overlaps.

    Year-less spans have ``needs_year``; relative spans (R2) have ``relative`` set and no
    interval; undated spans (R3) have ``undated``. Use :func:`anchor` to complete them.
    """
    found: list[TimeSpan] = []
    lower = sentence.lower()
    have = ("y" if _ANY_YEAR.search(sentence) else "") + ("m" if _ANY_MONTH.search(sentence) else "") \
        + ("h" if "half" in lower else "") + ("q" if "quarter" in lower else "") \
        + ("s" if _SEASON_WORD.search(sentence) else "")
    relative = _REL_HINT.search(sentence) is not None
    undated = _UNDATED_HINT.search(sentence) is not None
    if not have and not relative and not undated:
        return found
    taken = bytearray(len(sentence))

    def claim(s: int, e: int) -> bool:
        if any(taken[s:e]):
            return False
        taken[s:e] = b"\x01" * (e - s)
        return True

    for m in (_UNDATED.finditer(sentence) if undated else ()):
        if claim(m.start(), m.end()):
            found.append(TimeSpan(None, None, "", m.group(), m.start(), m.end(), undated=True))
    for kind, pattern in _PATTERNS:
        if not set(_NEEDS[kind]) <= set(have):
            continue
        for m in pattern.finditer(sentence):
            s, e = m.start(), m.end()
            if kind == "year" and _is_year_a_name(sentence, m.start("y"), m.end("y")):
                continue
            if kind in _MODIFIER_BEFORE:
                mod = _MODIFIER_BEFORE[kind].search(sentence[max(0, s - 25):s])
                s = s - (len(mod.group()) if mod else 0)
            built = _build(kind, m.groupdict(), m.group())
            if built and claim(s, e):
                start, end, precision, needs_year = built
                found.append(TimeSpan(start, end, precision, sentence[s:e].strip(), s, e, needs_year=needs_year))
    for m in (_N_DAYS.finditer(sentence) if relative else ()):
        n = m.group("n")
        n = int(n) if n.isdigit() else LEXICON.number_words[n.lower()]
        sign = -1 if m.group("dir").lower() in ("earlier", "before") else 1
        if claim(m.start(), m.end()):
            found.append(TimeSpan(None, None, "day", m.group(), m.start(), m.end(), relative={"days": [sign * n, sign * n], "precision": "day"}))
    for m in (_RELATIVE.finditer(sentence) if relative else ()):
        rule = _RELATIVE_RULES[int(m.lastgroup[1:])][1]
        if claim(m.start(), m.end()):
            found.append(TimeSpan(None, None, rule.get("precision", ""), m.group(), m.start(), m.end(), relative=rule))
    return sorted(found, key=lambda t: t.char_start)


def parse_covers(value) -> tuple[date, date] | None:
    """The period a periodic report covers, from the manifest's ``covers`` cell (R26):
    ``YYYY`` or ``YYYY-MM-DD/YYYY-MM-DD``; empty gives None, anything else a ValueError.

    >>> [str(d) for d in parse_covers("2014-06-01/2015-05-31")], [str(d) for d in parse_covers(2017)]
    (['2014-06-01', '2015-05-31'], ['2017-01-01', '2017-12-31'])
    """
    if value is None or (isinstance(value, float) and value != value) or str(value).strip() == "":
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 1, 1), date(int(text), 12, 31)
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)\s*/\s*(\d{4}-\d\d-\d\d)", text)
    if m:
        try:
            start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
        except ValueError:
            start = end = None
        if start and end and start <= end:
            return start, end
    raise ValueError(f"covers {text!r} is not YYYY or YYYY-MM-DD/YYYY-MM-DD (start before end)")


def anchor(span: TimeSpan, previous: TimeSpan | None, published: date | None,
           covers: tuple[date, date] | None = None) -> TimeSpan | None:
    """Complete a year-less or relative span against the previous dated span, else the period the
    document covers (R26), else the document date.

    >>> prev = find_timexes("On 4 January 2017, a court banned it")[0]
    >>> nxt = find_timexes("the next day, workers went on hunger strike")[0]
    >>> str(anchor(nxt, prev, None).start)
    '2017-01-05'
    """
    if span.undated:
        return None
    if span.needs_year:
        if (previous is None or previous.end is None) and covers:
            return _inside(span, covers)
        base = previous.end if previous and previous.end else published
        if base is None:
            return None
        year = base.year
        try:
            start, end = span.start.replace(year=year), span.end.replace(year=year)
        except ValueError:
            return None
        if span.precision == "month":
            end = _month_end(year, start.month)
        if published and start > published:
            start, end = start.replace(year=year - 1), _month_end(year - 1, end.month) if span.precision == "month" else end.replace(year=year - 1)
        return replace(span, start=start, end=end, needs_year=False)
    if span.relative:
        if previous is None or previous.start is None:
            return None
        return _resolve_relative(span, previous)
    return span


def _inside(span: TimeSpan, covers: tuple[date, date]) -> TimeSpan | None:
    """A year-less span placed in the covered period: the latest year that puts it inside."""
    for year in range(covers[1].year, covers[0].year - 1, -1):
        try:
            start = span.start.replace(year=year)
        except ValueError:
            continue
        end = _month_end(year, start.month) if span.precision == "month" else span.end.replace(year=year)
        if start <= covers[1] and end >= covers[0]:
            return replace(span, start=start, end=end, needs_year=False)
    return None


def _resolve_relative(span: TimeSpan, previous: TimeSpan) -> TimeSpan:
    rule = span.relative
    if "days" in rule:
        lo, hi = rule["days"]
        base = previous.start if lo < 0 else previous.end
        start, end = base + timedelta(days=lo), base + timedelta(days=hi)
        return replace(span, start=start, end=end, precision=rule["precision"], relative=None)
    unit = rule.get("same") or rule.get("next")
    y, m = previous.start.year, previous.start.month
    if rule.get("next"):
        if unit == "month":
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        else:
            y += 1
    if unit == "year":
        return replace(span, start=date(y, 1, 1), end=date(y, 12, 31), precision="year", relative=None)
    return replace(span, start=date(y, m, 1), end=_month_end(y, m), precision="month", relative=None)
