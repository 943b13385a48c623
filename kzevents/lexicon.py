"""The lexicons: every pattern and word list of the extractor, one file per language
(``lexicon.toml`` English, ``lexicon_ru.toml`` Russian), read by :func:`lexicon_for`.

>>> from kzevents.lexicon import LEXICON
>>> LEXICON.month_number["may"]
5
>>> lexicon_for("ru").month_number["января"]
1
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

from lemminflect import getAllInflections

_FLAGS = re.IGNORECASE


_STOP = {"were", "was", "been", "had", "have", "has", "the", "and", "for", "with", "from", "not", "its", "his",
         "her", "their", "them", "this", "that", "are", "any", "new", "x27", "ies", "ing", "les", "ion"}


_LEMMA = re.compile(r"<([a-z]+)(?:/([VN]))?>")
_GAP = re.compile(r"~(\d{1,2}) ")
_NESTED = re.compile(r"\([^()]*[+*}][^()]*\)(?:[+*]|\{\d*,\})")  # a repeated group repeated without bound
_POS = {"V": ("VERB",), "N": ("NOUN",), None: ("VERB", "NOUN")}
_LEMMA_RU = re.compile(r"<([а-яё|]+)(?:/([VN]))?>")
_RU_POS = {"V": ("INFN",), "N": ("NOUN",), "Q": ("NUMR", "ADJF", "NOUN"), "A": ("ADJF",), None: ("INFN", "NOUN")}
LANGUAGES = {"en": "English", "ru": "Russian"}
"""The languages the extractor reads: code -> name (one lexicon file each)."""
_FILES = {"en": "lexicon.toml", "ru": "lexicon_ru.toml"}
_WORDS = {"en": r"[a-z]{3,}", "ru": r"[a-zа-яё]{3,}"}


@cache
def inflections(lemma: str, pos: str | None = None) -> tuple[str, ...]:
    """Every inflected form of ``lemma`` (``pos`` "V" verb, "N" noun, None both), longest first.

    >>> inflections("detain", "V")
    ('detaining', 'detained', 'detains', 'detain')
    """
    forms = {lemma}
    for upos in _POS[pos]:
        forms.update(f for group in getAllInflections(lemma, upos=upos).values() for f in group)
    if forms == {lemma}:
        raise ValueError(f"lexicon: lemminflect knows no inflection of <{lemma}>; write its forms out")
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


@cache
def _morph():
    import pymorphy3  # Russian morphology: loaded only when a Russian lexicon is

    return pymorphy3.MorphAnalyzer(lang="ru")


@cache
def russian_forms(lemmas: str, pos: str | None = None) -> tuple[str, ...]:
    """Every form of the Russian ``lemmas`` ("|"-separated, e.g. both aspects of a verb) by
    pymorphy3: a verb's lexeme holds its tenses, participles and gerunds; ё also as е; longest first.

    >>> forms = russian_forms("задержать|задерживать", "V")
    >>> all(f in forms for f in ("задержали", "задержаны", "задержано", "задерживает"))
    True
    """
    forms = set()
    for lemma in lemmas.split("|"):
        found = {f.word for p in _morph().parse(lemma) if p.normal_form == lemma and p.tag.POS in _RU_POS[pos]
                 for f in p.lexeme}
        if not found:
            raise ValueError(f"lexicon: pymorphy3 knows no {'/'.join(_RU_POS[pos])} <{lemma}>; write its forms out")
        forms |= found | {f.replace("ё", "е") for f in found}  # texts mostly write е for ё
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


def expand_pattern(pattern: str, where: str = "pattern", language: str = "en") -> str:
    r"""The regex of a lexicon pattern: ``<lemma>`` (``/V`` verb, ``/N`` noun) becomes every
    inflection, ``~N `` a gap of up to N words (N < 100) inside one clause.

    >>> print(expand_pattern("<rally/N> ~2 dispersed"))
    (?:rallies|rally) (?:[^\s;]+\s+){0,2}?dispersed
    """
    if _NESTED.search(pattern):
        raise ValueError(f"lexicon {where}: nested quantifier in {pattern!r}; keep patterns linear")
    if language == "ru":
        expanded = _LEMMA_RU.sub(lambda m: "(?:%s)" % "|".join(russian_forms(m[1], m[2])), pattern)
    else:
        expanded = _LEMMA.sub(lambda m: "(?:%s)" % "|".join(inflections(m[1], m[2])), pattern)
    return _GAP.sub(lambda m: r"(?:[^\s;]+\s+){0,%s}?" % m[1], expanded)


@dataclass(frozen=True)
class Exception_:
    """A rule's named exception: ``before`` / ``after`` the match cancels it (a rule of the genre)."""

    name: str
    before: re.Pattern | None
    after: re.Pattern | None


@dataclass(frozen=True)
class TriggerRule:
    """One trigger pattern of the lexicon (see ``[[trigger]]`` in lexicon.toml).

    ``keys`` are word prefixes, derived from the pattern's literal words, of which any match
    holds at least one: a sentence with none of them cannot match the rule.
    """

    name: str
    event_type: str
    subtype: str
    pattern: re.Pattern
    near: re.Pattern | None
    exceptions: tuple = ()
    keys: frozenset = frozenset()


def word_keys(words) -> set[str]:
    """The prefixes a sentence offers to :attr:`TriggerRule.keys` (3 and 4 letters of each word)."""
    return {w[:n] for w in words for n in (3, 4)}


def _pattern_keys(pattern: str, language: str = "en") -> frozenset:
    tokens = re.findall(_WORDS[language], re.sub(r"\\[a-z]", " ", pattern.lower()))
    return frozenset(t[:4] for t in tokens if t not in _STOP)


def _alternation(words) -> str:
    """A regex alternation of ``words`` (regex fragments), longest first."""
    return "|".join(sorted(words, key=len, reverse=True))


class Lexicon:
    """Compiled views over the raw TOML data."""

    def __init__(self, data: dict, language: str = "en"):
        self.data = data
        self.language = language
        self.word = re.compile(_WORDS[language])  # the words a sentence offers to trigger keys

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
        return [_trigger_rule(raw, self.language) for raw in self.data["trigger"]]

    def context(self, key: str) -> re.Pattern | None:
        """A ``[context]`` pattern with lemmas expanded (case-insensitive unless it says ``(?-i:``);
        None where the language's lexicon has none."""
        if key not in self.data["context"]:
            return None
        return re.compile(expand_pattern(self.data["context"][key], f"[context] {key}", self.language), _FLAGS)

    def regex(self, section: str, key: str) -> re.Pattern:
        """Compile ``[section] key`` (a pattern or a list of patterns joined as alternatives)."""
        value = self.data[section][key]
        if isinstance(value, list):
            value = _alternation(value)
        return re.compile(value, _FLAGS)


def _trigger_rule(raw: dict, language: str = "en") -> TriggerRule:
    name = raw.get("name") or f"<unnamed {raw.get('type')} rule>"
    for key in ("name", "type", "pattern", "examples", "counter_examples"):
        if key not in raw:
            raise ValueError(f"lexicon [[trigger]] {name}: missing {key!r}")
    flags = 0 if raw.get("case") else _FLAGS
    pattern = expand_pattern(raw["pattern"], f"[[trigger]] {name}", language)
    exceptions = tuple(
        Exception_(exc["name"], _maybe(exc.get("before"), r"(?:%s)\s*$", name, language),
                   _maybe(exc.get("after"), r"^\s*(?:%s)(?!\w)", name, language))
        for exc in raw.get("exception", ()))
    return TriggerRule(
        name=name, event_type=raw["type"], subtype=raw.get("subtype", ""),
        pattern=re.compile(r"\b(?:%s)(?!\w)" % pattern, flags), near=_maybe(raw.get("near"), "%s", name, language),
        exceptions=exceptions, keys=_pattern_keys(pattern, language))


def _maybe(pattern: str | None, frame: str, where: str, language: str = "en") -> re.Pattern | None:
    return re.compile(frame % expand_pattern(pattern, f"[[trigger]] {where}", language), _FLAGS) if pattern else None


def load_lexicon(path=None, language: str = "en") -> Lexicon:
    """Read a lexicon file (the packaged lexicon of ``language`` by default)."""
    if language not in _FILES:
        raise ValueError(f"lexicon: no lexicon for language {language!r}; kzevents reads {', '.join(_FILES)}")
    if path is None:
        raw = resources.files("kzevents").joinpath(_FILES[language]).read_bytes()
    else:
        raw = open(path, "rb").read()
    return Lexicon(tomllib.loads(raw.decode("utf-8")), language)


@cache
def lexicon_for(language: str = "en") -> Lexicon:
    """The packaged lexicon of ``language`` ("en" or "ru"), read once."""
    return load_lexicon(language=language)


LEXICON = lexicon_for("en")
