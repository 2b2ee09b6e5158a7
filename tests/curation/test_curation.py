"""Staff-side write services (letters.curation): re-parse, merge, publish, concurrent uploads."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse

from letters.curation.edit import record_edit
from letters.curation.fields import letter_fields
from letters.curation.merge import merge_records
from letters.curation.publish import publish_letter
from letters.curation.reparse import (
    IN_REQUEST,
    apply_reparse,
    plan_reparse,
    reparse_letters,
    schedule_reparse,
)
from letters.curation.upload import Outcome, UploadOutcome, upload_letter
from letters.intake.unpacking import UploadItem
from letters.models import (
    AgendaTopic,
    Citation,
    CitedDocument,
    Letter,
    LetterRevision,
    LetterSymbol,
    Person,
    SearchEntry,
    SourceFile,
    State,
)
from tests.factories import letter_text, make_letter
from tests.jobs import deferred_jobs, run_deferred_jobs


@pytest.fixture
def archivist(db) -> User:
    return User.objects.create_user("archivist", is_staff=True, is_superuser=True)


def _draft(text: str, user: User, name: str = "d.txt") -> Letter:
    outcome = upload_letter(item=UploadItem(name, name, data=text.encode()), uploaded_by=user)
    assert outcome.outcome == Outcome.DRAFT, outcome.message
    return outcome.letter


# --- Re-parse -------------------------------------------------------------------------


@pytest.mark.django_db
def test_reparse_of_an_unchanged_letter_changes_nothing(sample_letters, archivist):
    for letter in sample_letters.values():
        plan = plan_reparse(letter)
        assert plan.error is None
        assert not plan.has_changes, (letter.source.name, plan.changes)


@pytest.mark.django_db
def test_reparse_shows_old_and_new_and_applies(archivist):
    letter = _draft(letter_text(), archivist)
    # As if an older parser had read the title and the session wrongly.
    Letter.objects.filter(pk=letter.pk).update(title="Old parser title", sc_year=None)
    letter.refresh_from_db()
    plan = plan_reparse(letter)
    assert plan.changes["title"][0] == "Old parser title"
    assert plan.changes["title"][1].startswith("Letter dated 3 March 2022")
    assert set(plan.changes) == {"title"}  # sc_year is None in the text too
    apply_reparse(letter=letter, user=archivist)
    letter.refresh_from_db()
    assert letter.title.startswith("Letter dated 3 March 2022")
    revision = letter.revisions.get(action=LetterRevision.Action.REPARSE)
    assert revision.user == archivist
    assert revision.changes["title"][0] == "Old parser title"


@pytest.mark.django_db
def test_reparse_keeps_manual_corrections_unless_discarded(archivist):
    letter = _draft(letter_text(), archivist)
    before = letter_fields(letter)
    letter.title = "Corrected by an archivist"
    letter.save()
    record_edit(letter=letter, before=before, user=archivist)
    letter.refresh_from_db()
    assert letter.corrected_fields == ["title"]

    plan = plan_reparse(letter)
    assert "title" in plan.kept
    assert "title" not in plan.changes
    apply_reparse(letter=letter, user=archivist)
    letter.refresh_from_db()
    assert letter.title == "Corrected by an archivist"

    apply_reparse(letter=letter, user=archivist, discard_corrections=True)
    letter.refresh_from_db()
    assert letter.title.startswith("Letter dated 3 March 2022")
    assert letter.corrected_fields == []


@pytest.mark.django_db
def test_reparse_restores_rows_a_stale_parse_lost(archivist):
    letter = _draft(letter_text(), archivist)
    letter.signatures.all().delete()
    letter.agenda_items.clear()
    letter.senders.clear()
    letter.refresh_from_db()
    plan = apply_reparse(letter=letter, user=archivist)
    assert {"signatories", "agenda_items", "senders"} <= set(plan.changes)
    assert [s.person.name for s in letter.signatures.all()] == ["Mona Juul"]
    assert list(letter.senders.values_list("name", flat=True)) == ["Norway"]
    assert plan_reparse(letter).has_changes is False


@pytest.mark.django_db
def test_reparse_of_a_published_letter_refreshes_search(archivist):
    letter = make_letter()
    Letter.objects.filter(pk=letter.pk).update(body="stale")
    letter.refresh_from_db()
    apply_reparse(letter=letter, user=archivist)
    assert SearchEntry.objects.filter(letter=letter, vector="honour").exists()


@pytest.mark.django_db
def test_reparse_admin_action_previews_then_applies(admin_client):
    letter = make_letter()
    Letter.objects.filter(pk=letter.pk).update(title="Stale <b>title</b>")
    url = reverse("admin:letters_letter_changelist")
    preview = admin_client.post(
        url, {"action": "reparse_selected", "_selected_action": [letter.pk]}
    )
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Stale &lt;b&gt;title&lt;/b&gt;" in html
    assert "will change" in html
    assert Letter.objects.get(pk=letter.pk).title == "Stale <b>title</b>"  # nothing written yet
    done = admin_client.post(
        url, {"action": "reparse_selected", "_selected_action": [letter.pk], "apply": "1"}
    )
    assert done.status_code == 302
    assert Letter.objects.get(pk=letter.pk).title.startswith("Letter dated 3 March 2022")


def _letters(count: int) -> list[Letter]:
    """``count`` letters whose stored titles are stale: a re-parse changes each."""
    letters = [make_letter(f"{n}.txt", body=f"Letter number {n}.") for n in range(count)]
    Letter.objects.filter(pk__in=[letter.pk for letter in letters]).update(title="Stale")
    return letters


def test_a_large_reparse_is_previewed_in_part_and_applied_by_a_job(admin_client, admin_user):
    letters = _letters(IN_REQUEST + 2)
    url = reverse("admin:letters_letter_changelist")
    selected = {"action": "reparse_selected", "_selected_action": [x.pk for x in letters]}
    preview = admin_client.post(url, selected)
    html = preview.content.decode()
    assert html.count("will change") == IN_REQUEST
    assert f"{IN_REQUEST + 2} letters are selected: the first {IN_REQUEST} are shown" in html
    assert html.count(f'name="_selected_action" value="{letters[-1].pk}"') == 1

    done = admin_client.post(url, {**selected, "apply": "1"}, follow=True)
    assert "Re-parsing 22 letters as a job" in done.content.decode()
    assert set(Letter.objects.values_list("title", flat=True)) == {"Stale"}  # not yet
    [job] = deferred_jobs("reparse_letters")
    assert job.args["user_id"] == admin_user.pk
    assert run_deferred_jobs() == 1
    assert not Letter.objects.filter(title="Stale").exists()
    revisions = LetterRevision.objects.filter(action=LetterRevision.Action.REPARSE)
    assert revisions.count() == len(letters)
    assert {r.user for r in revisions} == {admin_user}
    # Run again (a worker died after the work): nothing is left to change.
    schedule_reparse([x.pk for x in letters], user=admin_user, discard_corrections=False)
    run_deferred_jobs()
    assert revisions.count() == len(letters)


def test_a_reparse_across_every_page_of_the_list_carries_the_selection_across(admin_client):
    letters = _letters(IN_REQUEST + 1)
    url = reverse("admin:letters_letter_changelist")
    across = {"action": "reparse_selected", "select_across": "1", "_selected_action": [0]}
    preview = admin_client.post(url, across).content.decode()
    assert '<input type="hidden" name="select_across" value="1">' in preview
    admin_client.post(url, {**across, "apply": "1"})
    [job] = deferred_jobs("reparse_letters")
    assert sorted(job.args["letter_ids"]) == sorted(x.pk for x in letters)


def test_a_letter_refused_by_a_reparse_says_why_in_its_history(archivist):
    kept = make_letter("a.txt", symbol="A/76/1")
    refused = make_letter("b.txt", symbol="A/76/2")
    # The symbol the refused letter prints is now the other letter's.
    LetterSymbol.objects.filter(letter=refused).update(symbol="A/76/3")
    LetterSymbol.objects.filter(letter=kept).update(symbol="A/76/2")
    changed, refusals = reparse_letters([refused], user=archivist)
    assert changed == 0
    [refusal] = refusals
    assert refusal.startswith(f"{refused}: not re-parsed, ")
    revision = refused.revisions.get(action=LetterRevision.Action.REPARSE)
    assert revision.note.startswith("Not re-parsed: ")
    assert "A/76/2" in revision.note
    assert revision.changes == {}


# --- Merge ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_merge_people_moves_signatures_and_refreshes_search(archivist):
    a = make_letter("a.txt", signer="Yashar Aliyev")
    b = make_letter("b.txt", signer="Yashar Aliev", state="Azerbaijan")
    keep, other = Person.objects.get(name="Yashar Aliyev"), Person.objects.get(name="Yashar Aliev")
    affected = merge_records(keep=keep, others=[other], user=archivist)
    assert affected == 1
    assert not Person.objects.filter(pk=other.pk).exists()
    assert b.signatures.get().person == keep
    b.refresh_from_db()
    assert "signatories" in b.corrected_fields
    assert SearchEntry.objects.get(letter=b).person_ids == [keep.pk]
    assert b.revisions.get(action="merge").changes["signatories"][1][0]["name"] == "Yashar Aliyev"
    assert a.revisions.count() == 0


@pytest.mark.django_db
def test_merge_states_when_a_letter_names_both(archivist):
    letter = make_letter(state="Armenia and France")
    armenia, france = State.objects.get(name="Armenia"), State.objects.get(name="France")
    other = make_letter("o.txt", state="France", signer="Other Person")
    merge_records(keep=armenia, others=[france], user=archivist)
    assert list(letter.senders.all()) == [armenia]
    assert list(other.senders.all()) == [armenia]
    assert SearchEntry.objects.get(letter=other).state_ids == [armenia.pk]


@pytest.mark.django_db
def test_merge_topics_and_cited_documents(archivist):
    a = make_letter("a.txt", topic="Culture of peace", item=15)
    b = make_letter("b.txt", topic="Culture  of Peace.", item=16, signer="Other Person")
    topics = list(AgendaTopic.objects.order_by("pk"))
    if len(topics) == 2:  # topic_key may already fold these together
        merge_records(keep=topics[0], others=topics[1:], user=archivist)
    assert AgendaTopic.objects.count() == 1
    assert SearchEntry.objects.get(letter=b).topic_ids == [topics[0].pk]

    keep = CitedDocument.objects.create(kind="treaty", key="Helsinki Final Act", label="HFA")
    dup = CitedDocument.objects.create(kind="treaty", key="Final Act of Helsinki", label="FAH")
    Citation.objects.create(letter=a, document=keep, text="x")
    Citation.objects.create(letter=a, document=dup, text="y")
    Citation.objects.create(letter=b, document=dup, text="z")
    merge_records(keep=keep, others=[dup], user=archivist)
    assert Citation.objects.filter(document=keep).count() == 2
    assert not CitedDocument.objects.filter(pk=dup.pk).exists()


@pytest.mark.django_db
def test_merge_action_asks_which_to_keep(admin_client):
    make_letter("a.txt", signer="Mona Juul")
    make_letter("b.txt", signer="Mona Jul", state="Sweden")
    ids = list(Person.objects.order_by("name").values_list("pk", flat=True))
    url = reverse("admin:letters_person_changelist")
    confirm = admin_client.post(url, {"action": "merge_selected", "_selected_action": ids})
    assert confirm.status_code == 200
    assert "Keep this one" in confirm.content.decode()
    keep = Person.objects.get(name="Mona Juul")
    done = admin_client.post(
        url,
        {"action": "merge_selected", "_selected_action": ids, "apply": "1", "keep": keep.pk},
    )
    assert done.status_code == 302
    assert list(Person.objects.all()) == [keep]


def test_a_merge_naming_many_letters_runs_as_a_job(admin_client, admin_user, monkeypatch):
    from letters.curation import merge

    monkeypatch.setattr(merge, "IN_REQUEST", 0)  # one letter stands for many
    a = make_letter("a.txt", signer="Mona Juul")
    b = make_letter("b.txt", signer="Mona Jul", state="Sweden")
    keep, other = Person.objects.get(name="Mona Juul"), Person.objects.get(name="Mona Jul")
    url = reverse("admin:letters_person_changelist")
    done = admin_client.post(
        url,
        {
            "action": "merge_selected",
            "_selected_action": [keep.pk, other.pk],
            "apply": "1",
            "keep": keep.pk,
        },
        follow=True,
    )
    assert "Merging 1 into “Mona Juul” as a job: the 1 letter(s) naming" in done.content.decode()
    assert Person.objects.count() == 2  # not yet
    [job] = deferred_jobs("merge_records")
    assert job.args == {
        "model": "letters.Person",
        "keep_id": keep.pk,
        "other_ids": [other.pk],
        "user_id": admin_user.pk,
    }
    assert run_deferred_jobs() == 1
    assert list(Person.objects.all()) == [keep]
    assert b.revisions.get(action="merge").user == admin_user
    assert SearchEntry.objects.get(letter=b).person_ids == [keep.pk]
    assert a.revisions.count() == 0
    # Run again (a worker died after the work): the other record is gone, nothing happens.
    merge.schedule_merge(keep=keep, others=[other], user=admin_user)
    run_deferred_jobs()
    assert b.revisions.filter(action="merge").count() == 1


@pytest.mark.django_db
def test_merge_needs_change_and_delete_permission(client):
    from django.contrib.auth.models import Permission

    make_letter("a.txt", signer="Mona Juul")
    make_letter("b.txt", signer="Mona Jul", state="Sweden")
    user = User.objects.create_user("clerk", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_person", "change_person"])
    )
    client.force_login(user)
    ids = list(Person.objects.values_list("pk", flat=True))
    url = reverse("admin:letters_person_changelist")
    client.post(
        url, {"action": "merge_selected", "_selected_action": ids, "apply": "1", "keep": ids[0]}
    )
    assert Person.objects.count() == 2


# --- Publish --------------------------------------------------------------------------


@pytest.mark.django_db
def test_publish_is_once_and_recorded(archivist):
    letter = _draft(letter_text(), archivist)
    assert publish_letter(letter=letter, user=archivist) is True
    assert publish_letter(letter=letter, user=archivist) is False
    assert letter.revisions.filter(action="publish").count() == 1
    assert SearchEntry.objects.filter(letter=letter).exists()


# --- Concurrency: a database constraint, not only a check in Python -------------------------


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_uploads_of_the_same_bytes_give_one_letter(archivist):
    data = letter_text(signer="Simultaneous Signer").encode()
    barrier = threading.Barrier(2)
    outcomes: list[UploadOutcome] = []
    errors: list[BaseException] = []

    def upload(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes.append(upload_letter(item=UploadItem(name, name, data=data), uploaded_by=None))
        except BaseException as error:  # surfaced in the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(f"t{i}.txt",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(str(o.outcome) for o in outcomes) == ["draft", "duplicate"]
    assert Letter.objects.count() == SourceFile.objects.count() == 1
    duplicate = next(o for o in outcomes if o.outcome == Outcome.DUPLICATE)
    assert duplicate.letter == Letter.objects.get()


# Each case: the fields of a letter introducing the raced record, and a letter stored
# before with every other record of it (so the race is on that record alone).
_RACED = {
    "state": ({"state": "Freedonia"}, {"state": "Sylvania"}),
    "person": ({"signer": "Rufus Firefly"}, {"signer": "Chicolini"}),
    "agenda item and topic": (
        {"topic": "Duck soup", "item": 12},
        {"topic": "Horse feathers", "item": 13},
    ),
    "cited document": (
        {"body": "As resolution 9999 (2022) requests."},
        {"body": "As resolution 9998 (2022) requests."},
    ),
}


@pytest.mark.parametrize("raced", list(_RACED))
@pytest.mark.django_db(transaction=True)
def test_two_uploads_introducing_the_same_new_record_at_once_share_it(archivist, raced):
    # The first upload's transaction holds the new record uncommitted while the second
    # upload needs it: the second waits on the unique key, then shares the row the first
    # committed instead of being refused.
    import time

    from django.db import connections, transaction

    from letters.models import AgendaTopic, CitedDocument, Person, State

    common = {"state": "Norway", "signer": "Mona Juul", "topic": "Oceans", "item": 11}
    common["body"] = "As resolution 9990 (2022) requests."
    new, before = _RACED[raced]
    make_letter(filename="before.txt", **{**common, **before})

    def text(suffix: str, dated: str) -> bytes:
        fields = {**common, **new}
        return letter_text(
            **{**fields, "body": f"{fields['body']} {suffix}", "dated": dated}
        ).encode()

    first, second = text("First.", "3 March 2022"), text("Second.", "4 March 2022")
    stored_first = threading.Event()
    outcomes: dict[str, UploadOutcome] = {}
    errors: list[BaseException] = []

    def wait_until_another_waits(timeout: float) -> None:
        watcher = connections.create_connection("default")
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                with watcher.cursor() as cursor:
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                    )
                    if cursor.fetchone()[0]:
                        return
                time.sleep(0.05)
        finally:
            watcher.close()

    def upload_first() -> None:
        try:
            with transaction.atomic():
                outcomes["first"] = upload_letter(
                    item=UploadItem("a.txt", "a.txt", data=first), uploaded_by=None
                )
                stored_first.set()
                wait_until_another_waits(timeout=15)
        except BaseException as error:  # surfaced in the main thread below
            errors.append(error)
        finally:
            stored_first.set()
            connection.close()

    def upload_second() -> None:
        try:
            stored_first.wait(timeout=15)
            outcomes["second"] = upload_letter(
                item=UploadItem("b.txt", "b.txt", data=second), uploaded_by=None
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload_first), threading.Thread(target=upload_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert [outcomes[k].message for k in ("first", "second")] == [
        "a.txt: stored as a draft",
        "b.txt: stored as a draft",
    ]
    assert Letter.objects.count() == 3
    assert State.objects.filter(name="Freedonia").count() <= 1
    assert Person.objects.filter(name="Rufus Firefly").count() <= 1
    assert AgendaTopic.objects.filter(title="Duck soup").count() <= 1
    assert CitedDocument.objects.filter(key__startswith="S/RES/9999").count() <= 1
    a, b = (Letter.objects.get(pk=outcomes[k].letter.pk) for k in ("first", "second"))
    assert letter_fields(a)["senders"] == letter_fields(b)["senders"]
    assert letter_fields(a)["agenda_items"] == letter_fields(b)["agenda_items"]
