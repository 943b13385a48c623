"""Which date a trigger takes within its sentence: clauses, report dates, lists of dates (codebook §4, R1–R4, R20, R22, R26)."""

from __future__ import annotations

import re
from dataclasses import replace

from ..lexicon import LEXICON
from ..timex import TimeSpan, anchor, find_timexes, opens_clause
from ..triggers import Trigger
from .episodes import Memory

_CLAUSE_BREAK = re.compile(LEXICON.data["context"]["clause_breaks"], re.IGNORECASE)
_REPORT_CUE = re.compile(r"\b(?:%s)\b" % "|".join(LEXICON.data["dates"]["report_date_cues"]), re.IGNORECASE)


def clauses(quote: str) -> list[tuple[int, int]]:
    cuts = [0] + [m.start() for m in _CLAUSE_BREAK.finditer(quote)] + [len(quote)]
    return list(zip(cuts, cuts[1:]))


def clause_of(clauses, pos: int) -> tuple[int, int]:
    return next(((s, e) for s, e in clauses if s <= pos < e), (0, clauses[-1][1] if clauses else 0))


def is_report_date(quote: str, span: TimeSpan, triggers: list[Trigger]) -> bool:
    """R1: the date of a statement or report, not of the events it reports."""
    before = quote[max(0, span.char_start - 70):span.char_start]
    cue = None
    for m in _REPORT_CUE.finditer(before):
        cue = m
    if cue and not any(max(0, span.char_start - 70) + cue.end() <= t.char_start < span.char_start for t in triggers):
        return not re.search(r"[;.]", before[cue.end():])
    first_trigger = next((t.char_start for t in triggers if t.char_start > span.char_end), len(quote))
    after = quote[span.char_end:min(first_trigger, span.char_end + 60)]
    return bool(re.search(r"\b(?:came to the conclusion|concluded|confirmed|found that|ruled that|visited|issued an? (?:\w+ ){0,3}statement)\b",
                          after, re.IGNORECASE))


def resolve_spans(quote: str, memory: Memory) -> list[tuple[TimeSpan, bool | None]]:
    """(span, is_report_date) for the sentence's dates, anchored and filtered (§4, R1–R3);
    ``None`` where the report test needs the triggers (decided by the caller)."""
    out = []
    for span in find_timexes(quote, memory.language):
        if span.undated:
            out.append((span, False))
            continue
        own = [s for s, r in out if r is not True and not s.undated]
        if span.needs_year:  # R20: the paragraph's last date, else the document's last event date
            prev = memory.paragraph_spans[-1] if memory.paragraph_spans else (None if memory.covers else memory.last_span)
        elif span.relative:  # R2: the sentence's own date, else the last day-precise event
            prev = own[-1] if own else (memory.paragraph_rel_span or memory.last_abs_span or memory.last_day_span
                                        or memory.last_span)
        else:
            prev = None
        resolved = anchor(span, prev, memory.published, memory.covers)
        if resolved is None and (span.relative or {}).get("against") == "covers":
            out.append((replace(span, undated=True), False))  # "during the year" with no covered period: R3
            continue
        if resolved is None:
            continue
        if memory.published and resolved.start > memory.published:
            if span.needs_year or span.relative:
                continue  # R20/R21: a date the extractor completed never runs past the document
            memory.late_date = memory.late_date or resolved  # a stated date is kept (R21); the build warns
        report = is_report_date(quote, resolved, ())
        out.append((resolved, None if not report else True))
        if not resolved.relative:
            memory.paragraph_spans.append(resolved)
        if span.relative:
            memory.paragraph_rel_span = resolved  # anchors the next relative date of this paragraph only
        elif not report and (resolved.end - resolved.start).days <= 7:
            memory.last_abs_span = resolved
    return out


_JUST_A_PREPOSITION = re.compile(r"\s*(?:on|in|at|from|since|by|of|during)?\s*", re.IGNORECASE)
_SEGMENT_BREAK = re.compile(r",(?!\d)|;")


def _comma_segment(quote: str, trigger: Trigger) -> tuple[int, int]:
    """The span between the commas (or semicolons) around ``trigger``."""
    start = max((m.end() for m in _SEGMENT_BREAK.finditer(quote, 0, trigger.char_start)), default=0)
    after = _SEGMENT_BREAK.search(quote, trigger.char_end)
    return start, after.start() if after else len(quote)

_RELATIVE_CLAUSE = re.compile(r"(?:\bwho|, which|, whose \w+)\s+(?:had\s+)?(?:was|were|been|has been|have been|had been|had)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
# a relative clause opened after the trigger keeps its dates: "gathered in the town, where a clash
# in December led to deaths" (the gathering is not in December)
_OPENS_RELATIVE = re.compile(r",\s*(?:where|who|whom|whose|which)\b", re.IGNORECASE)


def _opens_relative(quote: str, start: int, end: int) -> bool:
    """A relative clause opens between ``start`` and ``end``, not on the trigger itself ("the
    protests, which began on 2 January" dates the protests)."""
    m = _OPENS_RELATIVE.search(quote, start, end)
    return bool(m) and m.start() > start


_IN_RELATIVE = re.compile(r"\b(?:who|which|whom)\b[^,;]{0,30}$", re.IGNORECASE)


def _dates_its_clause(span: TimeSpan, quote: str) -> bool:
    """ "two days after a court banned it": the span dates the clause after it, not what stands before."""
    return bool(quote and re.search(r"(?i)\b(?:after|before)$", span.text) and opens_clause(quote, span.char_end))


def date_for(trigger: Trigger, spans, clauses, quote: str = "", others=()) -> TimeSpan | None | bool:
    """The span dating ``trigger``: the last before it in the sentence, else the first after it in
    its clause. ``False`` when an undated expression (R3) or a report date is the nearest.
    A trigger in a relative clause ("who was sentenced ...") takes only a date of its own clause."""
    if quote and _RELATIVE_CLAUSE.search(quote[max(0, trigger.char_start - 40):trigger.char_start]):
        stop = re.search(r"[,;]", quote[trigger.char_end:])
        end = trigger.char_end + (stop.start() if stop else len(quote))
        own = [(s, r) for s, r in spans if trigger.char_end <= s.char_start < end]
        if not own:
            return False
        return False if own[0][0].undated or own[0][1] else own[0][0]
    segment = _comma_segment(quote, trigger) if quote else None
    own = [(s, r) for s, r in spans if segment and segment[0] <= s.char_start and s.char_end <= segment[1]
           and not s.undated and not r]
    if own:  # "... in 2011, 555 cases of threats ... were recorded in 2018": the date of its own segment
        right_after = [s for s, _ in own if s.char_start >= trigger.char_end
                       and _JUST_A_PREPOSITION.fullmatch(quote[trigger.char_end:s.char_start])]
        if right_after:  # "signed on 2 May and entered into force on 1 July": each its own date
            return right_after[0]
        return min(own, key=lambda p: abs(p[0].char_start - trigger.char_start))[0]
    before = [(s, r) for s, r in spans if s.char_end <= trigger.char_start
              and not (s.text and re.search(r"(?i)\b(?:earlier|later|before|after)$", s.text)
                       and any(0 <= s.char_start - t.char_end <= 40 for t in others))]
    cs, ce = clause_of(clauses, trigger.char_start)
    after = [(s, r) for s, r in spans if s.char_start >= trigger.char_end and s.char_start < ce
             and not _dates_its_clause(s, quote)]
    if not before and not after:
        after = [(s, r) for s, r in spans if s.char_start >= trigger.char_end]
    after = [(s, r) for s, r in after if not any(
        trigger.char_end <= t.char_start < s.char_start and _IN_RELATIVE.search(quote[max(0, t.char_start - 40):t.char_start])
        for t in others) and not _opens_relative(quote, trigger.char_end, s.char_start)]
    pick = before[-1] if before else (after[0] if after else None)
    if after and re.fullmatch(r"[\s\w]{0,25}", quote[trigger.char_end:after[0][0].char_start]) \
            and not re.search(r"\b(?:and|but|while|whereas)\b", quote[trigger.char_end:after[0][0].char_start]):
        pick = after[0]  # "555 cases were recorded in 2018": the date right after
    elif before and after and before[-1][0].char_end < cs and after[0][0].char_start < ce:
        pick = after[0]  # the clause has its own date after the trigger
    if pick is None:
        return None
    span, report = pick
    if span.undated and not before:
        return None  # "... brought to court incl. the ones registered in previous years": no veto on R7
    if span.undated or report:
        return False
    return span

_RELATIVE_TEXT = re.compile(r"\b(?:earlier|later|after|before|next|following|same|that)\b", re.IGNORECASE)


def listed_dates(trig: Trigger, spans, triggers, quote: str) -> list[TimeSpan]:
    """The dates of a list that follows ``trig`` ("released in 2017 and 2018"), one row each.

    No other trigger may stand between them, except for a protest, which is the setting of what
    the list tells ("during peaceful assemblies: on 10 May 2018 ...; on 23 June 2018 ...", R17).
    """
    out = []
    for s, report in spans:
        if s.char_start < trig.char_end:
            continue
        if s.undated or report or _RELATIVE_TEXT.search(s.text):
            break
        if trig.event_type != "protest" and any(trig.char_end <= t.char_start < s.char_start for t in triggers):
            break
        if out and re.search(r"\b(?:from|between|to|until)\s*$", quote[max(0, s.char_start - 10):s.char_start]):
            break
        between = quote[out[-1].char_end:s.char_start] if out else ""
        if out and trig.event_type != "protest" and (len(between) > 80 or re.search(
                r"\d|\b(?:but|while|whereas|because|leading|after|before|which|who|that)\b", between)):
            break  # not a list: a new figure or a new clause stands between the dates
        out.append(s)
    gap = quote[trig.char_end:out[0].char_start] if out else ""
    if len(out) < 2 or re.search(r"[.;]", gap) or (len(gap) > 60 and trig.event_type != "protest"):
        return []
    tail_end = quote.find(";", out[-1].char_end)
    tail_end = len(quote) if tail_end < 0 else tail_end
    if trig.event_type != "protest" and any(out[-1].char_end <= t.char_start < tail_end for t in triggers):
        return []  # "arrested on 19 January and, on 30 July, was sentenced": each date has its own event
    return out
