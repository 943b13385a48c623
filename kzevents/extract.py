"""Mention rows from text: triggers, dates and counts joined per codebook §1–§6 and R1–R18.

>>> df = extract("13. On 10 May 2018 more than 150 people were detained; on 23 June 2018 more than 200 people were detained.")
>>> df[["event_type", "date_start", "count", "count_qualifier"]].astype(str).values.tolist()
[['detention', '2018-05-10', '150', 'more_than'], ['detention', '2018-06-23', '200', 'more_than']]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from .lexicon import LEXICON
from .quantities import Count, find_counts
from .segment import Sentence, segment
from .timex import TimeSpan, anchor, find_timexes, parse_covers
from .triggers import Trigger, find_triggers

COLUMNS = [
    "doc_id", "paragraph", "char_start", "char_end", "quote", "event_type", "subtype", "kind", "trigger",
    "date_text", "date_start", "date_end", "date_precision", "count_text", "count", "count_qualifier",
    "count_low", "count_high", "count_unit", "attributed_to", "cited_urls", "location", "subjects", "penalty",
]

_NOT_HAPPENED = LEXICON.regex("context", "not_happened_sentence")
_IMPERATIVE = re.compile(LEXICON.data["context"]["not_happened_sentence"][0], re.IGNORECASE)
_CONTINUATION = LEXICON.regex("context", "continuation")
_CLAUSE_BREAK = re.compile(LEXICON.data["context"]["clause_breaks"], re.IGNORECASE)
_REPORT_CUE = re.compile(r"\b(?:%s)\b" % "|".join(LEXICON.data["dates"]["report_date_cues"]), re.IGNORECASE)
_ATTRIBUTION = [re.compile(p, re.IGNORECASE) for p in LEXICON.data["attribution"]["patterns"]]
_CREDIT = LEXICON.regex("attribution", "credit_sentence")
_STRIP = sorted(LEXICON.data["attribution"]["strip_prefixes"], key=len, reverse=True)
_TALLY_VERB = re.compile(r"\b(?:registered|recorded|documented|reported|counted|initiated|opened)\b", re.IGNORECASE)
_SINGULAR = re.compile(r"\b(?:was|has been|is being|(?:he|she)(?: \w+)?)\s+(?:\w+\s+){0,2}$|\b(?:he|she)\s+$", re.IGNORECASE)
_SINGLE_OBJECT = re.compile(
    r"^\s*(?:(?:him|her)\b|(?:the |a |one )?(?:[a-z-]+ ){0,3}?(?:[A-Z][\w.-]+|[A-Z]\.)(?: [A-Z][\w.-]+){1,2}\b(?! and [A-Z]))")
_UNIT_FITS = {"strike": {"people", "times"}, "protest": {"people", "incidents", "times"},
              "detention": {"people", "times"}, "prosecution": {"people", "cases", "organisations"},
              "conviction": {"people", "cases", "organisations"}, "acquittal": {"people", "cases", "organisations"},
              "release": {"people"}, "ban": {"organisations", "outlets", "materials", "cases", "incidents"},
              "threat": {"people", "incidents", "cases", "organisations"},
              "violence": {"people", "incidents", "cases"}, "restriction": {"people", "cases", "organisations", "times", "incidents"}}
_PAIR = re.compile(r"[A-Z][\w.-]+(?: [A-Z][\w.-]+)? and [A-Z][\w.-]+(?: [A-Z][\w.-]+)?,?(?:[^.;]{0,60},)?\s+(?:were|have been|had been)\s+(?:\w+\s+){0,2}$")
_NAMED_OBJECT = re.compile(r"^\s*(?:of\s+)?(?:the\s+|a\s+)?(?:[a-z-]+\s+){0,2}[\"“‘'*]?[A-Z]|^\s*its activities")
_MEDIA = re.compile(r"newspaper|outlet|media|magazine|portal|website|\.kz\b|channel|agency", re.IGNORECASE)
_PENALTY = re.compile(
    r"\b(?:sentenced(?: \w+)?(?:,? respectively,)? to|fined|given|imposed)\s+(.{3,90}?)(?=\s+(?:for|on|after|as|while|under|by)\b|\s+in\s+(?!prison|jail|a colony)|[,;.]|$)",
    re.IGNORECASE)
_PRISON = re.compile(r"prison|imprison|jail|deprivation of liberty|colony|life", re.IGNORECASE)
_RESTRICT = re.compile(r"restriction of (?:liberty|freedom)|restraint of liberty|restricted freedom|suspended sentence", re.IGNORECASE)
_FINE = re.compile(r"\bfine|fined\b|euros|tenge|usd", re.IGNORECASE)
_OTHER_PENALTY = re.compile(r"ban on|banned from|deprivation of the right|prohibited from", re.IGNORECASE)
_NAME = re.compile(r"\b(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]\.|[A-Z][a-z]\.)(?:\s+(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]\.|of|of the)){1,4}\b")
_NOT_NAME = re.compile(r"Rapporteur|Human Rights|Code|Ministry|Council|Committee|Court|Government|Office|Nations|Republic|General|Assembly|Working Group|Law|Prosecutor|Union of|Special|Criminal|Administrative|Constitution|Parliament|President|Foundation|Commissioner|Resolution|Convention|Covenant|January|February|March|April|May|June|July|August|September|October|November|December|International|National|European|Supreme|Interior|Internal|Police|The |In |On |According|Kazakhstan$|^Kazakhstani|Federation|Institute|State|Civil|Public|Fact Sheet|Implementation|Recommendations|Centre|Minister|World|Annual|Front Line|Watch|Bureau|Tribune|Appellate|Security|Independence|Strategy")


class _LazyTopic:
    """The event types of a sentence, found only when asked for."""

    def __init__(self, quote: str, fallback=()):
        self.quote, self.fallback, self._types = quote, fallback, None

    def _get(self) -> list[str]:
        if self._types is None:
            self._types = [t.event_type for t in find_triggers(self.quote)] or list(self.fallback)
        return self._types

    def __bool__(self) -> bool:
        return bool(self._get())

    def __getitem__(self, i):
        return self._get()[i]


@dataclass
class _State:
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
    prev_sentence_span: TimeSpan | None = None  # the last event-able date of the previous sentence  # the last event dated to a day or a few days (R2 anchor)  # the paragraph's last tally that is not a subset ("of which")


def _clean_source(name: str) -> str:
    name = re.sub(r"^[\s\"“‘']+|[\s\"”’'.]+$", "", name)
    low = name.lower()
    for prefix in _STRIP:
        if low.startswith(prefix + " "):
            name, low = name[len(prefix) + 1:], low[len(prefix) + 1:]
    name = re.sub(r"^[\"“‘']+|[\"”’']+$", "", name.strip())
    name = re.sub(r"(?:'s|’s)$", "", name)
    return name.strip()


def attribution(quote: str) -> str:
    """Who the sentence credits for its figures ("According to Open Dialogue" → "Open Dialogue")."""
    for pattern in _ATTRIBUTION:
        m = pattern.search(quote)
        if m:
            return _clean_source(re.split(r"\s+(?:on|in|from|issued|delivered|dated)\s+\d", m.group(1))[0])
    return ""


def _places(quote: str) -> str:
    return "; ".join(dict.fromkeys(m.group() for m in LEXICON.places.finditer(quote)))


def _subjects(quote: str) -> str:
    names = []
    for m in _NAME.finditer(quote):
        name = m.group().strip()
        if not _NOT_NAME.search(name) and not LEXICON.places.fullmatch(name) and len(name) > 4:
            names.append(name)
    for m in re.finditer(r"[“\"]([A-Z][^”\"]{3,60})[”\"]", quote):
        if re.search(r"Choice|Union|Party|Movement|Foundation|Confederation|\.kz|Centre|Newspaper|Portal", m.group(1)):
            names.append(m.group(1))
    return "; ".join(dict.fromkeys(names))


def _penalty(clause: str) -> str:
    m = _PENALTY.search(clause)
    return m.group(1).strip() if m else ""


def _conviction_subtype(trigger: Trigger, clause: str, penalty: str) -> str:
    text = penalty or clause[clause.find(trigger.text):][:120]
    for pattern, subtype in ((_RESTRICT, "restriction"), (_PRISON, "prison"), (_FINE, "fine"), (_OTHER_PENALTY, "other")):
        if pattern.search(text) or pattern.search(trigger.text):
            return subtype
    return ""


def _clauses(quote: str) -> list[tuple[int, int]]:
    cuts = [0] + [m.start() for m in _CLAUSE_BREAK.finditer(quote)] + [len(quote)]
    return list(zip(cuts, cuts[1:]))


def _clause_of(clauses, pos: int) -> tuple[int, int]:
    return next(((s, e) for s, e in clauses if s <= pos < e), (0, clauses[-1][1] if clauses else 0))


def _is_report_date(quote: str, span: TimeSpan, triggers: list[Trigger]) -> bool:
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


def _resolve_spans(quote: str, state: _State) -> list[tuple[TimeSpan, bool | None]]:
    """(span, is_report_date) for the sentence's dates, anchored and filtered (§4, R1–R3);
    ``None`` where the report test needs the triggers (decided by the caller)."""
    out = []
    for span in find_timexes(quote):
        if span.undated:
            out.append((span, False))
            continue
        own = [s for s, r in out if r is not True and not s.undated]
        if span.needs_year:  # R20: the paragraph's last date, else the document's last event date
            prev = state.paragraph_spans[-1] if state.paragraph_spans else (None if state.covers else state.last_span)
        elif span.relative:  # R2: the sentence's own date, else the last day-precise event
            prev = own[-1] if own else (state.paragraph_rel_span or state.last_abs_span or state.last_day_span
                                        or state.last_span)
        else:
            prev = None
        resolved = anchor(span, prev, state.published, state.covers)
        if resolved is None or (state.published and resolved.start > state.published):
            continue
        report = _is_report_date(quote, resolved, ())
        out.append((resolved, None if not report else True))
        if not resolved.relative:
            state.paragraph_spans.append(resolved)
        if span.relative:
            state.paragraph_rel_span = resolved  # anchors the next relative date of this paragraph only
        elif not report and (resolved.end - resolved.start).days <= 7:
            state.last_abs_span = resolved
    return out


_SEGMENT_BREAK = re.compile(r",(?!\d)|;")


def _comma_segment(quote: str, trigger: Trigger) -> tuple[int, int]:
    """The span between the commas (or semicolons) around ``trigger``."""
    start = max((m.end() for m in _SEGMENT_BREAK.finditer(quote, 0, trigger.char_start)), default=0)
    after = _SEGMENT_BREAK.search(quote, trigger.char_end)
    return start, after.start() if after else len(quote)


_RELATIVE_CLAUSE = re.compile(r"(?:\bwho|, which|, whose \w+)\s+(?:had\s+)?(?:was|were|been|has been|have been|had been|had)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_IN_RELATIVE = re.compile(r"\b(?:who|which|whom)\b[^,;]{0,30}$", re.IGNORECASE)


def _date_for(trigger: Trigger, spans, clauses, quote: str = "", others=()) -> TimeSpan | None | bool:
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
        return min(own, key=lambda p: abs(p[0].char_start - trigger.char_start))[0]
    before = [(s, r) for s, r in spans if s.char_end <= trigger.char_start
              and not (s.text and re.search(r"(?i)\b(?:earlier|later|before|after)$", s.text)
                       and any(0 <= s.char_start - t.char_end <= 40 for t in others))]
    cs, ce = _clause_of(clauses, trigger.char_start)
    after = [(s, r) for s, r in spans if s.char_start >= trigger.char_end and s.char_start < ce]
    if not before and not after:
        after = [(s, r) for s, r in spans if s.char_start >= trigger.char_end]
    after = [(s, r) for s, r in after if not any(
        trigger.char_end <= t.char_start < s.char_start and _IN_RELATIVE.search(quote[max(0, t.char_start - 40):t.char_start])
        for t in others)]
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


def _assign_counts(triggers: list[Trigger], counts: list[Count], quote: str, spans=()) -> dict[int, Count]:
    """Each trigger's count: the nearest count to its left with no trigger between, else to its right."""
    taken: dict[int, Count] = {}
    used: set[int] = set()
    starts = sorted(t.char_start for t in triggers)
    for i, trig in enumerate(triggers):
        if trig.event_type == "law":
            continue
        prev_trigger_end = max((t.char_end for t in triggers if t.char_end <= trig.char_start), default=0)
        left = [c for c in counts if prev_trigger_end <= c.char_start and c.char_start < trig.char_start
                and trig.char_start - c.char_end <= 70 and id(c) not in used
                and not re.search(r"[;]|\bwhile\b|\bwhereas\b", quote[c.char_end:trig.char_start])
                and not any(c.char_end <= s.char_start < trig.char_start for s in spans)]
        next_trigger = next((s for s in starts if s > trig.char_start), len(quote))
        right = [c for c in counts if c.char_start >= trig.char_end and c.char_end <= next_trigger
                 and c.char_start - trig.char_end <= 35 and id(c) not in used
                 and re.fullmatch(r"(?:of|to|on|against|(?:the )?activities of|(?:the )?registration of)?",
                                  quote[trig.char_end:c.char_start].strip())]
        left = [c for c in left if c.unit is None or c.unit in _UNIT_FITS.get(trig.event_type, {c.unit})]
        right = [c for c in right if c.unit is None or c.unit in _UNIT_FITS.get(trig.event_type, {c.unit})]
        pick = left[-1] if left else (right[0] if right else None)
        if pick is not None and pick.unit == "times" and trig.event_type == "protest":
            pick = None  # "refused a request to hold a rally 40 times": the times count the refusals
        if pick is not None:
            used.add(id(pick))
            taken[i] = pick
    for c in counts:
        if c.unit == "times" and id(c) not in used:
            owner = next((i for i in range(len(triggers) - 1, -1, -1) if triggers[i].char_end <= c.char_start
                          and i not in taken and triggers[i].event_type != "protest"), None)
            if owner is not None:
                used.add(id(c))
                taken[owner] = c
    return taken


def _count_of_one(trig: Trigger, quote: str) -> Count | None:
    """R9: a single person, organisation or outlet; two named people → 2."""
    before = quote[max(0, trig.char_start - 80):trig.char_start]
    if trig.event_type == "law":
        return None
    if _PAIR.search(before):
        return Count(2, "exact", 2, 2, "people", "", 0, 0)
    if trig.event_type == "ban":
        after = quote[trig.char_end:trig.char_end + 60]
        if _SINGULAR.search(before) or _NAMED_OBJECT.match(after) or re.search(r"\bthe\s+$", trig.text + " ") \
                or re.search(r"\b(?:was|has been|had been)\b", trig.text):
            unit = "outlets" if _MEDIA.search(before[-50:] + trig.text + after[:30]) else "organisations"
            return Count(1, "exact", 1, 1, unit, "", 0, 0)
        return None
    if _SINGULAR.search(before) or re.match(r"(?:was|has been)\b", trig.text, re.IGNORECASE) \
            or re.search(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", trig.text):  # "did not permit Elena Semenova to fly"
        return Count(1, "exact", 1, 1, "people", "", 0, 0)
    after = quote[trig.char_end:trig.char_end + 80]
    object_of = re.sub(r"^\s*(?:against|on parole|to register|in absentia)\b", "", after)
    if trig.event_type != "protest" and _SINGLE_OBJECT.match(object_of) and not re.match(r"\s*(?:the|a)\s+\w+s\b", object_of):
        unit = "organisations" if re.match(r"\s*the (?:public |non-governmental )?(?:foundation|association|union|party|movement|organi[sz]ation)", object_of) else "people"
        return Count(1, "exact", 1, 1, unit, "", 0, 0)
    return None


def _kind(row: dict, span: TimeSpan) -> str:
    if row["event_type"] == "law":
        return "occurrence"
    long = (span.end - span.start).days > 31
    many = row["count_qualifier"] == "vague" or (row["count_low"] or row["count_high"] or 0) >= 3
    counted = row["count_unit"] in ("cases", "incidents", "materials")
    return "tally" if long and (many or counted) else "occurrence"


def _row(doc_id, sent: Sentence, quote, trig: Trigger, span: TimeSpan | None, date_text: str,
         count: Count | None, clause: str) -> dict:
    penalty = _penalty(clause) if trig.event_type == "conviction" else ""
    subtype = trig.subtype
    if trig.event_type == "conviction" and not subtype:
        subtype = _conviction_subtype(trig, clause, penalty)
    row = {
        "doc_id": doc_id, "paragraph": sent.paragraph, "char_start": sent.start, "char_end": sent.end,
        "quote": quote, "event_type": trig.event_type, "subtype": subtype or None, "kind": "",
        "trigger": trig.text, "date_text": date_text, "date_start": span.start, "date_end": span.end,
        "date_precision": span.precision,
        "count_text": count.text if count else "", "count": count.value if count else None,
        "count_qualifier": count.qualifier if count else None,
        "count_low": count.low if count else None, "count_high": count.high if count else None,
        "count_unit": count.unit if count else None,
        "attributed_to": attribution(matching_text(quote)), "cited_urls": " ".join(sent.urls),
        "location": _places(quote), "subjects": _subjects(matching_text(quote)), "penalty": penalty,
    }
    row["kind"] = _kind(row, span)
    return row


def _credits_figures(quote: str) -> bool:
    """"According to official figures, at least 17 people were killed": the figures of the event just told."""
    return bool(re.match(r"^\s*(?:according to|as a result|in (?:the )?(?:clashes|violence|events))\b", quote, re.IGNORECASE))


_RELATIVE_TEXT = re.compile(r"\b(?:earlier|later|after|before|next|following|same|that)\b", re.IGNORECASE)


def _listed_dates(trig: Trigger, spans, triggers, quote: str) -> list[TimeSpan]:
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


def _credits_figures(quote: str) -> bool:
    """"According to official figures, at least 17 people were killed": the figures of the event just told."""
    return bool(re.match(r"^\s*(?:according to|as a result|in (?:the )?(?:clashes|violence|events))\b", quote, re.IGNORECASE))


_MORE_OF_THE_SAME = re.compile(r"^[^.;]{0,40}\b(?:others|further|another)\b|^\s*after (?:returning|that|this|which)\b"
                               r"|\bthe (?:\w+ )?(?:rall(?:y|ies)|protests?|strikes?|clashes|demonstrations?|assembl(?:y|ies)|"
                               r"detainees|movement(?:'s|’s)|party(?:'s|’s)|union(?:'s|’s))\b", re.IGNORECASE)


def _continues(quote: str) -> bool:
    """R7: the sentence tells more of the event before it ("Three further people died ...")."""
    return bool(_MORE_OF_THE_SAME.search(quote) or _CONTINUATION.match(quote) or re.match(r"^\s*[a-z]", quote) or re.search(r"\b(?:of (?:them|which|whom))\b", quote))


def _inherited_tallies(quote, raw, sent, doc_id, triggers, counts, assigned, spans, clauses, state, rows):
    """Counts with no trigger that continue a tally of the same kind (R6, R7):
    "In 2016, 51 cases, ... in 2017 21 cases" after "34 criminal cases ... were initiated in 2015"."""
    model = state.last_tally or next((r for r in rows if r["kind"] == "tally" and not r["_subset"]), None)
    topic = state.prev_types[0] if state.prev_types else None  # may be computed now (_LazyTopic)
    used = {id(c) for c in assigned.values()}
    out = []
    for c in counts:
        if id(c) in used or c.value is None and c.qualifier != "vague":
            continue
        if c.unit not in (None, "cases", "incidents") and not (model and c.unit == model["count_unit"]):
            continue
        if re.match(r"^\s*(?:of (?:them|which|whom)|against|of the|people|human|out of)", quote[c.char_end:c.char_end + 12]):
            continue
        fake = Trigger(model["event_type"] if model else (topic or ""), model["subtype"] or "" if model else "", "", c.char_start, c.char_end)
        if not fake.event_type or (model is None and not _TALLY_VERB.search(quote) and c.unit not in ("cases", "incidents")):
            continue
        span = _date_for(fake, spans, clauses, quote, triggers)
        if not span:
            continue
        if model is not None and model["date_start"] == span.start and model["date_end"] == span.end and model["count"] == c.value:
            continue
        cs, ce = _clause_of(clauses, c.char_start)
        row = _row(doc_id, sent, raw, replace(fake, text=c.text), span, span.text, c, quote[cs:ce])
        if model is not None:
            row["count_unit"] = row["count_unit"] or model["count_unit"]
        row["kind"] = "tally"
        row["_subset"] = False
        out.append(row)
        model = model or row  # "40 cases, ... and in 2018 31" continues the tally just made
    return out


_MARKUP = re.compile(r"<sup>\d{1,3}</sup>|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|<[^<>]{0,200}>|\*\*|https?://\S+|www\.\S+")
_SURVEY = re.compile(r"\b(?:survey|poll|respondents)\b", re.IGNORECASE)


def matching_text(quote: str) -> str:
    """The sentence as read for matching: HTML tags, bold marks and URLs removed.

    >>> matching_text("<b>18 criminal cases</b> were opened in 2016.<sup>3</sup> In the 1<sup>st</sup> half")
    '18 criminal cases were opened in 2016. In the 1st half'
    """
    return re.sub(r"  +", " ", _MARKUP.sub("", quote))


def _sentence_rows(doc_id: str, text: str, sent: Sentence, state: _State) -> tuple[list[dict], list[Trigger] | None]:
    """The rows of one sentence, and its triggers (None when there was no need to look)."""
    raw = text[sent.start:sent.end]
    quote = matching_text(raw)
    if _IMPERATIVE.match(quote) or (_NOT_HAPPENED.search(quote) and not re.search(r"\d{4}", quote)) \
            or _SURVEY.search(quote):
        return [], []
    spans = _resolve_spans(quote, state)
    dated = [s for s, r in spans if not r and not s.undated]
    previous, state.prev_sentence_span = state.prev_sentence_span, (dated[-1] if dated else None)
    if not dated and re.match(r"^\s*[a-z]", quote):
        state.prev_sentence_span = previous
    if not spans and not (state.prev_rows and (_continues(quote) or _credits_figures(quote))) \
            and not (state.prev_sentence_span and re.match(r"^\s*[a-z]", quote)):
        return [], None  # nothing can be dated here (§1, R7)
    triggers = find_triggers(quote)
    spans = [(s, _is_report_date(quote, s, triggers) if r is None else r) for s, r in spans]
    return _rows_for(doc_id, sent, raw, quote, spans, triggers, state), triggers


def _rows_for(doc_id, sent, raw, quote, spans, triggers, state) -> list[dict]:
    masked = [(s.char_start, s.char_end) for s, _ in spans]
    counts = find_counts(quote, masked)
    assigned = _assign_counts(triggers, counts, quote, [s for s, _ in spans])
    clauses = _clauses(quote)
    continues = _continues(quote)
    any_report = any(r for _, r in spans)
    rows: list[dict] = []
    for i, trig in enumerate(triggers):
        span = _date_for(trig, spans, clauses, quote, triggers)
        date_text = span.text if span else ""
        if not span:
            carried = None
            if span is False and any_report:
                carried = state.paragraph_event_span  # R1: the event the statement reports
            elif span is None and state.prev_rows and (continues or any_report or _credits_figures(quote)):
                carried = state.prev_rows[-1]["_span"]  # R7
            elif span is None and state.prev_sentence_span and re.match(r"^\s*[a-z]", quote):
                carried = state.prev_sentence_span  # R15: the other half of a sentence cut by a page break
            elif span is None and continues and state.paragraph_event_span and not rows:
                carried = None
            if carried is None:
                continue
            span, date_text = carried, ""
        cs, ce = _clause_of(clauses, trig.char_start)
        count = assigned.get(i) or _count_of_one(trig, quote)
        listed = _listed_dates(trig, spans, triggers, quote)
        if len(listed) > 1 and span in listed:
            for other in listed:  # "imprisoned ... (in 2016), ... (in 2017)": one row per date
                row = _row(doc_id, sent, raw, trig, other, other.text, count, quote[cs:ce])
                row["_span"], row["_subset"] = other, False
                rows.append(row)
            continue
        if rows and rows[-1]["event_type"] == trig.event_type and count is None and rows[-1]["_span"] == span \
                and (trig.event_type != "violence" or rows[-1]["subtype"] == (trig.subtype or rows[-1]["subtype"])):
            continue  # R5: a second trigger telling the same happening
        row = _row(doc_id, sent, raw, trig, span, date_text, count, quote[cs:ce])
        row["_span"] = span
        row["_subset"] = bool(re.search(r"\bof (?:them|which|whom)\b", quote[max(0, trig.char_start - 40):trig.char_start]))
        rows.append(row)
    rows = [r for r in rows if r["count"] is not None or not any(
        o is not r and o["event_type"] == r["event_type"] and o["subtype"] == r["subtype"] and o["_span"] == r["_span"]
        and o["count"] is not None for o in rows)]
    for row in _inherited_tallies(quote, raw, sent, doc_id, triggers, counts, assigned, spans, clauses, state, rows):
        row["_span"] = TimeSpan(row["date_start"], row["date_end"], row["date_precision"], row["date_text"], 0, 0)
        row["_subset"] = False
        rows.append(row)
    for row in rows:
        if row["kind"] == "tally" and not row["_subset"] and row["event_type"] != "law":
            state.last_tally = row
    credit = _CREDIT.match(quote)
    if credit and state.prev_rows and not rows:
        for row in state.prev_rows:
            row["attributed_to"] = row["attributed_to"] or _clean_source(credit.group(1))
    return rows


def extract(text, *, doc_id: str | None = None, published=None, covers=None) -> pd.DataFrame:
    """Every dated event mention of ``text`` as a validated ``Mentions`` frame (codebook §1–§6).

    ``text`` is the text itself (``str``) or a file to read (an ``os.PathLike`` such as
    ``pathlib.Path``: ``.txt``, ``.md``, ``.html`` or ``.pdf``; its name is then the default
    ``doc_id``). ``published`` (``YYYY-MM-DD`` or ``YYYY``) anchors relative dates and bounds event
    dates; ``covers`` (``"2017"`` or ``"2014-06-01/2015-05-31"``) is the period a periodic report
    covers, inside which year-less dates resolve (R26). Text in a language the extractor does not
    read is warned about (``UserWarning`` naming the document and the language).

    >>> extract("In June, 12 activists were detained.", published="2018-02-20", covers="2017")[["date_start", "count"]].astype(str).values.tolist()
    [['2017-06-01', '12']]
    >>> extract(None)
    Traceback (most recent call last):
    ...
    TypeError: extract() takes the text (str) or a file path (os.PathLike, e.g. pathlib.Path), not NoneType
    """
    import hashlib
    import os
    import warnings

    from .frame import finish
    from .language import unread_language
    from .schema import validate_mentions

    if isinstance(text, os.PathLike):
        from .formats import load_text

        doc_id = doc_id or os.path.splitext(os.path.basename(os.fspath(text)))[0]
        text = load_text(text)
    elif not isinstance(text, str):
        raise TypeError("extract() takes the text (str) or a file path (os.PathLike, e.g. pathlib.Path), "
                        f"not {type(text).__name__}")
    doc_id = doc_id or "text"
    language = unread_language(text)
    if language:
        warnings.warn(f"{doc_id}: the text looks to be in {language}; kzevents reads English text only, so its "
                      "events are not extracted", UserWarning, stacklevel=2)
    rows = extract_rows(text, doc_id=doc_id, published=published, covers=covers)
    return validate_mentions(finish(rows, text, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()))


def extract_rows(text: str, *, doc_id: str = "text", published=None, covers=None) -> pd.DataFrame:
    """Every dated event mention of ``text``: one validated row per mention (codebook §1–§6).

    ``published`` (a date or ISO string) anchors year-less dates and bounds event dates.
    ``extract`` validates the frame; ``extract_rows`` leaves that to the caller (one validation
    for a whole corpus).

    >>> extract("On 4 January 2017, a court banned the Confederation of Independent Trade Unions.", published="2019-03-28")[["event_type", "subtype", "date_start", "count"]].astype(str).values.tolist()
    [['ban', 'organisation', '2017-01-04', '1']]
    """
    pub = _as_date(published)
    period = covers if isinstance(covers, tuple) else parse_covers(covers)
    main_state = _State(published=pub, covers=period)
    rows: list[dict] = []
    for sent in segment(text):
        # a footnote is read on its own, so it never breaks the paragraph it interrupts (R15)
        state = _State(published=pub, covers=period, last_span=main_state.last_span) if sent.in_footnote else main_state
        main_state.last_abs_span = state.last_abs_span or main_state.last_abs_span
        if sent.paragraph != state.paragraph and not sent.in_footnote:
            state.paragraph, state.paragraph_spans, state.paragraph_event_span = sent.paragraph, [], None
            state.last_tally = None
            state.paragraph_rel_span = None
            state.prev_rows, state.prev_types = [], []
        new, triggers = _sentence_rows(doc_id, text, sent, state)
        if triggers is None:  # looked up only if a later tally needs this sentence's topic
            types = _LazyTopic(matching_text(text[sent.start:sent.end]), state.prev_types)
        else:
            types = [t.event_type for t in triggers] or state.prev_types
        if new:
            state.last_span = new[-1]["_span"]
            days = [r["_span"] for r in new if (r["_span"].end - r["_span"].start).days <= 7]
            state.last_day_span = days[-1] if days else state.last_day_span
            state.paragraph_event_span = new[-1]["_span"]
            state.prev_rows = new
        elif not _continues(matching_text(text[sent.start:sent.end])):
            state.prev_rows = []
        state.prev_types = types
        rows.extend(new)
    return pd.DataFrame([{k: v for k, v in r.items() if not k.startswith("_")} for r in rows], columns=COLUMNS)


def _as_date(value) -> date | None:
    """A document date by the one parser of the API, the CLI and the manifest (``YYYY-MM-DD`` or a
    year, read as its last day); ``ValueError`` in one line otherwise."""
    from .corpus import parse_published

    return parse_published(value)
