"""Small builders for test data that goes through the real parser and ingest."""

from __future__ import annotations

from letters.ingest import ingest_letter
from letters.intake import read_letter
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
