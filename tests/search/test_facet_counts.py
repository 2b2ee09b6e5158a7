"""The browse lists' counts (``FacetCount``), kept by triggers on the search table: after
every kind of write they equal a count of the published letters through the letters'
own relations, which is how the lists counted before the counts were kept."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection
from django.db.models import Count

from letters.curation.merge import merge_records
from letters.curation.publish import publish_letter, unpublish_letter
from letters.intake.bulk import BulkLoader
from letters.intake.reading import read_letter
from letters.models import FacetCount, Letter, State, public_letter_q
from letters.search.facets import FACETS_BY_NAME
from tests.factories import letter_text, make_letter

MIGRATION = importlib.import_module("letters.migrations.0021_facet_counts")

# Each counted facet's values, through the letters' relations rather than the search rows.
_THROUGH = {
    "session": "session_id",
    "agenda": "agenda_items__topic",
    "cited": "citations__document",
    "state": "senders",
    "signatory": "signatures__person",
}


def counted_through_letters(facet: str) -> dict[int, int]:
    """value -> published letters with it, counted from the letters' relations."""
    column = _THROUGH[facet]
    rows = (
        Letter.objects.filter(public_letter_q(), **{f"{column}__isnull": False})
        .values_list(column)
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return dict(rows)


def kept(facet: str) -> dict[int, int]:
    return dict(FacetCount.objects.with_letters(facet).values_list("value", "n"))


def assert_counts_are_the_letters(settings) -> None:
    """The kept counts of every counted facet, with synthetic letters and without, are
    the letters' own."""
    for include_synthetic in (False, True):
        settings.LETTERS_INCLUDE_SYNTHETIC = include_synthetic
        for facet in FacetCount.FACETS:
            assert kept(facet) == counted_through_letters(facet), (facet, include_synthetic)
    assert not FacetCount.objects.filter(letters__lt=0).exists()


def test_the_triggers_count_the_registrys_columns():
    # The migration's columns are the registry's for the counted facets: a facet whose
    # column changed would be counted from the wrong one.
    declared = [
        (name, FACETS_BY_NAME[name].column, FACETS_BY_NAME[name].array)
        for name in FacetCount.FACETS
    ]
    assert declared == MIGRATION.COUNTED


def test_counts_follow_ingest_publication_edits_merges_and_deletion(settings, sample_letters):
    assert_counts_are_the_letters(settings)
    assert kept("cited")  # the samples cite documents, send from States, sign…

    extra = [
        make_letter(
            symbol=f"A/76/{n}",
            state=state,
            signer=signer,
            body=f"As resolution 822 (1993) and resolution {900 + n} (1994) request.",
            filename=f"extra{n}.txt",
        )
        for n, (state, signer) in enumerate(
            [("Norway", "Mona Juul"), ("Norway", "Mona Juul"), ("Kenya", "Martin Kimani")]
        )
    ]
    assert_counts_are_the_letters(settings)

    unpublish_letter(letter=extra[0], user=None)
    assert_counts_are_the_letters(settings)
    publish_letter(letter=extra[0], user=None)
    unpublish_letter(letter=sample_letters["001"], user=None)
    assert_counts_are_the_letters(settings)

    # Two States recorded for one: the letters move to the one kept.
    kenya, norway = State.objects.get(name="Kenya"), State.objects.get(name="Norway")
    merge_records(keep=norway, others=[kenya], user=None)
    assert kept("state")[norway.pk] == 3
    assert kenya.pk not in kept("state")
    assert_counts_are_the_letters(settings)

    extra[1].delete()
    Letter.objects.filter(pk=sample_letters["002"].pk).delete()
    assert_counts_are_the_letters(settings)


def test_counts_follow_the_bulk_loader_and_synthetic_letters(settings, db):
    texts = [
        letter_text(
            symbol=f"A/77/{n}",
            state=("Chile", "Peru")[n % 2],
            signer=f"Signer {n % 3}",
            body=f"Recalling resolution {n % 4 + 1} (1946).",
        )
        for n in range(12)
    ]
    items = [read_letter(text.encode(), f"{n}.txt") for n, text in enumerate(texts)]
    BulkLoader().load(items, batch_size=5)
    make_letter(symbol="A/77/99", state="Chile", filename="real.txt")
    read = read_letter(letter_text(symbol="A/77/98", state="Chile").encode(), "synthetic.txt")
    from letters.intake.ingest import ingest_letter

    ingest_letter(
        parsed=read.parsed, source=read.data, filename="s.txt", text=read.text, synthetic=True
    )
    assert_counts_are_the_letters(settings)
    chile = State.objects.get(name="Chile")
    settings.LETTERS_INCLUDE_SYNTHETIC = False
    assert kept("state")[chile.pk] == 7
    settings.LETTERS_INCLUDE_SYNTHETIC = True
    assert kept("state")[chile.pk] == 8

    # Loading the same letters again rewrites their search rows: counted once still.
    BulkLoader().load(items, batch_size=5)
    assert_counts_are_the_letters(settings)


def test_the_migration_counts_the_rows_already_written(settings, sample_letters):
    before = {facet: kept(facet) for facet in FacetCount.FACETS}
    FacetCount.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(MIGRATION.COUNT_EXISTING)
    assert {facet: kept(facet) for facet in FacetCount.FACETS} == before
    assert_counts_are_the_letters(settings)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_add_up(settings):
    """Two connections publishing letters with the same values at once both count (the
    second waits for the first's count rows, then adds to them)."""
    import threading

    from django.db import connections

    letters = [
        make_letter(symbol=f"A/78/{n}", state="Chile", signer="Ana", filename=f"{n}.txt")
        for n in range(6)
    ]
    for letter in letters:
        unpublish_letter(letter=letter, user=None)
    errors = []

    def publish(part):
        try:
            for letter in part:
                publish_letter(letter=letter, user=None)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(letters[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert kept("state")[State.objects.get(name="Chile").pk] == 6
    assert_counts_are_the_letters(settings)
