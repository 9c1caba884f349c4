"""Time expressions normalised against the publication date, as ranges with a granularity (#2).

Rules of our own cover what dateparser leaves as None ("back in June", "earlier this month",
"throughout the summer"); dateparser reads explicit dates ("February 26", "21 August 2025").
Without a publication date a relative expression keeps its text and stays unanchored.

>>> from datetime import date
>>> normalise_time("back in June", date(2025, 8, 21))
TimeRange(text='back in June', start=datetime.date(2025, 6, 1), end=datetime.date(2025, 6, 30), granularity='month')
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

import dateparser

from contested.model import TimeRange

AHEAD_DAYS = 31  # a day and month without a year this close after publication lie ahead of it
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
WEEKDAYS = [d.lower() for d in calendar.day_name]  # monday first, as date.weekday() counts
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}
_MONTH_RE = "|".join(MONTHS)
_SEASON_RE = "|".join(SEASONS)

# "on January 13 and 14", "on the night of January 13 to 14", "January 30-February 2" (#7)
_DAY_RANGE = re.compile(rf"\b(?:on\s+)?(?:the\s+night\s+of\s+)?({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?"
                        rf"\s*(?:and|to|-|–|through|until|into)\s*(?:({_MONTH_RE})\s+)?(\d{{1,2}})(?:st|nd|rd|th)?"
                        rf"(?:,?\s+(\d{{4}}))?\b", re.I)
PATTERNS = [
    _DAY_RANGE,
    re.compile(rf"\b(?:(?:back|earlier|later|early|late)\s+)?in\s+(?:early\s+|late\s+|mid-?)?({_MONTH_RE})"
               rf"(?:\s+(\d{{4}}))?\b", re.I),
    re.compile(rf"\b(?:on\s+)?({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I),
    re.compile(rf"\b(?:on\s+)?(\d{{1,2}})\s+({_MONTH_RE})(?:\s+(\d{{4}}))?\b", re.I),
    _SPAN_BACK := re.compile(r"\b(?:over|in|during|within)\s+the\s+(?:past|last|previous)\s+"
                            r"(24\s+hours|day|(\d{1,2}|two|three|four|five|six|seven|ten)\s+days)\b", re.I),
    _RECENT := re.compile(r"\bin\s+recent\s+(days|weeks)\b", re.I),
    _WEEKDAY := re.compile(rf"\b(?:on\s+|last\s+)?({'|'.join(WEEKDAYS)})\b", re.I),
    re.compile(r"\b(earlier|later)?\s*(this|last|past)\s+(month|week|year)\b", re.I),
    re.compile(r"\b(this\s+morning|this\s+evening|today|tonight|yesterday|overnight|last\s+night)\b", re.I),
    re.compile(rf"\b(?:throughout|during|over|in|since|by\s+the\s+end\s+of)?\s*(?:the|this|last)?\s*({_SEASON_RE})\b",
               re.I),
]


def find_times(text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """Time expressions in a sentence: (start, end, text), offsets shifted by `offset`."""
    found: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern in PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            while start < end and text[start].isspace():
                start += 1
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            found.append((start + offset, end + offset, text[start:end]))
    return sorted(found)


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _year_for(month: int, published: date) -> int:
    """A month named without a year is the latest one not after publication."""
    return published.year if month <= published.month else published.year - 1


def normalise_time(text: str, published: date | None) -> TimeRange:
    """A time expression as a range; start/end stay None where nothing anchors it."""
    low = text.lower().strip()
    span = _day_range(text, published)
    if span is not None:
        return span
    m = re.search(rf"({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?"
                  rf"|(\d{{1,2}})\s+({_MONTH_RE})(?:\s+(\d{{4}}))?", low)
    if m:
        year = m.group(3) or m.group(6)
        if published is None and not year:
            return TimeRange(text, None, None, "day")
        settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": _base(published)} if published else {}
        parsed = dateparser.parse(m.group(0), languages=["en"], settings=settings)
        if parsed:
            day = parsed.date()
            if published is not None and not year:
                day = _ahead(day, published)
            return TimeRange(text, day, day, "day")
    m = re.search(rf"\b({_MONTH_RE})\b(?:\s+(\d{{4}}))?", low)
    if m:
        month = MONTHS[m.group(1)]
        if m.group(2):
            return TimeRange(text, *_month_range(int(m.group(2)), month), "month")
        if published is None:
            return TimeRange(text, None, None, "month")
        return TimeRange(text, *_month_range(_year_for(month, published), month), "month")
    back = _days_back(low)
    if back is not None:  # "over the past day", "in the last three days", "in recent days"
        if published is None:
            return TimeRange(text, None, None, "day" if back <= 1 else "week")
        unit = "day" if back <= 1 else ("week" if back <= 7 else "month")
        return TimeRange(text, published - timedelta(days=back), published, unit)
    m = _WEEKDAY.search(low)
    if m:  # "on Tuesday": the latest Tuesday up to the report's day ("last Tuesday" is never the day itself)
        if published is None:
            return TimeRange(text, None, None, "day")
        behind = (published.weekday() - WEEKDAYS.index(m.group(1).lower())) % 7
        if behind == 0 and low.startswith("last"):
            behind = 7
        day = published - timedelta(days=behind)
        return TimeRange(text, day, day, "day")
    m = re.search(r"(this|last|past)\s+(month|week|year)", low)
    if m:
        return _relative_period(text, m.group(1), m.group(2), "earlier" in low, published)
    m = re.search(r"this morning|this evening|today|tonight|yesterday|overnight|last night", low)
    if m:
        if published is None:
            return TimeRange(text, None, None, "day")
        day = published - timedelta(days=1) if m.group(0) in ("yesterday", "last night") else published
        return TimeRange(text, day, day, "day")
    m = re.search(rf"\b({_SEASON_RE})\b", low)
    if m:
        return _season(text, m.group(1), published)
    return TimeRange(text, None, None, None)


def _ahead(day: date, published: date) -> date:
    """"on March 9" in a report of March 6 is days ahead, not a year ago (#7)."""
    try:
        ahead = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day
    return ahead if 0 < (ahead - published).days <= AHEAD_DAYS else day


def _day_range(text: str, published: date | None) -> TimeRange | None:
    """Two days of one expression as one range: "January 13 and 14" -> 13 to 14 January."""
    m = _DAY_RANGE.search(text)
    if m is None:
        return None
    first_month = MONTHS[m.group(1).lower()]
    last_month = MONTHS[m.group(3).lower()] if m.group(3) else first_month
    if m.group(5):
        year = int(m.group(5))
    elif published is not None:
        year = _year_for(last_month, published)
    else:
        return TimeRange(text, None, None, "day")
    try:
        start = date(year - (1 if first_month > last_month else 0), first_month, int(m.group(2)))
        end = date(year, last_month, int(m.group(4)))
    except ValueError:
        return None
    return TimeRange(text, start, end, "day") if start <= end else None


def _base(published: date):
    from datetime import datetime

    return datetime(published.year, published.month, published.day, 12)


def _days_back(low: str) -> int | None:
    """How many days before the report a span ends at it: "the past 24 hours" 1, "the last three days" 3,
    "recent days" 7, "recent weeks" 30; None for any other expression."""
    m = _SPAN_BACK.search(low)
    if m:
        count = m.group(2)
        if count is None:
            return 1
        return int(count) if count.isdigit() else NUMBER_WORDS[count]
    m = _RECENT.search(low)
    if m:
        return 7 if m.group(1) == "days" else 30
    return None


def _relative_period(text: str, which: str, unit: str, earlier: bool, published: date | None) -> TimeRange:
    if published is None:
        return TimeRange(text, None, None, unit)
    if unit == "month":
        if which == "this":
            start = published.replace(day=1)
            end = published if earlier else _month_range(published.year, published.month)[1]
            return TimeRange(text, start, end, "month")
        prev = published.replace(day=1) - timedelta(days=1)
        return TimeRange(text, *_month_range(prev.year, prev.month), "month")
    if unit == "week":
        monday = published - timedelta(days=published.weekday())
        if which == "this":
            return TimeRange(text, monday, published, "week")
        return TimeRange(text, monday - timedelta(days=7), monday - timedelta(days=1), "week")
    year = published.year if which == "this" else published.year - 1
    return TimeRange(text, date(year, 1, 1), published if which == "this" else date(year, 12, 31), "year")


def _season(text: str, season: str, published: date | None) -> TimeRange:
    if published is None:
        return TimeRange(text, None, None, "season")
    first, last = SEASONS[season]
    year = published.year
    if first <= last:
        if first > published.month or "last" in text.lower():
            year -= 1
        start, end = date(year, first, 1), _month_range(year, last)[1]
    else:  # winter spans the new year
        if published.month >= 12 and "last" not in text.lower():
            start, end = date(year, 12, 1), _month_range(year + 1, 2)[1]
        else:
            start, end = date(year - 1, 12, 1), _month_range(year, 2)[1]
    return TimeRange(text, start, min(end, published) if start <= published else end, "season")
