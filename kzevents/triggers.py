"""Event-type triggers: the lexicon's ``[[trigger]]`` rules applied to a sentence (codebook §3).

One engine applies every rule; the rules themselves are data in ``lexicon.toml``.

>>> [(t.event_type, t.subtype, t.text) for t in find_triggers("more than 150 people were detained")]
[('detention', 'detention', 'detained')]
>>> find_triggers("Investigators were not detained by anyone")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import LEXICON, word_keys

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

_NEGATORS = LEXICON.regex("context", "negators")
_MODAL = re.compile(r"\b(?:should|must|urges?|urged|recommends?|calls? (?:on|upon)|would|shall|could|might|may|if|Should|Must)\b[^;.]{0,80}$")
_TITLE = re.compile(r"\b(?:Law|Code|Act|Convention|Resolution|Decree|Group|Rules)\b(?: (?:on|of|for|the|and|[A-Z][\w-]*,?))*\s*$")
_QUOTED = re.compile(r"[“\"‘'][^“”\"‘’']{2,120}[”\"’']")
_ARTICLE_NEAR = re.compile(r"^\s*\(?(?:art\.|article|arts\.)", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"(?:art\.|article|charges? of|offen[cs]e of|crime of|under)\s*(?:\d+\s*)?$", re.IGNORECASE)


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
        if _ARTICLE_NEAR.match(sentence[m.end():m.end() + 12]) or _ARTICLE_BEFORE.search(sentence[max(0, m.start() - 25):m.start()]):
            spans.append((m.start(), m.end()))
    return spans


def _accepted(rule, sentence: str, s: int, e: int) -> bool:
    before, after = sentence[max(0, s - 60):s], sentence[e:e + 40]
    if rule.not_before and rule.not_before.search(before):
        return False
    if rule.not_after and rule.not_after.search(after):
        return False
    if rule.near and not rule.near.search(sentence[max(0, s - 100):e + 100]):
        return False
    if _NEGATORS.search(sentence[max(0, s - 40):s]):
        return False
    clause_start = max(sentence.rfind(";", 0, s), sentence.rfind(". ", 0, s), sentence.rfind(", ", 0, s), 0)
    if _MODAL.search(sentence[clause_start:s]):
        return False
    # a capitalised trigger inside a title ("Law on ... Marches, Pickets and Demonstrations") is a name
    return not (sentence[s].isupper() and s > 0 and rule.event_type in ("protest", "strike", "detention")
                and _TITLE.search(sentence[max(0, s - 120):s]))


def find_triggers(sentence: str) -> list[Trigger]:
    """Every trigger of ``sentence``, left to right; overlapping matches keep the longest."""
    blocked = _named_offence_spans(sentence)
    offered = word_keys(_WORD.findall(sentence.lower()))
    candidates = []
    for order, rule in enumerate(LEXICON.triggers):
        if not rule.keys & offered:
            continue  # none of the rule's words is in the sentence
        for m in rule.pattern.finditer(sentence):
            s, e = m.start(), m.end()
            if e > s and not any(bs <= s < be for bs, be in blocked) and _accepted(rule, sentence, s, e):
                candidates.append((s, e, order, rule))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))  # overlapping matches: the longest wins
    taken = bytearray(len(sentence))
    kept = []
    for s, e, _, rule in candidates:
        if not any(taken[s:e]):
            taken[s:e] = b"\x01" * (e - s)
            kept.append(Trigger(rule.event_type, rule.subtype, sentence[s:e], s, e))
    return sorted(kept, key=lambda t: t.char_start)
