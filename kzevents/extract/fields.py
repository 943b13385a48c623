"""Fields of a row read off its sentence: the source credited, places, subjects, penalty (codebook §6, R11, R16, R25)."""

from __future__ import annotations

import re

from ..lexicon import LEXICON
from ..triggers import Trigger

_ATTRIBUTION = [re.compile(p, re.IGNORECASE) for p in LEXICON.data["attribution"]["patterns"]]
_CREDIT = LEXICON.regex("attribution", "credit_sentence")
_STRIP = sorted(LEXICON.data["attribution"]["strip_prefixes"], key=len, reverse=True)
_PENALTY = re.compile(
    r"\b(?:sentenced(?: \w+)?(?:,? respectively,)? to|fined|given|imposed)\s+(.{3,90}?)(?=\s+(?:for|on|after|as|while|under|by)\b|\s+in\s+(?!prison|jail|a colony)|[,;.]|$)",
    re.IGNORECASE)
_NAME = re.compile(r"\b(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]\.|[A-Z][a-z]\.)(?:\s+(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]\.|of|of the)){1,4}\b")
_NOT_NAME = re.compile("|".join(LEXICON.data["fields"]["not_a_name"]))
_ORGANISATION_WORD = re.compile("|".join(LEXICON.data["fields"]["organisation_words"]))
_PENALTY_KINDS = [(re.compile("|".join(words), re.IGNORECASE), kind)
                  for kind, words in LEXICON.data["penalties"].items()]  # in the lexicon's order (R11)
_MARKUP = re.compile(r"<sup>\d{1,3}</sup>|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|<[^<>]{0,200}>|\*\*|https?://\S+|www\.\S+")


def clean_source(name: str) -> str:
    """A source's name without quotes, possessives and prefixes ("Public Foundation X" → "X")."""
    name = re.sub(r"^[\s\"“‘']+|[\s\"”’'.]+$", "", name)
    low = name.lower()
    for prefix in _STRIP:
        if low.startswith(prefix + " "):
            name, low = name[len(prefix) + 1:], low[len(prefix) + 1:]
    name = re.sub(r"^[\"“‘']+|[\"”’']+$", "", name.strip())
    name = re.sub(r"(?:'s|’s)$", "", name)
    return name.strip()


def credited_source(quote: str) -> str:
    """The source of a sentence that only credits the one before it ("These are statistics from X.")."""
    m = _CREDIT.match(quote)
    return clean_source(m.group(1)) if m else ""


def attribution(quote: str) -> str:
    """Who the sentence credits for its figures ("According to Open Dialogue" → "Open Dialogue")."""
    for pattern in _ATTRIBUTION:
        m = pattern.search(quote)
        if m:
            return clean_source(re.split(r"\s+(?:on|in|from|issued|delivered|dated)\s+\d", m.group(1))[0])
    return ""


def places(quote: str) -> str:
    """Places in Kazakhstan the sentence names, "; "-separated (§6, R16)."""
    return "; ".join(dict.fromkeys(m.group() for m in LEXICON.places.finditer(quote)))


def subjects(quote: str) -> str:
    """Named people and organisations of the sentence, "; "-separated (§6, R16)."""
    names = []
    for m in _NAME.finditer(quote):
        name = m.group().strip()
        if not _NOT_NAME.search(name) and not LEXICON.places.fullmatch(name) and len(name) > 4:
            names.append(name)
    for m in re.finditer(r"[“\"]([A-Z][^”\"]{3,60})[”\"]", quote):
        if _ORGANISATION_WORD.search(m.group(1)):
            names.append(m.group(1))
    return "; ".join(dict.fromkeys(names))


def penalty(clause: str) -> str:
    """The sentence passed, as written ("to seven years in prison" → "seven years in prison")."""
    m = _PENALTY.search(clause)
    return m.group(1).strip() if m else ""


def conviction_subtype(trigger: Trigger, clause: str, penalty_text: str) -> str:
    """R11: prison, restriction, fine or other, from the penalty or the words after the trigger."""
    text = penalty_text or clause[clause.find(trigger.text):][:120]
    for pattern, subtype in _PENALTY_KINDS:
        if pattern.search(text) or pattern.search(trigger.text):
            return subtype
    return ""


def matching_text(quote: str) -> str:
    """The sentence as read for matching: HTML tags, bold marks and URLs removed.

    >>> matching_text("<b>18 criminal cases</b> were opened in 2016.<sup>3</sup> In the 1<sup>st</sup> half")
    '18 criminal cases were opened in 2016. In the 1st half'
    """
    return re.sub(r"  +", " ", _MARKUP.sub("", quote))
