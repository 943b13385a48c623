"""Which count a trigger takes: nearest in its clause, appositions, subsets, counts of one (codebook §5, R5, R6, R9, R24)."""

from __future__ import annotations

import re
from functools import cache

from ..lexicon import LEXICON, lexicon_for
from ..quantities import Count
from ..triggers import Trigger

_SINGULAR = re.compile(r"\b(?:was|has been|is being|(?:he|she)(?: \w+)?)\s+(?:\w+\s+){0,2}$|\b(?:he|she)\s+$", re.IGNORECASE)
_SINGLE_OBJECT = re.compile(
    r"^\s*(?:(?:him|her)\b|(?:the |a |one )?(?:[a-z-]+ ){0,3}?(?:[A-Z][\w.-]+|[A-Z]\.)(?: [A-Z][\w.-]+){1,2}\b(?! and [A-Z]))")

_UNIT_FITS = {event: set(units) for event, units in LEXICON.data["counting"]["unit_fits"].items()}

_PERSON = r"(?:[a-z-]+ ){0,4}[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){1,2}"  # "human rights defender Yelena Semenova"
_NAME_LIST = rf"{_PERSON}(?:, {_PERSON})*,? (?:and|&) {_PERSON}"
_NAMES_BEFORE = re.compile(rf"(?<![\w,])({_NAME_LIST}),?(?:[^.;]{{0,60}},)?\s+(?:(?:were|have been|had been|are)\s+)?(?:\w+\s+){{0,2}}$")
_NAMES_AFTER = re.compile(rf"^\s*({_NAME_LIST})\b")
_NAME = re.compile(r"[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){1,2}")
# surnames only, as reports name people after the first mention: "Bokenov and Sadykova were detained"
_SURNAMES_BEFORE = re.compile(r"(?<![\w,])((?:[A-Z][a-z’'-]{2,}, )*[A-Z][a-z’'-]{2,},? (?:and|&) [A-Z][a-z’'-]{2,})\s+"
                              r"(?:were|have been|had been|are)\s+(?:\w+ly\s+)?$")
_PEOPLE_EVENTS = {"detention", "prosecution", "conviction", "acquittal", "release", "violence", "threat", "restriction"}
_NOT_NAME = re.compile(r"^(?:The|Police|Authorities|Officials|Journalists|Activists|Courts?|Prosecutors?|Judges?|Lawyers?|"
                       r"Workers|Students|Members|Relatives|Parents|Both|All|Several|Many|Some|Most|Others?)$")
_NAMED_OBJECT = re.compile(r"^\s*(?:of\s+)?(?:the\s+|a\s+)?(?:[a-z-]+\s+){0,2}[\"“‘'*]?[A-Z]|^\s*its activities")

_MEDIA = LEXICON.regex("counting", "media_words")
_FIGURE_AFTER = LEXICON.regex("counting", "figure_after_trigger")


# two verbs of one subject: "were detained and fined", "were arrested, then beaten"
_SHARED_SUBJECT = re.compile(r"\s*,?\s*(?:and|or|,)\s+(?:then\s+|later\s+|subsequently\s+)?(?:(?:were|was)\s+)?", re.IGNORECASE)


def assign_counts(triggers: list[Trigger], counts: list[Count], quote: str, spans=()) -> dict[int, Count]:
    """Each trigger's count: the nearest count to its left with no trigger between, else to its right."""
    taken: dict[int, Count] = {}
    used: set[int] = set()
    starts = sorted(t.char_start for t in triggers)
    for i, trig in enumerate(triggers):
        if trig.event_type == "law":
            continue
        prev_trigger_end = max((t.char_end for t in triggers if t.char_end <= trig.char_start), default=0)
        left = [c for c in counts if prev_trigger_end <= c.char_start and c.char_start < trig.char_start
                and trig.char_start - c.char_end <= 70 and id(c) not in used
                and not re.search(r"[;]|\bwhile\b|\bwhereas\b", quote[c.char_end:trig.char_start])
                and not any(c.char_end <= s.char_start < trig.char_start for s in spans)]
        next_trigger = next((s for s in starts if s > trig.char_start), len(quote))
        right = [c for c in counts if c.char_start >= trig.char_end and c.char_end <= next_trigger
                 and c.char_start - trig.char_end <= 35 and id(c) not in used
                 and _FIGURE_AFTER.fullmatch(quote[trig.char_end:c.char_start].strip())]
        left = [c for c in left if c.unit is None or c.unit in _UNIT_FITS.get(trig.event_type, {c.unit})]
        if len(left) > 1 and _in_inset(quote, left[-1], trig):
            left = left[:-1]  # "At least 45 people, including eight officers, died": the clause's own count
        right = [c for c in right if c.unit is None or c.unit in _UNIT_FITS.get(trig.event_type, {c.unit})]
        inside = [c for c in counts if c.whole and c.char_start <= trig.char_start < c.char_end]
        if inside:  # "324 out of 497 assemblies were recorded": the trigger names the whole (R24)
            left, right = [inside[0].whole], []
        if right and right[0].unit != "times" and not quote[trig.char_end:right[0].char_start].strip():
            left = []  # "police detained 4 drivers": the verb's own object
        pick = left[-1] if left else (right[0] if right else None)
        if pick is not None and pick.unit == "times" and trig.event_type == "protest":
            pick = None  # "refused a request to hold a rally 40 times": the times count the refusals
        if pick is not None:
            used.add(id(pick))
            taken[i] = pick
    for i in range(1, len(triggers)):
        if i not in taken and i - 1 in taken and triggers[i].event_type not in ("law", triggers[i - 1].event_type) \
                and _SHARED_SUBJECT.fullmatch(quote[triggers[i - 1].char_end:triggers[i].char_start]):
            taken[i] = taken[i - 1]  # "63 workers were prosecuted and fined": both verbs count the subject
    for c in counts:
        if c.unit == "times" and id(c) not in used:
            owner = next((i for i in range(len(triggers) - 1, -1, -1) if triggers[i].char_end <= c.char_start
                          and i not in taken and triggers[i].event_type != "protest"), None)
            if owner is not None:
                used.add(id(c))
                taken[owner] = c
    return taken

_INSET_OPEN = re.compile(r"(?:,|\(|—|–)\s*(?:including|among them|among whom|of whom|of them|such as|incl\.)\s+(?:\w+\s+){0,2}$",
                         re.IGNORECASE)


def _in_inset(quote: str, count: Count, trig: Trigger) -> bool:
    """A count inside an apposition that closes before the trigger (R6, R24)."""
    return bool(_INSET_OPEN.search(quote[max(0, count.char_start - 40):count.char_start])
                and re.search(r"[,)—–]", quote[count.char_end:trig.char_start]))


def _named_people(quote: str, trig: Trigger) -> int:
    """R24: how many people a list of names as the trigger's subject or object names (0 for none).

    >>> _named_people("the lawyer Arman Seitov and the blogger Dana Ermekova were detained", Trigger("detention", "", "detained", 59, 67))
    2
    """
    before = _NAMES_BEFORE.search(quote, max(0, trig.char_start - 160), trig.char_start)
    found = before or (_NAMES_AFTER.match(quote[trig.char_end:trig.char_end + 160]) if trig.event_type != "protest" else None)
    if found:
        return len(_NAME.findall(found.group(1)))
    surnames = _SURNAMES_BEFORE.search(quote, max(0, trig.char_start - 60), trig.char_start)
    if surnames and trig.event_type in _PEOPLE_EVENTS and not any(
            LEXICON.places.fullmatch(w) or _NOT_NAME.search(w) for w in surnames.group(1).split()):
        return len(re.findall(r"[A-Z]", surnames.group(1)))
    return 0


_THEM_AFTER = re.compile(r"^\s*them\b(?! all\b)", re.IGNORECASE)
_THEY_BEFORE = re.compile(r"\bthey\s+(?:were|have been|had been|are|had)\s+(?:\w+\s+){0,1}$", re.IGNORECASE)


def pronoun_count(trig: Trigger, quote: str, earlier: list[dict], language: str = "en") -> Count | None:
    """R9: "convicted them", "they were detained": the people counted in the rows just before.

    >>> rows = [{"count": 2, "count_qualifier": "exact", "count_low": 2, "count_high": 2, "count_unit": "people"}]
    >>> pronoun_count(Trigger("conviction", "", "convicted", 8, 17), "a court convicted them", rows).value
    2
    """
    if language != "en":
        words = _russian_counting(language)
        if not (words["pronoun_after"].match(quote[trig.char_end:])
                or words["pronoun_before"].search(quote, max(0, trig.char_start - 40), trig.char_start)):
            return None
    elif not (_THEM_AFTER.match(quote[trig.char_end:]) or _THEY_BEFORE.search(quote, max(0, trig.char_start - 40), trig.char_start)):
        return None
    people = [r for r in earlier if r["count_unit"] == "people" and r["count"] is not None]
    if not people:
        return None
    last = people[-1]
    return Count(last["count"], last["count_qualifier"], last["count_low"], last["count_high"], "people", "", 0, 0)


@cache
def _russian_counting(language: str) -> dict[str, re.Pattern]:
    """The counting word lists of a language's lexicon (``[counting]`` of lexicon_ru.toml)."""
    lexicon = lexicon_for(language)
    return {key: re.compile(value) for key, value in lexicon.data["counting"].items()}


def _russian_count_of_one(trig: Trigger, quote: str, language: str) -> Count | None:
    """R9, R24 in Russian: a list of named people counts its names; a singular short participle
    ("задержан", "приговорена") or one named person as subject or object is one person.

    >>> _russian_count_of_one(Trigger("detention", "", "задержали", 32, 41), "Марата Ахметова и Дину Серикову задержали", "ru").value
    2
    """
    if trig.event_type in ("law", "ban", "protest", "strike"):
        return None
    words = _russian_counting(language)
    before, after = quote[max(0, trig.char_start - 160):trig.char_start], quote[trig.char_end:trig.char_end + 160]
    listed = words["names_before"].search(before) or words["names_after"].match(after)
    if listed:
        n = len(words["name"].findall(listed.group(1)))
        if n >= 2:
            return Count(n, "exact", n, n, "people", "", 0, 0)
    named = words["one_name_after"].match(after) or words["one_name_before"].search(before)
    if named and (words["not_a_name"].match(named.group().strip()) or lexicon_for(language).places.search(named.group())):
        named = None
    if words["singular_trigger"].search(trig.text) or named:
        return Count(1, "exact", 1, 1, "people", "", 0, 0)
    return None


def count_of_one(trig: Trigger, quote: str, language: str = "en") -> Count | None:
    """R9, R24: a single person, organisation or outlet; a list of named people counts its names."""
    if language != "en":
        return _russian_count_of_one(trig, quote, language)
    before = quote[max(0, trig.char_start - 80):trig.char_start]
    if trig.event_type == "law":
        return None
    named = _named_people(quote, trig)
    if named >= 2:
        return Count(named, "exact", named, named, "people", "", 0, 0)
    if trig.event_type == "ban":
        after = quote[trig.char_end:trig.char_end + 60]
        if _SINGULAR.search(before) or _NAMED_OBJECT.match(after) or re.search(r"\bthe\s+$", trig.text + " ") \
                or re.search(r"\b(?:was|has been|had been)\b", trig.text):
            unit = "outlets" if _MEDIA.search(before[-50:] + trig.text + after[:30]) else "organisations"
            return Count(1, "exact", 1, 1, unit, "", 0, 0)
        return None
    if _SINGULAR.search(before) or re.match(r"(?:was|has been)\b", trig.text, re.IGNORECASE) \
            or re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", trig.text):  # "did not permit Elena Semenova to fly"
        return Count(1, "exact", 1, 1, "people", "", 0, 0)
    after = quote[trig.char_end:trig.char_end + 80]
    object_of = re.sub(r"^\s*(?:against|on parole|to register|in absentia)\b", "", after)
    if trig.event_type != "protest" and _SINGLE_OBJECT.match(object_of) and not re.match(r"\s*(?:the|a)\s+\w+s\b", object_of):
        unit = "organisations" if re.match(r"\s*the (?:public |non-governmental )?(?:foundation|association|union|party|movement|organi[sz]ation)", object_of) else "people"
        return Count(1, "exact", 1, 1, unit, "", 0, 0)
    return None
