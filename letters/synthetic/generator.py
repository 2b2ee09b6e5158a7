"""Synthetic letters in the sample format (DESIGN.md §8), deterministic for a seed.

Letters are generated in date order so that a reply can name an earlier letter:
replies to another State's letter ("With reference to the letter dated … from the
Permanent Representative of X … (A/…–S/…)", some without the symbol), a State's
follow-ups to its own letters, transmittals of statements, Charter Articles invoked
and other States named form the links of DESIGN.md §13, and the generator knows each
(``SyntheticLetter.parsed``, ``links``). Every text starts with ``MARKER`` so no
generated letter is ever taken for a real one.

Links, Charter Articles and States named are drawn from a random stream of their
own (seeded by the corpus seed and the letter's index), so the rest of every letter
is what the generator wrote before they were added.
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
    LetterRef,
    ParsedAnnex,
    ParsedLetter,
    Relation,
    Sender,
    Signatory,
)
from letters.parsing.states import canonical_state
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
# What each of _WHAT is, for the transmittal the first opening makes of it: the
# document and the sender's title as the parser reads them (references.py).
_WHAT_READ = (
    ("statement", "Ministry of Foreign Affairs"),
    ("information note", "Government"),
    ("declaration", "Government"),
    ("letter", "Minister for Foreign Affairs"),
)
# Replies to another State's letter, and a follow-up to the writer's own: (relation,
# the printed reference, what follows it in the sentence). {d} the letter's date, {x}
# its State, {j} its joint symbol, {state} the writer's State.
_REPLIES = (
    (
        Relation.REPLIES_TO,
        "With reference to the letter dated {d} from the Permanent Representative of {x} to "
        "the United Nations addressed to you ({j})",
        "{ref}, I have the honour to convey the position of the Government of {state}.",
    ),
    (
        Relation.REPLIES_TO,
        "In reply to the letter of the Permanent Representative of {x} dated {d} ({j})",
        "{ref}, I wish to state the following.",
    ),
    (
        Relation.REPLIES_TO,
        "in connection with the letter dated {d} from the Permanent Representative of {x} ({j})",
        "I have the honour to write to you {ref}.",
    ),
    (
        Relation.REPLIES_TO,
        "In response to the letter dated {d} from the Permanent Representative of {x}",
        "{ref}, I have the honour to convey the position of the Government of {state}.",
    ),
    (
        Relation.REFERS_TO,
        "refer to the letter dated {d} from the Permanent Representative of {x} ({j})",
        "I have the honour to {ref} and to convey the position of the Government of {state}.",
    ),
)
_REPLY_WEIGHTS = (3, 2, 2, 2, 1)
_FOLLOW_UP = (
    "Further to my letter dated {d} ({j})",
    "{ref}, I have the honour to inform you of further developments.",
)
# Charter Articles invoked (a paragraph of their own), and one that is a treaty's: the
# text, the Articles' keys, and the instrument the citation reader names in it.
_ARTICLES = (
    (
        "The Government of {state} reserves its inherent right of individual or collective "
        "self-defence under Article 51 of the Charter of the United Nations.",
        ("51",),
        "Charter of the United Nations",
    ),
    (
        "These acts constitute a violation of Article 2, paragraph 4, of the Charter.",
        ("2(4)",),
        None,
    ),
    (
        "The Government of {state} recalls Articles 2 (4) and 51 of the Charter.",
        ("2(4)", "51"),
        None,
    ),
    (
        "The Government of {state} recalls article 22 of the Vienna Convention on Diplomatic "
        "Relations.",
        (),
        "Vienna Convention on Diplomatic Relations",
    ),
)
# Other States named in the text.
_NAMING = (
    "We call upon the Governments of {a} and {b} to exercise restraint.",
    "The delegation of {a} has been informed accordingly.",
    "Recent statements by the authorities of {a} are regrettable.",
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
    # (relation, joint symbol) of each earlier generated letter this one replies or
    # refers to, printed with its symbol or not: what a stored reference should
    # resolve to (bench/links_accuracy.py).
    links: tuple[tuple[str, str], ...]
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
            # The links' own stream: adding them leaves the rest of each letter as it was.
            extra = random.Random(f"links-{self.seed}-{count}-{index}")
            letter = self._letter(rng, extra, index, slot, tuple(symbols), organs, recent)
            recent = [*recent, letter][-200:]
            yield letter

    def _letter(
        self,
        rng: random.Random,
        extra: random.Random,
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

        earlier: SyntheticLetter | None = None
        if recent and rng.random() < 0.3:
            earlier = rng.choice(recent[-50:])
        cited: list[CitedDocumentRef] = []
        annexes = rng.choices((0, 1, 2, 3), (3, 4, 2, 1))[0]
        links = _Links()
        body = self._body(rng, extra, state, earlier, annexes, cited, links)
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
        own = canonical_state(state)
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
            cited_documents=tuple(_first_of_each(cited)),
            # Generated letters are English (their annexes too, translated): what the
            # parser's detector says of any text long enough to tell.
            language="en" if long_enough("\n\n".join(body)) else None,
            references=tuple(links.references),
            charter_articles=tuple(dict.fromkeys(links.articles)),
            states_mentioned=tuple(n for n in dict.fromkeys(links.named) if n != own),
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
            cites=tuple(links.cites),
            text="\n".join(parts).rstrip() + "\n",
            parsed=parsed,
            links=tuple(links.targets),
        )

    def _body(
        self,
        rng: random.Random,
        extra: random.Random,
        state: str,
        earlier: SyntheticLetter | None,
        annexes: int,
        cited: list[CitedDocumentRef],
        links: _Links,
    ) -> list[str]:
        if earlier is not None:
            opening = _reference_opening(extra, state, earlier, cited, links)
        else:
            choice = rng.randrange(len(_WHAT))
            what = _WHAT[choice].format(state=state)
            template = rng.choice(_OPENINGS if annexes else _OPENINGS[1:])
            opening = template.format(what=what)
            opening = opening.replace(" (see annex)", "") if not annexes else opening
            if template == _OPENINGS[0]:
                document, title = _WHAT_READ[choice]
                links.references.append(
                    LetterRef(
                        Relation.TRANSMITS,
                        sender_states=(canonical_state(state),),  # type: ignore[arg-type]
                        sender_title=title,
                        document=document,
                        text=f"transmit herewith {what}",
                    )
                )
        paragraphs = [opening]
        if extra.random() < 0.4:
            names = extra.sample(STATES, 2)
            template = extra.choice(_NAMING)
            paragraphs.append(template.format(a=names[0], b=names[1]))
            links.named += [canonical_state(n) or n for n in names[: 2 if "{b}" in template else 1]]
        for _ in range(rng.randint(2, 7)):
            paragraphs.append(self._paragraph(rng, state, cited))
        if extra.random() < 0.08:
            text, keys, treaty = extra.choice(_ARTICLES)
            paragraphs.append(text.format(state=state))
            links.articles += keys
            if treaty:
                cited.append(CitedDocumentRef(CitationKind.TREATY, treaty, treaty))
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


def _first_of_each(cited: list[CitedDocumentRef]) -> list[CitedDocumentRef]:
    """Each document once, where the text first cites it (as the parser lists them)."""
    first: dict[str, CitedDocumentRef] = {}
    for ref in cited:
        first.setdefault(ref.key, ref)
    return list(first.values())


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


@dataclasses.dataclass
class _Links:
    """What a letter's text links to, as the generator writes it (the truth the parser's
    reading is checked against)."""

    references: list[LetterRef] = dataclasses.field(default_factory=list)
    targets: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    cites: list[str] = dataclasses.field(default_factory=list)  # symbols printed
    articles: list[str] = dataclasses.field(default_factory=list)
    named: list[str] = dataclasses.field(default_factory=list)


def _reference_opening(
    extra: random.Random,
    state: str,
    earlier: SyntheticLetter,
    cited: list[CitedDocumentRef],
    links: _Links,
) -> str:
    """The first sentence of a letter that names an earlier one: a reply to another
    State's letter, or a follow-up to the writer's own."""
    own = earlier.state == state
    if own:
        relation, reference, sentence = Relation.REFERS_TO, *_FOLLOW_UP
    else:
        relation, reference, sentence = extra.choices(_REPLIES, _REPLY_WEIGHTS)[0]
    printed = reference.format(
        d=_date(earlier.letter_date), x=earlier.state, j=earlier.joint_symbol
    )
    with_symbol = "{j}" in reference
    if with_symbol:
        links.cites.append(earlier.joint_symbol)
        key = earlier.joint_symbol.replace("–", "-")
        cited.append(CitedDocumentRef(CitationKind.DOCUMENT, key, earlier.joint_symbol))
    links.references.append(
        LetterRef(
            relation,
            symbols=earlier.symbols if with_symbol else (),
            date=earlier.letter_date,
            sender_states=(canonical_state(state if own else earlier.state),),  # type: ignore[arg-type]
            sender_title=None if own else "Permanent Representative",
            document="letter",
            text=printed,
        )
    )
    links.targets.append((str(relation), earlier.joint_symbol))
    if not own:
        links.named.append(canonical_state(earlier.state) or earlier.state)
    return sentence.format(ref=printed, state=state)
