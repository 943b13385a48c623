"""Which language a text is in, as far as the extractor needs to know: English (read) or another
script (not read), by counting letters per script. A cheap check that names what is plainly not
English; issue 13 will replace it with real detection.

>>> unread_language("В 2018 году в Алматы задержали десять человек."), unread_language("Ten were detained.")
('Russian', None)
"""

from __future__ import annotations

_SAMPLE = 50_000  # characters looked at: enough to tell, cheap for any document
_MIN_LETTERS = 20
_KAZAKH = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")  # letters of Kazakh Cyrillic that Russian does not use


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


def unread_language(text: str) -> str | None:
    """The language of ``text`` when it is mostly not in the Latin script (``"Russian"``,
    ``"Kazakh"`` or ``"a non-Latin script"``), else ``None`` (read as English).

    >>> unread_language("Қазақстанда 2018 жылы он адам ұсталды, оның ішінде белсенділер.")
    'Kazakh'
    """
    letters = sum(c.isalpha() for c in text[:_SAMPLE])
    if letters < _MIN_LETTERS:
        return None
    shares = script_shares(text)
    if shares["latin"] >= 0.5:
        return None
    if shares["cyrillic"] >= shares["other"]:
        kazakh = sum(c in _KAZAKH for c in text[:_SAMPLE])
        return "Kazakh" if kazakh >= 0.01 * letters else "Russian"
    return "a non-Latin script"
