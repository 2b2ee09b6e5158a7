"""Links between letters (DESIGN.md §13), added to a parsed letter: the documents it
replies to, refers to or transmits (parsing/references.py), the Charter Articles it
invokes (parsing/charter.py) and the States it mentions (parsing/mentions.py).

Read from the covering letter, its footnotes and its annexes, after the rest of the
parse; each reader is kept apart, so a failure in one leaves the letter and the
others' results as they are, with a warning.
"""

from __future__ import annotations

import dataclasses

from letters.parsing import charter, mentions, references
from letters.parsing.model import ParsedLetter


def with_links(parsed: ParsedLetter) -> ParsedLetter:
    """``parsed`` with its references, Charter Articles and States mentioned."""
    warnings: list[str] = []
    units = [references.Unit("letter", parsed.body, parsed.language)]
    units += [references.Unit("footnote", note.text, parsed.language) for note in parsed.footnotes]
    units += [
        references.Unit("annex", annex.body, annex.language, annex.title)
        for annex in parsed.annexes
    ]
    # Where States are named, in reading order: each annex's title before its text.
    texts = [parsed.body, *(note.text for note in parsed.footnotes)]
    for annex in parsed.annexes:
        texts += [annex.title or "", annex.body]

    found_references: tuple = ()
    try:
        context = references.Context(
            own_states=parsed.sender.states,
            letter_date=parsed.letter_date,
            addressees=parsed.addressees,
        )
        found_references, notes = references.find_references(units, context)
        warnings.extend(notes)
    except Exception as exc:  # one reader's failure must not lose the letter
        warnings.append(f"references could not be read ({type(exc).__name__})")

    articles: tuple[str, ...] = ()
    try:
        articles = charter.charter_articles(texts, warnings=warnings)
    except Exception as exc:
        warnings.append(f"Charter Articles could not be read ({type(exc).__name__})")

    named: tuple[str, ...] = ()
    try:
        named = mentions.states_mentioned(texts, exclude=parsed.sender.states)
    except Exception as exc:
        warnings.append(f"States mentioned could not be read ({type(exc).__name__})")

    return dataclasses.replace(
        parsed,
        references=found_references,
        charter_articles=articles,
        states_mentioned=named,
        warnings=(
            *parsed.warnings,
            *(w for w in dict.fromkeys(warnings) if w not in parsed.warnings),
        ),
    )
