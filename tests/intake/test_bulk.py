"""The bulk loader writes exactly what the per-letter ingest writes, a batch at a time.

Inside a test's transaction the loader writes every batch on the test's connection; the
``transaction=True`` tests run its writer threads, each on its own connection.
"""

from __future__ import annotations

import contextlib
import itertools

import pytest
from django.apps import apps
from django.db import connection, models

from letters.intake.bulk import BulkLoader, analyze_written, parse_in_parallel
from letters.intake.ingest import DuplicateSymbol
from letters.intake.reading import ReadLetter
from letters.models import (
    AgendaItem,
    AgendaTopic,
    CitedDocument,
    Letter,
    LetterRevision,
    LetterSymbol,
    Person,
    Reference,
    SearchEntry,
    Session,
    SourceFile,
    State,
)
from letters.parsing import parse_letter
from letters.search.facets import FACETS
from letters.synthetic.generator import CorpusGenerator
from tests.conftest import SAMPLES
from tests.factories import letter_text
from tests.intake.languages import ingest, texts

pytestmark = pytest.mark.django_db


def _items() -> list[ReadLetter]:
    jobs = [(path.read_text(encoding="utf-8"), path.name) for path in SAMPLES]
    return list(parse_in_parallel(jobs, processes=2))


def _synthetic_items(count: int) -> list[ReadLetter]:
    return [
        ReadLetter(g.filename, g.text.encode(), g.text, g.parsed)
        for g in CorpusGenerator(seed=4).letters(count)
    ]


def _ingest_one_by_one(items: list[ReadLetter]) -> None:
    for item in items:
        with contextlib.suppress(DuplicateSymbol):  # refused, as the bulk loader refuses it
            ingest(item)


# The search row's facet columns that hold ids of a table's rows, and that table.
_FACET_TABLES = {
    facet.column: facet.values.model
    for facet in FACETS
    if facet.array and getattr(facet.values, "model", None)
}

# Columns whose values depend on when or in which order rows were written, not on what
# was stored: ids (replaced by what they point at) and timestamps.
_WHEN = {"created", "updated", "published_at"}


def snapshot() -> dict[str, list]:
    """Every concrete field of every row of every table of the app (and the letters'
    many-to-many tables), with ids replaced by what they stand for, so a column one
    ingest path forgets to write cannot pass unnoticed."""
    tables = [*apps.get_app_config("letters").get_models(), Letter.senders.through]
    tables += [Letter.agenda_items.through, Letter.states_mentioned.through]
    keys = {model: _natural_keys(model) for model in tables}
    result = {}
    for model in tables:
        # Revisions are stamped by who and when; the publication version counts writes,
        # which the two paths batch differently; the facet counts are the search rows'
        # (tests/search/test_facet_counts.py).
        if model.__name__ in ("LetterRevision", "PublicationVersion", "FacetCount"):
            continue
        rows = []
        for obj in model.objects.all():
            row = {}
            for field in model._meta.concrete_fields:
                if (field.primary_key and not field.is_relation) or field.name in _WHEN:
                    continue
                value = getattr(obj, field.attname)
                if field.is_relation and value is not None:
                    value = keys[field.related_model][value]
                if field.name == "vector":
                    value = _vector_text(obj.pk)
                if field.name in _FACET_TABLES and value is not None:
                    # A facet column holds ids of shared records: what they stand for.
                    names = keys[apps.get_model(_FACET_TABLES[field.name])]
                    value = sorted(map(repr, (names[v] for v in value)))
                if field.name == "in_sample":  # by id: whether the id's rule was followed
                    value = value == (obj.pk % SearchEntry.SAMPLE_RATE == 0)
                if isinstance(value, memoryview):
                    value = bytes(value)
                row[field.name] = value
            rows.append(repr(sorted(row.items())))
        result[model.__name__] = sorted(rows)
    return result


def _natural_keys(model: type[models.Model]) -> dict:
    """id -> a value that names the row whichever path stored it."""
    if model is Letter:
        return dict(Letter.objects.values_list("pk", "source__sha256"))
    if model.__name__ == "Annex":
        return {
            pk: (sha, position)
            for pk, sha, position in model.objects.values_list(
                "pk", "letter__source__sha256", "position"
            )
        }
    for name in ("sha256", "key", "number"):
        if any(f.name == name for f in model._meta.concrete_fields):
            return dict(model.objects.values_list("pk", name))
    if model.__name__ == "AgendaItem":
        return {
            pk: (session, number)
            for pk, session, number in model.objects.values_list("pk", "session", "number")
        }
    if any(f.name == "name" for f in model._meta.concrete_fields):
        return dict(model.objects.values_list("pk", "name"))
    return {}


def _vector_text(letter_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT vector::text FROM letters_searchentry WHERE letter_id = %s", [letter_id]
        )
        return cursor.fetchone()[0]


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
    # The corpus's replies name earlier letters: some references are resolved, and the
    # snapshot compares their targets too.
    assert Reference.objects.filter(target__isnull=False).count() >= 5
    assert Letter.states_mentioned.through.objects.exists()
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
        ReadLetter(f"twin-{item.filename}", item.data + b"\n", item.text, item.parsed)
        for item in originals
    ]
    items = [x for pair in zip(originals, originals, twins, strict=True) for x in pair]
    result = BulkLoader(writers=2).load(items, batch_size=1)
    assert (result.created, result.skipped, len(result.failed)) == (12, 12, 12)
    assert Letter.objects.count() == SearchEntry.objects.count() == 12
    assert all("already stored" in failure for failure in result.failed)


def _planner_rows(model) -> float:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
        )
        return cursor.fetchone()[0]


def _pending_gin_pages(index: str) -> int:
    """Merges the GIN index's pending entries into it; how many pages of them there were."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        return cursor.fetchone()[0]


def test_readying_what_a_load_wrote_merges_gin_lists_and_analyzes():
    # The planner's idea of the tables is the load's, not the empty archive's it found,
    # and their GIN indexes hold every entry in their trees, not in a list each look-up
    # reads through.
    BulkLoader().load(_synthetic_items(12))  # fewer than ANALYZE_FROM letters
    rows = LetterSymbol.objects.count()
    assert rows > 12
    assert _planner_rows(LetterSymbol) != rows
    touch = "UPDATE letters_searchentry SET cited_ids = cited_ids || 0"
    with connection.cursor() as cursor:
        cursor.execute(touch)
    assert _pending_gin_pages("searchentry_cited_idx") > 0  # an update adds pending entries
    with connection.cursor() as cursor:
        cursor.execute(touch)
    analyze_written()
    assert _planner_rows(LetterSymbol) == rows
    assert _pending_gin_pages("searchentry_cited_idx") == 0


def test_resolving_references_leaves_no_pending_symbols():
    BulkLoader().load(_synthetic_items(12))
    assert Reference.objects.filter(target__isnull=False).exists()
    assert _pending_gin_pages("reference_symbols_idx") == 0


def test_a_load_of_analyze_from_letters_readies_them_before_linking(monkeypatch):
    monkeypatch.setattr("letters.intake.bulk.ANALYZE_FROM", 12)
    BulkLoader().load(_synthetic_items(12))
    assert _planner_rows(LetterSymbol) == LetterSymbol.objects.count()


def test_parallel_parse_equals_serial_parse():
    for item, path in zip(_items(), SAMPLES, strict=True):
        assert item.parsed == parse_letter(path.read_text(encoding="utf-8"), file=path.name)


def test_bulk_load_skips_stored_letters_and_refuses_taken_symbols():
    loader = BulkLoader()
    loader.load(_items())
    again = loader.load(_items())
    assert (again.created, again.skipped) == (0, 5)

    twins = [
        ReadLetter(name, text.encode(), text, parse_letter(text, file=name))
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
        ReadLetter(
            "a.txt",
            answered_text.encode(),
            answered_text,
            parse_letter(answered_text, file="a.txt"),
        ),
    ]
    BulkLoader(synthetic=True).load(items, batch_size=3)
    answered = Letter.objects.get(symbols__symbol="A/75/861")
    assert CitedDocument.objects.get(key="A/75/861-S/2021/392").letter == answered
    assert Letter.objects.filter(is_synthetic=True).count() == 6
    assert SearchEntry.objects.filter(is_synthetic=True).count() == 6


# Language versions ---------------------------------------------------------------------


def _letters_in_languages() -> list[list[ReadLetter]]:
    """Four letters, each in several languages (a text a file), English not first."""
    return [
        texts(11, ["fr", "en", "es"]),
        texts(12, ["ru", "ar", "en"], family="russian"),
        texts(13, ["zh", "es"], family="chinese"),
        texts(14, ["es", "fr", "en"], family="joint"),
    ]


def _arranged(letters: list[list[ReadLetter]], order: str) -> list[ReadLetter]:
    if order == "english_first":
        letters = [sorted(t, key=lambda item: item.parsed.language != "en") for t in letters]
    if order == "interleaved":
        return [item for group in itertools.zip_longest(*letters) for item in group if item]
    return [item for texts_of_one in letters for item in texts_of_one]


def _revisions() -> list:
    return sorted(
        (r.letter.source.sha256, r.action, r.note, repr(sorted(r.changes.items())))
        for r in LetterRevision.objects.select_related("letter__source")
    )


def _empty_the_archive() -> None:
    """Letters, their files and the shared records they made: a second load starts as
    the first did (an agenda item's topic, named by the first title given, shows in
    the revisions)."""
    Letter.objects.all().delete()
    SourceFile.objects.all().delete()
    for model in (CitedDocument, Person, AgendaItem, AgendaTopic, Session, State):
        model.objects.all().delete()


@pytest.mark.parametrize("batch_size", [1, 3, 100])
@pytest.mark.parametrize("order", ["as_read", "english_first", "interleaved"])
def test_bulk_stores_versions_and_main_texts_as_the_per_letter_ingest(order, batch_size):
    items = _arranged(_letters_in_languages(), order)
    result = BulkLoader().load(items, batch_size=batch_size)
    assert (result.created, result.joined, result.skipped, result.failed) == (4, 7, 0, [])
    assert sorted(Letter.objects.values_list("language", flat=True)) == ["en", "en", "en", "zh"]
    bulk, bulk_revisions = snapshot(), _revisions()

    _empty_the_archive()
    _ingest_one_by_one(items)
    assert snapshot() == bulk
    if batch_size == 1:
        # Each text its own batch: every new main text replaces a stored one, logged alike.
        assert _revisions() == bulk_revisions
        assert len(bulk_revisions) == (3 if order != "english_first" else 0)


def test_bulk_adds_versions_and_a_main_text_to_letters_already_stored():
    french, english, spanish = texts(15, ["fr", "en", "es"])
    russian, arabic = texts(16, ["ru", "ar"], family="russian")
    stored = [ingest(french).letter, ingest(russian).letter]
    Letter.objects.filter(pk=stored[0].pk).update(sc_year=99, corrected_fields=["sc_year", "body"])
    result = BulkLoader().load([spanish, arabic, english, english], batch_size=10)
    assert (result.created, result.joined, result.skipped, result.failed) == (0, 3, 1, [])
    bulk, bulk_revisions = snapshot(), _revisions()
    letter = Letter.objects.get(pk=stored[0].pk)
    assert (letter.language, letter.sc_year, letter.corrected_fields) == ("en", 99, ["sc_year"])
    assert SearchEntry.objects.get(letter=letter).languages == ["en", "es", "fr"]

    _empty_the_archive()
    for item in (french, russian):
        ingest(item)
    Letter.objects.filter(symbols__symbol=french.parsed.symbols[0]).update(
        sc_year=99, corrected_fields=["sc_year", "body"]
    )
    _ingest_one_by_one([spanish, arabic, english])
    assert snapshot() == bulk
    assert _revisions() == bulk_revisions


def test_bulk_refuses_a_text_that_cannot_join_as_the_per_letter_ingest_does():
    french, english = texts(17, ["fr", "en"])
    second = ReadLetter(
        "en2.txt", english.data + b"\n", english.text + "\n", english.parsed
    )  # another English text of the same letter
    result = BulkLoader().load([french, english, second], batch_size=2)
    assert (result.created, result.joined) == (1, 1)
    assert result.failed == [f"en2.txt: symbol {sorted(english.parsed.symbols)[0]} already stored"]


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_store_versions_as_the_per_letter_ingest():
    # One text a batch, a letter's texts in consecutive batches: each waits for the batch
    # before it, still being written by the other connection.
    items = _arranged(_letters_in_languages(), "as_read") + _synthetic_items(6)
    result = BulkLoader(writers=2).load(items, batch_size=1)
    assert (result.created, result.joined, result.failed) == (10, 7, [])
    bulk, bulk_revisions = snapshot(), _revisions()

    _empty_the_archive()
    _ingest_one_by_one(items)
    assert snapshot() == bulk
    assert _revisions() == bulk_revisions
