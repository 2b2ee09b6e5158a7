"""The bulk loader writes exactly what the per-letter ingest writes, a batch at a time.

Inside a test's transaction the loader writes every batch on the test's connection; the
``transaction=True`` tests run its writer threads, each on its own connection.
"""

from __future__ import annotations

import pytest
from django.db import connection

from letters.bulk import BulkItem, BulkLoader, parse_in_parallel
from letters.models import CitedDocument, Letter, SearchEntry, SourceFile
from letters.parsing import parse_letter
from letters.services import ingest_letter
from letters.synthetic.generator import CorpusGenerator
from tests.conftest import SAMPLES
from tests.factories import letter_text

pytestmark = pytest.mark.django_db


def _items() -> list[BulkItem]:
    jobs = [(path.read_text(encoding="utf-8"), path.name) for path in SAMPLES]
    return list(parse_in_parallel(jobs, processes=2))


def _synthetic_items(count: int) -> list[BulkItem]:
    return [
        BulkItem(g.parsed, g.text.encode(), g.filename, g.text)
        for g in CorpusGenerator(seed=4).letters(count)
    ]


def _ingest_one_by_one(items: list[BulkItem]) -> None:
    for item in items:
        ingest_letter(
            parsed=item.parsed, source=item.source, filename=item.filename, text=item.text
        )


def snapshot() -> dict[str, dict]:
    """Everything stored per letter, with ids replaced by what they stand for."""
    result = {}
    for letter in Letter.objects.select_related("session", "source").order_by("pk"):
        entry = SearchEntry.objects.get(letter=letter)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT vector::text FROM letters_searchentry WHERE letter_id = %s", [letter.pk]
            )
            vector = cursor.fetchone()[0]
        result[letter.source.sha256] = {
            "fields": (
                letter.title,
                letter.kind,
                letter.letter_date,
                letter.distribution_date,
                letter.session_id,
                letter.sc_year,
                letter.sender_title,
                letter.body,
                tuple(letter.addressees),
                tuple(letter.parse_warnings),
            ),
            "source": (letter.source.name, letter.source.content_type, letter.source.size),
            "symbols": list(letter.symbols.values_list("symbol", flat=True)),
            "senders": sorted(letter.senders.values_list("name", flat=True)),
            "agenda": sorted(letter.agenda_items.values_list("number", "topic__key")),
            "annexes": list(letter.annexes.values_list("label", "title", "date", "place", "body")),
            "signatures": sorted(
                letter.signatures.values_list(
                    "person__key", "title", "organization", "annex__position"
                )
            ),
            "citations": sorted(letter.citations.values_list("document__key", "text")),
            "vector": vector,
            "entry": (
                entry.year,
                entry.session_number,
                entry.sc_year,
                entry.kind,
                entry.has_annex,
                len(entry.topic_ids),
                len(entry.cited_ids),
                len(entry.person_ids),
                len(entry.state_ids),
                entry.in_sample == (letter.pk % SearchEntry.SAMPLE_RATE == 0),
            ),
        }
    return result


def test_bulk_load_matches_the_per_letter_ingest():
    items = _items()
    result = BulkLoader().load(items, batch_size=2)
    assert (result.created, result.skipped, result.failed) == (5, 0, [])
    bulk = snapshot()

    Letter.objects.all().delete()
    SourceFile.objects.all().delete()
    _ingest_one_by_one(items)
    assert snapshot() == bulk


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_match_the_per_letter_ingest():
    items = [*_items(), *_synthetic_items(60)]
    result = BulkLoader(writers=2).load(items, batch_size=4)
    assert (result.created, result.skipped, result.failed) == (65, 0, [])
    bulk = snapshot()

    Letter.objects.all().delete()
    SourceFile.objects.all().delete()
    _ingest_one_by_one(items)
    assert snapshot() == bulk


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_see_batches_not_yet_committed():
    # Each copy and twin comes a batch after its original, usually while that batch is
    # still being written by another connection.
    originals = _synthetic_items(12)
    twins = [
        BulkItem(item.parsed, item.source + b"\n", f"twin-{item.filename}", item.text)
        for item in originals
    ]
    items = [x for pair in zip(originals, originals, twins, strict=True) for x in pair]
    result = BulkLoader(writers=2).load(items, batch_size=1)
    assert (result.created, result.skipped, len(result.failed)) == (12, 12, 12)
    assert Letter.objects.count() == SearchEntry.objects.count() == 12
    assert all("already stored" in failure for failure in result.failed)


def test_parallel_parse_equals_serial_parse():
    for item, path in zip(_items(), SAMPLES, strict=True):
        assert item.parsed == parse_letter(path.read_text(encoding="utf-8"), file=path.name)


def test_bulk_load_skips_stored_letters_and_refuses_taken_symbols():
    loader = BulkLoader()
    loader.load(_items())
    again = loader.load(_items())
    assert (again.created, again.skipped) == (0, 5)

    twins = [
        BulkItem(parse_letter(text, file=name), text.encode(), name, text)
        for name, text in [
            ("one.txt", letter_text(symbol="A/76/9", body="First.")),
            ("two.txt", letter_text(symbol="A/76/9", body="Second.")),
        ]
    ]
    result = BulkLoader().load(twins)
    assert result.created == 1
    assert result.failed == ["two.txt: symbol A/76/9 already stored"]


def test_bulk_load_links_citations_in_both_directions():
    answered_text = letter_text(symbol="A/75/861–S/2021/392", state="Armenia")
    items = [
        *_items(),
        BulkItem(
            parse_letter(answered_text, file="a.txt"),
            answered_text.encode(),
            "a.txt",
            answered_text,
        ),
    ]
    BulkLoader(synthetic=True).load(items, batch_size=3)
    answered = Letter.objects.get(symbols__symbol="A/75/861")
    assert CitedDocument.objects.get(key="A/75/861-S/2021/392").letter == answered
    assert Letter.objects.filter(is_synthetic=True).count() == 6
    assert SearchEntry.objects.filter(is_synthetic=True).count() == 6
