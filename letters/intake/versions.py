"""A letter's texts in the six UN languages: which one is its main text, and how a text
in another language joins a stored letter (DESIGN.md §11).

The rule, decided here once for every way letters come in (the per-letter ingest, the
bulk loader; a dump keeps what they decided):

* a text joins a stored letter when every symbol it prints is the letter's and its
  language is known and not one of the letter's yet;
* a letter's main text is its English text when it has one, otherwise the text that
  arrived first: an English text that joins a letter whose main text is in another
  language becomes the main text, and the former main text one of its versions;
* the letter's facts then come from the new main text, except a fact an archivist
  corrected by hand or one the new text does not print, which stay as they were; its
  symbols stay its own.

Pure: no database. The callers look the letter up and write the rows.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Collection
from typing import Any

from letters.intake import rows
from letters.parsing import ParsedLetter
from letters.parsing.language import LANGUAGES

# The language whose text, when a letter has one, is its main text: the archive's working
# language, the one the parser reads most of (agenda titles, annex titles).
MAIN_LANGUAGE = "en"

# Contract fields (DESIGN.md §4) that are the main text's own words: they always follow
# the main text (the former main text keeps its own, corrections included, as a version).
# Every other field is a fact of the letter, whichever text prints it.
TEXT_FIELDS = frozenset({"title", "language", "body", "footnotes", "annexes", "warnings"})


class Joining(enum.Enum):
    VERSION = "version"  # stored as one of the letter's versions
    MAIN_TEXT = "main text"  # becomes the letter's main text; the former one a version


def joining(
    parsed: ParsedLetter,
    *,
    symbols: Collection[str],
    main_language: str,
    languages: Collection[str],
) -> Joining | None:
    """How ``parsed`` joins a stored letter that carries ``symbols``, whose main text is
    in ``main_language`` ("" when unknown) and whose texts are in ``languages`` (the main
    text's and its versions'); None when it does not (its symbol is another letter's)."""
    language = parsed.language
    if not language or language == main_language or language in languages:
        return None
    if not set(rows.symbols(parsed)) <= set(symbols):
        return None
    # The former main text becomes a version, which needs a known language.
    if language == MAIN_LANGUAGE and main_language:
        return Joining.MAIN_TEXT
    return Joining.VERSION


def with_main_text(
    new: ParsedLetter, former: ParsedLetter, *, corrected: Collection[str] = ()
) -> ParsedLetter:
    """The letter once ``new`` is its main text, ``former`` being the letter as stored
    (``letters.intake.stored``, or a parse in ``rows.stored_form``): ``new``'s own
    words; each fact as ``new`` prints it, unless it was corrected by hand (listed in
    ``corrected``) or ``new`` does not print it, when the stored one stays; the stored
    symbols."""
    corrected = set(corrected)

    def fact(field: str, new_value: Any, old_value: Any) -> Any:
        return old_value if field in corrected or not new_value else new_value

    sender = dataclasses.replace(
        new.sender,
        states=fact("senders", new.sender.states, former.sender.states),
        title=fact("sender_title", new.sender.title, former.sender.title),
        organization=fact(
            "sender_organization", new.sender.organization, former.sender.organization
        ),
    )
    facts = {
        name: fact(name, getattr(new, name), getattr(former, name))
        for name in (
            "kind",
            "distribution_date",
            "letter_date",
            "original_language",
            "ga_session",
            "sc_year",
            "agenda_items",
            "addressees",
            "signatories",
            "cited_documents",
        )
    }
    return dataclasses.replace(new, symbols=former.symbols, sender=sender, **facts)


def changes(before: ParsedLetter, after: ParsedLetter) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` in contract form for what differs between two readings of
    a stored letter (the revision that records a new main text), the bodies left out:
    both texts are kept whole, the former main text in its version."""
    old, new = _recorded(before), _recorded(after)
    return {key: [old[key], new[key]] for key in old if old[key] != new[key]}


def _recorded(parsed: ParsedLetter) -> dict[str, Any]:
    contract = parsed.to_contract()
    for key in ("file", "body", "footnotes"):
        del contract[key]
    contract["annexes"] = [
        {key: value for key, value in annex.items() if key != "body"}
        for annex in contract["annexes"]
    ]
    return contract


def main_text_note(*, language: str, former_language: str, filename: str) -> str:
    """The revision's note when a text becomes a letter's main text."""
    return (
        f"{LANGUAGES.get(language, language)} text {filename} became the main text; the "
        f"{LANGUAGES.get(former_language, former_language)} text is kept as its version"
    )
