"""The masthead: symbols, distribution date, original language, GA session,
SC year, agenda items and their titles.

Layout (DESIGN.md §1): "Distr.: General" + date, "Original: <language>",
"General Assembly" + "<Ordinal> session", "Agenda item(s) …", the agenda item
titles in the order of the numbers, "Security Council" + "<Ordinal> year".
Either organ may be absent, and conversion may have merged the lines or moved
the Security Council block after the titles, so fields are read with patterns
over the header text rather than by line position.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from letters.parsing import dates, language_names, symbols, text, versions
from letters.parsing.model import AgendaItemRef

_ORD = dates.ORDINAL_PATTERN
# "Distr.: General", and the French and Spanish versions' "Distr. générale", "Distr. general".
_DISTR_RE = re.compile(
    r"\bDistr\.?\s*:?\s*(?:General|Générale|Limited|Limitée|Limitada|Restricted|Restreinte"
    r"|Reservada)(?!\w)",
    re.IGNORECASE,
)
_LANGUAGE = r"[A-Z][a-z]+(?:\s*(?:/|,|\band\b)\s*[A-Z][a-z]+)*"
_ORIGINAL_RE = re.compile(rf"\b(?i:Original)\s*:\s*(?P<lang>{_LANGUAGE}|[A-Z]+\b)")
_SESSION_RE = re.compile(
    rf"\bGeneral\s+Assembly\s+(?P<ord>{_ORD})\s+(?P<special>(?:emergency\s+)?special\s+)?session\b",
    re.IGNORECASE,
)
_SESSION_LINE_RE = re.compile(
    rf"^(?P<ord>{_ORD})\s+(?P<special>(?:emergency\s+)?special\s+)?session\b",
    re.IGNORECASE | re.MULTILINE,
)
_YEAR_RE = re.compile(rf"\bSecurity\s+Council\s+(?P<ord>{_ORD})\s+year\b", re.IGNORECASE)
_YEAR_LINE_RE = re.compile(rf"^(?P<ord>{_ORD})\s+year\b", re.IGNORECASE | re.MULTILINE)

# "17 and 27", "34, 35, 40, 71, 72, 86 and 135", "73 (a) and (b)", "3 (a) and 7".
_ITEM = r"\d{1,3}(?:\s?\([a-z]{1,2}\)(?:\s*(?:,|and)\s*\([a-z]{1,2}\))*)?\*?"
_ITEM_LIST = rf"{_ITEM}(?:\s*(?:,\s*and|,|and|&)\s*{_ITEM})*"
_AGENDA_RE = re.compile(
    rf"\b(?:(?:Provisional|Preliminary)\s+)?agenda\s+items?\s+(?P<list>{_ITEM_LIST})"
    rf"|\bItems?\s+(?P<list2>{_ITEM_LIST})\s+of\s+the\s+(?:provisional|preliminary)\s+"
    r"(?:agenda|list)\b\*?",
    re.IGNORECASE,
)
_NUMBER_RE = re.compile(r"(?<![\w(])\d{1,3}(?![\w)])")

# Header lines that are not agenda item titles.
_NOT_TITLE_RE = re.compile(
    rf"^(?:United\s+Nations$|General\s+Assembly$|Security\s+Council$|{_ORD}\s+(?:session|year)$"
    r"|Distr\.|Original\s*:|\*|\[|Reissued\b)",
    re.IGNORECASE,
)
_ORGAN_RE = re.compile(r"(?:General\s+Assembly|Security\s+Council)", re.IGNORECASE)
# A bare organ name is a masthead heading, except after "the": agenda titles such as
# "Report of the Security Council" or "Revitalization of the work of the General
# Assembly" name the organ in running words.
_ORGAN_BLOCK_RE = re.compile(
    rf"\b(?:General\s+Assembly\s+{_ORD}\s+(?:(?:emergency\s+)?special\s+)?session"
    rf"|Security\s+Council\s+{_ORD}\s+year"
    r"|(?<!\bthe\s)General\s+Assembly|(?<!\bthe\s)Security\s+Council)\b",
    re.IGNORECASE,
)


# Documents of the Human Rights Council (and of the other Councils) carry the
# Council's own session and agenda under its name: they are not the Assembly's.
_OTHER_BODY_SESSION_RE = re.compile(
    rf"^[ \t]*(?P<body>Human\s+Rights\s+Council|Economic\s+and\s+Social\s+Council"
    rf"|Trusteeship\s+Council)[ \t]*\n(?:[ \t]*\n)*[ \t]*(?P<ord>{_ORD})\s+session\b",
    re.IGNORECASE | re.MULTILINE,
)


@dataclasses.dataclass(frozen=True)
class HeaderInfo:
    symbols: tuple[str, ...] = ()
    distribution_date: datetime.date | None = None
    original_language: str | None = None
    ga_session: int | None = None
    sc_year: int | None = None
    agenda_items: tuple[AgendaItemRef, ...] = ()
    warnings: tuple[str, ...] = ()


def _flat(header: str) -> str:
    return re.sub(r"[ \t]*\n[ \t]*", " ", header)


def distribution_date(header: str) -> datetime.date | None:
    flat = _flat(header)
    match = _DISTR_RE.search(flat)
    if not match:
        return None
    # The date follows "Distr.: General" on the same or the next line, sometimes
    # after the symbol; look a short way ahead only.
    found = dates.find_date(flat, match.end(), match.end() + 120)
    return dates.date_from_match(found) if found else None


def known_language(printed: str) -> str | None:
    """``printed`` ("English", "ENGLISH", "English and French") when it names languages,
    in title case; None for anything else (a cut word: "Orig")."""
    language = printed.strip()
    language = language.capitalize() if language.isupper() else language
    parts = re.split(r"\s*(?:/|,|\band\b)\s*", language)
    return language if all(language_names.is_language_name(p) for p in parts) else None


def original_language(header: str) -> str | None:
    """The language the masthead's "Original:" line names, in English; a French or
    Spanish masthead's ("Original : anglais") too. A word that names no language (a line
    cut short: "Original: Orig") gives None."""
    match = _ORIGINAL_RE.search(_flat(header))
    if not match:
        return versions.original_language(header)
    return known_language(match.group("lang")) or versions.original_language(header)


def _ordinal(
    header: str, anchored: re.Pattern[str], line: re.Pattern[str]
) -> tuple[int | None, bool]:
    for pattern, source in ((anchored, _flat(header)), (line, header)):
        for match in pattern.finditer(source):
            value = dates.ordinal_to_int(match.group("ord"))
            if value is not None:
                special = bool(match.groupdict().get("special"))
                return value, special
    return None, False


def ga_session(header: str) -> tuple[int | None, bool]:
    """The GA session number, and whether it is a (emergency) special session; a
    French, Spanish or Russian version's masthead is read too (parsing/versions.py)."""
    found = _ordinal(header, _SESSION_RE, _SESSION_LINE_RE)
    return found if found[0] is not None else (versions.session(header), False)


# A masthead printed in two columns and read across puts the Council's year after the
# Assembly's session on one line ("Seventy-fifth session Seventy-sixth year").
_YEAR_ANYWHERE_RE = re.compile(
    r"(?<![\w-])(?P<ord>[A-Za-z]+-[A-Za-z]+|[A-Za-z]+(?:st|nd|rd|th)|\d{1,3}(?:st|nd|rd|th))"
    r"\s+year\b",
    re.IGNORECASE,
)


def sc_year(header: str) -> int | None:
    found = _ordinal(header, _YEAR_RE, _YEAR_LINE_RE)[0]
    if found is None:
        found = _ordinal(header, _YEAR_ANYWHERE_RE, _YEAR_ANYWHERE_RE)[0]
    return found if found is not None else versions.council_year(header)


def agenda_numbers(header: str) -> tuple[list[int], int | None]:
    """The agenda item numbers, and the offset in ``header`` where the list ends."""
    match = _AGENDA_RE.search(header)
    if not match:
        return [], None
    listed = match.group("list") or match.group("list2")
    numbers: list[int] = []
    for number in _NUMBER_RE.findall(listed):
        if int(number) not in numbers:
            numbers.append(int(number))
    return numbers, match.end()


def _title_candidates(region: str) -> tuple[list[str], ...]:
    """Agenda item titles, read two ways: one per paragraph, and one per line (a line
    continues the previous title when it starts in lowercase or the previous one ends
    with a connector such as "and", "of", ","). A title wrapped before a capital ("…
    imposed by the United" / "States of America against Cuba") is not guessed at: a line
    as wide as the column may end a title as well as run on, and a wrong title is worse
    than none (the count then differs, and a warning says so)."""
    region = _ORGAN_BLOCK_RE.sub("\n", region)
    by_paragraph: list[str] = []
    paragraphs: list[list[str]] = []
    for para in text.split_paragraphs(region):
        lines: list[str] = []
        for line in (ln.strip() for ln in para if ln.strip()):
            if not any(c.isalnum() for c in line):
                continue  # a stray mark: what OCR makes of bold markers ("“", "**")
            # "…membership of the" / "Security Council": the organ ends a title here.
            continues = bool(lines) and text.ends_with_connector(lines[-1])
            if _NOT_TITLE_RE.match(line) and not (continues and _ORGAN_RE.fullmatch(line)):
                continue
            lines.append(line)
        if lines:
            by_paragraph.append(_tidy_title(text.join_lines(lines)))
            paragraphs.append(lines)
    by_line = _join_runs(paragraphs, text.ends_with_connector)
    return by_paragraph, by_line


def _join_runs(paragraphs: list[list[str]], runs_on) -> list[str]:
    """Titles from lines: a line starting in lowercase, or after a line ``runs_on``
    says continues, belongs to the title above it."""
    titles: list[str] = []
    for lines in paragraphs:
        current: list[str] = []
        for line in lines:
            if current and (line[0].islower() or runs_on(current[-1])):
                current.append(line)
            else:
                if current:
                    titles.append(_tidy_title(text.join_lines(current)))
                current = [line]
        if current:
            titles.append(_tidy_title(text.join_lines(current)))
    return titles


def _tidy_title(title: str) -> str:
    """A title without its footnote asterisk, and without a quotation mark that opens or
    closes nothing (OCR reads a bold marker "**" as "“" or "*“")."""
    for _ in range(3):
        before = title
        title = title.strip().strip("*").strip()
        if title[:1] in '“"' and not any(c in title[1:] for c in '”"'):
            title = title[1:]
        if title[-1:] in '”"' and not any(c in title[:-1] for c in '“"'):
            title = title[:-1]
        if title == before:
            break
    return title.strip()


def agenda_items(header: str) -> tuple[tuple[AgendaItemRef, ...], list[str]]:
    numbers, end = agenda_numbers(header)
    if not numbers or end is None:
        # A version's numbers; its titles are words, left to the English or to review.
        numbers, end = versions.agenda_numbers(header)
        if numbers:
            note = "agenda item titles not read: the masthead is not in English"
            return tuple(AgendaItemRef(n, None) for n in numbers), [note]
        return (), []
    candidates = _title_candidates(header[end:])
    by_paragraph = candidates[0]
    for titles in candidates:
        if len(titles) == len(numbers):
            refs = tuple(AgendaItemRef(n, t) for n, t in zip(numbers, titles, strict=True))
            return refs, []
    refs = tuple(AgendaItemRef(n, None) for n in numbers)
    if not by_paragraph:
        return refs, ["agenda item titles not found"]
    count = len(by_paragraph)
    return refs, [f"agenda item count ({len(numbers)}) differs from title count ({count})"]


def own_symbols(header: str) -> list[str]:
    """The document's own symbols, printed in the masthead before the agenda.

    Only the part before the agenda items is read: a symbol further down (a
    footnote to the agenda, "* A/75/150") is not the document's own.
    """
    agenda = _AGENDA_RE.search(header) or versions.AGENDA_RE.search(header)
    top = header[: agenda.start()] if agenda else header
    found: list[str] = []
    for line in top.split("\n"):
        if line.lstrip().startswith("*"):
            continue
        for _, _, key in symbols.find_symbols(line):
            for part in symbols.split_symbol(key):
                if part not in found:
                    found.append(part)
    return found


def parse_header(header: str) -> HeaderInfo:
    warnings: list[str] = []
    distributed = distribution_date(header)
    if distributed is None:
        warnings.append("no distribution date found")
    language = original_language(header)
    if language is None:
        warnings.append("no original language found")
    other_body = _OTHER_BODY_SESSION_RE.search(header)
    if other_body:
        body = " ".join(other_body.group("body").split())
        header = header[: other_body.start()] + header[other_body.end() :]
        warnings.append(f"the session and agenda in the masthead are the {body}'s; not read")
    session, special = ga_session(header)
    if special:
        warnings.append(f"session {session} is a special session; its number is kept as printed")
    year = sc_year(header)
    if session is None and year is None:
        warnings.append("no General Assembly session or Security Council year found")
    items, item_warnings = agenda_items(header) if not other_body else ((), [])
    warnings.extend(item_warnings)
    return HeaderInfo(
        symbols=tuple(own_symbols(header)),
        distribution_date=distributed,
        original_language=language,
        ga_session=session,
        sc_year=year,
        agenda_items=items,
        warnings=tuple(warnings),
    )
