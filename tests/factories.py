"""Small builders for test data that goes through the real parser and ingest."""

from __future__ import annotations

from letters.intake.ingest import ingest_letter
from letters.intake.reading import read_letter
from letters.models import Letter

LETTER_TEMPLATE = """{symbol}

Distr.: General
{distributed}

Original: English

General Assembly
Seventy-sixth session
Agenda item {item}

{topic}

Letter dated {dated} from the Permanent Representative of {state} to the United Nations addressed to the Secretary-General

{body}

I should be grateful if you would have the present letter circulated as a document of the General Assembly, under agenda item {item}.

(Signed) {signer}
Ambassador
Permanent Representative
"""


def letter_text(
    *,
    symbol: str = "",
    state: str = "Norway",
    dated: str = "3 March 2022",
    distributed: str = "7 March 2022",
    item: int = 12,
    topic: str = "Report of the Human Rights Council",
    body: str = "I have the honour to write to you about the situation.",
    signer: str = "Mona Juul",
) -> str:
    return LETTER_TEMPLATE.format(**locals())


def make_letter(filename: str = "letter.txt", **fields) -> Letter:
    text = letter_text(**fields)
    read = read_letter(text.encode(), filename)
    return ingest_letter(
        parsed=read.parsed, source=read.data, filename=read.filename, text=read.text
    ).letter


def grow_browse_corpus(start: int, stop: int, *, shared_signer: bool = False) -> None:
    """Letters ``start`` to ``stop``: every other one from Norway (the rest from a State
    each), each citing one resolution, and the one agenda topic given an item in a new
    session per letter, so every browse page has more to list as the corpus grows."""
    from letters.models import AgendaItem, AgendaTopic, Session

    for n in range(start, stop):
        make_letter(
            symbol=f"A/76/{n + 1}",
            state="Norway" if n % 2 else f"State {n}",
            signer="Person 1" if shared_signer and n % 2 else f"Person {n}",
            body=f"As resolution 9999 (2022) requests ({n}).",
            filename=f"{n}.txt",
        )
        session = Session.objects.create(number=40 + n)
        AgendaItem.objects.create(session=session, number=n, topic=AgendaTopic.objects.get())
