"""Fields of a row read off its sentence: the source credited, places, subjects, penalty (codebook §6, R11, R16, R25).

Each field is left empty rather than filled wrongly: a name must show it is a person or an
organisation, a place must be in Kazakhstan and not a mere reference point, a penalty must name one.
"""

from __future__ import annotations

import re

from ..lexicon import LEXICON
from ..triggers import Trigger

_FIELDS, _PLACES, _ATTRIBUTION_DATA = LEXICON.data["fields"], LEXICON.data["places"], LEXICON.data["attribution"]


def _any(words: list[str], flags: int = 0) -> re.Pattern:
    return re.compile("|".join(f"(?:{w})" for w in words), flags)


_ATTRIBUTION = [re.compile(p, re.IGNORECASE) for p in _ATTRIBUTION_DATA["patterns"]]
_CREDIT = LEXICON.regex("attribution", "credit_sentence")
_STRIP = sorted(_ATTRIBUTION_DATA["strip_prefixes"], key=len, reverse=True)
_DESCRIPTION = _any(_ATTRIBUTION_DATA["descriptions"])
_INSTITUTION = _any(_ATTRIBUTION_DATA["institution_words"], re.IGNORECASE)
_NOT_A_SOURCE = _any(_ATTRIBUTION_DATA["not_a_source"], re.IGNORECASE)
_MONTH = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December"
                    r"|(?:19|20)\d\d)\b")

_PENALTY_START = re.compile(
    r"\b(?:sentenced(?: \w+)?(?:,? respectively,)? to|fined|given|handed(?: down)?|received|replaced (?:with|by)"
    r"|imposed(?: on (?:him|her|them|\w+ \w+|\w+))?)\s+", re.IGNORECASE)
_PENALTY_END = re.compile(
    r"\s+(?:for|after|as|while|under|by|because|since|but|which|who|following|pending|though|although|when)\b"
    r"|\s+on\s+(?:(?:an?\s+)?(?:\w+\s+)?charges?|\d|[A-Z]|the (?:charges?|grounds?|basis))|\s+in\s+(?:\d|[A-Z]|absentia|connection|the case"
    r"|a case|relation|the same)|\s*[;.:](?!\d)|,(?!\d)|\s+\(|$")
_PENALTY_NOUN_FIRST = re.compile(r"\b((?:an? )?(?:administrative )?fines?)\s+(?:was |were )?imposed\b", re.IGNORECASE)
_PENALTY_WORD = _any(_FIELDS["penalty_words"], re.IGNORECASE)
_PENALTY_JOIN = re.compile(r"\s+and\s+(?:imposed\s+(?:on\s+(?:him|her|them)\s+)?|was\s+(?:also\s+)?)?"
                           r"(?=(?:an?\s+(?!half\b)|\d))")
_RESPECTIVELY = re.compile(r"^(.{3,90}?)\s+respectively\b")

_TOKEN = r"(?:\w+\.kz\b|[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*|[A-Z]{2,}\b|[A-Z]\.|[A-Z][a-z]\.)"
_RUN = re.compile(rf"\b{_TOKEN}(?:\s+(?:{_TOKEN}|of(?:\s+the)?|for))*(?<!\sof)(?<!\sthe)(?<!\sfor)")
_HONORIFIC = re.compile(r"^(?:%s)\s+" % "|".join(_FIELDS["honorifics"]))
_NOT_NAME = _any(_FIELDS["not_a_name"])
_NOT_START = re.compile(r"^(?:%s)(?:\s+|$)" % "|".join(_FIELDS["not_a_name_start"]))
_SURNAME = re.compile(r"[a-z](?:%s)\b" % "|".join(_FIELDS["surname_endings"]))
_ROLE = re.compile(r"(?:^|\W)(?:%s)(?:\s+of\s+(?:the\s+)?(?:\w+\s+)?[‘'\"“][^’'\"”]{1,80}[’'\"”](?:\s+[a-z]+)?)?[\s,]*$"
                   % "|".join(_FIELDS["person_roles"] + _FIELDS["honorifics"]))  # "head of NGO ‘X’ Name", "journalist of the ‘Y’ portal Name"
_ROLE_AFTER = re.compile(r"^\s+(?:[a-z]+\s+)?(?:%s)\b" % "|".join(_FIELDS["person_roles"]))
_BEFALL = re.compile(r"\b(?:%s)\s+$" % "|".join(_FIELDS["befall_verbs"]))
_ACTOR = re.compile(r"^[\s,]*(?:\w+\s+)?(?:%s)\b" % "|".join(_FIELDS["actor_verbs"]))
_TITLE_BEFORE = _any(_FIELDS["title_before"])
_CAUSE_BEFORE = _any(_FIELDS["cause_before"])
_ORGANISATION_WORD = _any(_FIELDS["organisation_words"])
_NAMED = re.compile(r"\b(?:%s)\s+(?:\*+|[“\"‘'«])\s*([A-Z][^*”\"’'»\n]{1,50}?)\s*(?:\*+|[”\"’'»])"
                    % "|".join(_FIELDS["named_kinds"]))
_LIST_GAP = re.compile(r"^(?:,\s*(?:and\s+)?|\s+and\s+)$")
_SEE = re.compile(r"\(see [^()]*\)")

_REGION = re.compile(r"\s+(?:%s)\b" % "|".join(_PLACES["region_words"]))
_FIRST_NAME = re.compile(_PLACES["first_name_before"])
_REFERENCE = _any(_PLACES["reference_before"])
_FOREIGN = set(_PLACES["foreign_places"])
_SETTLEMENT = re.compile(r"\b(?:%s) of\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b" % "|".join(_PLACES["settlement_words"]))
_PENALTY_KINDS = [(re.compile("|".join(words), re.IGNORECASE), kind)
                  for kind, words in LEXICON.data["penalties"].items()]  # in the lexicon's order (R11)
_MARKUP = re.compile(r"<sup>\d{1,3}</sup>|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|<[^<>]{0,200}>|\*\*|https?://\S+|www\.\S+")


def clean_source(name: str) -> str:
    """A source's name without quotes, possessives, prefixes and descriptions.

    >>> clean_source("the Almaty-based watchdog Adil Soz")
    'Adil Soz'
    """
    name = re.sub(r"^[\s\"“‘']+|[\s\"”’'.]+$", "", name)
    low = name.lower()
    for prefix in _STRIP:
        if low.startswith(prefix + " "):
            name, low = name[len(prefix) + 1:], low[len(prefix) + 1:]
    name = _DESCRIPTION.split(name)[-1]
    name = re.sub(r"^[\"“‘']+|[\"”’']+$", "", name.strip())
    name = re.sub(r"(?:'s|’s)$", "", name)
    return name.strip()


def _undated(source: str) -> str:
    """The source without the date that follows it ("Prosecutor General on 25 January 2012" → "Prosecutor General")."""
    return re.split(r",?\s+(?:on|in|for|from|issued|delivered|dated|as of|of|published|at the end of|since)\s+"
                    r"(?:the\s+)?(?:\d|(?:early|late|mid|first|second|end)\b|%s)" % _MONTH.pattern, source)[0]


def is_source(name: str) -> bool:
    """A name a figure can be credited to: not a law, a date, or unnamed reports (§6).

    >>> [is_source(n) for n in ("Open Dialogue", "prosecutor's office", "official", "Article 174", "2019 figures")]
    [True, True, False, False, False]
    """
    if len(name) < 2 or _NOT_A_SOURCE.search(name) or _MONTH.search(name):
        return False
    return name[0].isupper() or bool(_INSTITUTION.search(name))


def credited_source(quote: str) -> str:
    """The source of a sentence that only credits the one before it ("These are statistics from X.")."""
    m = _CREDIT.match(quote)
    name = clean_source(_undated(m.group(1))) if m else ""
    return name if is_source(name) else ""


def attribution(quote: str) -> str:
    """Who the sentence credits for its figures; never a date phrase or unnamed reports.

    >>> attribution("According to Open Dialogue, 40 were held."), attribution("According to data for 2019, 40 were held.")
    ('Open Dialogue', '')
    """
    for pattern in _ATTRIBUTION:
        for m in pattern.finditer(quote):
            name = clean_source(_undated(m.group(1)))
            if is_source(name):
                return name
    return ""


def places(quote: str) -> str:
    """Places in Kazakhstan the sentence names, "; "-separated (§6, R16): cities, towns and regions of
    the lexicon, a region word kept ("Mangistau region"), and any name after "the city/town/village of".

    >>> places("Police held 30 in the city of Taraz and in the Almaty region, near Nursultan Nazarbayev Avenue.")
    'Taraz; Almaty region'
    """
    found = []
    for m in LEXICON.places.finditer(quote):
        if _FIRST_NAME.match(quote, m.end()) or _REFERENCE.search(quote[max(0, m.start() - 40):m.start()]):
            continue
        region = _REGION.match(quote, m.end())
        found.append((m.start(), m.group() + " " + region.group().strip() if region else m.group()))
    for m in _SETTLEMENT.finditer(quote):
        name = m.group(1)
        if name not in _FOREIGN and not LEXICON.places.fullmatch(name) and not _NOT_NAME.search(name):
            found.append((m.start(1), name))
    return "; ".join(dict.fromkeys(name for _, name in sorted(found)))


def _trimmed(run: str, start: int) -> tuple[str, int, bool]:
    """The run without honorifics and opening words, its new start, and whether an honorific stood before it."""
    honorific = False
    while True:
        m = _HONORIFIC.match(run) or _NOT_START.match(run)
        if not m:
            break
        honorific = honorific or bool(_HONORIFIC.match(run))
        run, start = run[m.end():], start + m.end()
    return re.sub(r"(?:'s|’s)$", "", run), start, honorific


def _candidate(text: str, m: re.Match, source: str) -> tuple[str, str, int, int] | None:
    """(kind, name, start, end) of a capitalised run: 'person', 'org', 'plain' (two words, no evidence)."""
    name, start, honorific = _trimmed(m.group(), m.start())
    name = re.sub(r"\s+", " ", name).strip()
    before, after = text[max(0, m.start() - 80):m.start()], text[m.end():m.end() + 40]
    if (len(name) < 3 or _NOT_NAME.search(name) or LEXICON.places.fullmatch(name) or name in _FOREIGN
            or _TITLE_BEFORE.search(before) or _CAUSE_BEFORE.search(before) or _ACTOR.match(after)
            or (source and (name.lower() in source or source in name.lower()))):
        return None
    tokens = name.split()
    if _ORGANISATION_WORD.search(name):  # an organisation's word alone ("the Union") names none
        affiliation = _ROLE_AFTER.match(after)  # "Vlast.kz reporter X": the outlet X works for
        return ("org", name, start, m.end()) if (len(tokens) > 1 or ".kz" in name) and not affiliation else None
    if " of" in name or " for" in name or any(re.fullmatch(r"[A-Z]{2,}", t) for t in tokens):
        return None
    lead = text[max(0, start - 120):start]
    evidence = honorific or _ROLE.search(lead) or _BEFALL.search(lead)
    if len(tokens) == 1:  # "against" a single word is mostly a title's ("Convention against Torture")
        single = _SURNAME.search(name + " ") or (evidence and not lead.rstrip().endswith("against"))
        return ("person", name, start, m.end()) if single else None
    if evidence or _SURNAME.search(name + " ") or re.match(r"[A-Z]\.", tokens[0]):
        return "person", name, start, m.end()
    return "plain", name, start, m.end()


def subjects(quote: str) -> str:
    """Named people and organisations of the sentence, "; "-separated (§6, R16): a name must show it is
    one (a surname, a role or verb before it, an organisation's word); titles, sources and speakers are not.

    >>> subjects("Dozens of activists, among them blogger Aigul Sarsen and Bolat Omarov, were held in Almaty.")
    'Aigul Sarsen; Bolat Omarov'
    """
    text = _SEE.sub(lambda m: " " * len(m.group()), quote)
    source = attribution(quote).lower()
    found = [c for m in _RUN.finditer(text) if (c := _candidate(text, m, source))]
    names = []
    for i, (kind, name, start, end) in enumerate(found):
        listed = [found[j] for j in (i - 1, i + 1) if 0 <= j < len(found)]
        in_list = any(k == "person" and _LIST_GAP.match(text[min(e, end):max(s, start)])
                      for k, _, s, e in listed)
        if kind != "plain" or in_list:
            names.append(name)
    for m in re.finditer(r"[“\"]([A-Z][^”\"]{3,60})[”\"]", text):
        if _ORGANISATION_WORD.search(m.group(1)) and not _TITLE_BEFORE.search(text[max(0, m.start() - 80):m.start()]):
            names.append(m.group(1).strip())
    for m in _NAMED.finditer(text):  # "the newspaper *ADAM*", "foundation “MPI”"
        name = m.group(1)
        if not (_TITLE_BEFORE.search(text[max(0, m.start() - 80):m.start()]) or _NOT_NAME.search(name)
                or (source and (name.lower() in source or source in name.lower()))):
            names.append(name)
    return "; ".join(dict.fromkeys(names))


def _penalties(phrase: str) -> str:
    """The penalties of a phrase, "; "-separated when it joins two ("2 years of X and a 2-year ban")."""
    parts = [p.strip(" ,") for p in _PENALTY_JOIN.split(phrase)]
    return "; ".join(p for p in parts if _PENALTY_WORD.search(p))


def penalty(clause: str) -> str:
    """The sentence passed, as written and whole; empty when the words after the verb name no penalty.

    >>> penalty("He was sentenced to seven years in prison on charges of fraud.")
    'seven years in prison'
    >>> penalty("She was fined 150 MRP, and he was given two years of restricted freedom in absentia.")
    '150 MRP'
    """
    clause = re.sub(r"\s+", " ", clause)  # a line break inside the penalty is a space
    for start in _PENALTY_START.finditer(clause):
        rest = clause[start.end():]
        respectively = _RESPECTIVELY.match(rest)
        end = _PENALTY_END.search(rest)
        phrase = respectively.group(1) if respectively else rest[:end.start()]
        if 2 < len(phrase) <= 120 and _PENALTY_WORD.search(phrase):
            return _penalties(phrase)
    m = _PENALTY_NOUN_FIRST.search(clause)
    return m.group(1) if m else ""


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
