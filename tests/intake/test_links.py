"""References stored and resolved to the letters they name (DESIGN.md §13): by symbol, by
date and sender, never when unsure; late when the named letter comes later; kept when set
by hand; the same whichever ingest path and whatever the order."""

from __future__ import annotations

import dataclasses

import pytest

from letters.curation.reparse import apply_reparse
from letters.intake import links
from letters.intake.bulk import BulkLoader
from letters.intake.ingest import apply_parsed_fields, ingest_letter
from letters.intake.reading import ReadLetter, read_letter
from letters.models import Letter, Reference, SourceFile, State
from letters.parsing import parse_letter
from letters.parsing.model import LetterRef, Relation
from tests.factories import letter_text, make_letter

pytestmark = pytest.mark.django_db

REPLY_WITH_SYMBOL = (
    "With reference to the letter dated 22 April 2021 from the Permanent Representative of "
    "Armenia to the United Nations addressed to you (A/75/861-S/2021/392), I have the honour "
    "to state the following."
)
REPLY_BY_DATE = (
    "In response to the letter dated 22 April 2021 from the Permanent Representative of "
    "Armenia, I have the honour to state the following."
)


def armenia(symbol: str = "A/75/861–S/2021/392", **fields) -> Letter:
    return make_letter(
        symbol=symbol,
        state="Armenia",
        dated="22 April 2021",
        filename=f"armenia-{symbol or fields.get('body', '')[:8]}.txt",
        **fields,
    )


def reply(body: str = REPLY_WITH_SYMBOL, symbol: str = "A/76/5", **fields) -> Letter:
    return make_letter(
        symbol=symbol, state="Azerbaijan", body=body, filename=f"reply-{symbol}.txt", **fields
    )


def the_reference(letter: Letter) -> Reference:
    return letter.references.get(relation=Relation.REPLIES_TO)


def test_a_reply_is_linked_to_the_letter_carrying_the_symbol_it_prints():
    answered = armenia()
    answer = reply()
    ref = the_reference(answer)
    assert (ref.target, ref.resolution, ref.candidates) == (answered, "symbol", 1)
    assert ref.symbols == ["A/75/861", "S/2021/392"]
    assert ref.sender_states == ["Armenia"]
    assert ref.text.startswith("With reference to the letter dated 22 April 2021")


def test_a_reply_stored_first_is_linked_when_the_letter_it_answers_arrives():
    answer = reply()
    ref = the_reference(answer)
    assert (ref.target, ref.resolution) == (None, "none")
    answered = armenia()
    ref.refresh_from_db()
    assert (ref.target, ref.resolution) == (answered, "symbol")


def test_a_reply_without_a_symbol_is_linked_by_date_and_sender_when_one_letter_matches():
    answered = armenia(symbol="")
    make_letter(state="Armenia", dated="23 April 2021", filename="other-day.txt")
    make_letter(state="France", dated="22 April 2021", filename="other-sender.txt")
    ref = the_reference(reply(REPLY_BY_DATE))
    assert (ref.target, ref.resolution, ref.candidates) == (answered, "date_sender", 1)


def test_two_letters_of_that_date_and_sender_leave_it_unlinked_and_ambiguous():
    armenia(symbol="", body="The first letter of the day.")
    armenia(symbol="", body="The second letter of the day.")
    ref = the_reference(reply(REPLY_BY_DATE))
    assert (ref.target, ref.resolution, ref.candidates) == (None, "ambiguous", 2)


def test_a_second_match_arriving_later_unlinks_it():
    first = armenia(symbol="", body="The first letter of the day.")
    ref = the_reference(reply(REPLY_BY_DATE))
    assert ref.target == first
    armenia(symbol="", body="The second letter of the day.")
    ref.refresh_from_db()
    assert (ref.target, ref.resolution) == (None, "ambiguous")


def test_a_printed_symbol_is_not_matched_by_date_to_a_letter_with_other_symbols():
    # Same date and sender, but the archive's letter is another document.
    armenia(symbol="A/75/900")
    ref = the_reference(reply())
    assert (ref.target, ref.resolution) == (None, "none")


def test_a_printed_symbol_falls_back_to_date_and_sender_among_letters_without_symbols():
    answered = armenia(symbol="")
    ref = the_reference(reply())
    assert (ref.target, ref.resolution) == (answered, "date_sender")


def test_dates_that_are_not_a_letters_do_not_link():
    armenia(symbol="")
    body = (
        "At its meeting held on 22 April 2021 the Council of Ministers of Armenia adopted "
        "resolution 2/2021 of 22 April 2021, which the Government of Azerbaijan rejects."
    )
    letter = reply(body)
    assert not letter.references.filter(target__isnull=False).exists()


def test_transmitted_documents_are_not_matched_by_date_and_sender():
    # A statement of Armenia's ministry dated the day Armenia wrote a letter is not that letter.
    armenia(symbol="")
    body = (
        "I have the honour to transmit herewith the statement of the Ministry of Foreign "
        "Affairs of Armenia dated 22 April 2021 (see annex)."
    )
    letter = reply(body)
    assert not letter.references.filter(target__isnull=False).exists()


def test_a_target_set_by_hand_stays_through_new_letters_and_reparse():
    wrong = armenia(symbol="")
    answer = reply(REPLY_BY_DATE)
    ref = the_reference(answer)
    assert ref.target == wrong
    right = make_letter(state="Armenia", dated="1 May 2021", filename="right.txt")
    Reference.objects.filter(pk=ref.pk).update(target=right, resolution="hand")

    armenia(symbol="", body="Another letter of that day.")  # would make it ambiguous
    ref.refresh_from_db()
    assert (ref.target, ref.resolution) == (right, "hand")

    Reference.objects.filter(pk=ref.pk).update(text="a stale reading")
    apply_reparse(letter=answer, user=None)  # the references are re-derived
    ref = the_reference(answer)
    assert ref.text.startswith("In response to the letter dated 22 April 2021")
    assert (ref.target, ref.resolution) == (None, "ambiguous")  # the words changed: resolved
    Reference.objects.filter(pk=ref.pk).update(target=right, resolution="hand")
    answer.references.update(position=5)  # any change the parser would undo
    apply_reparse(letter=answer, user=None)
    ref = the_reference(answer)
    assert (ref.target, ref.resolution) == (right, "hand")


def test_reparse_re_derives_references_articles_and_mentions_unless_corrected():
    answered = armenia()
    answer = reply(REPLY_WITH_SYMBOL + " Article 51 of the Charter of the United Nations applies.")
    assert answer.charter_articles == ["51"]
    assert list(answer.states_mentioned.values_list("name", flat=True)) == ["Armenia"]
    answer.references.all().delete()
    Letter.objects.filter(pk=answer.pk).update(charter_articles=[])
    answer.states_mentioned.clear()
    answer.refresh_from_db()

    plan = apply_reparse(letter=answer, user=None)
    assert {"references", "charter_articles", "states_mentioned"} <= plan.changes.keys()
    answer.refresh_from_db()
    assert the_reference(answer).target == answered
    assert answer.charter_articles == ["51"]

    Letter.objects.filter(pk=answer.pk).update(
        charter_articles=["2(4)"], corrected_fields=["charter_articles"]
    )
    answer.refresh_from_db()
    plan = apply_reparse(letter=answer, user=None)
    assert "charter_articles" in plan.kept
    answer.refresh_from_db()
    assert answer.charter_articles == ["2(4)"]


def test_changing_a_letters_symbols_relinks_what_named_the_old_and_the_new():
    answer = reply()
    other = armenia(symbol="A/75/900")
    assert the_reference(answer).target is None
    parsed = dataclasses.replace(parse_letter(letter_text()), symbols=("A/75/861", "S/2021/392"))
    apply_parsed_fields(letter=other, parsed=parsed, fields=["symbols"])
    assert the_reference(answer).target == other
    parsed = dataclasses.replace(parsed, symbols=("A/75/999",))
    apply_parsed_fields(letter=other, parsed=parsed, fields=["symbols"])
    assert the_reference(answer).target is None


def test_a_letter_never_resolves_to_itself():
    text = letter_text(symbol="A/75/861–S/2021/392", state="Azerbaijan", body=REPLY_WITH_SYMBOL)
    read = read_letter(text.encode(), "self.txt")
    letter = ingest_letter(
        parsed=read.parsed, source=read.data, filename="self.txt", text=read.text
    ).letter
    assert not letter.references.filter(target__isnull=False).exists()


def test_states_mentioned_leave_out_the_senders_and_share_the_states_table():
    letter = reply(
        "The Governments of Azerbaijan, France and Armenia, and Zaire (now the Democratic "
        "Republic of the Congo), met."
    )
    names = set(letter.states_mentioned.values_list("name", flat=True))
    assert "Azerbaijan" not in names
    assert {"France", "Armenia", "Democratic Republic of the Congo"} <= names
    assert State.objects.filter(name="Democratic Republic of the Congo").count() == 1


def test_references_of_a_hostile_text_are_bounded():
    body = " ".join(
        f"With reference to the letter dated {d} April 2021 from the Permanent Representative "
        f"of Armenia (A/75/{1000 + n}), I reply."
        for n, d in enumerate([*range(1, 29)] * 10)
    )
    parsed = parse_letter(letter_text(body=body))
    many = dataclasses.replace(parsed, references=parsed.references * 3)
    assert len(many.references) > 200
    text = letter_text(body=body)
    letter = ingest_letter(parsed=many, source=text.encode(), filename="many.txt", text=text).letter
    assert letter.references.count() == 200


def test_bulk_and_per_letter_ingest_resolve_alike_in_any_order():
    def items(texts):
        return [
            ReadLetter(name, text.encode(), text, parse_letter(text, file=name))
            for name, text in texts
        ]

    texts = [
        ("reply.txt", letter_text(symbol="A/76/5", state="Azerbaijan", body=REPLY_BY_DATE)),
        ("reply2.txt", letter_text(symbol="A/76/6", state="Azerbaijan", body=REPLY_WITH_SYMBOL)),
        ("a1.txt", letter_text(symbol="", state="Armenia", dated="22 April 2021", body="One.")),
        # Printed with another date than reply2 says: its symbol decides.
        (
            "a2.txt",
            letter_text(symbol="A/75/861–S/2021/392", state="Armenia", dated="2 April 2021"),
        ),
    ]

    def outcome():
        return sorted(
            (r.letter.source.name, r.target.source.name if r.target else None, r.resolution)
            for r in Reference.objects.select_related("letter__source", "target__source")
        )

    BulkLoader().load(items(texts), batch_size=1)
    bulk = outcome()
    assert ("reply.txt", "a1.txt", "date_sender") in bulk
    assert ("reply2.txt", "a2.txt", "symbol") in bulk
    for order in (texts, texts[::-1]):
        Letter.objects.all().delete()
        SourceFile.objects.all().delete()
        for item in items(order):
            ingest_letter(
                parsed=item.parsed, source=item.data, filename=item.filename, text=item.text
            )
        assert outcome() == bulk
    assert links.resolve_all() == 0  # resolving everything again changes nothing


def test_references_set_by_hand_in_a_parse_are_stored_as_given():
    parsed = dataclasses.replace(
        parse_letter(letter_text(symbol="A/76/7")),
        references=(
            LetterRef(Relation.REFERS_TO, symbols=("A/75/861",), text="our earlier letter"),
        ),
    )
    answered = armenia()
    text = letter_text(symbol="A/76/7")
    letter = ingest_letter(parsed=parsed, source=text.encode(), filename="x.txt", text=text).letter
    ref = letter.references.get()
    assert (ref.relation, ref.target, ref.where) == ("refers_to", answered, "letter")


@pytest.mark.parametrize("split", [(4,), (3, 1), (1, 3), (2, 1, 1)])
def test_bulk_loads_resolve_alike_whether_they_resolve_every_reference_or_their_own(split):
    # A load that is much of the archive resolves every reference; a small one, those
    # its letters decide: the outcome is the same.
    texts = [
        (
            "a2.txt",
            letter_text(symbol="A/75/861–S/2021/392", state="Armenia", dated="2 April 2021"),
        ),
        ("reply2.txt", letter_text(symbol="A/76/6", state="Azerbaijan", body=REPLY_WITH_SYMBOL)),
        ("a1.txt", letter_text(symbol="", state="Armenia", dated="22 April 2021", body="One.")),
        ("reply.txt", letter_text(symbol="A/76/5", state="Azerbaijan", body=REPLY_BY_DATE)),
    ]
    start = 0
    for size in split:
        BulkLoader().load(
            [
                ReadLetter(name, text.encode(), text, parse_letter(text, file=name))
                for name, text in texts[start : start + size]
            ]
        )
        start += size
    outcome = {
        (r.letter.source.name, r.target.source.name if r.target else None, r.resolution)
        for r in Reference.objects.select_related("letter__source", "target__source")
    }
    assert ("reply.txt", "a1.txt", "date_sender") in outcome
    assert ("reply2.txt", "a2.txt", "symbol") in outcome
