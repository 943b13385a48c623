"""Event-type triggers: the lexicon's ``[[trigger]]`` rules applied to a sentence (codebook §3).

One engine applies every rule, and one context filter (``[context]`` in lexicon.toml) drops
matches that tell of no event: negated, modal or hypothetical, demanded or recommended, or
naming the thing ("the right to strike", "the law on peaceful assemblies").

>>> [(t.event_type, t.subtype, t.text) for t in find_triggers("more than 150 people were detained")]
[('detention', 'detention', 'detained')]
>>> find_triggers("Investigators were not detained by anyone")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import LEXICON, Lexicon, fold, lexicon_for, word_keys

_WORD = re.compile(r"[a-z]{3,}")

EVENT_TYPES = ("strike", "protest", "detention", "prosecution", "conviction", "acquittal", "release",
               "law", "ban", "threat", "violence", "restriction")
SUBTYPES = {
    "strike": ("labour", "hunger"),
    "protest": ("rally", "picket", "march"),
    "detention": ("detention", "administrative_arrest", "preventive"),
    "prosecution": ("case_opened", "charged", "tried"),
    "conviction": ("prison", "restriction", "fine", "other"),
    "acquittal": (),
    "release": ("parole", "release"),
    "law": ("adopted", "in_force", "amended", "decree"),
    "ban": ("organisation", "media", "internet"),
    "threat": (),
    "violence": ("killing", "injury", "assault", "torture"),
    "restriction": ("expulsion", "travel_ban", "denial", "psychiatric"),
}

_CONTEXT_BEFORE = {key: LEXICON.context(key) for key in ("negation", "anaphora", "modality", "demand", "named", "enumeration")}
_RULE_AFTER = LEXICON.context("rule_after")
_CLAUSE_CONTEXT = {key: LEXICON.context(key) for key in ("clause_modal", "clause_negation")}
_TITLE = re.compile(LEXICON.data["context"]["title"])  # case-sensitive: capitalised names
_TITLE_TYPES = LEXICON.data["context"]["title_types"]
_QUOTED = re.compile(r"[“\"‘'][^“”\"‘’']{2,120}[”\"’']")
_OFFENCE_AFTER = LEXICON.context("offence_after")
_OFFENCE_BEFORE = LEXICON.context("offence_before")
_CLAUSE_START = re.compile(r"[;,]\s|\.\s")


@dataclass(frozen=True)
class _Filters:
    """One language's context filter: the ``[context]`` patterns its lexicon has (None: none)."""

    before: dict
    rule_after: re.Pattern | None
    clause: dict
    english: bool  # titles and quoted offence names: written for English text only
    word: dict  # patterns that read the trigger word itself: attributive, setting, state (None: none)


_WORD_KEYS = ("attributive_before", "attributive_after", "setting", "state", "means")


@cache
def _filters(language: str) -> _Filters:
    lexicon = lexicon_for(language)
    word = {key: lexicon.context(key) for key in _WORD_KEYS}
    if language == "en":
        return _Filters(_CONTEXT_BEFORE, _RULE_AFTER, _CLAUSE_CONTEXT, True, word)
    keys = ("negation", "anaphora", "modality", "demand", "named", "enumeration")
    before = {key: p for key in keys if (p := lexicon.context(key)) is not None}
    clause = {key: p for key in ("clause_modal", "clause_negation") if (p := lexicon.context(key)) is not None}
    return _Filters(before, lexicon.context("rule_after"), clause, False, word)


_PARTICIPLE = re.compile(r"[A-Za-z]+ed")
_NOMINAL = re.compile(r"[A-Za-z-]+(?<!ed)")  # one word, not a past verb: "arrest", "trial", "protests"
_DATE_HINT = re.compile(r"\b(?:\d{1,2}(?:st|nd|rd|th)?|(?:19|20)\d\d|%s)\b" % "|".join(LEXICON.data["dates"]["months"]),
                        re.IGNORECASE)


def _word_block(sentence: str, start: int, end: int, filters: _Filters) -> str | None:
    """The filter that reads the trigger word itself: an attributive participle ("the banned
    party"), a nominal event as the setting of another with no date of its own ("after their
    arrest"), a lasting state ("their lengthy detention")."""
    word, before = sentence[start:end], sentence[max(0, start - 60):start]
    attr_before, attr_after = filters.word["attributive_before"], filters.word["attributive_after"]
    if (attr_before and attr_after and _PARTICIPLE.fullmatch(word) and attr_before.search(before)
            and attr_after.match(sentence[end:end + 40])):
        return "attributive"
    if not _NOMINAL.fullmatch(word):
        return None
    for key in ("setting", "state", "means"):
        found = filters.word[key] and filters.word[key].search(before)
        # a date inside the setting phrase, or near a state ("on 12 May began a ten-day strike"), keeps it
        look_from = max(0, start - 60) + (found.start() if found and key == "setting" else 0)
        if found and not _DATE_HINT.search(sentence, look_from, min(len(sentence), end + 40)):
            return key
    return None


@dataclass(frozen=True)
class Trigger:
    """The words that decide an event's type, and where they stand in the sentence."""

    event_type: str
    subtype: str
    text: str
    char_start: int
    char_end: int


def _named_offence_spans(sentence: str) -> list[tuple[int, int]]:
    """Quoted names of offences ('inciting social discord' (Article 174)): not events."""
    spans = []
    for m in _QUOTED.finditer(sentence):
        if _OFFENCE_AFTER.match(sentence[m.end():m.end() + 12]) or _OFFENCE_BEFORE.search(sentence[max(0, m.start() - 25):m.start()]):
            spans.append((m.start(), m.end()))
    return spans


def context_block(sentence: str, start: int, end: int | None = None, language: str = "en") -> str | None:
    """The name of the shared context filter that denies the match ``start:end``, or None.

    >>> context_block("He called for the release of all detainees", 18)
    'demand'
    >>> context_block("Активисты требовали освобождения задержанных", 20, language="ru")
    'demand'
    """
    filters = _filters(language)
    before = sentence[max(0, start - 60):start]
    for key, pattern in filters.before.items():
        if pattern.search(before):
            return key
    if end is not None and filters.rule_after is not None and filters.rule_after.search(sentence[end:end + 40]):
        return "rule_after"
    if end is not None and (block := _word_block(sentence, start, end, filters)):
        return block
    clause_start = max((m.end() for m in _CLAUSE_START.finditer(sentence, 0, start)), default=0)
    return next((key for key, pattern in filters.clause.items() if pattern.search(sentence[clause_start:start])), None)


def _excepted(rule, sentence: str, s: int, e: int) -> bool:
    before, after = sentence[max(0, s - 60):s], sentence[e:e + 40]
    return any((x.before and x.before.search(before)) or (x.after and x.after.search(after)) for x in rule.exceptions)


def _accepted(rule, sentence: str, s: int, e: int, language: str = "en") -> bool:
    if rule.near and not rule.near.search(sentence[max(0, s - 100):e + 100]):
        return False
    if _excepted(rule, sentence, s, e) or context_block(sentence, s, e, language):
        return False
    # a capitalised trigger inside a title ("Law on ... Marches, Pickets and Demonstrations") is a name
    return language != "en" or not (sentence[s].isupper() and s > 0 and rule.event_type in _TITLE_TYPES
                and _TITLE.search(sentence[max(0, s - 120):s]))


def find_triggers(sentence: str, rules=None, lexicon: Lexicon | None = None) -> list[Trigger]:
    """Every trigger of ``sentence``, left to right; overlapping matches keep the longest.

    ``rules`` defaults to the ``[[trigger]]`` rules of ``lexicon`` (default English; tests pass a
    modified list).

    >>> [(t.event_type, t.text) for t in find_triggers("Вчера в Алматы задержали троих.", lexicon=lexicon_for("ru"))]
    [('detention', 'задержали')]
    """
    lexicon = LEXICON if lexicon is None else lexicon
    language = lexicon.language
    admitted = lexicon.trigger_gates.admitted(fold(sentence)) if rules is None else None
    rules = lexicon.triggers if rules is None else rules
    blocked = _named_offence_spans(sentence) if language == "en" else []
    offered = word_keys((_WORD if language == "en" else lexicon.word).findall(sentence.lower()))
    candidates = []
    for order, rule in enumerate(rules):
        if not rule.keys & offered or admitted is not None and order not in admitted:
            continue  # none of the rule's words is in the sentence
        for m in rule.pattern.finditer(sentence):
            s, e = m.start(), m.end()
            if e > s and not any(bs <= s < be for bs, be in blocked) and _accepted(rule, sentence, s, e, language):
                candidates.append((s, e, order, rule))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))  # overlapping matches: the longest wins
    taken = bytearray(len(sentence))
    kept = []
    for s, e, _, rule in candidates:
        if not any(taken[s:e]):
            taken[s:e] = b"\x01" * (e - s)
            kept.append(Trigger(rule.event_type, rule.subtype, sentence[s:e], s, e))
    return sorted(kept, key=lambda t: t.char_start)
