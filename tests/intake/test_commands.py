"""The management commands, end to end, including bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from letters.models import Letter, SourceFile
from tests.conftest import FIXTURES, SAMPLES
from tests.factories import letter_text

GOLDEN = Path(__file__).resolve().parent.parent / "parsing" / "golden"


def run(command: str, *args) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command(command, *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# parse_letter ---------------------------------------------------------------------------
# No `db` fixture: pytest-django fails any test here that touches the database.


def test_parse_letter_prints_the_contract_for_one_file():
    out, _ = run("parse_letter", SAMPLES[4])
    expected = json.loads((GOLDEN / f"{SAMPLES[4].stem}.json").read_text())
    assert json.loads(out) == expected


def test_parse_letter_prints_an_array_for_several_files():
    out, _ = run("parse_letter", *SAMPLES)
    parsed = json.loads(out)
    assert [p["file"] for p in parsed] == [p.name for p in SAMPLES]
    assert [p["ga_session"] for p in parsed] == [61, 71, 74, 75, 75]


def test_parse_letter_takes_the_symbol_from_the_command_line():
    out, _ = run("parse_letter", SAMPLES[1], "--symbol", "A/71/780 – S/2017/141")
    assert json.loads(out)["symbols"] == ["A/71/780", "S/2017/141"]


def test_parse_letter_reports_bad_files_and_fails(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="1 of 2"):
        run("parse_letter", SAMPLES[0], empty)


# import_letters --------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_letters_imports_a_folder_and_skips_on_rerun():
    out, _ = run("import_letters", FIXTURES)
    assert "5 imported, 0 skipped, 0 failed" in out
    assert Letter.objects.count() == 5
    out, _ = run("import_letters", FIXTURES)
    assert "0 imported, 5 skipped, 0 failed" in out
    assert Letter.objects.count() == 5


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty.txt": b"",
        "blank.txt": b"   \n\n\t ",
        "binary.txt": bytes(range(256)) * 8,
        "latin1.txt": letter_text(state="Côte d'Ivoire").encode("latin-1"),
        "huge.txt": b"word " * 300_000,
        "shopping.txt": b"Eggs\nMilk\nBread\n",
        "broken.pdf": b"%PDF-1.7\n this is not really a pdf",
        "letter.doc": b"\xd0\xcf\x11\xe0 old Word",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in files}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param("empty.txt", "empty", id="empty"),
        pytest.param("blank.txt", "", id="whitespace-only"),
        pytest.param("binary.txt", "binary", id="binary"),
        pytest.param("latin1.txt", "UTF-8", id="not-utf8"),
        pytest.param("huge.txt", "limit", id="oversized"),
        pytest.param("shopping.txt", "no recognisable letter", id="not-a-letter"),
        pytest.param("broken.pdf", "PDF", id="malformed-pdf"),
        pytest.param("letter.doc", "save it as .docx or PDF", id="old-word"),
    ],
)
def test_import_letters_refuses_bad_input_with_one_clear_line(tmp_path, settings, name, message):
    settings.LETTERS_MAX_UPLOAD_BYTES = 1_000_000
    path = _bad_files(tmp_path)[name]
    with pytest.raises(CommandError) as caught:
        run("import_letters", path)
    reason = str(caught.value).splitlines()[-1]
    assert reason.startswith(name)
    assert message.lower() in reason.lower()
    assert Letter.objects.count() == 0
    assert SourceFile.objects.count() == 0


@pytest.mark.django_db
def test_import_letters_keeps_good_files_when_others_fail(tmp_path, settings):
    settings.LETTERS_MAX_UPLOAD_BYTES = 1_000_000
    _bad_files(tmp_path)
    (tmp_path / "good.txt").write_text(letter_text(symbol="A/76/9"), encoding="utf-8")
    with pytest.raises(CommandError, match="file\\(s\\) failed"):
        run("import_letters", tmp_path)
    assert list(Letter.objects.values_list("symbols__symbol", flat=True)) == ["A/76/9"]


@pytest.mark.django_db
def test_import_letters_names_a_missing_path():
    with pytest.raises(CommandError, match="no such file"):
        run("import_letters", "does/not/exist.txt")


@pytest.mark.django_db
def test_import_letters_stores_hostile_text_verbatim(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(
        letter_text(
            body="<script>alert(1)</script> Zero\u200bwidth, \u202eright-to-left, e\u0301."
        ),
        encoding="utf-8",
    )
    run("import_letters", path)
    letter = Letter.objects.get()
    assert "<script>alert(1)</script>" in letter.body
    assert bytes(SourceFile.objects.get().data) == path.read_bytes()


@pytest.mark.django_db
def test_bulk_import_stores_good_files_and_reports_bad_ones(tmp_path, settings):
    settings.LETTERS_MAX_UPLOAD_BYTES = 1_000_000
    _bad_files(tmp_path)
    for path in SAMPLES:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    # letter.doc is not picked up from a folder: only the readable types are.
    with pytest.raises(CommandError, match="7 file\\(s\\) failed"):
        run("import_letters", "--bulk", tmp_path)
    assert Letter.objects.count() == 5
    stored = {bytes(s.data) for s in SourceFile.objects.all()}
    assert stored == {path.read_bytes() for path in SAMPLES}
    out, _ = run("import_letters", "--bulk", *SAMPLES)
    assert "0 imported, 5 skipped, 0 failed" in out


def test_reparse_rederives_every_letter_and_keeps_hand_corrections(sample_letters):
    from letters.models import Letter

    # As an older parser left them: a wrong title on one letter, a wrong date on another,
    # and on a third a title an archivist corrected by hand.
    old, corrected, dated = sample_letters["000"], sample_letters["001"], sample_letters["002"]
    Letter.objects.filter(pk=old.pk).update(title="Letter (old parse)")
    Letter.objects.filter(pk=dated.pk).update(letter_date="1999-01-01")
    Letter.objects.filter(pk=corrected.pk).update(title="Hand title", corrected_fields=["title"])

    out, err = io.StringIO(), io.StringIO()
    call_command("reparse", "--dry-run", stdout=out, stderr=err)
    assert "5 letter(s) re-parsed, 2 would change, 0 failed" in out.getvalue()
    assert Letter.objects.get(pk=old.pk).title == "Letter (old parse)"

    out = io.StringIO()
    call_command("reparse", stdout=out, stderr=io.StringIO())
    report = out.getvalue()
    assert "5 letter(s) re-parsed, 2 changed, 0 failed" in report
    assert "  title: 1 letter(s)" in report
    assert "  letter_date: 1 letter(s)" in report
    assert "kept as corrected by hand: title (1)" in report
    assert Letter.objects.get(pk=old.pk).title == sample_letters["000"].title
    assert str(Letter.objects.get(pk=dated.pk).letter_date) == str(dated.letter_date)
    assert Letter.objects.get(pk=corrected.pk).title == "Hand title"
    assert Letter.objects.get(pk=old.pk).revisions.filter(action="reparse").exists()

    out = io.StringIO()
    call_command("reparse", stdout=out, stderr=io.StringIO())
    assert "5 letter(s) re-parsed, 0 changed, 0 failed" in out.getvalue()
