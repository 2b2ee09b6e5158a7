"""Ingest: parsed letters become rows in one transaction, idempotently, with citations linked."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import DataError

from letters.intake.ingest import DuplicateSymbol, ingest_letter
from letters.models import (
    AgendaTopic,
    Annex,
    Citation,
    CitedDocument,
    Letter,
    LetterSymbol,
    Person,
    SearchEntry,
    Signature,
    SourceFile,
    State,
)
from letters.parsing import parse_letter
from letters.parsing.model import Signatory
from tests.factories import letter_text, make_letter

pytestmark = pytest.mark.django_db


def _ingest(text: str, filename: str = "x.txt", **parse_kwargs):
    parsed = parse_letter(text, file=filename, **parse_kwargs)
    return ingest_letter(parsed=parsed, source=text.encode(), filename=filename, text=text)


def test_samples_become_normalised_rows(sample_letters):
    assert Letter.objects.count() == 5
    senders = State.objects.filter(letters__isnull=False).distinct()
    assert list(senders.values_list("name", flat=True)) == ["Azerbaijan"]
    # The States they name are stored once each, as the senders are.
    assert list(State.objects.exclude(pk__in=senders).values_list("name", flat=True)) == [
        "Armenia",
        "France",
        "Russian Federation",
        "Union of Soviet Socialist Republics",
        "United States of America",
    ]
    aliyev = Person.objects.get(name="Yashar Aliyev")
    assert aliyev.signatures.filter(annex=None).count() == 4
    assert Annex.objects.count() == 3
    # Fourteen organisations sign the annex of sample 000.
    annex = sample_letters["000"].annexes.get()
    assert annex.signatures.count() == 14
    assert annex.signatures.first().organization == "The Russian Community of Azerbaijan"


def test_one_topic_across_sessions_keeps_each_sessions_number(sample_letters):
    topic = AgendaTopic.objects.get(title__startswith="Protracted conflicts in the GUAM area")
    numbers = sorted((item.session_id, item.number) for item in topic.items.all())
    assert numbers == [(61, 27), (71, 32), (74, 32), (75, 35)]
    letters_with_topic = Letter.objects.filter(agenda_items__topic=topic).distinct()
    assert letters_with_topic.count() == 5


def test_search_entry_is_written_with_the_letter(sample_letters):
    entry = SearchEntry.objects.get(letter=sample_letters["004"])
    assert entry.session_number == 75
    assert entry.sc_year == 76
    assert entry.year == 2021
    assert entry.has_annex is False
    cited = CitedDocument.objects.filter(pk__in=entry.cited_ids)
    assert "S/RES/822 (1993)" in set(cited.values_list("key", flat=True))
    assert SearchEntry.objects.filter(vector="aggression").count() >= 1


def test_same_bytes_twice_is_one_letter(sample_letters):
    text = SourceFile.objects.get(letter=sample_letters["001"]).text
    before = {m: m.objects.count() for m in (Letter, Annex, Signature, Citation, SourceFile)}
    result = _ingest(text, "001_again.txt")
    assert result.created is False
    assert result.letter == sample_letters["001"]
    assert {m: m.objects.count() for m in before} == before


def test_a_symbol_already_in_the_archive_is_refused_and_nothing_is_written():
    make_letter(symbol="A/76/123–S/2022/45", filename="first.txt")
    before = {m: m.objects.count() for m in (Letter, SourceFile, LetterSymbol, Signature)}
    with pytest.raises(DuplicateSymbol) as caught:
        make_letter(symbol="S/2022/45", body="Another text entirely.", filename="second.txt")
    assert caught.value.symbol == "S/2022/45"
    assert {m: m.objects.count() for m in before} == before


def test_a_failure_midway_leaves_nothing_behind():
    text = letter_text()
    parsed = parse_letter(text, file="broken.txt")
    too_long = Signatory(name="N" * 1000)  # over Person.name's 300 characters: the database refuses
    broken = dataclasses.replace(parsed, signatories=(*parsed.signatories, too_long))
    with pytest.raises(DataError):
        ingest_letter(parsed=broken, source=text.encode(), filename="broken.txt", text=text)
    for model in (Letter, SourceFile, LetterSymbol, Signature, Person, State, SearchEntry):
        assert model.objects.count() == 0, model


@pytest.mark.parametrize(
    "cited_first", [True, False], ids=["cited-letter-first", "citing-letter-first"]
)
def test_a_cited_symbol_links_to_the_letter_that_carries_it(cited_first):
    def cited():
        return make_letter(symbol="A/76/500–S/2022/100", filename="cited.txt")

    def citing():
        return make_letter(
            filename="citing.txt",
            state="Armenia",
            body="I refer to the letter dated 3 March 2022 (A/76/500-S/2022/100) and reject it.",
        )

    if cited_first:
        target, source = cited(), citing()
    else:
        source, target = citing(), cited()
    document = CitedDocument.objects.get(key="A/76/500-S/2022/100")
    assert document.letter == target
    assert list(Letter.objects.filter(citations__document__letter=target)) == [source]


def test_hostile_text_is_stored_verbatim():
    letter = make_letter(body="<script>alert('x')</script> and \u202eRTL\u200b text.")
    assert "<script>alert('x')</script>" in letter.body


def test_honorifics_and_non_state_senders_are_stored_apart(db):
    from tests.factories import make_letter

    with_title = make_letter(signer="H.E. Mr. Rufus Firefly", filename="a.txt", body="One.")
    plain = make_letter(signer="Rufus Firefly", filename="b.txt", body="Two.", symbol="A/76/2")
    signature = with_title.signatures.get()
    assert (signature.honorific, signature.person.name) == ("H.E. Mr.", "Rufus Firefly")
    assert plain.signatures.get().person == signature.person  # one person, not two
