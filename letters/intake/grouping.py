"""A bulk batch's texts grouped into letters: new letters, each with the texts of itself
in other languages the batch holds, and texts joining letters already stored.

The bulk loader (``letters.intake.bulk``) stores a batch as if its texts had come one
after another through the per-letter ingest: each text, in the batch's order, is a new
letter, or joins the letter carrying its symbols (stored, or new earlier in the batch) as
a version or as its main text (``letters.intake.versions``), or is refused. The grouping
only decides; the loader writes the rows. A few queries a batch, whatever its size.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from django.db import connection

from letters.intake import rows
from letters.intake.reading import ReadLetter
from letters.intake.stored import stored_letters
from letters.intake.versions import Joining, joining, with_main_text
from letters.models import Letter, LetterSymbol, LetterVersion
from letters.parsing import ParsedLetter


@dataclasses.dataclass(eq=False)
class Grouped:
    """One letter a batch stores or adds to, and the texts it brings."""

    symbols: tuple[str, ...]  # the letter's own: its first text's
    language: str  # its main text's language
    languages: set[str]  # every language of its texts
    stored: Letter | None = None  # the stored letter; None: a letter new in this batch
    main: ReadLetter | None = None  # the main text this batch stores (new letter or new main)
    former: ParsedLetter | None = None  # the main text that became a version, as stored
    former_text: ReadLetter | None = None  # its text, when this batch stores it too
    versions: list[ReadLetter] = dataclasses.field(default_factory=list)
    parsed: ParsedLetter | None = None  # what the letter's fields are written from, if at all

    @classmethod
    def new(cls, item: ReadLetter) -> Grouped:
        language = item.parsed.language or ""
        return cls(
            symbols=tuple(rows.symbols(item.parsed)),
            language=language,
            languages={language},
            main=item,
            parsed=item.parsed,
        )

    def join(self, item: ReadLetter, how: Joining) -> None:
        language = item.parsed.language or ""
        self.languages.add(language)
        if how is Joining.VERSION:
            self.versions.append(item)
            return
        if self.stored is None:
            # The letter is new in this batch: its first text becomes a version.
            self.former = rows.stored_form(self.main.parsed, fallback_title=self.main.filename)
            self.former_text = self.main
        self.main, self.language = item, language

    @property
    def texts(self) -> list[ReadLetter]:
        """The texts this batch stores for the letter: each gets a source file."""
        own = [self.main] if self.main else []
        former = [self.former_text] if self.former_text else []
        return [*own, *former, *self.versions]


def group(items: Iterable[ReadLetter], failed: list[str]) -> list[Grouped]:
    """The letters ``items`` (in arrival order, none stored yet) make or join, in the
    order first touched; a text that can be neither is refused with a line in ``failed``."""
    items = list(items)
    owners = _stored_owners({s for item in items for s in item.parsed.symbols})
    touched: dict[int, Grouped] = {}
    for item in items:
        symbols = rows.symbols(item.parsed)
        owner = next((owners[s] for s in symbols if s in owners), None)
        if owner is None:
            owner = Grouped.new(item)
            owners.update(dict.fromkeys(symbols, owner))
        else:
            how = joining(
                item.parsed,
                symbols=owner.symbols,
                main_language=owner.language,
                languages=owner.languages,
            )
            if how is None:
                clash = sorted(set(symbols) & owners.keys())[0]
                failed.append(f"{item.filename}: symbol {clash} already stored")
                continue
            owner.join(item, how)
        touched.setdefault(id(owner), owner)
    letters = list(touched.values())
    _read_former_main_texts([g for g in letters if g.stored is not None and g.main])
    for letter in letters:
        if letter.former is not None:
            corrected = letter.stored.corrected_fields if letter.stored else ()
            letter.parsed = with_main_text(letter.main.parsed, letter.former, corrected=corrected)
    return letters


def _stored_owners(symbols: set[str]) -> dict[str, Grouped]:
    """Symbol -> the stored letter carrying it, for those of ``symbols`` stored. One
    array parameter rather than ``__in``: thousands of symbols a batch, nearly all new."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT symbol, letter_id FROM letters_lettersymbol WHERE symbol = ANY(%s::text[])",
            [list(symbols)],
        )
        letter_ids = {letter_id for _, letter_id in cursor.fetchall()}
    if not letter_ids:
        return {}
    own: dict[int, list[str]] = {pk: [] for pk in letter_ids}
    for letter_id, symbol in LetterSymbol.objects.filter(letter_id__in=letter_ids).values_list(
        "letter_id", "symbol"
    ):
        own[letter_id].append(symbol)
    languages = {pk: set() for pk in letter_ids}
    for letter_id, language in LetterVersion.objects.filter(letter_id__in=letter_ids).values_list(
        "letter_id", "language"
    ):
        languages[letter_id].add(language)
    owners = {}
    for letter in Letter.objects.filter(pk__in=letter_ids):
        grouped = Grouped(
            symbols=tuple(own[letter.pk]),
            language=letter.language,
            languages={letter.language, *languages[letter.pk]},
            stored=letter,
        )
        owners.update(dict.fromkeys(grouped.symbols, grouped))
    return owners


def _read_former_main_texts(letters: list[Grouped]) -> None:
    """The stored letters getting a new main text, read back as they stand."""
    if letters:
        for grouped, former in zip(
            letters, stored_letters([g.stored for g in letters]), strict=True
        ):
            grouped.former = former
