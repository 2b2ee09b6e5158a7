"""The letter page's texts: the letter's body and each annex as anchored paragraphs
(``letters.browse.paragraphs``) and, when the page was reached from a search, that
search's words marked in them, counted and listed.
"""

from __future__ import annotations

import dataclasses

from letters.browse.paragraphs import Paragraph, annex_anchor, marked, paragraphs
from letters.models import Letter
from letters.search import highlighting
from letters.search.carry import CarriedSearch


@dataclasses.dataclass(frozen=True)
class Text:
    """One text of a letter as the page shows it: the body or an annex."""

    label: str  # "the letter", or the annex's label ("Annex I")
    anchor: str  # "" for the body, "annex-1" … for the annexes
    language: str  # ISO 639-1 code, or "" when not detected
    paragraphs: list[Paragraph]


@dataclasses.dataclass(frozen=True)
class MatchGroup:
    """The matches in one text, by the numbers of their marks (``#m<number>``)."""

    label: str
    matches: list[int]


@dataclasses.dataclass(frozen=True)
class Found:
    """What the letter page says about the search it was reached from."""

    search: CarriedSearch
    groups: list[MatchGroup]  # the texts with matches, in page order
    complete: bool  # every character was searched and every match marked
    back_url: str  # the page of results, at this letter

    @property
    def count(self) -> int:
        return sum(len(group.matches) for group in self.groups)

    max_characters = highlighting.MAX_MARKED_CHARACTERS
    max_matches = highlighting.MAX_MATCHES


def letter_texts(letter: Letter) -> list[Text]:
    """The letter's body, then each of its annexes (prefetched), as paragraphs. An annex
    whose language was not detected is read in the letter's, as the search row does."""
    texts = [Text("the letter", "", letter.language, paragraphs(letter.body))]
    for annex in letter.annexes.all():
        anchor, language = annex_anchor(annex.position), annex.language or letter.language
        texts.append(Text(annex.label, anchor, language, paragraphs(annex.body, within=anchor)))
    return texts


def find_in(texts: list[Text], search: CarriedSearch, letter_id: int) -> tuple[list[Text], Found]:
    """``texts`` with ``search``'s words marked (one statement; none for a search by
    filters alone), and what was found."""
    if search.text:
        to_search = [
            highlighting.TextToSearch(t.language or None, [p.text for p in t.paragraphs])
            for t in texts
        ]
        matches = highlighting.find_matches(search.text, to_search)
    else:
        matches = highlighting.Matches([[[] for _ in t.paragraphs] for t in texts], True)
    number, marked_texts, groups = 1, [], []
    for text, text_spans in zip(texts, matches.spans, strict=True):
        shown, found = [], []
        for paragraph, spans in zip(text.paragraphs, text_spans, strict=True):
            if spans:
                paragraph = marked(paragraph, spans, first_mark=number)
                found += range(number, number + len(spans))
                number += len(spans)
            shown.append(paragraph)
        marked_texts.append(dataclasses.replace(text, paragraphs=shown))
        if found:
            groups.append(MatchGroup(text.label, found))
    back_url = search.results_url(letter_id)
    return marked_texts, Found(search, groups, matches.complete, back_url)
