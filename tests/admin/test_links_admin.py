"""Links corrected by hand in the admin: the letter a reference names chosen where several
match (the review page warns), Charter Articles and States mentioned edited, each kept
through re-parse (DESIGN.md §6, §13)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from letters.curation.reparse import apply_reparse
from letters.models import Letter, SearchEntry, State
from tests.admin.test_admin import _change_data
from tests.factories import make_letter

pytestmark = pytest.mark.django_db

REPLY = (
    "In response to the letter dated 22 April 2021 from the Permanent Representative of "
    "Armenia, I have the honour to state the following."
)


@pytest.fixture
def ambiguous():
    """A reply that two of Armenia's letters of 22 April 2021 could answer."""
    first = make_letter(state="Armenia", dated="22 April 2021", body="One.", filename="1.txt")
    second = make_letter(state="Armenia", dated="22 April 2021", body="Two.", filename="2.txt")
    reply = make_letter(symbol="A/76/5", state="Azerbaijan", body=REPLY, filename="r.txt")
    return first, second, reply


def test_the_review_page_warns_of_a_reference_several_letters_match(admin_client, ambiguous):
    _, _, reply = ambiguous
    html = admin_client.get(reverse("admin:letters_letter_review", args=[reply.pk])).content
    html = html.decode()
    section = html[html.index('id="references-heading"') :]
    assert 'role="alert"' in section
    assert "not linked: 2 stored letters match it" in section


def test_choosing_the_letter_by_hand_keeps_it(admin_client, ambiguous):
    _, second, reply = ambiguous
    change = reverse("admin:letters_letter_change", args=[reply.pk])
    data = _change_data(admin_client, reply, **{"references-0-target": str(second.pk)})
    response = admin_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    ref = reply.references.get()
    assert (ref.target, ref.resolution) == (second, "hand")
    # Another letter of that day, and a re-parse, leave the archivist's choice.
    make_letter(state="Armenia", dated="22 April 2021", body="Three.", filename="3.txt")
    apply_reparse(letter=reply, user=None)
    ref = reply.references.get()
    assert (ref.target, ref.resolution) == (second, "hand")
    html = admin_client.get(reverse("admin:letters_letter_review", args=[reply.pk])).content
    assert b"set by hand" in html


def test_articles_and_mentions_corrected_by_hand_are_searched_and_kept(admin_client, ambiguous):
    _, _, reply = ambiguous
    france = State.objects.create(name="France", slug="france")
    change = reverse("admin:letters_letter_change", args=[reply.pk])
    data = _change_data(
        admin_client,
        reply,
        charter_articles="51, 2 (4)",
        states_mentioned=[str(france.pk)],
    )
    response = admin_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    reply.refresh_from_db()
    assert reply.charter_articles == ["51", "2(4)"]
    assert {"charter_articles", "states_mentioned"} <= set(reply.corrected_fields)
    entry = SearchEntry.objects.get(letter=reply)
    assert entry.charter_articles == ["2(4)", "51"]
    assert entry.mentioned_state_ids == [france.pk]
    apply_reparse(letter=reply, user=None)
    reply.refresh_from_db()
    assert reply.charter_articles == ["51", "2(4)"]
    assert list(reply.states_mentioned.all()) == [france]


@pytest.mark.parametrize("value", ["Article 51", "51(", "1234", "51;DROP", "x" * 500])
def test_a_charter_article_that_is_not_one_is_a_form_error(admin_client, value):
    letter = make_letter(symbol="A/76/9", filename="x.txt")
    change = reverse("admin:letters_letter_change", args=[letter.pk])
    response = admin_client.post(change, _change_data(admin_client, letter, charter_articles=value))
    assert response.status_code == 200
    assert "charter_articles" in response.context["adminform"].form.errors
    assert Letter.objects.get(pk=letter.pk).charter_articles == []
