"""What a document remembers while it is read: the episode being told, and the dates a dateless
sentence may take from it (codebook R7 episodes, R20, R23 cues).

Only the reading loop changes the :class:`Memory`, through the functions of this module.

>>> memory = Memory(published=None)
>>> is_background("He has long campaigned against torture."), is_background("Police detained four more.")
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from ..lexicon import LEXICON, lexicon_for
from ..timex import TimeSpan
from ..triggers import find_triggers

_CONTINUATION = LEXICON.regex("context", "continuation")
_BACKGROUND = LEXICON.regex("episodes", "background")
_EPISODE_PARAGRAPH = 3  # paragraphs of up to this many sentences (news) let an episode run on
_EPISODE_DAYS = 31  # an episode is dated to a day, a few days or a month: a year is a setting, not an episode
_EPISODE_QUIET = 3  # sentences without a row after which an episode is over
_LOWER_START = re.compile(r"^\s*[a-z]")
_MORE_OF_THE_SAME = LEXICON.regex("episodes", "more_of_the_same")
_CREDITS = LEXICON.regex("episodes", "credits_figures")
_NOTHING = re.compile(r"(?!)")  # a word list a language does not have yet


class LazyTopic:
    """The event types of a sentence, found only when asked for."""

    def __init__(self, quote: str, fallback=(), language: str = "en"):
        self.quote, self.fallback, self._types, self.language = quote, fallback, None, language

    def _get(self) -> list[str]:
        if self._types is None:
            found = find_triggers(self.quote, lexicon=lexicon_for(self.language))
            self._types = [t.event_type for t in found] or list(self.fallback)
        return self._types

    def __bool__(self) -> bool:
        return bool(self._get())

    def __getitem__(self, i):
        return self._get()[i]


@dataclass
class Memory:
    """What the extractor remembers while reading one document."""

    published: date | None
    covers: tuple[date, date] | None = None  # the period a periodic report covers (R26)
    last_span: TimeSpan | None = None  # the date of the last event (R2 anchor)
    paragraph: str | None = None
    paragraph_spans: list[TimeSpan] = field(default_factory=list)
    prev_rows: list[dict] = field(default_factory=list)
    prev_types: list[str] = field(default_factory=list)
    paragraph_event_span: TimeSpan | None = None
    last_tally: dict | None = None
    last_day_span: TimeSpan | None = None
    last_abs_span: TimeSpan | None = None  # the last day-precise date written out, event or not
    paragraph_rel_span: TimeSpan | None = None  # the last relative date resolved in this paragraph
    prev_sentence_span: TimeSpan | None = None  # the last event-able date of the previous sentence
    episode: TimeSpan | None = None  # the date of the episode being told (R7), inherited by dateless sentences
    episode_quiet: int = 0  # sentences since the episode last gave a row
    paragraph_sentences: int = 0  # sentences read in the current paragraph
    late_date: TimeSpan | None = None  # the first stated date after the document's published date (R21)
    language: str = "en"  # the document's language: which lexicon, dates and counts are read (§11)




@cache
def _word_lists(language: str) -> dict:
    """The episode word lists of a language's lexicon; a list it does not have matches nothing."""
    if language == "en":
        return {"continuation": _CONTINUATION, "more_of_the_same": _MORE_OF_THE_SAME, "credits_figures": _CREDITS,
                "background": _BACKGROUND}
    lexicon = lexicon_for(language)
    lists = {"continuation": ("context", "continuation")}
    lists.update({key: ("episodes", key) for key in ("more_of_the_same", "credits_figures", "background")})
    return {key: lexicon.regex(*where) if where[1] in lexicon.data.get(where[0], {}) else _NOTHING
            for key, where in lists.items()}


def continues(quote: str, language: str = "en") -> bool:
    """R7: the sentence tells more of the event before it ("Three further people died ...")."""
    if language != "en":
        lists = _word_lists(language)
        return bool(lists["more_of_the_same"].search(quote) or lists["continuation"].match(quote))
    return bool(_MORE_OF_THE_SAME.search(quote) or _CONTINUATION.match(quote) or _LOWER_START.match(quote)
                or re.search(r"\b(?:of (?:them|which|whom))\b", quote))


def credits_figures(quote: str, language: str = "en") -> bool:
    """"According to official figures, at least 17 people were killed": the figures of the event just told."""
    return _word_lists(language)["credits_figures"].match(quote) is not None


def is_background(quote: str, language: str = "en") -> bool:
    """A history, a habit, a state of affairs, the author's commentary or a law's contents (R7)."""
    return _word_lists(language)["background"].search(quote) is not None


def _episodic(span: TimeSpan) -> bool:
    return (span.end - span.start).days <= _EPISODE_DAYS


def may_inherit(memory: Memory, quote: str) -> bool:
    """Whether a sentence with no date of its own can take one from the document (R7, R15, R23)."""
    language = memory.language
    return bool((memory.prev_rows and (continues(quote, language) or credits_figures(quote, language)))
                or (memory.prev_sentence_span and _LOWER_START.match(quote))
                or (memory.episode and not is_background(quote, language)))


def note_sentence_date(memory: Memory, spans, quote: str) -> None:
    """Keep the sentence's last event date for the other half of a sentence cut by a page break (R15)."""
    dated = [s for s, report in spans if not report and not s.undated]
    if dated or not _LOWER_START.match(quote):
        memory.prev_sentence_span = dated[-1] if dated else None


_WHERE = re.compile(r"\bwhere\b[^,;:()—]*$", re.IGNORECASE)
_SUBORDINATE = re.compile(r"\b(?:who|whom|whose|which|where)\b[^,;:()—]*$", re.IGNORECASE)


def _subordinate(quote: str, pos: int) -> bool:
    """Whether ``pos`` lies in a relative clause ("an activist who died ... on 25 February")."""
    return _SUBORDINATE.search(quote, max(0, pos - 120), pos) is not None


def open_episode(memory: Memory, quote: str, spans, rows: list[dict]) -> None:
    """R7: the sentence's own day- or month-dated event opens an episode, whether or not the
    lexicon knows its words; a date in a relative clause ("who died on 25 February") does not."""
    told = [s for s, report in spans if not report and not s.undated and _episodic(s)
            and not _subordinate(quote, s.char_start)]
    if not told:  # "the town, where police shot nine people on 16 December": news tells its event there
        told = [s for s, report in spans if not report and not s.undated and _episodic(s)
                and _WHERE.search(quote, max(0, s.char_start - 120), s.char_start)
                and any(r["date_text"] and r["_span"] == s for r in rows)]
    if not told:
        return
    dated_rows = [r["_span"] for r in rows if r["date_text"] and r["_span"] in told]
    memory.episode = dated_rows[-1] if dated_rows else told[-1]
    memory.episode_quiet = 0 if rows else -1


def start_paragraph(memory: Memory, sent) -> None:
    """A new paragraph: its own dates; an episode survives only the short paragraphs of news."""
    if memory.paragraph_sentences > _EPISODE_PARAGRAPH or sent.numbered:
        memory.episode = None
    memory.paragraph_sentences = 0
    memory.paragraph, memory.paragraph_spans, memory.paragraph_event_span = sent.paragraph, [], None
    memory.last_tally = None
    memory.paragraph_rel_span = None
    memory.prev_rows, memory.prev_types = [], []


def remember(memory: Memory, new: list[dict], types, quote: str) -> None:
    """After a sentence: its rows anchor what follows; the episode opens, runs on or closes."""
    if new:
        memory.last_span = new[-1]["_span"]
        days = [r["_span"] for r in new if (r["_span"].end - r["_span"].start).days <= 7]
        memory.last_day_span = days[-1] if days else memory.last_day_span
        memory.paragraph_event_span = new[-1]["_span"]
        memory.prev_rows = new
    elif not continues(quote, memory.language):
        memory.prev_rows = []
    memory.prev_types = types
    memory.paragraph_sentences += 1
    if new:
        memory.episode_quiet = min(memory.episode_quiet, 0)
    else:
        memory.episode_quiet += 1
        if memory.episode_quiet > _EPISODE_QUIET:
            memory.episode = None
