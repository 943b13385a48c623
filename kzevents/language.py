"""Which language a document is in (codebook §11): English and Russian are read, others reported.

The method is cheap and has no dependency: letters are counted per script (Latin, Cyrillic,
other) over the first 50,000 characters; Cyrillic text with Kazakh-only letters (ә, ғ, қ, ң, ө,
ұ, ү, һ, і) is Kazakh, else Russian; Latin text is English unless the function words of another
Latin-script language clearly outnumber English ones. The corpora this library reads are
English or Russian (with some Kazakh), which the script alone tells apart; a statistical
detector (langdetect, lingua) would cost a dependency and milliseconds per document for
distinctions the extractor does not need, and is not deterministic on short texts.

>>> detect_language("В 2018 году в Алматы задержали десять человек."), detect_language("Ten were detained.")
('ru', 'en')
>>> unread_language("В 2018 году в Алматы задержали десять человек."), unread_language("Ten were detained.")
(None, None)
"""

from __future__ import annotations

import re

_SAMPLE = 50_000  # characters looked at: enough to tell, cheap for any document
_MIN_LETTERS = 20
_KAZAKH = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")  # letters of Kazakh Cyrillic that Russian does not use
READ = {"en": "English", "ru": "Russian"}
"""The languages the extractor reads: code -> name."""
NAMES = {**READ, "kk": "Kazakh", "fr": "French", "de": "German", "es": "Spanish", "und": "a non-Latin script"}
_FUNCTION_WORDS = {  # frequent short words, one set per Latin-script language
    "en": {"the", "of", "and", "to", "in", "was", "were", "is", "by", "for", "on", "with", "that"},
    "fr": {"le", "la", "les", "des", "et", "du", "est", "une", "dans", "pour", "sur", "qui"},
    "de": {"der", "die", "und", "das", "nicht", "mit", "den", "ist", "ein", "eine", "von", "zu"},
    "es": {"el", "los", "las", "del", "que", "por", "una", "con", "para", "como", "fue", "y"},
}
_MIN_FUNCTION_WORDS = 5  # another language needs at least this many hits, and twice English's


def script_shares(text: str) -> dict[str, float]:
    """The share of the letters of ``text`` (its first 50,000 characters) in each script.

    >>> script_shares("ab вг")
    {'latin': 0.5, 'cyrillic': 0.5, 'other': 0.0}
    """
    letters = [c for c in text[:_SAMPLE] if c.isalpha()]
    if not letters:
        return {"latin": 0.0, "cyrillic": 0.0, "other": 0.0}
    cyrillic = sum("\u0400" <= c <= "\u052f" for c in letters)
    latin = sum(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters)
    n = len(letters)
    return {"latin": latin / n, "cyrillic": cyrillic / n, "other": (n - latin - cyrillic) / n}


def _latin_language(text: str) -> str:
    words = re.findall(r"[^\W\d_]+", text[:_SAMPLE].lower())
    hits = {code: sum(w in vocabulary for w in words) for code, vocabulary in _FUNCTION_WORDS.items()}
    best = max(hits, key=hits.get)
    if best != "en" and hits[best] >= _MIN_FUNCTION_WORDS and hits[best] > 2 * hits["en"]:
        return best
    return "en"


def detect_language(text: str) -> str:
    """The language code of ``text``: "en", "ru", "kk", "fr", "de", "es" or "und" (another
    script); a text with fewer than 20 letters is "en".

    >>> detect_language("Қазақстанда 2018 жылы он адам ұсталды, оның ішінде белсенділер.")
    'kk'
    >>> detect_language("La police a arrêté les manifestants et les journalistes dans la ville pour la nuit.")
    'fr'
    """
    letters = sum(c.isalpha() for c in text[:_SAMPLE])
    if letters < _MIN_LETTERS:
        return "en"
    shares = script_shares(text)
    if shares["latin"] >= 0.5:
        return _latin_language(text)
    if shares["cyrillic"] >= shares["other"]:
        kazakh = sum(c in _KAZAKH for c in text[:_SAMPLE])
        return "kk" if kazakh >= 0.01 * letters else "ru"
    return "und"


def language_name(code: str) -> str:
    """The English name of a language code ("ru" → "Russian")."""
    return NAMES.get(code, code)


def unread_language(text: str) -> str | None:
    """The name of the language of ``text`` when the extractor does not read it, else ``None``.

    >>> unread_language("Қазақстанда 2018 жылы он адам ұсталды, оның ішінде белсенділер.")
    'Kazakh'
    """
    code = detect_language(text)
    return None if code in READ else language_name(code)


def language_note(name: str, code: str) -> str | None:
    """What to tell the analyst about a document's language (``name`` a file or doc_id), or None.

    >>> language_note("a.txt", "kk")
    'a.txt: the text looks to be in Kazakh; kzevents reads English and Russian, so its events are not extracted'
    """
    if code == "en":
        return None
    if code in READ:
        return (f"{name}: the text looks to be in {language_name(code)}; it is read with the {language_name(code)} "
                "lexicon, a first version (codebook §11)")
    return (f"{name}: the text looks to be in {language_name(code)}; kzevents reads English and Russian, "
            "so its events are not extracted")
