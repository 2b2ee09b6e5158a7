"""The heading of a letter that has no UN title line, or whose title leaves a
field out: a letter as a mission sent it (letterhead, place and date, inside
address, salutation) and copies that lost the UN masthead (a website copy
headed with its symbols and a date, older layouts with the date in square
brackets under the "Original:" line).

Reads three things from the heading's lines: the sender (a letterhead such as
"Permanent Mission of the Republic of Kazakhstan to the United Nations"), the
addressees (an inside address naming the Secretary-General or an organ's
President, DESIGN.md §1) and the letter's date (a date line). Each reader
returns None or () when its field is not there; the parser says so in a warning.
"""

from __future__ import annotations

import datetime
import re

from letters.parsing import dates, title
from letters.parsing.model import Sender

_MAX_LINE = 200
# A heading line longer than this is several lines run together.
_RUN_ON = 120
# "New York, 12 March 2023" inside a run-on heading: a place, a comma, a date.
_PLACE_COMMA_RE = re.compile(r"(?<![\w,])[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s+(?=\d|[A-Z][a-z]+\s\d)")
# A letterhead line names who writes, then "of <State or organization>".
_LETTERHEAD_RE = re.compile(
    r"^(?:the\s+)?(?:Permanent\s+(?:Mission|Representative|Observer(?:\s+Mission)?)"
    r"|(?:Permanent\s+)?Observer\s+Mission|Mission|Embassy|Delegation"
    r"|Ministry\s+of\s+(?:Foreign|External)\s+Affairs|Office\s+of\s+the\s+Permanent\s+Observer)"
    r"\s+of\s+",
    re.IGNORECASE,
)
# "To the Secretary-General", "Addressed to:", a name before the addressee's title.
_ADDRESS_PREFIX_RE = re.compile(r"^(?:To|Addressed\s+to|Attention)\s*:?\s+", re.IGNORECASE)
# "[12 March 1990]", "New York, 12 March 2023", "Date: 12 March 2023", "12 March 2023".
_DATE_LINE_RE = re.compile(
    r"^(?:(?:Date|Dated)\s*:?\s*|(?P<place>[A-Z][\w'’.\- ]{0,40}?),\s+)?(?P<date>.{6,34}?)\s*\.?$"
)
_BRACKETED_RE = re.compile(r"^[\[(/]\s*(?P<date>[^\[\]()/\n]{6,34}?)\s*[\])/]\.?$")


def sender(paragraphs: list[list[str]]) -> Sender | None:
    """The sender a letterhead names, or None. A letterhead's lines are joined
    ("PERMANENT MISSION OF …" / "TO THE UNITED NATIONS"); capitals are kept for
    the State look-up, which ignores case, and the title is given in title case."""
    for para in paragraphs:
        joined = " ".join(para)[: _MAX_LINE * 2]
        if not _LETTERHEAD_RE.match(joined):
            continue
        found = title.read_sender(joined).sender
        if found.states or found.organization:
            role = found.title
            if role and role.isupper():
                role = role.title()
            return Sender(found.states, role, found.organization)
    return None


def addressees(paragraphs: list[list[str]]) -> tuple[str, ...]:
    """The addressees an inside address or a "To …" heading names, canonical."""
    found: list[str] = []
    for line in (ln for para in paragraphs for ln in para):
        if len(line) > _RUN_ON:
            # A heading run onto one line (a Word dump): the office it names.
            match = title.ADDRESSEE_RE.search(line)
            if match is not None:
                name = title.canonical_addressee(match.group())
                found += [name] if name not in found else []
            continue
        line = _ADDRESS_PREFIX_RE.sub("", line)
        match = title.ADDRESSEE_RE.match(line)
        if match is None and "," in line:
            # "H.E. Mr. António Guterres, Secretary-General of the United Nations"
            line = line.split(",", 1)[1].strip()
            match = title.ADDRESSEE_RE.match(line)
        if match is None:
            continue
        # The addressee ends the line, or a place follows it ("…, New York");
        # "Secretary-General's report" is a title, not an address.
        after = line[match.end() :].strip(" ,.")
        if after and (len(after) > 40 or not after[0].isupper() or line[match.end()] not in " ,"):
            continue
        name = title.canonical_addressee(match.group())
        if name not in found:
            found.append(name)
    return tuple(found)


def date_line(line: str) -> tuple[datetime.date, bool] | None:
    """The date a line consists of ("[12 March 1990]", "New York, 12 March 2023",
    "Date: 12 March 2023"), and whether it was in brackets; None otherwise."""
    line = line.strip()
    if len(line) > 80:
        return None
    bracketed = _BRACKETED_RE.match(line)
    if bracketed:
        value = dates.parse_date(bracketed.group("date"))
        return (value, True) if value else None
    match = _DATE_LINE_RE.match(line)
    if not match:
        return None
    value = dates.parse_date(match.group("date"))
    return (value, False) if value else None


def letter_date(
    paragraphs: list[list[str]], *, not_this: datetime.date | None = None
) -> datetime.date | None:
    """The letter's date from the heading's date lines: a bracketed date first
    (older layouts print the letter's date so), then a plain or place-and-date
    line that is not the distribution date ``not_this``."""
    plain: datetime.date | None = None
    for line in (ln for para in paragraphs for ln in para):
        if len(line) > _RUN_ON and plain is None:
            plain = _place_and_date_inside(line)
            continue
        found = date_line(line)
        if found is None:
            continue
        value, bracketed = found
        if bracketed:
            return value
        if plain is None and value != not_this:
            plain = value
    return plain


def _place_and_date_inside(line: str) -> datetime.date | None:
    """The first "Place, <date>" in a run-on heading line, or None."""
    for place in _PLACE_COMMA_RE.finditer(line):
        found = dates.find_date(line, place.end(), place.end() + 40)
        if found and found.start() == place.end():
            return dates.date_from_match(found)
    return None
