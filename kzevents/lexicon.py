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
from re import _casefix, _constants as _sre, _parser
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

    @cached_property
    def trigger_gates(self) -> GateSet:
        """Which ``[[trigger]]`` rules may match a sentence, by one scan for their literals."""
        return GateSet([rule.pattern for rule in self.triggers])

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


# --- literal gates: a cheap test that a sentence cannot match a costly pattern (issue 12) ----------

def _fold_table() -> dict:
    """IGNORECASE's extra equivalences ("ſ" ~ "s", "K" ~ "k", "ı" ~ "i"): each class to its smallest letter."""
    classes: dict[int, set] = {}
    for base, extras in _casefix._EXTRA_CASES.items():
        group = {base, *extras}.union(*(classes.get(c, set()) for c in (base, *extras)))
        for c in group:
            classes[c] = group
    return {c: chr(min(group)) for c, group in classes.items() if c != min(group)}


_FOLD = str.maketrans(_fold_table())
_SPACE = re.compile(r"\s+")
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT))
_MOST = 256  # the largest set of strings spelled out for one part of a pattern


def fold(text: str) -> str:
    r"""``text`` as :class:`LiteralGate` compares it: lower case, IGNORECASE's extra letters folded,
    every run of white space one space.

    >>> fold("Yeſterday,\n  Monday")
    'yesterday, monday'
    """
    return _SPACE.sub(" ", text.lower().translate(_FOLD))


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    r"""Folded strings of which every match of ``pattern`` holds at least one (see :func:`fold`), read
    off the parsed regex: runs of literal text (small alternations and classes spelled out), the
    union over alternatives. None when no such set is known (an alternative made only of
    classes, optional parts or look-arounds).

    >>> sorted(required_literals(r"\b(?:on|last)\s+(?:Monday|Tuesday)\b|yesterday"))
    ['last monday', 'last tuesday', 'on monday', 'on tuesday', 'yesterday']
    >>> required_literals(r"\d+ people") == frozenset({" people"}), required_literals(r"(?:very )?\w+")
    (True, None)
    """
    return _needs(_parser.parse(pattern, flags & ~re.VERBOSE))


def _needs(items) -> frozenset[str] | None:
    """The best required set of a concatenation: a run of parts each spelled out (cross product),
    or a part's own required set; best is the one whose shortest string is longest, then smallest."""
    options, run = [], {""}
    for op, value in items:
        spelled = _spelled(op, value)
        if spelled is not None and len(run) * len(spelled) <= _MOST:
            run = {a + b for a in run for b in spelled}
            continue
        options.append(run)
        run = {""} if spelled is None else spelled
        if spelled is None:
            options.append(_part_needs(op, value))
    options.append(run)
    options = [_minimal({fold(o) for o in option}) for option in options if option and all(option)]
    return max(options, key=lambda o: (min(map(len, o)), -len(o)), default=None)


def _minimal(strings: set[str]) -> frozenset[str]:
    """``strings`` without those that hold another ("very hot" holds "hot"): the same test, cheaper."""
    return frozenset(s for s in strings if not any(o != s and o in s for o in strings))


def _spelled(op, value) -> set[str] | None:
    """Every string a part matches, when they are few (a literal, a small class or alternation, a
    white-space run as one space, a look-around or boundary as ""), else None."""
    if op is _sre.LITERAL:
        return {chr(value)}
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
        return {""}  # zero-width: the text around it is still one run
    if op is _sre.IN:
        chars = set()
        for kind, item in value:
            if kind is _sre.LITERAL:
                chars.add(chr(item))
            elif kind is _sre.RANGE and item[1] - item[0] < 32:
                chars.update(map(chr, range(item[0], item[1] + 1)))
            elif kind is _sre.CATEGORY and item is _sre.CATEGORY_DIGIT:
                chars.update("0123456789")
            elif kind is _sre.CATEGORY and item is _sre.CATEGORY_SPACE:
                chars.add(" ")
            else:
                return None
        return chars
    if op is _sre.SUBPATTERN:
        return _spelled_sequence(value[-1])
    if op is _sre.BRANCH:
        parts = [_spelled_sequence(branch) for branch in value[1]]
        if any(p is None for p in parts) or sum(map(len, parts)) > _MOST:
            return None
        return set().union(*parts)
    if op in _REPEATS and value[1] in (0, 1) or op in _REPEATS and value[0] >= 1:
        inner = _spelled_sequence(value[2])
        if inner is None:
            return None
        if value[1] == 1:  # once, or "?": the part or nothing
            return inner | ({""} if value[0] == 0 else set())
        if value[0] >= 1 and inner == {" "}:
            return {" "}  # \s+: one space in folded text
    return None


def _spelled_sequence(items) -> set[str] | None:
    out = {""}
    for op, value in items:
        spelled = _spelled(op, value)
        if spelled is None or len(out) * len(spelled) > _MOST:
            return None
        out = {a + b for a in out for b in spelled}
    return out


def _part_needs(op, value) -> set[str] | None:
    if op is _sre.SUBPATTERN:
        return _needs(value[-1])
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return _needs(value)
    if op is _sre.BRANCH:
        parts = [_needs(branch) for branch in value[1]]
        return None if any(p is None for p in parts) else set().union(*parts)
    if op in _REPEATS and value[0] >= 1:
        return _needs(value[2])
    return None  # an open class, an optional part: nothing required


class LiteralGate:
    r"""A necessary condition for ``pattern`` to match: one of its :func:`required_literals` is in
    the (folded) text. Checking it costs a few substring searches, where the pattern is tried at
    every position; a gate with no literals admits every text.

    >>> gate = LiteralGate(re.compile(r"\b(?:the|a) (?:next|following) day\b", re.IGNORECASE))
    >>> gate.admits(fold("On The Next Day")), gate.admits(fold("the next week"))
    (True, False)
    """

    def __init__(self, pattern: re.Pattern):
        self.literals = required_literals(pattern.pattern, pattern.flags)
        self._any = None if self.literals is None else re.compile(trie_pattern(self.literals))

    def admits(self, folded: str) -> bool:
        """False only when no match of the pattern is possible in ``folded`` (a text passed through
        :func:`fold`)."""
        return self._any is None or self._any.search(folded) is not None


class GateSet:
    r""":class:`LiteralGate` of many patterns at once: one scan of the folded text finds, at each
    position, the longest of all the patterns' literals there (shorter ones starting there are its
    prefixes), and so which patterns may match.

    >>> gates = GateSet([re.compile("detain(?:ed)?"), re.compile("fined|a fine"), re.compile(r"\w+")])
    >>> sorted(gates.admitted(fold("Ten were DETAINED."))), sorted(gates.admitted(fold("no such word")))
    ([0, 2], [2])
    """

    def __init__(self, patterns):
        needs = [required_literals(p.pattern, p.flags) for p in patterns]
        self.always = frozenset(i for i, n in enumerate(needs) if n is None)
        words = {w for n in needs if n for w in n}
        # the patterns one word admits: those with a literal that is the word or a prefix of it
        self._admits = {w: frozenset(i for i, n in enumerate(needs) if n and any(w.startswith(x) for x in n))
                        for w in words}
        self._scan = re.compile("(?=(%s))" % trie_pattern(words)) if words else None

    def admitted(self, folded: str) -> set[int]:
        """The indexes of the patterns that may match ``folded`` (a text passed through :func:`fold`)."""
        found = set(self.always)
        if self._scan is not None:
            for word in {m.group(1) for m in self._scan.finditer(folded)}:
                found |= self._admits[word]
        return found


def trie_pattern(words) -> str:
    r"""One regex matching any of ``words``, their common prefixes shared (a trie: each position
    costs one character test per branch, not one per word; linear, no nested quantifier).

    >>> trie_pattern(["on monday", "on sunday", "today"])
    '(?:on\\ (?:monday|sunday)|today)'
    """
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(root)


def _trie_regex(node: dict) -> str:
    branches = [re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and "" not in node else "(?:%s)" % "|".join(branches)
    return body + ("?" if "" in node else "")


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
