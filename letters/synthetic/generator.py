"""Synthetic letters in the sample format (DESIGN.md §8), deterministic for a seed.

Letters are generated in date order so that a reply can cite an earlier letter's
symbol: those citations form reply chains that resolve inside the corpus. Every
text starts with ``MARKER`` so no generated letter is ever taken for a real one.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
from collections import defaultdict
from collections.abc import Iterator

from letters.parsing.language import long_enough
from letters.parsing.model import (
    AgendaItemRef,
    CitationKind,
    CitedDocumentRef,
    ParsedAnnex,
    ParsedLetter,
    Sender,
    Signatory,
)
from letters.synthetic import MARKER
from letters.synthetic.vocabulary import ZipfVocabulary
from letters.synthetic.world import (
    CORE_TOPICS,
    STATES,
    TOPICS,
    agenda,
    ambassador,
    ordinal_words,
)

LANGUAGES = ("English", "English", "English", "French", "Spanish", "Russian", "Arabic", "Chinese")
_ROMAN = ("I", "II", "III")

_OPENINGS = (
    "I have the honour to transmit herewith {what} (see annex).",
    "Upon instructions from my Government, I have the honour to bring to your attention {what}.",
    "I have the honour to refer to {what}.",
    "In accordance with instructions received from my Government, I wish to draw your attention "
    "to {what}.",
)
_WHAT = (
    "the statement of the Ministry of Foreign Affairs of {state}",
    "the information note of the Government of {state}",
    "the declaration adopted by the Government of {state}",
    "a letter from the Minister for Foreign Affairs of {state}",
)
_LEADS = (
    "The Government of {state} reiterates its commitment to",
    "It should be recalled that",
    "We are deeply concerned about",
    "My Government firmly rejects",
    "The international community must address",
    "This is yet another example of",
    "My country remains ready to continue",
    "Such actions constitute a violation of",
    "We call upon all parties to ensure",
    "In this regard, we wish to underline",
)


@dataclasses.dataclass(frozen=True)
class SyntheticLetter:
    index: int
    filename: str
    symbols: tuple[str, ...]  # the letter's own symbols, e.g. ("A/75/861", "S/2021/392")
    joint_symbol: str  # as printed in the masthead, e.g. "A/75/861–S/2021/392"
    state: str
    session: int | None
    sc_year: int | None
    letter_date: datetime.date
    cites: tuple[str, ...]  # joint symbols of earlier generated letters this one cites
    text: str
    # What the parser must read from ``text`` (tests/synthetic/test_corpus.py checks they agree):
    # the bulk loader can store it without parsing when building a million letters.
    parsed: ParsedLetter


@dataclasses.dataclass(frozen=True)
class _Slot:
    letter_date: datetime.date
    session: int


def _slots(rng: random.Random, count: int) -> list[_Slot]:
    """Dates and sessions for ``count`` letters, oldest first; later sessions send more letters."""
    sessions = range(1, 81)
    picked = rng.choices(sessions, weights=list(sessions), k=count)
    slots = []
    for session in picked:
        # Session n opens in September of 1945 + n and runs for a year.
        start = datetime.date(1945 + session, 9, 15)
        slots.append(_Slot(start + datetime.timedelta(days=rng.randrange(355)), session))
    slots.sort(key=lambda s: (s.letter_date, s.session))
    return slots


class CorpusGenerator:
    def __init__(self, *, seed: int, vocabulary_size: int = 50_000) -> None:
        self.seed = seed
        self.vocabulary = ZipfVocabulary(seed, size=vocabulary_size)

    def letters(self, count: int) -> Iterator[SyntheticLetter]:
        rng = random.Random(f"corpus-{self.seed}-{count}")
        ga_numbers: dict[int, int] = defaultdict(lambda: 100)
        sc_numbers: dict[int, int] = defaultdict(lambda: 10)
        recent: list[SyntheticLetter] = []
        for index, slot in enumerate(_slots(rng, count)):
            year = slot.letter_date.year
            ga_numbers[slot.session] += rng.randint(1, 4)
            sc_numbers[year] += rng.randint(1, 4)
            organs = rng.choices(("both", "ga", "sc"), weights=(7, 2, 1))[0]
            symbols: list[str] = []
            if organs in ("both", "ga"):
                symbols.append(f"A/{slot.session}/{ga_numbers[slot.session]}")
            if organs in ("both", "sc"):
                symbols.append(f"S/{year}/{sc_numbers[year]}")
            letter = self._letter(rng, index, slot, tuple(symbols), organs, recent)
            recent = [*recent, letter][-200:]
            yield letter

    def _letter(
        self,
        rng: random.Random,
        index: int,
        slot: _Slot,
        symbols: tuple[str, ...],
        organs: str,
        recent: list[SyntheticLetter],
    ) -> SyntheticLetter:
        state = rng.choice(STATES)
        session = slot.session if organs != "sc" else None
        sc_year = slot.letter_date.year - 1945 if organs != "ga" else None
        signed = slot.letter_date
        distributed = signed + datetime.timedelta(days=rng.randint(1, 10))
        joint = "–".join(symbols)

        items: list[tuple[int, str]] = []
        if session is not None:
            numbering = agenda(self.seed, session)
            topics = list(numbering)
            # Core topics come up far more often than one State's situation.
            weights = [8 if t < len(CORE_TOPICS) else 1 for t in topics]
            chosen = set(rng.choices(topics, weights=weights, k=rng.randint(1, 4)))
            items = sorted((numbering[t], TOPICS[t]) for t in chosen)

        head = [MARKER, "United Nations", joint, "", "General Assembly\nSecurity Council", ""]
        head += [f"Distr.: General\n{_date(distributed)}", "", "Original: English", ""]
        if session is not None:
            numbers = _and_list([str(n) for n, _ in items])
            word = "Agenda items" if len(items) > 1 else "Agenda item"
            head += [f"General Assembly\n{ordinal_words(session)} session\n{word} {numbers}", ""]
        if sc_year is not None:
            head += [f"Security Council\n{ordinal_words(sc_year)} year", ""]
        for _, title in items:
            head += [title, ""]
        sender = f"the Permanent Representative of {state} to the United Nations"
        title = f"Letter dated {_date(signed)} from {sender} addressed to the Secretary-General"
        head += [title, ""]

        cites: list[str] = []
        if recent and rng.random() < 0.3:
            cites.append(rng.choice(recent[-50:]).joint_symbol)
        cited: list[CitedDocumentRef] = []
        annexes = rng.choices((0, 1, 2, 3), (3, 4, 2, 1))[0]
        body = self._body(rng, state, cites, annexes, cited)
        closing = "I should be grateful if the present letter"
        closing += " and its annex" if annexes == 1 else " and its annexes" if annexes else ""
        if session is not None and sc_year is not None:
            ga = f"a document of the General Assembly, under {_items_phrase(items)}"
            where = f"{ga}, and of the Security Council"
        elif session is not None:
            where = f"a document of the General Assembly, under {_items_phrase(items)}"
        else:
            where = "a document of the Security Council"
        body.append(f"{closing} could be circulated as {where}.")
        person = ambassador(self.seed, state, slot.session)
        signature = f"(Signed) {person}\nAmbassador\nPermanent Representative"

        parts = [*head, "\n\n".join(body), "", signature, ""]
        parsed_annexes = []
        for n in range(annexes):
            annex_parts, parsed_annex = self._annex(rng, n, annexes, signed, sender, cited)
            parts += annex_parts
            parsed_annexes.append(parsed_annex)
        filename = f"synthetic_{self.seed}_{index:07d}.txt"
        parsed = ParsedLetter(
            file=filename,
            symbols=symbols,
            title=title,
            distribution_date=distributed,
            letter_date=signed,
            original_language="English",
            ga_session=session,
            sc_year=sc_year,
            agenda_items=tuple(AgendaItemRef(n, t) for n, t in items),
            sender=Sender(states=(state,), title="Permanent Representative"),
            addressees=("Secretary-General",),
            signatories=(Signatory(person, "Ambassador, Permanent Representative"),),
            body="\n\n".join(body),
            annexes=tuple(parsed_annexes),
            cited_documents=tuple({ref.key: ref for ref in reversed(cited)}.values())[::-1],
            # Generated letters are English (their annexes too, translated): what the
            # parser's detector says of any text long enough to tell.
            language="en" if long_enough("\n\n".join(body)) else None,
        )
        return SyntheticLetter(
            index=index,
            filename=filename,
            symbols=symbols,
            joint_symbol=joint,
            state=state,
            session=session,
            sc_year=sc_year,
            letter_date=signed,
            cites=tuple(cites),
            text="\n".join(parts).rstrip() + "\n",
            parsed=parsed,
        )

    def _body(
        self,
        rng: random.Random,
        state: str,
        cites: list[str],
        annexes: int,
        cited: list[CitedDocumentRef],
    ) -> list[str]:
        if cites:
            cited.append(
                CitedDocumentRef(CitationKind.DOCUMENT, cites[0].replace("–", "-"), cites[0])
            )
            opening = (
                f"I have the honour to refer to the letter circulated as document {cites[0]} "
                f"and to convey the position of the Government of {state} in reply."
            )
        else:
            what = rng.choice(_WHAT).format(state=state)
            opening = rng.choice(_OPENINGS if annexes else _OPENINGS[1:]).format(what=what)
            opening = opening.replace(" (see annex)", "") if not annexes else opening
        paragraphs = [opening]
        for _ in range(rng.randint(2, 7)):
            paragraphs.append(self._paragraph(rng, state, cited))
        return paragraphs

    def _paragraph(self, rng: random.Random, state: str, cited: list[CitedDocumentRef]) -> str:
        sentences = []
        for _ in range(rng.randint(2, 6)):
            words = " ".join(self.vocabulary.sample(rng, rng.randint(8, 24)))
            sentence = f"{rng.choice(_LEADS).format(state=state)} {words}"
            roll = rng.random()
            if roll < 0.08:
                number = rng.randint(1, 2700)
                text = f"{number} ({_sc_year_of(number)})"
                sentence += f", as set out in Security Council resolution {text}"
                cited.append(CitedDocumentRef(CitationKind.SC_RESOLUTION, f"S/RES/{text}", text))
            elif roll < 0.14:
                number = f"{rng.randint(31, 79)}/{rng.randint(1, 330)}"
                sentence += f", recalling General Assembly resolution {number}"
                cited.append(
                    CitedDocumentRef(CitationKind.GA_RESOLUTION, f"A/RES/{number}", number)
                )
            sentences.append(sentence + ".")
        return " ".join(sentences)

    def _annex(
        self,
        rng: random.Random,
        n: int,
        total: int,
        signed: datetime.date,
        sender: str,
        cited: list[CitedDocumentRef],
    ) -> tuple[list[str], ParsedAnnex]:
        label = "Annex" if total == 1 else f"Annex {_ROMAN[n]}"
        heading = (
            f"{label} to the letter dated {_date(signed)} from {sender} "
            "addressed to the Secretary-General"
        )
        parts = [heading, ""]
        language = rng.choice(LANGUAGES)
        if language != "English":
            parts += [f"[Original: {language}]", ""]
        title_words = " ".join(self.vocabulary.sample(rng, rng.randint(3, 8)))
        parts += [f"Statement on {title_words}", ""]
        paragraphs = [self._paragraph(rng, "my country", cited) for _ in range(rng.randint(1, 5))]
        for paragraph in paragraphs:
            parts += [paragraph, ""]
        annex = ParsedAnnex(
            label=label,
            title=f"Statement on {title_words}",
            original_language=language if language != "English" else None,
            body="\n\n".join(paragraphs),
            language="en" if long_enough("\n\n".join(paragraphs)) else None,
        )
        return parts, annex


def _sc_year_of(number: int) -> int:
    # Resolution numbers grew roughly linearly: 1 in 1946, ~2700 by 2024.
    return min(2024, 1946 + number * 78 // 2700)


def _date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _items_phrase(items: list[tuple[int, str]]) -> str:
    numbers = _and_list([str(n) for n, _ in items])
    return f"agenda item{'s' if len(items) > 1 else ''} {numbers}"
