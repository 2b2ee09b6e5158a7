"""A shared record edited by hand in the admin: its letters' search rows are rewritten by
a job (letters/curation/records.py), and the refresh is logged."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from letters.models import Person, SearchEntry, State
from tests.factories import make_letter
from tests.jobs import deferred_jobs, run_deferred_jobs

pytestmark = pytest.mark.django_db


def indexed(word: str) -> list[int]:
    """The letters whose search vector holds ``word`` (the names are in the vector)."""
    rows = SearchEntry.objects.filter(vector=word).order_by("letter_id")
    return list(rows.values_list("letter_id", flat=True))


def test_a_state_renamed_in_the_admin_is_found_by_its_new_name_once_the_job_ran(
    admin_client, caplog
):
    letter = make_letter(symbol="A/76/1", state="Norway")
    other = make_letter(symbol="A/76/2", state="Chile", filename="b.txt")
    state = State.objects.get(name="Norway")
    url = reverse("admin:letters_state_change", args=[state.pk])
    response = admin_client.post(url, {"name": "Nordland", "slug": "norway"})
    assert response.status_code == 302
    [job] = deferred_jobs("refresh_search_rows")
    assert job.args["letter_ids"] == [letter.pk]  # only the letters pointing at it
    assert indexed("Nordland") == []  # not yet: the job has not run

    with caplog.at_level(logging.INFO, logger="letters.curation.records"):
        run_deferred_jobs()
    assert indexed("Nordland") == [letter.pk]
    assert other.pk not in indexed("Nordland")
    assert f"rewritten after admin edited state {state.pk} (Nordland)" in caplog.text


def test_a_person_renamed_refreshes_every_letter_they_signed(admin_client):
    first = make_letter(symbol="A/76/1", signer="Mona Juul")
    second = make_letter(symbol="A/76/2", signer="Mona Juul", filename="b.txt")
    person = Person.objects.get(name="Mona Juul")
    url = reverse("admin:letters_person_change", args=[person.pk])
    admin_client.post(url, {"name": "Mona Juul-Hansen", "key": person.key})
    run_deferred_jobs()
    assert indexed("Hansen") == sorted([first.pk, second.pk])


def test_a_record_no_letter_points_at_defers_nothing(admin_client):
    admin_client.post(reverse("admin:letters_state_add"), {"name": "Atlantis", "slug": "atl"})
    assert State.objects.filter(name="Atlantis").exists()
    assert not deferred_jobs()


def test_running_the_refresh_again_changes_nothing(admin_client):
    letter = make_letter(symbol="A/76/1", state="Norway")
    state = State.objects.get(name="Norway")
    admin_client.post(
        reverse("admin:letters_state_change", args=[state.pk]),
        {"name": "Nordland", "slug": "norway"},
    )
    [job] = deferred_jobs("refresh_search_rows")
    from letters.curation.records import refresh_search_rows

    run_deferred_jobs()
    row = SearchEntry.objects.values().get(letter=letter)
    assert refresh_search_rows(letter_ids=job.args["letter_ids"], record="x", username="") == 1
    assert SearchEntry.objects.values().get(letter=letter) == row
