"""How letters are cited and exported, one record per letter: the UN style citation,
RIS and BibTeX records, and the read that gathers what they need.

The record (``ExportRecord``) is read in one query for any number of letters
(``export_records``), so a page of search results exports in the same single
statement as one letter does.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterable, Iterator, Sequence

import bibtexparser
import rispy
from bibtexparser import middlewares, model
from django.db.models import QuerySet
from django.urls import reverse
from pylatexenc.latexencode import UnicodeToLatexEncoder

from letters.models import Letter
from letters.numbering import ordinal, sc_calendar_year
from letters.search.facets import charter_label

# Joint symbols are printed with an en dash: A/75/861–S/2021/392 (DESIGN.md §1).
SYMBOL_JOINER = "–"
PUBLISHER = "United Nations"
PLACE = "New York"


@dataclasses.dataclass(frozen=True)
class AgendaEntry:
    """An agenda item of a letter, as exported; ``str()``: "Item 35, 75th session: <title>"."""

    session: int
    number: int
    title: str  # empty when the letter gave the number without a title
    topic_slug: str = ""

    def __str__(self) -> str:
        text = f"Item {self.number}, {ordinal(self.session)} session"
        return f"{text}: {self.title}" if self.title else text


@dataclasses.dataclass(frozen=True)
class CitedEntry:
    """A document a letter cites: its key, label and kind."""

    key: str
    label: str
    kind: str


@dataclasses.dataclass(frozen=True)
class ReferenceEntry:
    """A letter or document a letter replies to, refers to or transmits: as printed, and
    the published letter it names (its id and permanent URL), if any."""

    relation: str
    symbols: tuple[str, ...]
    date: datetime.date | None
    sender_states: tuple[str, ...]
    text: str
    letter: int | None = None
    url: str = ""

    @property
    def symbol(self) -> str:
        return SYMBOL_JOINER.join(self.symbols)

    def __str__(self) -> str:
        """ "Replies to A/75/861–S/2021/392 (22 April 2021, Armenia)", or with the words
        printed when they name no symbol and no letter of the archive."""
        relation = self.relation.replace("_", " ").capitalize()
        what = self.symbol or self.url
        if not what:
            return f"{relation} “{_one_line(self.text)[:200]}”"
        details = [_long_date(self.date)] if self.date else []
        details += self.sender_states
        return f"{relation} {what}" + (f" ({', '.join(details)})" if details else "")


@dataclasses.dataclass(frozen=True)
class ExportRecord:
    """Everything an exported record of one letter carries."""

    pk: int
    kind: str
    title: str
    symbols: tuple[str, ...]
    letter_date: datetime.date | None
    distribution_date: datetime.date | None
    original_language: str
    session: int | None
    sc_year: int | None
    agenda_items: tuple[AgendaEntry, ...]
    senders: tuple[str, ...]
    sender_title: str
    addressees: tuple[str, ...]
    signatories: tuple[str, ...]
    cited: tuple[CitedEntry, ...]
    published_at: datetime.datetime | None
    updated: datetime.datetime
    url: str
    references: tuple[ReferenceEntry, ...] = ()
    charter_articles: tuple[str, ...] = ()
    states_mentioned: tuple[str, ...] = ()

    @property
    def symbol(self) -> str:
        """The letter's symbols joined by an en dash (a joint symbol); "" if none."""
        return SYMBOL_JOINER.join(self.symbols)

    @property
    def sc_calendar_year(self) -> int | None:
        """The calendar year of the Security Council year, or None."""
        return sc_calendar_year(self.sc_year) if self.sc_year else None

    @property
    def citation(self) -> str:
        """The UN style citation of the letter (``citation_text``)."""
        return citation_text(
            title=self.title,
            symbols=self.symbols,
            distribution_date=self.distribution_date,
            url=self.url,
        )


def permanent_url(base_url: str, pk: int) -> str:
    """The letter page's absolute address; ``base_url`` is scheme and host (no slash)."""
    return base_url.rstrip("/") + reverse("letters:detail", args=[pk])


def citation_text(
    *,
    title: str,
    symbols: Sequence[str],
    distribution_date: datetime.date | None,
    url: str,
) -> str:
    """The UN style citation of a letter: its title, its symbol(s) in parentheses, the
    distribution date, and where it is available.

    Follows the pattern the United Nations' libraries use for documents ("Title
    (symbol), date. Available from …"); parts the letter lacks are left out.
    """
    text = " ".join(title.split()).rstrip(" .")
    if symbols:
        text += f" ({SYMBOL_JOINER.join(symbols)})"
    if distribution_date:
        text += f", {_long_date(distribution_date)}"
    return f"{text}. Available from {url}"


def _long_date(date: datetime.date) -> str:
    return f"{date.day} {date:%B} {date.year}"


def export_records(letters: QuerySet[Letter], *, base_url: str) -> Iterator[ExportRecord]:
    """The export records of ``letters`` in the queryset's order: one query, streamed.

    The callers decide which letters may be exported (``Letter.objects.public()``).
    """
    parts = ("symbol", "sender", "signatory", "agenda", "cited", "reference", "mentioned")
    rows = letters.with_parts(*parts).values_list(
        "pk",
        "kind",
        "title",
        "letter_date",
        "distribution_date",
        "original_language",
        "session_id",
        "sc_year",
        "sender_title",
        "addressees",
        "published_at",
        "updated",
        "symbol_list",
        "sender_list",
        "signatory_list",
        "agenda_list",
        "cited_list",
        "reference_list",
        "charter_articles",
        "mentioned_list",
    )
    for (
        pk,
        kind,
        title,
        letter_date,
        distribution_date,
        original_language,
        session,
        sc_year,
        sender_title,
        addressees,
        published_at,
        updated,
        symbols,
        senders,
        signatories,
        agenda,
        cited,
        references,
        charter_articles,
        mentioned,
    ) in rows.iterator(chunk_size=500):
        yield ExportRecord(
            pk=pk,
            kind=kind,
            title=title,
            symbols=tuple(symbols),
            letter_date=letter_date,
            distribution_date=distribution_date,
            original_language=original_language,
            session=session,
            sc_year=sc_year,
            agenda_items=tuple(
                AgendaEntry(a["session"], a["number"], a["title"] or "", a["slug"] or "")
                for a in agenda
            ),
            senders=tuple(s["name"] for s in senders),
            sender_title=sender_title,
            addressees=tuple(addressees),
            signatories=tuple(s["name"] for s in signatories),
            cited=tuple(CitedEntry(c["key"], c["label"], c["kind"]) for c in cited),
            published_at=published_at,
            updated=updated,
            url=permanent_url(base_url, pk),
            references=tuple(_reference(r, base_url) for r in references),
            charter_articles=tuple(charter_articles),
            states_mentioned=tuple(mentioned),
        )


def _reference(row: dict, base_url: str) -> ReferenceEntry:
    """A reference read by ``with_parts`` (its date as ISO text)."""
    return ReferenceEntry(
        relation=row["relation"],
        symbols=tuple(row["symbols"]),
        date=datetime.date.fromisoformat(row["date"]) if row["date"] else None,
        sender_states=tuple(row["sender_states"]),
        text=row["text"],
        letter=row["letter"],
        url=permanent_url(base_url, row["letter"]) if row["letter"] else "",
    )


def public_export_record(pk: int, *, base_url: str) -> ExportRecord | None:
    """The export record of a letter the public site shows, or None."""
    return next(export_records(Letter.objects.public().filter(pk=pk), base_url=base_url), None)


def _notes(record: ExportRecord) -> list[str]:
    """The facts a reference manager has no field for, one line each."""
    notes = []
    if record.symbols:
        notes.append(f"Symbol: {record.symbol}")
    if record.distribution_date:
        notes.append(f"Distributed: {record.distribution_date.isoformat()}")
    if record.session:
        notes.append(f"General Assembly, {ordinal(record.session)} session")
    notes.extend(f"Agenda item: {item}" for item in record.agenda_items)
    if record.sc_year:
        notes.append(
            f"Security Council, {ordinal(record.sc_year)} year ({record.sc_calendar_year})"
        )
    if record.senders:
        notes.append(f"From: {_sender(record)}")
    notes.extend(f"Cites: {cited.label} ({cited.key})" for cited in record.cited)
    notes.extend(
        f"Link: {str(reference)[0].upper()}{str(reference)[1:]}" for reference in record.references
    )
    notes.extend(f"Invokes: {charter_label(key)} of the Charter" for key in record.charter_articles)
    if record.states_mentioned:
        notes.append(f"Mentions: {', '.join(record.states_mentioned)}")
    return notes


def _sender(record: ExportRecord) -> str:
    states = " and ".join(record.senders)
    return f"{record.sender_title} of {states}" if record.sender_title else states


def _one_line(text: str) -> str:
    # RIS has no escaping: a line break inside a value would start a new tag.
    return " ".join(text.split())


class _RisWriter(rispy.RisWriter):
    # rispy numbers each record ("1."), which is not part of RIS and which some
    # importers read as a stray line.
    def set_header(self, count: int) -> str:
        """No header line before a record."""
        return ""


def ris(records: Iterable[ExportRecord]) -> str:
    """RIS records (type GOVDOC), one per letter.

    AU: signatories; A2: sender States; DA/PY: the letter's date; PB/CY: United Nations,
    New York; AN: symbol; LA: original language; KW: agenda topics; N1: symbol,
    distribution date, session, agenda items, Security Council year, sender, cited
    documents; UR: the permanent URL.
    """
    references = []
    for record in records:
        reference: dict = {"type_of_reference": "GOVDOC", "title": _one_line(record.title)}
        if record.signatories:
            reference["authors"] = [_one_line(name) for name in record.signatories]
        if record.senders:
            reference["secondary_authors"] = [_one_line(state) for state in record.senders]
        if record.letter_date:
            reference["date"] = record.letter_date.strftime("%Y/%m/%d")
            reference["year"] = str(record.letter_date.year)
        reference["publisher"] = PUBLISHER
        reference["place_published"] = PLACE
        if record.symbols:
            reference["accession_number"] = record.symbol
        if record.original_language:
            reference["language"] = _one_line(record.original_language)
        topics = [item.title for item in record.agenda_items if item.title]
        if topics:
            reference["keywords"] = [_one_line(t) for t in dict.fromkeys(topics)]
        reference["notes"] = [_one_line(note) for note in _notes(record)]
        reference["urls"] = [record.url]
        references.append(reference)
    # One URL per UR line: rispy's default joins several with ";" on one line.
    return _RisWriter(delimiter_tags_mapping={}).formats(references)


def bibtex_key(record: ExportRecord) -> str:
    """A citation key made of the symbol (``A_75_861_S_2021_392``) or the letter's id."""
    key = re.sub(r"[^A-Za-z0-9]+", "_", record.symbol).strip("_")
    return key or f"un_letter_{record.pk}"


class _LatexEncoder(UnicodeToLatexEncoder):
    """pylatexenc's encoder (its default rules) that returns printable ASCII holding none
    of the characters those rules rewrite as it is, without reading it character by
    character: most of a letter's text, and most of a BibTeX export's time otherwise."""

    def unicode_to_latex(self, s: str) -> str:
        if s.isascii() and s.isprintable() and not _REWRITTEN.search(s):
            return s
        return super().unicode_to_latex(s)


_LATEX = _LatexEncoder(conversion_rules=["defaults"])
# The printable ASCII characters the default rules rewrite (& % $ # _ { } ~ ^ \ < > "),
# read from the rules themselves.
_REWRITTEN = re.compile(
    "["
    + re.escape(
        "".join(
            c
            for c in map(chr, range(0x20, 0x7F))
            if UnicodeToLatexEncoder.unicode_to_latex(_LATEX, c) != c
        )
    )
    + "]"
)


def bibtex(records: Iterable[ExportRecord]) -> str:
    """BibTeX ``@misc`` entries (biblatex reads the same fields), one per letter.

    Every text is LaTeX-encoded (``&`` → ``\\&``, ``é`` → ``\\'e``, braces escaped) so
    that no letter's text can break the record; the URL is written verbatim, as the
    ``url`` field is read.
    """
    records = list(records)
    entries = []
    for record in records:
        fields = [
            ("title", record.title),
            ("author", " and ".join(record.signatories)),
            ("organization", " and ".join(record.senders)),
            ("institution", PUBLISHER),
            ("number", record.symbol),
            ("date", record.letter_date.isoformat() if record.letter_date else ""),
            ("year", str(record.letter_date.year) if record.letter_date else ""),
            ("month", str(record.letter_date.month) if record.letter_date else ""),
            ("language", record.original_language),
            ("keywords", ", ".join(dict.fromkeys(i.title for i in record.agenda_items if i.title))),
            ("note", "; ".join(_notes(record))),
        ]
        entry = model.Entry(
            "misc",
            bibtex_key(record),
            [model.Field(name, _one_line(value)) for name, value in fields if value],
        )
        entries.append(entry)
    library = middlewares.LatexEncodingMiddleware(encoder=_LATEX).transform(
        bibtexparser.Library(entries)
    )
    for entry, record in zip(library.entries, records, strict=True):
        # Double braces keep the title's capitals (BibTeX styles lower-case titles).
        title = entry.fields_dict["title"]
        entry.set_field(model.Field("title", "{" + title.value + "}"))
        entry.set_field(model.Field("url", record.url))
    return bibtexparser.write_string(library)
