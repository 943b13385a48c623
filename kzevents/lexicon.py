"""The lexicon: every pattern and word list of the extractor, read from ``lexicon.toml``.

>>> from kzevents.lexicon import LEXICON
>>> LEXICON.month_number["may"]
5
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from importlib import resources

_FLAGS = re.IGNORECASE


_STOP = {"were", "was", "been", "had", "have", "has", "the", "and", "for", "with", "from", "not", "its", "his",
         "her", "their", "them", "this", "that", "are", "any", "new", "x27", "ies", "ing", "les", "ion"}


@dataclass(frozen=True)
class TriggerRule:
    """One trigger pattern of the lexicon (see ``[[trigger]]`` in lexicon.toml).

    ``keys`` are word prefixes, derived from the pattern's literal words, of which any match
    holds at least one: a sentence with none of them cannot match the rule.
    """

    event_type: str
    subtype: str
    pattern: re.Pattern
    near: re.Pattern | None
    not_before: re.Pattern | None
    not_after: re.Pattern | None
    keys: frozenset = frozenset()


def word_keys(words) -> set[str]:
    """The prefixes a sentence offers to :attr:`TriggerRule.keys` (3 and 4 letters of each word)."""
    return {w[:n] for w in words for n in (3, 4)}


def _pattern_keys(pattern: str) -> frozenset:
    tokens = re.findall(r"[a-z]{3,}", re.sub(r"\\[a-z]", " ", pattern.lower()))
    return frozenset(t[:4] for t in tokens if t not in _STOP)


def _alternation(words) -> str:
    """A regex alternation of ``words`` (regex fragments), longest first."""
    return "|".join(sorted(words, key=len, reverse=True))


class Lexicon:
    """Compiled views over the raw TOML data."""

    def __init__(self, data: dict):
        self.data = data

    @cached_property
    def month_number(self) -> dict[str, int]:
        names = {m: i + 1 for i, m in enumerate(self.data["dates"]["months"])}
        names.update(self.data["dates"]["month_abbrevs"])
        return names

    @cached_property
    def month_pattern(self) -> str:
        return r"(?:%s)\.?" % _alternation(self.month_number)

    @cached_property
    def number_words(self) -> dict[str, int]:
        return dict(self.data["numbers"]["words"])

    @cached_property
    def qualifiers(self) -> dict[str, str]:
        return dict(self.data["numbers"]["qualifiers"])

    @cached_property
    def vague(self) -> dict[str, int]:
        return dict(self.data["numbers"]["vague"])

    @cached_property
    def units(self) -> list[tuple[re.Pattern, str]]:
        """(pattern, unit) pairs, longest nouns first, matched at the start of a string."""
        pairs = [(noun, unit) for unit, nouns in self.data["units"].items() for noun in nouns]
        pairs.sort(key=lambda p: len(p[0]), reverse=True)
        return [(re.compile(r"^\W{0,3}(?:%s)\b" % noun, _FLAGS), unit) for noun, unit in pairs]

    @cached_property
    def places(self) -> re.Pattern:
        return re.compile(r"\b(?:%s)\b" % _alternation(map(re.escape, set(self.data["places"]["names"]))))

    @cached_property
    def triggers(self) -> list[TriggerRule]:
        rules = []
        for raw in self.data["trigger"]:
            flags = 0 if raw.get("case") else _FLAGS
            rules.append(
                TriggerRule(
                    event_type=raw["type"],
                    subtype=raw.get("subtype", ""),
                    pattern=re.compile(r"\b(?:%s)(?!\w)" % raw["pattern"], flags),
                    near=_maybe(raw.get("near")),
                    not_before=_maybe(raw.get("not_before")),
                    not_after=_maybe(raw.get("not_after")),
                    keys=_pattern_keys(raw["pattern"]),
                )
            )
        return rules

    def regex(self, section: str, key: str) -> re.Pattern:
        """Compile ``[section] key`` (a pattern or a list of patterns joined as alternatives)."""
        value = self.data[section][key]
        if isinstance(value, list):
            value = _alternation(value)
        return re.compile(value, _FLAGS)


def _maybe(pattern: str | None) -> re.Pattern | None:
    return re.compile(pattern, _FLAGS) if pattern else None


def load_lexicon(path=None) -> Lexicon:
    """Read a lexicon file (the packaged ``lexicon.toml`` by default)."""
    if path is None:
        raw = resources.files("kzevents").joinpath("lexicon.toml").read_bytes()
    else:
        raw = open(path, "rb").read()
    return Lexicon(tomllib.loads(raw.decode("utf-8")))


LEXICON = load_lexicon()
