"""The staff side in the admin: upload, review, correct, publish, access."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django import forms
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters.intake.reading import read_letter
from letters.models import Letter, LetterRevision, SearchEntry, SourceFile
from tests.conftest import SAMPLES
from tests.factories import letter_text, make_letter
from tests.jobs import deferred_jobs, run_deferred_jobs
from tests.pdf_factory import make_encrypted_pdf, make_pdf

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:letters_letter_upload")
CHANGELIST = reverse("admin:letters_letter_changelist")


def _file(name: str, data: bytes | str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data.encode() if isinstance(data, str) else data)


def _zip(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _upload(client, *files: SimpleUploadedFile, **fields):
    """Post the form; when it stores the files, run their jobs and open the report page
    the form sent the archivist to."""
    response = client.post(UPLOAD, {"files": list(files), **fields})
    if response.status_code != 303:
        return response
    run_deferred_jobs()
    return client.get(response.url)


def _outcomes(response) -> list[tuple[str, str]]:
    return [(o.name, str(o.outcome)) for o in response.context["outcomes"]]


def _review(letter: Letter) -> str:
    return reverse("admin:letters_letter_review", args=[letter.pk])


def _user(username: str, *perms: str, staff: bool = True) -> User:
    user = User.objects.create_user(username, password="pw-for-tests-only", is_staff=staff)
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    return user


# --- Upload: the five samples as .txt, .pdf and inside a .zip ----------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name[:3])
def test_each_sample_uploads_as_text_and_becomes_a_draft(admin_client, admin_user, path):
    response = _upload(admin_client, _file(path.name, path.read_bytes()))
    assert response.status_code == 200
    assert _outcomes(response) == [(path.name, "draft")]
    letter = Letter.objects.get()
    assert letter.published_at is None
    assert letter.uploaded_by == admin_user
    assert letter.source.data == path.read_bytes()
    assert not SearchEntry.objects.exists()  # drafts are not searchable
    assert LetterRevision.objects.filter(letter=letter, action="upload").exists()
    assert _review(letter) in response.content.decode()


KEY_FIELDS = ("title", "letter_date", "distribution_date", "ga_session", "sc_year")


# Generated PDFs of all five samples must parse like their text (source.py reads
# PDFs in pypdf's layout mode so that paragraph gaps survive).
PDF_PARAMS = [pytest.param(p, id=p.name[:3]) for p in SAMPLES]


@pytest.mark.parametrize("path", PDF_PARAMS)
def test_each_sample_uploads_as_pdf_and_parses_like_the_text(admin_client, path):
    text = path.read_text(encoding="utf-8")
    pdf_name = path.with_suffix(".pdf").name
    response = _upload(admin_client, _file(pdf_name, make_pdf(text)))
    assert _outcomes(response) == [(pdf_name, "draft")], response.context["outcomes"]
    letter = Letter.objects.get()
    from_text = read_letter(path.read_bytes(), path.name).parsed
    assert letter.source.content_type == "application/pdf"
    assert letter.title == from_text.title
    assert letter.letter_date == from_text.letter_date
    assert letter.distribution_date == from_text.distribution_date
    assert letter.session_id == from_text.ga_session
    assert letter.sc_year == from_text.sc_year
    assert sorted(letter.agenda_items.values_list("number", flat=True)) == sorted(
        a.number for a in from_text.agenda_items
    )
    assert [s.person.name for s in letter.signatures.filter(annex=None)] == [
        s.name for s in from_text.signatories
    ]


def test_all_samples_in_one_zip(admin_client):
    bundle = _zip({f"letters/{p.name}": p.read_bytes() for p in SAMPLES})
    response = _upload(admin_client, _file("samples.zip", bundle))
    assert [outcome for _, outcome in _outcomes(response)] == ["draft"] * 5
    assert Letter.objects.filter(published_at=None).count() == 5
    assert set(SourceFile.objects.values_list("name", flat=True)) == {p.name for p in SAMPLES}


def test_zip_ignores_directories_and_finder_junk_and_refuses_other_types(admin_client):
    bundle = _zip(
        {
            "a/": b"",
            "a/letter.txt": letter_text(),
            "__MACOSX/a/._letter.txt": b"\x00\x01",
            "a/notes.rtf": b"{\\rtf1 notes}",
        }
    )
    response = _upload(admin_client, _file("mixed.zip", bundle))
    assert _outcomes(response) == [
        ("mixed.zip › a/letter.txt", "draft"),
        ("mixed.zip › a/notes.rtf", "error"),
    ]
    assert "unsupported file type .rtf" in response.content.decode()


def test_uploader_gives_symbols_and_distribution_date(admin_client):
    response = _upload(
        admin_client,
        _file("nosymbol.txt", letter_text()),
        symbols="A/76/500 – S/2022/100",
        distribution_date="2022-03-09",
    )
    assert _outcomes(response) == [("nosymbol.txt", "draft")]
    letter = Letter.objects.get()
    assert list(letter.symbols.values_list("symbol", flat=True)) == ["A/76/500", "S/2022/100"]
    assert str(letter.distribution_date) == "2022-03-09"
    # Both count as corrections, so a re-parse keeps them.
    assert set(letter.corrected_fields) == {"symbols", "distribution_date"}


def test_symbols_are_refused_for_several_files(admin_client):
    response = _upload(
        admin_client,
        _file("a.txt", letter_text(signer="A One")),
        _file("b.txt", letter_text(signer="B Two")),
        symbols="A/76/500",
    )
    assert "only be given when uploading one letter" in response.content.decode()
    assert not Letter.objects.exists()


def test_an_invalid_symbol_is_a_form_error(admin_client):
    response = _upload(admin_client, _file("a.txt", letter_text()), symbols="not a symbol")
    assert "Not a document symbol" in response.content.decode()
    assert not Letter.objects.exists()


# --- Bad input: a clear message per file; good files still go through -------------


def _bomb() -> bytes:
    """Twelve members just under the 1 MB test limit: 10.8 MB from a few kilobytes."""
    return _zip({f"part{i}.txt": b"0" * 900_000 for i in range(12)})


def _lying_zip() -> bytes:
    """A member whose headers declare 10 bytes but which inflates to 2 MB."""
    data = bytearray(_zip({"liar.txt": b"0" * 2_000_000}))
    real = (2_000_000).to_bytes(4, "little")
    fake = (10).to_bytes(4, "little")
    assert data.count(real) == 2  # local header + central directory
    return bytes(data.replace(real, fake))


BAD_FILES = [
    pytest.param("empty.txt", b"", "is empty", id="empty"),
    pytest.param("binary.txt", bytes(range(256)) * 4, "binary", id="binary"),
    pytest.param(
        "latin1.txt", "Lettre dat\xe9e".encode("latin-1"), "not valid UTF-8", id="not-utf8"
    ),
    pytest.param("letter.exe", b"MZ\x90\x00", "unsupported file type .exe", id="unsupported"),
    pytest.param("letter.doc", b"\xd0\xcf\x11\xe0", "save it as .docx or PDF", id="old-word"),
    pytest.param("letter.docx", b"PK\x03\x04", "not a Word (.docx) document", id="docx-broken"),
    pytest.param("noext", b"hello", "unsupported file type", id="no-suffix"),
    pytest.param("big.txt", b"x" * 1_100_000, "limit", id="oversized"),
    pytest.param("bomb.zip", _bomb(), "zip bomb", id="zip-bomb-declared"),
    pytest.param("liar.zip", _lying_zip(), "liar.txt", id="zip-bomb-lying-header"),
    pytest.param("escape.zip", _zip({"../x.txt": letter_text()}), "unsafe path", id="zip-dotdot"),
    pytest.param("abs.zip", _zip({"/etc/x.txt": letter_text()}), "unsafe path", id="zip-absolute"),
    pytest.param("broken.zip", b"PK\x03\x04 not really", "not a readable zip", id="zip-broken"),
    pytest.param(
        "nested.zip", _zip({"in.zip": _zip({"a.txt": "x"})}), "zip inside", id="zip-nested"
    ),
    pytest.param("locked.pdf", make_encrypted_pdf(letter_text()), "encrypted", id="pdf-encrypted"),
    pytest.param("scan.pdf", make_pdf(None), "no text layer", id="pdf-no-text"),
    pytest.param("fake.pdf", b"just text, not a pdf", "not a valid PDF", id="pdf-fake"),
    pytest.param("notes.txt", "Shopping list: milk", "no recognisable letter", id="not-a-letter"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES)
def test_bad_file_gets_a_clear_message_and_good_ones_still_go_through(
    admin_client, settings, name, data, message
):
    settings.LETTERS_MAX_UPLOAD_BYTES = 1_000_000
    response = _upload(admin_client, _file(name, data), _file("good.txt", letter_text()))
    assert response.status_code == 200
    outcomes = response.context["outcomes"]
    assert [str(o.outcome) for o in outcomes] == ["error", "draft"], outcomes
    assert message in outcomes[0].message
    assert message in response.content.decode().replace("&#x27;", "'")
    # Nothing half-written: exactly the good letter and its file.
    assert Letter.objects.count() == SourceFile.objects.count() == 1
    assert Letter.objects.get().source.name == "good.txt"


def test_zip_member_over_the_limit_is_refused_but_its_siblings_go_through(admin_client, settings):
    settings.LETTERS_MAX_UPLOAD_BYTES = 50_000
    bundle = _zip({"big.txt": b"y" * 60_000, "ok.txt": letter_text()})
    response = _upload(admin_client, _file("two.zip", bundle))
    assert _outcomes(response) == [("two.zip › big.txt", "error"), ("two.zip › ok.txt", "draft")]


def test_zip_with_too_many_members_is_refused(admin_client, monkeypatch):
    monkeypatch.setattr("letters.intake.policy.ZIP_MAX_MEMBERS", 3)
    bundle = _zip({f"{i}.txt": letter_text(signer=f"Signer {i}") for i in range(4)})
    response = _upload(admin_client, _file("many.zip", bundle))
    assert _outcomes(response) == [("many.zip", "error")]
    assert "more than 3" in response.content.decode()
    assert not Letter.objects.exists()


# --- Duplicates ---------------------------------------------------------------------


def test_same_bytes_again_is_refused_with_a_link_to_the_existing_letter(admin_client):
    _upload(admin_client, _file("first.txt", letter_text()))
    existing = Letter.objects.get()
    response = _upload(admin_client, _file("again.txt", letter_text()))
    assert _outcomes(response) == [("again.txt", "duplicate")]
    html = response.content.decode()
    assert "already in the archive" in html
    assert reverse("admin:letters_letter_change", args=[existing.pk]) in html
    assert Letter.objects.count() == 1


def test_same_bytes_twice_in_one_upload_gives_one_letter(admin_client):
    response = _upload(admin_client, _file("a.txt", letter_text()), _file("b.txt", letter_text()))
    assert _outcomes(response) == [("a.txt", "draft"), ("b.txt", "duplicate")]


def test_a_symbol_already_in_the_archive_is_refused_with_a_link(admin_client):
    existing = make_letter(symbol="A/76/123–S/2022/45", filename="first.txt")
    response = _upload(
        admin_client, _file("other.txt", letter_text(symbol="A/76/123-S/2022/45", signer="X Y"))
    )
    assert _outcomes(response) == [("other.txt", "duplicate")]
    html = response.content.decode()
    assert "symbol A/76/123 already belongs" in html
    assert reverse("admin:letters_letter_change", args=[existing.pk]) in html
    assert Letter.objects.count() == SourceFile.objects.count() == 1


# --- Review, correct, publish ---------------------------------------------------------


def _draft(client, text: str | None = None, name: str = "draft.txt") -> Letter:
    response = _upload(client, _file(name, text or letter_text()))
    assert _outcomes(response) == [(name, "draft")], response.context["outcomes"]
    return Letter.objects.get(source__name=name)


def test_review_shows_every_contract_field_warnings_and_a_preview(admin_client):
    path = SAMPLES[4]
    letter = _draft(admin_client, path.read_text(encoding="utf-8"), path.name)
    response = admin_client.get(_review(letter))
    html = response.content.decode()
    for field in ("title", "letter_date", "agenda_items", "signatories", "cited_documents"):
        assert f'id="field-{field}"' in html
    assert "Yashar Aliyev" in html
    assert "Preview of the public page" in html
    assert "Draft" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_review_highlights_parse_warnings(admin_client):
    letter = _draft(admin_client)
    Letter.objects.filter(pk=letter.pk).update(parse_warnings=["agenda item count (2) differs"])
    html = admin_client.get(_review(letter)).content.decode()
    assert 'class="parse-warnings" role="alert"' in html
    assert "agenda item count (2) differs" in html


def test_hostile_title_is_escaped_on_the_review_page(admin_client):
    text = letter_text(body="I have the honour <script>alert('body')</script> to write.")
    text = text.replace(
        "Letter dated 3 March 2022", "Letter dated 3 March 2022 <script>alert(1)</script>"
    )
    letter = _draft(admin_client, text)
    assert "<script>" in letter.title
    html = admin_client.get(_review(letter)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(&#x27;body&#x27;)" not in html


def _change_data(client, letter: Letter, **overrides) -> dict:
    """The change form's current data, as the browser would post it back."""
    response = client.get(reverse("admin:letters_letter_change", args=[letter.pk]))
    data = {}
    for form in [response.context["adminform"].form] + [
        f for inline in response.context["inline_admin_formsets"] for f in [inline.formset]
    ]:
        if hasattr(form, "management_form"):
            for name, value in form.management_form.initial.items():
                data[f"{form.prefix}-{name}"] = value
            for sub in form.forms:
                data.update(_form_data(sub))
        else:
            data.update(_form_data(form))
    data.update(overrides)
    return data


def _form_data(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        if isinstance(field, forms.ModelMultipleChoiceField):
            data[key] = [str(v) for v in value]
        elif value is True:
            data[key] = "on"
        else:
            data[key] = value  # BoundField.value() is already prepared for the widget
    return data


def test_correct_a_field_then_publish(admin_client, admin_user):
    letter = _draft(admin_client)
    change = reverse("admin:letters_letter_change", args=[letter.pk])
    data = _change_data(admin_client, letter, title="Letter dated 3 March 2022 (corrected)")
    response = admin_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    letter.refresh_from_db()
    assert letter.title == "Letter dated 3 March 2022 (corrected)"
    assert letter.corrected_fields == ["title"]
    edit = letter.revisions.get(action="edit")
    assert edit.user == admin_user
    assert edit.changes["title"][1] == "Letter dated 3 March 2022 (corrected)"
    assert not SearchEntry.objects.exists()  # still a draft

    response = admin_client.post(reverse("admin:letters_letter_publish", args=[letter.pk]))
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.published_at is not None
    assert letter.revisions.get(action="publish").user == admin_user
    entry = SearchEntry.objects.get(letter=letter)
    assert SearchEntry.objects.filter(pk=entry.pk, vector="corrected").exists()


def test_editing_a_published_letter_refreshes_its_search_row(admin_client):
    letter = _draft(admin_client)
    admin_client.post(reverse("admin:letters_letter_publish", args=[letter.pk]))
    data = _change_data(admin_client, letter, body="The word platypus is now in the body.")
    admin_client.post(reverse("admin:letters_letter_change", args=[letter.pk]), data)
    assert SearchEntry.objects.filter(letter=letter, vector="platypus").exists()


def test_inline_symbol_added_by_hand_is_saved_and_searchable(admin_client):
    letter = _draft(admin_client)
    admin_client.post(reverse("admin:letters_letter_publish", args=[letter.pk]))
    data = _change_data(admin_client, letter)
    data.update(
        {"symbols-TOTAL_FORMS": "1", "symbols-0-symbol": "A/76/999", "symbols-0-position": "0"}
    )
    response = admin_client.post(reverse("admin:letters_letter_change", args=[letter.pk]), data)
    assert response.status_code == 302
    assert list(letter.symbols.values_list("symbol", flat=True)) == ["A/76/999"]
    letter.refresh_from_db()
    assert "symbols" in letter.corrected_fields
    assert SearchEntry.objects.filter(letter=letter, vector="A/76/999").exists()


def test_publish_needs_post(admin_client):
    letter = _draft(admin_client)
    response = admin_client.get(reverse("admin:letters_letter_publish", args=[letter.pk]))
    assert response.status_code == 405
    letter.refresh_from_db()
    assert letter.published_at is None


def test_unpublish_takes_the_letter_out_of_search(admin_client):
    letter = _draft(admin_client)
    admin_client.post(reverse("admin:letters_letter_publish", args=[letter.pk]))
    admin_client.post(reverse("admin:letters_letter_unpublish", args=[letter.pk]))
    letter.refresh_from_db()
    assert letter.published_at is None
    assert not SearchEntry.objects.exists()


def test_publish_action_on_the_changelist(admin_client):
    a = _draft(admin_client, letter_text(signer="A One"), "a.txt")
    b = _draft(admin_client, letter_text(signer="B Two"), "b.txt")
    response = admin_client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [a.pk, b.pk]}
    )
    assert response.status_code == 302
    assert Letter.objects.published().count() == 2
    assert SearchEntry.objects.count() == 2


def test_csrf_is_enforced_on_upload_and_publish(admin_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(UPLOAD, {"files": [_file("a.txt", letter_text())]})
    assert response.status_code == 403
    letter = make_letter()
    Letter.objects.filter(pk=letter.pk).update(published_at=None)
    response = client.post(reverse("admin:letters_letter_publish", args=[letter.pk]))
    assert response.status_code == 403
    assert Letter.objects.get(pk=letter.pk).published_at is None


# --- Access -------------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page(client):
    for url in (UPLOAD, CHANGELIST):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    response = client.post(UPLOAD, {"files": [_file("a.txt", letter_text())]})
    assert response.status_code == 302
    assert not Letter.objects.exists()


def test_non_staff_is_refused(client):
    client.force_login(_user("visitor", "letters.add_letter", staff=False))
    response = client.post(UPLOAD, {"files": [_file("a.txt", letter_text())]})
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert not Letter.objects.exists()


def test_staff_without_add_permission_gets_403_on_upload(client):
    client.force_login(_user("reader", "letters.view_letter"))
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"files": [_file("a.txt", letter_text())]}).status_code == 403
    assert not Letter.objects.exists()


def test_staff_without_change_permission_cannot_publish_or_edit(client):
    letter = make_letter()
    Letter.objects.filter(pk=letter.pk).update(published_at=None)
    client.force_login(_user("uploader", "letters.add_letter", "letters.view_letter"))
    assert client.post(reverse("admin:letters_letter_publish", args=[letter.pk])).status_code == 403
    assert Letter.objects.get(pk=letter.pk).published_at is None
    # The review page is readable, without the publish button.
    html = client.get(_review(letter)).content.decode()
    assert "Publish" not in html.replace("Published", "")


def test_uploader_with_add_permission_can_upload(client):
    client.force_login(_user("uploader", "letters.add_letter"))
    response = _upload(client, _file("a.txt", letter_text()))
    assert _outcomes(response) == [("a.txt", "draft")]


# --- The list --------------------------------------------------------------------------


def test_changelist_columns_filters_and_search(admin_client, sample_letters):
    html = admin_client.get(CHANGELIST).content.decode()
    assert "Upload letters" in html
    for heading in ("Symbols", "Letter date", "Title", "Session", "Sender", "Status"):
        assert heading in html
    for filter_title in ("By status", "By session", "By year", "By topic", "By senders"):
        assert filter_title.lower() in html.lower()
    drafts = admin_client.get(CHANGELIST, {"status": "draft"})
    assert drafts.context["cl"].result_count == 0
    by_year = admin_client.get(CHANGELIST, {"year": "2021"})
    assert by_year.context["cl"].result_count == 2  # samples 003 and 004
    found = admin_client.get(CHANGELIST, {"q": "have the honour to transmit herewith the appeal"})
    assert list(found.context["cl"].result_list) == [sample_letters["000"]]


def test_changelist_finds_a_symbol_typed_with_an_en_dash(admin_client):
    letter = make_letter(symbol="A/76/123–S/2022/45")
    response = admin_client.get(CHANGELIST, {"q": "S/2022/45"})
    assert list(response.context["cl"].result_list) == [letter]
    response = admin_client.get(CHANGELIST, {"q": "A/76/123 – S/2022/45"})
    assert list(response.context["cl"].result_list) == [letter]


def test_changelist_query_count_does_not_grow_with_letters(admin_client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(CHANGELIST).status_code == 200
        return len(queries)

    for i in range(2):
        make_letter(f"a{i}.txt", signer=f"Alpha {i}", symbol=f"A/76/{100 + i}")
    few = count()
    for i in range(6):
        make_letter(f"b{i}.txt", signer=f"Beta {i}", state=f"State{i}", symbol=f"A/76/{200 + i}")
    assert count() == few


def test_change_form_and_other_admin_pages_render(admin_client, sample_letters):
    letter = sample_letters["000"]
    assert (
        admin_client.get(reverse("admin:letters_letter_change", args=[letter.pk])).status_code
        == 200
    )
    for name in (
        "state",
        "session",
        "agendatopic",
        "agendaitem",
        "person",
        "citeddocument",
        "citation",
        "annex",
        "signature",
        "lettersymbol",
        "sourcefile",
        "searchentry",
        "letterrevision",
    ):
        assert admin_client.get(reverse(f"admin:letters_{name}_changelist")).status_code == 200, (
            name
        )


def test_add_letter_goes_to_the_upload_page(admin_client):
    response = admin_client.get(reverse("admin:letters_letter_add"))
    assert response.status_code == 302
    assert response.url == UPLOAD


# --- The public site never shows drafts --------------------------------------------------


def test_public_site_never_shows_a_draft_or_its_source(client, admin_client):
    """Fails if a draft appears at /letters/<id>/ or its source is served.

    The public pages belong to the search issue; until they exist (the
    placeholder answers 501) this test skips.
    """
    draft = _draft(admin_client)
    detail = reverse("letters:detail", args=[draft.pk])
    if client.get(detail).status_code == 501:
        pytest.skip("public letter page not built yet (search issue); re-run when it is")
    assert client.get(detail).status_code == 404
    assert client.get(reverse("letters:source", args=[draft.pk])).status_code == 404
    assert (
        draft.title not in client.get(reverse("letters:search"), {"q": "honour"}).content.decode()
    )
    admin_client.post(reverse("admin:letters_letter_publish", args=[draft.pk]))
    assert client.get(detail).status_code == 200


def test_every_upload_keeps_a_report_of_each_file(admin_client, admin_user):
    from letters.models import Upload

    bundle = _zip({"a.txt": letter_text(body="One."), "notes.txt": "Shopping list: milk"})
    response = _upload(admin_client, _file("bundle.zip", bundle), _file("x.exe", b"MZ"))
    upload = Upload.objects.get()
    assert (upload.uploaded_by, upload.files, upload.finished is not None) == (admin_user, 2, True)
    lines = [(line.name, line.outcome, line.letter_id is not None) for line in upload.lines.all()]
    assert lines == [
        ("bundle.zip › a.txt", "draft", True),
        ("bundle.zip › notes.txt", "error", False),
        ("x.exe", "error", False),
    ]
    assert reverse("admin:letters_upload_change", args=[upload.pk]) in response.content.decode()
    page = admin_client.get(reverse("admin:letters_upload_change", args=[upload.pk]))
    assert page.status_code == 200
    assert "no recognisable letter" in page.content.decode()


def test_an_upload_job_stopped_part_way_then_run_again_records_each_file_once(
    admin_client, monkeypatch
):
    # A worker can stop anywhere (killed, the machine lost): here while the third file of
    # a zip is being stored. The first two are in and the report says so; the job, run
    # again as the queue retries it, stores the third and records each outcome once.
    from letters.curation import upload as uploading
    from letters.models import Upload

    real_upload_letter = uploading.upload_letter
    calls = []

    def stopped_at_the_third(**kwargs):
        calls.append(kwargs["item"].name)
        if len(calls) == 3:
            raise TimeoutError("worker killed")
        return real_upload_letter(**kwargs)

    monkeypatch.setattr(uploading, "upload_letter", stopped_at_the_third)
    members = {f"{n}.txt": letter_text(body=f"Letter {n}.", symbol=f"A/76/{n}") for n in (1, 2, 3)}
    response = admin_client.post(UPLOAD, {"files": [_file("bundle.zip", _zip(members))]})
    assert response.status_code == 303
    with pytest.raises(TimeoutError):
        run_deferred_jobs()
    upload = Upload.objects.get()
    assert upload.finished is None
    assert [line.outcome for line in upload.lines.all()] == ["draft", "draft"]
    assert Letter.objects.count() == 2
    page = admin_client.get(response.url).content.decode()
    assert "1 remaining" in page
    assert '<meta http-equiv="refresh"' in page

    assert run_deferred_jobs() == 1  # the same job, again
    upload.refresh_from_db()
    assert upload.finished is not None
    assert [line.name for line in upload.lines.all()] == [
        f"bundle.zip › {n}.txt" for n in (1, 2, 3)
    ]
    assert [line.outcome for line in upload.lines.all()] == ["draft"] * 3
    assert Letter.objects.count() == 3
    assert calls == [f"bundle.zip › {n}.txt" for n in (1, 2, 3, 3)]
    page = admin_client.get(response.url).content.decode()
    assert "Done." in page
    assert '<meta http-equiv="refresh"' not in page
    listing = admin_client.get(reverse("admin:letters_upload_changelist")).content.decode()
    assert "letter files handled" in listing.lower()


def test_the_upload_form_returns_at_once_and_the_report_fills_in_as_jobs_run(admin_client):
    from letters.models import UploadFile

    members = {f"{n}.txt": letter_text(body=f"Letter {n}.", symbol=f"A/76/{n}") for n in (1, 2)}
    response = admin_client.post(
        UPLOAD, {"files": [_file("bundle.zip", _zip(members)), _file("c.txt", letter_text())]}
    )
    assert response.status_code == 303
    assert not Letter.objects.exists()  # nothing read in the request
    assert [f.name for f in UploadFile.objects.all()] == ["bundle.zip", "c.txt"]
    assert len(deferred_jobs("read_upload_file")) == 2
    page = admin_client.get(response.url)
    assert "0 of 2 files read" in page.content.decode()
    assert "Reading…" in page.content.decode()

    run_deferred_jobs()
    page = admin_client.get(response.url)
    html = page.content.decode()
    assert "2 of 2 files read" in html
    assert "3 stored" in html
    assert html.count("Review and publish") == 3
    # Read files let their bytes go: the drafts keep their own.
    assert {bytes(f.data) for f in UploadFile.objects.all()} == {b""}
    assert {f.letter_files for f in UploadFile.objects.all()} == {2, 1}


def test_the_review_page_of_a_very_long_letter_shows_a_bounded_preview(admin_client, admin_user):
    body = "\n\n".join(f"Paragraph {n}: " + "word " * 200 for n in range(400))  # 400 KB
    _upload(admin_client, _file("long.txt", letter_text(body=body)))
    letter = Letter.objects.get()
    assert len(letter.body) > 400_000
    response = admin_client.get(_review(letter))
    assert response.status_code == 200
    assert len(response.content) < 150_000
    assert "more characters not shown" in response.content.decode()


def test_the_review_page_marks_where_each_field_was_read(admin_client, admin_user):
    text = letter_text(body="I write about <script>alert(1)</script> fisheries.")
    _upload(admin_client, _file("a.txt", text))
    letter = Letter.objects.get()
    html = admin_client.get(_review(letter)).content.decode()
    # Each located value is marked in the escaped text, and its field links to it.
    assert (
        '<mark id="at-letter_date" data-field="letter_date" title="letter_date">3 March 2022</mark>'
        in html
    )
    assert 'href="#at-signatories">line' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" not in html
    # A value corrected by hand to something the text does not print is the one to check.
    Letter.objects.filter(pk=letter.pk).update(sender_title="Envoy extraordinary")
    html = admin_client.get(_review(letter)).content.decode()
    row = html[html.index('id="field-sender_title"') :]
    assert "not found in the text: check it" in row[: row.index("</tr>")]


def test_the_admin_names_every_table_in_words(admin_client):
    """Django's default plural adds an "s" ("search entrys"): every model the admin lists
    has a name that reads as English."""
    from django.contrib import admin

    plurals = {str(model._meta.verbose_name_plural) for model in admin.site._registry}
    assert "search rows" in plurals
    assert [p for p in plurals if re.search(r"[^aeiou]ys$|xs$|ss$", p)] == []
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "Search rows" in index
    assert "entrys" not in index


def test_search_rows_are_listed_and_shown_without_their_vector_and_pairs(admin_client):
    letter = make_letter(body="The Security Council met.")
    with CaptureQueriesContext(connection) as queries:
        listed = admin_client.get(reverse("admin:letters_searchentry_changelist"))
        shown = admin_client.get(reverse("admin:letters_searchentry_change", args=[letter.pk]))
    assert listed.status_code == 200
    assert shown.status_code == 200
    rows = [q["sql"] for q in queries.captured_queries if 'FROM "letters_searchentry"' in q["sql"]]
    assert rows
    assert not [sql for sql in rows if '"vector"' in sql or '"phrase_pairs"' in sql]
