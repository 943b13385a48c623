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

from .lexicon import LEXICON, LiteralGate, fold, lexicon_for

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
_Y = r"(?<![\d/.,])(?:19\d\d|20\d\d)(?![\d/]|[.,]\d)"
_D = r"(?<![\d,.])(?:[0-3]?\d)(?:st|nd|rd|th)?(?![\d,.]\d)"
_DASH = r"\s*(?:-|–|—)\s*"
# one end of a range: "20 March 2022", "the 20th of March", "March 20", "May 2019", "2019", "June"
_END = rf"(?:(?:the\s+)?{_D}\s+(?:of\s+)?{_M}|{_M}\s+{_D}(?![\d:])|{_M})(?:,?\s+{_Y})?|{_Y}"
_TALLY = "|".join(p.replace(" ", r"\s+") for p in LEXICON.data["dates"]["tally_prepositions"])
_ORDINAL = "|".join(sorted(LEXICON.data["dates"]["ordinals"], key=len, reverse=True))
_MODS_M = "|".join(re.escape(m) for m in LEXICON.data["dates"]["month_modifiers"])
_MODS_Y = "|".join(re.escape(m) for m in LEXICON.data["dates"]["year_modifiers"])

_PATTERNS: list[tuple[str, re.Pattern]] = [
    # explicit spans (R4)
    ("range", re.compile(
        rf"\b(?i:from)\s+(?P<a>{_END}|{_D})\s*(?:to|until|till|through|-|–|—)\s*(?P<b>{_END})"
        rf"|\b(?i:between)\s+(?:[^\W\d][\w'’-]*\s+){{0,5}}?(?P<a2>{_END}|{_D})\s*(?:and|-|–|—)\s*(?P<b2>{_END})")),
    ("day_pair", re.compile(rf"(?P<d1>{_D})\s*(?:and|-|–|—|&)\s*(?P<d2>{_D})\s+(?P<m>{_M})(?:,?\s+(?P<y>{_Y}))?")),
    ("day_pair_us", re.compile(rf"(?P<m>{_M})\s+(?P<d1>{_D}){_DASH}(?P<d2>{_D})(?:,?\s+(?P<y>{_Y}))?")),
    ("tally", re.compile(
        rf"(?<!run-)(?<!run )\b(?i:{_TALLY})\s+(?:the\s+(?:(?i:morning|evening|night|afternoon|end)\s+of\s+)?)?"
        rf"(?P<a>(?:the\s+)?{_D}\s+(?:of\s+)?{_M}|{_M}\s+{_D}(?![\d:]))(?:,?\s+(?P<y>{_Y}))?")),
    ("month_pair", re.compile(rf"(?P<m1>{_M})\s*(?:and|-|–|&|to)\s*(?P<m2>{_M}),?\s+(?P<y>{_Y})")),
    ("year_range", re.compile(rf"(?P<y1>{_Y})\s?[-–/]\s?(?P<y2>{_Y}|\d\d)(?![\d])")),
    ("by_month", re.compile(rf"\b(?i:{_TALLY})\s+(?:the end of\s+)?(?P<m>{_M}),?\s+(?P<y>{_Y})")),
    # halves, quarters, seasons
    ("half", re.compile(
        rf"(?:the\s+)?(?P<h>1|2|first|second)(?:<sup>)?(?:st|nd)?(?:</sup>)?\s+half(?:\s+of\s+(?:the\s+year\s+)?(?P<y>{_Y}))?(?!\s+of\s+(?:the\s+)?[a-z])"
        rf"|\b[Hh](?P<h2>[12])\s+(?P<y2>{_Y})",
        re.IGNORECASE)),
    ("quarter", re.compile(
        rf"(?:the\s+)?\b(?P<q>{_ORDINAL})(?:<sup>)?(?:st|nd|rd|th)?(?:</sup>)?\s+quarter(?:\s+of\s+(?:the\s+year\s+)?(?P<y>{_Y}))?(?!\s+of\s+(?:the\s+)?[a-z])"
        rf"|\bQ(?P<q2>[1-4])\s+(?P<y2>{_Y})", re.IGNORECASE)),
    ("season", re.compile(
        rf"(?:the\s+)?(?:(?:early|late)\s+)?(?P<s>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<y>{_Y})",
        re.IGNORECASE)),
    # days
    ("iso", re.compile(r"(?<![\d/])(?P<y>(?:19|20)\d\d)-(?P<mo>[01]\d)-(?P<d>[0-3]\d)(?!\d)")),
    ("dotted", re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)\.(?P<mo>[01]?\d)\.(?P<y>(?:19|20)\d\d)(?!\d)")),
    ("day", re.compile(rf"(?P<d>{_D})\s+(?:of\s+)?(?P<m>{_M}),?\s+(?P<y>{_Y})")),
    ("day_us", re.compile(rf"(?P<m>{_M})\s+(?P<d>{_D}),?\s+(?P<y>{_Y})")),
    # months
    ("month", re.compile(rf"(?P<m>{_M}),?\s+(?:of\s+)?(?P<y>{_Y})")),
    # year-less days and months (anchored to the nearest preceding date, §4)
    ("day_noyear", re.compile(rf"(?:\bthe\s+)?(?P<d>{_D})\s+(?:of\s+)?(?P<m>{_M})(?![\w,]*\s+{_Y})")),
    ("day_us_noyear", re.compile(
        rf"(?:(?<=\b[Oo]n )|(?<=\b[Tt]he )|(?<=\bof )|(?<=\bsince )|(?<=\b[Ff]rom )|(?<=\buntil )|(?<=\bby ))(?P<m>{_M})\s+(?P<d>{_D})(?![\d:])(?!\s*,?\s*{_Y})")),
    ("month_noyear", re.compile(
        rf"\b(?i:in|during|since|by|until|of|early|late|mid-?)\s+(?:(?:{_MODS_M})[\s-]*)?(?P<m>{_M})(?![\w,]*\s+{_Y})(?!\s+\d)"
        rf"|(?P<m2>{_M})[’']s\b")),
    # years
    ("year", re.compile(rf"(?P<y>{_Y})")),
]

# what each family needs in the sentence: "y" a four-digit year, "m" a month name
# "early", "mid-", "the end of" before a month or a year keep its precision (§4): looked for
# behind a match rather than tried at every position
_MODIFIER_BEFORE = {"month": re.compile(rf"(?:{_MODS_M})[\s-]*$", re.IGNORECASE),
                    "year": re.compile(rf"(?:{_MODS_Y})[\s-]*$", re.IGNORECASE)}
_NEEDS = {"range": "", "day_pair": "m", "day_pair_us": "m", "tally": "m", "month_pair": "ym", "year_range": "y",
          "by_month": "ym", "half": "h", "quarter": "q", "season": "ys", "iso": "y", "dotted": "y", "day": "ym", "day_us": "ym", "month": "ym",
          "day_noyear": "m", "day_us_noyear": "m", "month_noyear": "m", "year": "y"}
_SEASON_WORD = re.compile(r"spring|summer|autumn|fall|winter", re.IGNORECASE)
_ANY_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_ANY_MONTH = re.compile(_M)
_HALF_WORD = re.compile(r"half|\bH[12]\b", re.IGNORECASE)
_QUARTER_WORD = re.compile(r"quarter|\bQ[1-4]\b", re.IGNORECASE)

_RELATIVE_RULES = list(LEXICON.data["dates"]["relative"].items())
_RELATIVE = re.compile("|".join(r"(?P<r%d>\b(?:%s)\b)" % (i, pat) for i, (pat, _) in enumerate(_RELATIVE_RULES)),
                       re.IGNORECASE)
_NUMBER = r"\d{1,2}|%s" % "|".join(LEXICON.number_words)
_N_DAYS = re.compile(r"\b(?P<n>%s|an?) days? (?P<dir>earlier|before|later|after)\b" % _NUMBER, re.IGNORECASE)
# a clause after "two days after": "a day after a court banned it" (its event is the one dated)
_CLAUSE_FOLLOWS = re.compile(r"\s+(?:(?:the|a|an|his|her|their|its|police|officers)\s+)?(?:[\w’'.-]+\s+){0,4}?"
                             r"(?:was|were|had|has|have|is|are|[a-z]+ed)\b", re.IGNORECASE)


def opens_clause(sentence: str, pos: int) -> bool:
    """A clause with its own verb starts at ``pos`` ("... two days after | a court banned it").

    >>> opens_clause("sealed yesterday, two days after a court banned it", 32)
    True
    >>> opens_clause("detained two days after the rally in Oral", 23)
    False
    """
    return _CLAUSE_FOLLOWS.match(sentence, pos) is not None
_NEWS_RULES = list(LEXICON.data["dates"]["news"].items())
_WEEKDAY = "|".join(w.capitalize() for w in LEXICON.data["dates"]["weekdays"])
# R2 news dates, against the publication date: "yesterday", "last week", "on Monday", "over the past three days"
_PAST_DAYS = re.compile(rf"\b(?:over|in|during|within) the (?:past|last) (?:(?P<days>{_NUMBER}) days|(?P<week>week)|"
                        rf"(?P<hours>{_NUMBER}|\d{{2}}) hours)\b", re.IGNORECASE)
_NEWS = re.compile("|".join([r"(?P<n%d>\b(?i:%s)\b)" % (i, pat) for i, (pat, _) in enumerate(_NEWS_RULES)] + [
    rf"(?P<wd>(?:\b(?i:on|last|early on|late on)\s+(?=(?:{_WEEKDAY})\b)|\b(?=(?:{_WEEKDAY})[’']s\b)"
    rf"|(?<=(?-i:[a-z,]) )(?=(?:{_WEEKDAY})\b(?!\s+(?-i:[A-Z]))))"  # news style: "arrested hundreds Sunday as ..."
    rf"(?P<weekday>{_WEEKDAY})(?:\s+(?i:night|morning|evening|afternoon))?(?:[’']s)?\b)"]))
_COVERED = re.compile(r"\b(?:%s)\b" % "|".join(LEXICON.data["dates"]["covered_period"]), re.IGNORECASE)
_DAY_OF_MONTH = re.compile(r"\b(?i:on\s+the)\s+(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:(?-i:[A-Z])|century|anniversary))")
_UNDATED = LEXICON.regex("dates", "undated")
_NAME_WORD_BEFORE = re.compile(r"\b[A-Z][\w-]*\s+$")
# the cheap pre-filter (issue 8): a sentence with no year, month or one of these words has no date
# R2 news dates: a month of a past year, against the publication date ("in May last year",
# "a year ago in May", "in March, two years ago")
_MONTH_WORD = "|".join(LEXICON.data["dates"]["months"])
_YEARS = r"(?P<ago_n%d>a|one|two|three|four|five|\d)\s+years?\s+ago"
_MONTH_AGO = re.compile(rf"\b(?P<ago_m1>{_MONTH_WORD})(?:\s+of)?\s+last\s+year\b|\b{_YEARS % 2}\s+in\s+(?P<ago_m2>{_MONTH_WORD})\b"
                        rf"|\b(?P<ago_m3>{_MONTH_WORD}),?\s+{_YEARS % 3}\b", re.IGNORECASE)
_LEXICAL_HINT = re.compile("|".join(p.pattern for p in (_UNDATED, _RELATIVE, _N_DAYS, _PAST_DAYS, _NEWS, _COVERED, _DAY_OF_MONTH, _MONTH_AGO)),
                           re.IGNORECASE)
# issue 12: the hint is tried at every position of every sentence; a few substring tests first
_LEXICAL_GATE = LiteralGate(_LEXICAL_HINT)
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
    # issue 12: the matched parts make the day; dateparser (milliseconds a call) only for what they
    # cannot (where both give a day it is the same one, every day and format of the patterns checked)
    try:
        return date(y, m, d)
    except ValueError:
        return parse_day(text)


_PLACEHOLDER_YEAR = 2000  # a leap year: year-less dates keep 29 February until anchored


def _side(text: str) -> tuple[int | None, int | None, int | None]:
    """One end of a range: (year, month, day) with missing parts None ("March 20" → (None, 3, 20))."""
    y = re.search(_Y, text)
    m = re.search(_M, text)
    d = re.search(rf"(?<![\d])({_D})", text[:y.start()] if y else text)
    return (int(y.group()) if y else None, _month_num(m.group()) if m else None,
            _int(d.group(1)) if d else None)


def _resolve_range(a: str, b: str):
    """(start, end, needs_year) of "from A to B"; B lends A its month and year ("from 19 to 27
    January 2015"), A lends B its year ("from 20 March 2022 to 24 March"); none: year-less."""
    (ay, am, ad), (by, bm, bd) = _side(a), _side(b)
    if by is None and bm is None:
        return None
    needs_year = ay is None and by is None
    by = by or ay or _PLACEHOLDER_YEAR
    am = am or (bm if ad is not None else 1)
    ay = ay or (by if (am, ad or 1) <= (bm or 12, bd or 31) else by - 1)  # "from December to February 2012"
    start = date(ay, am, ad or 1)
    end = date(by, bm or 12, bd) if bd else _month_end(by, bm or 12)
    return (start, end, needs_year) if start <= end else None


def _build(kind: str, g: dict, text: str):
    """(start, end, precision, needs_year) for one pattern match, or None when invalid."""
    try:
        if kind == "range":
            r = _resolve_range(g["a"] or g["a2"], g["b"] or g["b2"])
            return (r[0], r[1], "period", r[2]) if r else None
        if kind in ("day_pair", "day_pair_us"):
            y, m = int(g["y"] or _PLACEHOLDER_YEAR), _month_num(g["m"])
            start, end = date(y, m, _int(g["d1"])), date(y, m, _int(g["d2"]))
            return (start, end, "period", not g["y"]) if start < end else None
        if kind == "tally":  # R3: a tally up to a day covers its year up to that day
            _, m, d = _side(g["a"])
            y = int(g["y"] or _PLACEHOLDER_YEAR)
            return date(y, 1, 1), date(y, m, d), "period", not g["y"]
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
            year = g["y"] or g["y2"]
            y, first = int(year or _PLACEHOLDER_YEAR), (g["h"] or g["h2"]).lower() in ("1", "first")
            start, end = (date(y, 1, 1), date(y, 6, 30)) if first else (date(y, 7, 1), date(y, 12, 31))
            return start, end, "half", not year
        if kind == "quarter":
            year = g["y"] or g["y2"]
            y, q = int(year or _PLACEHOLDER_YEAR), LEXICON.data["dates"]["ordinals"][(g["q"] or g["q2"]).lower()]
            return date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "period", not year
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
            day = date(_PLACEHOLDER_YEAR, m, d)
            return day, day, "day", True  # year filled by anchor
        if kind == "month_noyear":
            m = _month_num(g["m"] or g["m2"])
            return date(_PLACEHOLDER_YEAR, m, 1), _month_end(_PLACEHOLDER_YEAR, m), "month", True
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


def find_timexes(sentence: str, language: str = "en") -> list[TimeSpan]:
    """Every date expression of ``sentence``, left to right, without overlaps (``language`` "en"
    or "ru": Russian dates by :func:`russian_timexes`).

    Year-less spans have ``needs_year``; relative spans (R2) have ``relative`` set and no
    interval (news dates: ``relative["against"] == "published"``, the covered period:
    ``"covers"``); undated spans (R3) have ``undated``. Use :func:`anchor` to complete them.

    >>> [(t.text, str(t.start), str(t.end)) for t in find_timexes("between 20 and 24 March 2022, 80 were held")]
    [('between 20 and 24 March 2022', '2022-03-20', '2022-03-24')]
    """
    if language == "ru":
        return russian_timexes(sentence)
    found: list[TimeSpan] = []
    have = ("y" if _ANY_YEAR.search(sentence) else "") + ("m" if _ANY_MONTH.search(sentence) else "") \
        + ("h" if _HALF_WORD.search(sentence) else "") + ("q" if _QUARTER_WORD.search(sentence) else "") \
        + ("s" if _SEASON_WORD.search(sentence) else "")
    lexical = _LEXICAL_GATE.admits(fold(sentence)) and _LEXICAL_HINT.search(sentence) is not None
    if not have and not lexical:
        return found
    taken = bytearray(len(sentence))

    def claim(s: int, e: int) -> bool:
        if any(taken[s:e]):
            return False
        taken[s:e] = b"\x01" * (e - s)
        return True

    if lexical:  # before the undated "in the past": "in the past three days" is dated
        found += _past_days_spans(sentence, claim)
        found += _month_ago_spans(sentence, claim)
    for m in (_UNDATED.finditer(sentence) if lexical else ()):
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
    for m in (_N_DAYS.finditer(sentence) if lexical else ()):
        n = m.group("n")
        n = int(n) if n.isdigit() else 1 if n.lower() in ("a", "an") else LEXICON.number_words[n.lower()]
        sign = -1 if m.group("dir").lower() in ("earlier", "before") else 1
        if m.group("dir").lower() in ("after", "before") and opens_clause(sentence, m.end()):
            sign = -sign  # "yesterday, two days after a court banned it": the ban is two days before
        if claim(m.start(), m.end()):
            found.append(TimeSpan(None, None, "day", m.group(), m.start(), m.end(), relative={"days": [sign * n, sign * n], "precision": "day"}))
    for m in (_RELATIVE.finditer(sentence) if lexical else ()):
        rule = _RELATIVE_RULES[int(m.lastgroup[1:])][1]
        if claim(m.start(), m.end()):
            found.append(TimeSpan(None, None, rule.get("precision", ""), m.group(), m.start(), m.end(), relative=rule))
    if lexical:
        found += _lexical_spans(sentence, claim)
    return sorted(found, key=lambda t: t.char_start)


def _month_ago_spans(sentence: str, claim) -> list[TimeSpan]:
    """A month of a past year, resolved against the publication date ("a year ago in May")."""
    found = []
    for m in _MONTH_AGO.finditer(sentence):
        month = next(m.group(g) for g in ("ago_m1", "ago_m2", "ago_m3") if m.group(g))
        n = next((m.group(g) for g in ("ago_n2", "ago_n3") if m.group(g)), "one")
        years = int(n) if n.isdigit() else 1 if n.lower() == "a" else LEXICON.number_words[n.lower()]
        rule = {"against": "published", "unit": "month_of_year", "offset": -years,
                "month": LEXICON.data["dates"]["months"].index(month.lower()) + 1}
        if claim(m.start(), m.end()):
            found.append(TimeSpan(None, None, "", m.group(), m.start(), m.end(), relative=rule))
    return found


def _past_days_spans(sentence: str, claim) -> list[TimeSpan]:
    """ "over the past three days", "in the past 48 hours": publication − N days .. publication (R2)."""
    found = []
    for m in _PAST_DAYS.finditer(sentence):
        n = m.group("days") or m.group("hours")
        n = 7 if m.group("week") else int(n) if n.isdigit() else LEXICON.number_words[n.lower()]
        rule = {"against": "published", "unit": "past_days", "offset": -(-n // 24) if m.group("hours") else n}
        if claim(m.start(), m.end()):
            found.append(TimeSpan(None, None, "", m.group(), m.start(), m.end(), relative=rule))
    return found


def _lexical_spans(sentence: str, claim) -> list[TimeSpan]:
    """News dates (against the publication date), the covered period and "on the 3rd"."""
    found = []
    for m in _NEWS.finditer(sentence):
        if m.group()[0].isupper() and _NAME_WORD_BEFORE.search(sentence, 0, m.start()):
            continue  # part of a name: "Kazakhstan Today", "Black Monday's"
        if m.group("wd"):
            rule = {"against": "published", "unit": "weekday",
                    "offset": LEXICON.data["dates"]["weekdays"].index(m.group("weekday").lower())}
        else:
            rule = {"against": "published", **_NEWS_RULES[int(m.lastgroup[1:])][1]}
        if claim(m.start(), m.end()):
            found.append(TimeSpan(None, None, "", m.group(), m.start(), m.end(), relative=rule))
    for m in _COVERED.finditer(sentence):
        if claim(m.start(), m.end()):
            found.append(TimeSpan(None, None, "", m.group(), m.start(), m.end(), relative={"against": "covers"}))
    for m in _DAY_OF_MONTH.finditer(sentence):
        if claim(m.start(), m.end()):
            found.append(TimeSpan(None, None, "day", m.group(), m.start(), m.end(),
                                  relative={"day_of_month": int(m.group("d"))}))
    return found


# --- Russian (issue 13) -----------------------------------------------------------------------

def _ru_grammar() -> list[tuple[str, re.Pattern]]:
    """The Russian date patterns, built from ``lexicon_ru.toml`` (months in every case, weekdays)."""
    dates = lexicon_for("ru").data["dates"]
    month = r"(?<![а-яё])(?:%s)(?![а-яё]|»)\.?" % "|".join(sorted(lexicon_for("ru").month_number, key=len, reverse=True))
    year = r"(?<![\d.,])(?:19\d\d|20\d\d)(?![\d])"
    year_word = r"(?:\s*(?:г\.\s*г\.|гг\.|г\.|годах|годов|годы|года|году|год)(?![а-яё]))"
    day = r"(?<![\d.,])(?:[12]\d|3[01]|0?[1-9])(?![\d.,]\d)"
    dash = r"\s*(?:-|–|—)\s*"
    weekday = r"(?P<wd>%s)[а-яё]*" % "|".join(dates["weekday_stems"])
    news = "|".join(map(re.escape, dates["news_days"]))
    ordinal = r"(?<![а-яё])(?:(?:двадцать|тридцать)\s+)?(?:%s)(?![а-яё])" % "|".join(sorted(_RU_ORDINALS, key=len, reverse=True))
    relative = "|".join(sorted(map(re.escape, dates["relative"]), key=len, reverse=True))
    holiday = "|".join(f"(?:{name})" for name in dates["holidays"])
    half = r"(?P<half>%s)[а-яё]*\s+(?:половин[а-яё]*|полугоди[а-яё]*)" % "|".join(dates["halves"])
    return [
        ("holiday", re.compile(rf"(?:(?P<eve>(?i:{dates['holiday_eve']}))|(?i:в|во|на))\s+(?P<h>{holiday})(?![а-яё])")),
        ("half_month", re.compile(rf"{half}\s+(?P<m>{month})(?:\s+(?P<y>{year}){year_word}?)?", re.I)),
        ("half_year", re.compile(rf"{half}\s+(?P<y>{year}){year_word}?", re.I)),
        ("since", re.compile(rf"{dates['since']}(?P<m>{month})(?:\s+(?P<y>{year}){year_word}?)?(?!\s*\d)"
                             rf"|{dates['since']}(?P<y2>{year}){year_word}", re.I)),
        ("relative", re.compile(rf"(?<![а-яё])(?P<rel>{relative})(?![а-яё])", re.I)),
        ("ordinal", re.compile(rf"(?P<d>{ordinal})\s+(?P<m>{month})(?:\s+(?P<y>{year}){year_word}?)?", re.I)),
        ("numeric", re.compile(rf"(?<![\d.])(?P<d>[12]\d|3[01]|0?[1-9])\.(?P<m>0?[1-9]|1[0-2])\.(?P<y>(?:19|20)\d\d)(?!\d)(?:{year_word})?")),
        ("night", re.compile(rf"\bв\s+ночь\s+(?:с\s+(?:[12]\d|3[01]|0?[1-9])\s+)?на\s+(?P<d>{day})\s+(?P<m>{month})(?:\s+(?P<y>{year}){year_word}?)?", re.I)),
        ("range", re.compile(rf"\b(?:с|от)\s+(?P<d1>{day})(?:\s+(?P<m1>{month}))?(?:\s+(?P<y1>{year}){year_word}?)?\s+(?:по|до)\s+"
                             rf"(?P<d2>{day})\s+(?P<m2>{month})(?:\s+(?P<y2>{year}){year_word}?)?", re.I)),
        ("day_pair", re.compile(rf"(?P<d1>{day}){dash}(?P<d2>{day})\s+(?P<m2>{month})(?:\s+(?P<y2>{year}){year_word}?)?", re.I)),
        ("day", re.compile(rf"(?P<d>{day})\s+(?P<m>{month})(?:\s+(?P<y>{year}){year_word}?)?", re.I)),
        ("years", re.compile(rf"(?P<y1>{year}){dash}(?P<y2>{year}){year_word}?", re.I)),
        ("month", re.compile(rf"(?P<m>{month})(?:\s+(?P<y>{year}){year_word}?)?", re.I)),
        ("year", re.compile(rf"(?P<y>{year}){year_word}?", re.I)),
        ("day_of_month", re.compile(rf"(?<![\d.,])(?P<d>[12]\d|3[01]|0?[1-9])-го\b", re.I)),
        ("news_period", re.compile("|".join(rf"(?P<p{i}>(?<![а-яё]){pattern}(?![а-яё]))"
                                             for i, pattern in enumerate(dates["news_periods"])), re.I)),
        ("news", re.compile(rf"\b(?P<n>{news})\b|\bв(?:о)?\s+(?:(?P<last>прошл\w+|минувш\w+)\s+)?{weekday}(?!\s*,?\s*\d)", re.I)),
    ]


def _ru_ordinals() -> dict[str, int]:
    """Every form of the ordinal words of days ("пятого" → 5)."""
    from .lexicon import russian_forms

    return {form: day for lemma, day in lexicon_for("ru").data["dates"]["ordinal_days"].items()
            for form in russian_forms(lemma, "A")}


_RU_ORDINALS = _ru_ordinals()
_RU_NOT_EVENT = re.compile(lexicon_for("ru").data["dates"]["not_event_before"], re.IGNORECASE)
_RU_NOT_EVENT_KINDS = ("day", "ordinal", "numeric", "night", "range", "day_pair", "month")


@lru_cache(maxsize=4096)
def _ru_day(d: str, m: str, y: str | None) -> date | None:
    """A Russian day by dateparser (``languages=["ru"]``); a year-less day gets the placeholder year."""
    month = lexicon_for("ru").month_number[m.lower().rstrip(".")]
    if not y:
        return _safe_day(_PLACEHOLDER_YEAR, month, int(d), f"{d} {m}")
    parsed = dateparser.parse(f"{int(d)}.{month:02d}.{y}", languages=["ru"], settings=_DATEPARSER_SETTINGS)
    return parsed.date() if parsed else None


def _ru_build(kind: str, g: dict, lex) -> tuple | None:
    """(start, end, precision, needs_year) of one Russian match, or None when invalid."""
    months = lex.month_number
    if kind == "ordinal":
        words = g["d"].lower().split()
        g = {**g, "d": str(sum(_RU_ORDINALS.get(w, {"двадцать": 20, "тридцать": 30}.get(w, 0)) for w in words))}
        kind = "day"
    if kind in ("numeric", "day", "night"):
        m = g["m"] if not g["m"].isdigit() else list(months)[int(g["m"]) - 1]
        start = _ru_day(g["d"], m, g.get("y"))
        if start is None:
            return None
        first = start - timedelta(days=1) if kind == "night" else start
        return first, start, "period" if kind == "night" else "day", not g.get("y")
    if kind in ("range", "day_pair"):
        y = g.get("y2") or g.get("y1")
        end = _ru_day(g["d2"], g["m2"], y)
        start = _ru_day(g["d1"], g.get("m1") or g["m2"], g.get("y1") or y)
        if start is None or end is None:
            return None
        if start > end:  # "с 28 декабря по 3 января"
            start = start.replace(year=start.year - 1)
        return start, end, "period", not y
    if kind == "holiday":
        return _ru_holiday(g, lex)
    if kind in ("half_month", "half_year"):
        return _ru_half(kind, g, months)
    if kind == "years":
        a, b = int(g["y1"]), int(g["y2"])
        return (date(a, 1, 1), date(b, 12, 31), "period", False) if a < b else None
    if kind == "month":
        y, m = int(g["y"] or _PLACEHOLDER_YEAR), months[g["m"].lower().rstrip(".")]
        return date(y, m, 1), _month_end(y, m), "month", not g["y"]
    y = int(g["y"])
    return date(y, 1, 1), date(y, 12, 31), "year", False


def _ru_holiday(g: dict, lex) -> tuple:
    """A public holiday ("в День Республики") or its eve ("накануне Дня Республики": the seven days
    before it), year-less until anchored.

    >>> [str(d) for d in _ru_holiday({"eve": "накануне", "h": "Дня Республики"}, lexicon_for("ru"))[:2]]
    ['2000-10-18', '2000-10-24']
    """
    dates = lex.data["dates"]
    month, day = next(md for name, md in dates["holidays"].items() if re.fullmatch(name, g["h"]))
    holiday = date(_PLACEHOLDER_YEAR, month, day)
    if not g.get("eve"):
        return holiday, holiday, "day", True
    return holiday - timedelta(days=dates["holiday_eve_days"]), holiday - timedelta(days=1), "period", True


def _ru_half(kind: str, g: dict, months: dict) -> tuple:
    """The first or second half of a month ("в первой половине января": 1–15) or of a year.

    >>> [str(d) for d in _ru_half("half_month", {"half": "втор", "m": "февраля", "y": "2021"}, lexicon_for("ru").month_number)[:2]]
    ['2021-02-16', '2021-02-28']
    """
    first = lexicon_for("ru").data["dates"]["halves"][g["half"].lower()] == 1
    y = int(g["y"] or _PLACEHOLDER_YEAR)
    if kind == "half_year":
        start, end = (date(y, 1, 1), date(y, 6, 30)) if first else (date(y, 7, 1), date(y, 12, 31))
        return start, end, "half", False
    m = months[g["m"].lower().rstrip(".")]
    start, end = (date(y, m, 1), date(y, m, 15)) if first else (date(y, m, 16), _month_end(y, m))
    return start, end, "period", not g["y"]


def _ru_since_span(m: re.Match, s: int, e: int, lex) -> TimeSpan:
    """"с мая 2020 года", "с начала апреля": a span from the month (or year) to the publication
    date, resolved by :func:`_ru_since` (R2, R4)."""
    g = m.groupdict()
    month = lex.month_number[g["m"].lower().rstrip(".")] if g["m"] else 1
    year = int(g["y"] or g["y2"]) if (g["y"] or g["y2"]) else None
    part = re.search(r"середин|конц", m.group(), re.I)
    day = 1 if not part else (11 if part.group().lower().startswith("серед") else 21)
    if g["y2"] and part:  # "с середины 2019 года": July, "с конца 2019 года": October
        month, day = (7, 1) if part.group().lower().startswith("серед") else (10, 1)
    rule = {"against": "published", "unit": "since", "offset": 0, "year": year, "month": month, "day": day}
    return TimeSpan(None, None, "period", m.group().strip(), s, e, relative=rule)


def _ru_since(span: TimeSpan, published: date) -> TimeSpan | None:
    """A "since" span resolved against the publication date: a year-less month is the latest one
    not after publication.

    >>> t = russian_timexes("С начала апреля в городе проходят митинги.")[0]
    >>> [str(d) for d in (lambda r: (r.start, r.end))(_ru_since(t, date(2023, 4, 17)))]
    ['2023-04-01', '2023-04-17']
    """
    rule = span.relative
    year = rule["year"] or (published.year if (rule["month"], rule["day"]) <= (published.month, published.day)
                            else published.year - 1)
    start = date(year, rule["month"], rule["day"])
    if start > published:
        return None
    return replace(span, start=start, end=published, precision="period", relative=None)


def russian_timexes(sentence: str) -> list[TimeSpan]:
    """Every date expression of a Russian ``sentence`` (the same spans as :func:`find_timexes`).

    >>> [(t.text, str(t.start), str(t.end), t.precision) for t in russian_timexes("с 4 по 10 января 2022 года задержаны 12 человек")]
    [('с 4 по 10 января 2022 года', '2022-01-04', '2022-01-10', 'period')]
    >>> [(t.text, str(t.start), str(t.end)) for t in russian_timexes("в 2010–2012 гг. и 28.02.2020")]
    [('2010–2012 гг.', '2010-01-01', '2012-12-31'), ('28.02.2020', '2020-02-28', '2020-02-28')]
    """
    lex = lexicon_for("ru")
    taken = bytearray(len(sentence))
    found: list[TimeSpan] = []
    for kind, pattern in _RU_GRAMMAR:
        hint = _RU_HINTS.get(kind)
        if hint is not None and not hint.search(sentence):
            continue  # the cheap pre-filter: no word this family needs is in the sentence
        for m in pattern.finditer(sentence):
            s, e = m.start(), m.end()
            if e == s or any(taken[s:e]):
                continue
            g = m.groupdict()
            if kind in _RU_NOT_EVENT_KINDS and _RU_NOT_EVENT.search(sentence, max(0, s - 60), s):
                taken[s:e] = b"\x01" * (e - s)
                continue  # "до 31 августа", "отмечается 25 октября", "должно вступить в силу 20 августа"
            if kind == "relative":  # "на следующий день": against the date before (R2)
                lo, hi = lex.data["dates"]["relative"][g["rel"].lower()]
                span = TimeSpan(None, None, "day" if lo == hi else "period", m.group(), s, e,
                                relative={"days": [lo, hi], "precision": "day" if lo == hi else "period"})
            elif kind == "day_of_month":  # "протесты 25-го": that day of the month of the date before
                span = TimeSpan(None, None, "day", m.group(), s, e, relative={"day_of_month": int(g["d"])})
            elif kind == "since":  # "с начала апреля": from then up to the document date
                span = _ru_since_span(m, s, e, lex)
            elif kind == "news_period":  # "в прошлом году", "на этой неделе": against publication (R2)
                unit, offset = list(lex.data["dates"]["news_periods"].values())[int(m.lastgroup[1:])]
                span = TimeSpan(None, None, "", m.group(), s, e,
                                relative={"against": "published", "unit": unit, "offset": offset})
            elif kind == "news":
                stems = lex.data["dates"]["weekday_stems"]
                rule = {"against": "published", "unit": "day", "offset": lex.data["dates"]["news_days"][g["n"].lower()]} \
                    if g["n"] else {"against": "published", "unit": "weekday", "offset": stems.index(g["wd"].lower())}
                span = TimeSpan(None, None, "", m.group(), s, e, relative=rule)
            else:
                built = _ru_build(kind, g, lex)
                if built is None:
                    continue
                start, end, precision, needs_year = built
                span = TimeSpan(start, end, precision, m.group().strip(), s, e, needs_year=needs_year)
            taken[s:e] = b"\x01" * (e - s)
            found.append(span)
    return sorted(found, key=lambda t: t.char_start)


_RU_GRAMMAR = _ru_grammar()
_MONTH_STEMS = ("январ", "феврал", "март", "апрел", "мая", "мае", "май", "июн", "июл", "август", "сентябр", "октябр",
                "ноябр", "декабр", "янв", "фев", "мар", "апр", "авг", "сен", "окт", "ноя", "дек")
# words (lower case) one of which a family of the grammar needs, or "digit"; families not named always run
_RU_HINTS = {kind: re.compile(r"\d" if words == "digit" else "|".join(words), re.IGNORECASE) for kind, words in {
    "holiday": ("ден", "дн", "нов", "наурыз"), "half_month": ("половин", "полугоди"), "half_year": ("половин", "полугоди"),
    "since": ("с ",), "news_period": ("прошл", "минувш", "этом", "этого", "эту", "этой", "текущ", "днях"),
    "ordinal": _MONTH_STEMS, "month": _MONTH_STEMS, "numeric": "digit", "night": ("ночь",), "range": "digit",
    "day_pair": "digit", "day": "digit", "years": "digit", "year": "digit", "day_of_month": "digit"}.items()}


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
    document covers (R26), else the document date; news dates ("yesterday", "last week") against
    the publication date only, the covered period ("during the year") against ``covers`` only.

    >>> prev = find_timexes("On 4 January 2017, a court banned it")[0]
    >>> nxt = find_timexes("the next day, workers went on hunger strike")[0]
    >>> str(anchor(nxt, prev, None).start)
    '2017-01-05'
    >>> str(anchor(find_timexes("Police detained him yesterday.")[0], prev, date(2023, 3, 15)).start)
    '2023-03-14'
    """
    if span.undated:
        return None
    against = (span.relative or {}).get("against")
    if against == "published":  # R2 news dates: "yesterday", "last week", "on Monday"
        return _from_published(span, published) if published else None
    if against == "covers":  # R26: "during the year" is the period the report covers
        return _covered(span, covers) if covers else None
    if span.needs_year:
        if (previous is None or previous.end is None) and covers:
            return _inside(span, covers)
        base = previous if previous and previous.end else None
        base_year = base.end.year if base else (published.year if published else None)
        if base_year is None:
            return None
        fits = [m for y in (base_year, base_year + 1) if (m := _with_year(span, y)) is not None
                and not (published and (m.start > published or _ends_after_in_its_year(m, published)))]
        if covers:  # R26: a periodic report's year-less dates fall in the period it covers
            fits = [m for m in fits if covers[0] <= m.start <= covers[1]] or fits
        if not fits:
            return _with_year(span, base_year - 1)
        # the year that puts it nearest the date before it: "in the fall of 2022 ... In February" is
        # February 2023 when the document allows it (HeidelTime's reference-date strategy)
        return min(fits, key=lambda m: _gap(m, base) if base else 0)
    if span.relative:
        if previous is None or previous.start is None:
            return None
        return _resolve_relative(span, previous)
    return span


def _gap(a: TimeSpan, b: TimeSpan) -> int:
    """Days between two spans (0 when they overlap)."""
    return max(0, (a.start - b.end).days, (b.start - a.end).days)


def _with_year(span: TimeSpan, year: int) -> TimeSpan | None:
    """A year-less span moved so that it starts in ``year`` (a month keeps its last day: February;
    "from December to February" ends in the year after)."""
    shift = year - span.start.year
    whole_month = span.precision != "day" and span.end == _month_end(span.end.year, span.end.month)
    try:
        start = span.start.replace(year=year)
        end_year = span.end.year + shift
        end = _month_end(end_year, span.end.month) if whole_month else span.end.replace(year=end_year)
    except ValueError:  # 29 February in a common year
        return None
    return replace(span, start=start, end=end, needs_year=False)


def _ends_after_in_its_year(span: TimeSpan, published: date) -> bool:
    """A tally or a range of one year ending after publication ("by 9 September") is last year's;
    a range across the new year ("from 17 December to 5 January") may run past it."""
    return span.precision == "period" and span.end > published and span.start.year == span.end.year


def _inside(span: TimeSpan, covers: tuple[date, date]) -> TimeSpan | None:
    """A year-less span placed in the covered period: the latest year that puts it inside."""
    for year in range(covers[1].year, covers[0].year - 2, -1):
        moved = _with_year(span, year)
        if moved and moved.start <= covers[1] and moved.end >= covers[0]:
            return moved
    return None


def _covered(span: TimeSpan, covers: tuple[date, date]) -> TimeSpan:
    """The whole covered period: ``year`` when it is one calendar year, else ``period``."""
    start, end = covers
    one_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year
    return replace(span, start=start, end=end, precision="year" if one_year else "period", relative=None)


def _season_of(name: str, year: int) -> tuple[date, date]:
    first, last = LEXICON.data["dates"]["seasons"][name]
    return (date(year - 1, first, 1) if first > last else date(year, first, 1)), _month_end(year, last)


def _from_published(span: TimeSpan, published: date) -> TimeSpan | None:
    """A news date resolved against the publication date (R2)."""
    rule, unit, offset = span.relative, span.relative["unit"], span.relative["offset"]
    if unit == "day":
        start = end = published + timedelta(days=offset)
        precision = "day"
    elif unit == "weekday":  # the last such weekday on or before publication
        start = end = published - timedelta(days=(published.weekday() - offset) % 7)
        precision = "day"
    elif unit == "weekend":  # "over the weekend": the last Saturday and Sunday up to publication
        sunday = published - timedelta(days=(published.weekday() + 1) % 7)
        start, end, precision = sunday - timedelta(days=1), sunday, "period"
    elif unit == "past_days":
        start, end, precision = published - timedelta(days=offset), published, "period"
    elif unit == "week":  # this week: Monday .. publication; last week: Monday .. Sunday before it
        monday = published - timedelta(days=published.weekday())
        start, end = (monday, published) if offset == 0 else (monday + timedelta(weeks=offset), monday - timedelta(days=1))
        precision = "period"
    elif unit == "month":
        y, m = divmod(published.year * 12 + published.month - 1 + offset, 12)
        start, end, precision = date(y, m + 1, 1), _month_end(y, m + 1), "month"
    elif unit == "month_of_year":  # "a year ago in May": May of the year before publication
        y = published.year + offset
        start, end, precision = date(y, rule["month"], 1), _month_end(y, rule["month"]), "month"
    elif unit == "year":
        y = published.year + offset
        start, end, precision = date(y, 1, 1), date(y, 12, 31), "year"
    elif unit == "since":  # Russian "с мая 2020 года": from then to publication (issue 13)
        return _ru_since(span, published)
    elif unit == "season":  # this summer: the publication year's; last summer: the latest ended before it
        name = _SEASON_WORD.search(span.text).group().lower()
        year = published.year + (1 if published.month == 12 and name == "winter" else 0)
        while offset < 0 and _season_of(name, year)[1] >= published:
            year -= 1
        start, end = _season_of(name, year)
        precision = "season"
    else:
        raise ValueError(f"unknown news date unit {unit!r} in {rule!r}")
    return replace(span, start=start, end=end, precision=precision, relative=None)


def _resolve_relative(span: TimeSpan, previous: TimeSpan) -> TimeSpan:
    rule = span.relative
    if "day_of_month" in rule:  # "on the 3rd": that day of the anchor's month, else of the next
        base, day = previous.end, rule["day_of_month"]
        y, m = (base.year, base.month) if day >= base.day else divmod(base.year * 12 + base.month, 12)
        m = m if day >= base.day else m + 1
        try:
            start = date(y, m, day)
        except ValueError:
            return None
        return replace(span, start=start, end=start, precision="day", relative=None)
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
