"""Letters in any of the six UN languages, stored on their own; the English text, when it
comes, becomes the main text and the others its versions, whichever order they arrive in
(DESIGN.md §11); joint and group senders stored whole."""

from __future__ import annotations

import dataclasses
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from letters.curation.upload import Outcome, upload_letter
from letters.intake import stored
from letters.intake.ingest import DuplicateSymbol
from letters.intake.reading import read_letter
from letters.intake.unpacking import UploadItem
from letters.models import Letter, LetterRevision, SearchEntry, SourceFile, State
from letters.parsing import SourceError
from letters.parsing.language import LANGUAGES
from tests.intake.languages import FAMILY_OF, ingest, text_in, texts
from tests.intake.test_bulk import snapshot
from tests.opendata import test_dump_load as dump_load
from tests.parsing import families, phrasings

pytestmark = pytest.mark.django_db

# A word of each language's letter body, searched in a form the body does not print
# where the language is stemmed (a plural, a genitive); Arabic and Chinese are not.
WORDS = {
    "fr": "préoccupations",
    "es": "acontecimiento",
    "ru": "правительства",
    "ar": "القلق",
    "zh": "我国政府对此深表关切",
}


def _search(client, **params) -> list[int]:
    response = client.get(reverse("letters:search"), params)
    return [row.pk for row in response.context["page"]]


def _facet(client, name: str, **params) -> dict[str, int]:
    response = client.get(reverse("letters:search"), params)
    group = next(g for g in response.context["facets"] if g.name == name)
    return {value.label: value.count for value in group.values}


def _empty_the_archive() -> None:
    Letter.objects.all().delete()  # versions and revisions go with their letter
    SourceFile.objects.all().delete()


@pytest.mark.parametrize("family", families.FAMILIES)
def test_every_family_and_language_is_read_as_a_letter_on_its_own(family):
    for _, text in families.letters(family, 4):
        read_letter(text.encode(), f"{family}.txt")  # not refused


def test_a_copy_as_sent_without_its_signature_page_is_still_a_letter():
    _, text = families.letters("as_sent", 1)[0]
    first_page = text[: text.index("Please accept")]
    parsed = read_letter(first_page.encode(), "as-sent.txt").parsed
    assert (parsed.title, parsed.signatories, parsed.distribution_date) == (None, (), None)
    assert parsed.letter_date
    assert parsed.addressees


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Liste de courses : du lait, des œufs et du pain pour le week-end.", id="fr"),
        pytest.param("Lista de la compra: leche, huevos y pan para el fin de semana.", id="es"),
        pytest.param("Список покупок: молоко, яйца и хлеб на выходные за городом.", id="ru"),
        pytest.param("قائمة التسوق: الحليب والبيض والخبز لعطلة نهاية الأسبوع.", id="ar"),
        pytest.param("购物清单：周末要买牛奶、鸡蛋和面包。", id="zh"),
        pytest.param("Meeting on 3 March 2022 about the garden.", id="en-a-date-alone"),
        pytest.param("A/76/500", id="a-symbol-in-no-language"),
    ],
)
def test_prose_in_any_language_is_not_a_letter(text):
    with pytest.raises(SourceError, match="no recognisable letter in any of the six UN languages"):
        read_letter(text.encode(), "notes.txt")


@pytest.mark.parametrize("language", ["fr", "es", "ru", "ar", "zh"])
def test_a_letter_in_any_un_language_stores_on_its_own(client, language):
    (item,) = texts(1, [language], family=FAMILY_OF[language])
    parsed = item.parsed
    result = ingest(item)
    letter = result.letter
    assert result.created
    assert letter.language == language
    assert list(letter.symbols.values_list("symbol", flat=True)) == list(parsed.symbols)
    assert len(parsed.symbols) >= 1
    stored = (letter.distribution_date, letter.letter_date, letter.session_id, letter.sc_year)
    assert stored == (
        parsed.distribution_date,
        parsed.letter_date,
        parsed.ga_session,
        parsed.sc_year,
    )
    assert parsed.distribution_date
    assert parsed.letter_date
    assert sorted(letter.senders.values_list("name", flat=True)) == sorted(parsed.sender.states)
    cited = [c.document.key for c in letter.citations.order_by("position")]
    assert cited == [c.key for c in parsed.cited_documents]
    assert cited
    assert letter.signatures.filter(annex=None).count() == len(parsed.signatories)

    # Found by its words, in its language's stemming, and by its facets.
    assert _search(client, q=WORDS[language]) == [letter.pk]
    assert _search(client, q=parsed.symbols[0]) == [letter.pk]
    assert _facet(client, "language") == {LANGUAGES[language]: 1}
    filters = {
        "language": language,
        "year": parsed.letter_date.year,
        "cited": cited[0],
        "state": State.objects.get(name=parsed.sender.states[0]).slug,
        "session": parsed.ga_session,
        "sc_year": parsed.sc_year,
    }
    for name, value in filters.items():
        if value is not None:
            assert _search(client, **{name: value}) == [letter.pk], name


@pytest.mark.parametrize("language", ["fr", "es", "ru", "ar", "zh"])
def test_the_english_text_arriving_later_becomes_the_main_text(client, admin_user, language):
    original, english = texts(2, [language, "en"], family=FAMILY_OF[language])
    letter = ingest(original).letter
    outcome = upload_letter(
        item=UploadItem(english.filename, english.filename, data=english.data),
        uploaded_by=admin_user,
    )
    name = LANGUAGES[language]
    assert (outcome.outcome, outcome.message) == (
        Outcome.VERSION,
        f"{english.filename}: became the main text of letter {letter.pk}; its {name} text is "
        "kept as a version",
    )
    assert Letter.objects.count() == 1
    letter.refresh_from_db()
    assert (letter.language, letter.title, letter.source.name) == (
        "en",
        english.parsed.title,
        english.filename,
    )
    assert letter.body == english.parsed.body
    assert letter.published_at is not None  # still public, now in English
    # The English text's facts: the agenda titles only the English masthead prints.
    titles = [i.topic.title for i in letter.agenda_items.order_by("number") if i.topic]
    assert titles == [a.title for a in english.parsed.agenda_items]
    version = letter.versions.get()
    assert (version.language, version.source.name, version.title, version.body) == (
        language,
        original.filename,
        original.parsed.title,
        original.parsed.body,
    )
    assert bytes(version.source.data) == original.data

    revision = letter.revisions.get(action=LetterRevision.Action.VERSION)
    assert (revision.user, revision.note) == (
        admin_user,
        f"English text {english.filename} became the main text; the {name} text is kept as "
        "its version",
    )
    assert revision.changes["language"] == [language, "en"]
    assert revision.changes["title"] == [original.parsed.title, english.parsed.title]

    # The search row, the letter page, the version page and the API follow.
    assert sorted(SearchEntry.objects.get(letter=letter).languages) == sorted({"en", language})
    assert _search(client, q=WORDS[language]) == [letter.pk]
    assert _search(client, q="utmost concern") == [letter.pk]
    assert _search(client, language=language) == [letter.pk]
    page = client.get(letter.get_absolute_url()).content.decode()
    assert escape(english.parsed.title) in page
    assert f'href="{version.get_absolute_url()}" hreflang="{language}">{name}</a>' in page
    version_page = client.get(version.get_absolute_url())
    assert escape(original.parsed.title) in version_page.content.decode()
    source = client.get(reverse("letters:source", args=[letter.pk]))
    assert b"".join(source.streaming_content) == english.data
    api = client.get(f"/api/v1/letters/{letter.pk}/").json()
    assert (api["language"], api["title"]) == ("en", english.parsed.title)
    assert [v["language"] for v in api["versions"]] == [language]


def test_whichever_order_the_texts_arrive_the_letter_is_the_same():
    orders = [("fr", "es", "en"), ("en", "fr", "es"), ("es", "en", "fr")]
    snapshots = []
    for order in orders:
        items = {item.parsed.language: item for item in texts(3, ["en", "fr", "es"])}
        for language in order:
            ingest(items[language])
        letter = Letter.objects.get()
        assert letter.language == "en"
        assert sorted(letter.versions.values_list("language", flat=True)) == ["es", "fr"]
        snapshots.append(snapshot())
        _empty_the_archive()
    assert snapshots[0] == snapshots[1] == snapshots[2]


def test_hand_corrections_of_facts_stay_and_the_former_texts_words_go_with_it(admin_user):
    french, english = texts(4, ["fr", "en"])
    letter = ingest(french).letter
    corrected_date = french.parsed.letter_date.replace(day=1)
    Letter.objects.filter(pk=letter.pk).update(
        letter_date=corrected_date,
        title="Lettre corrigée à la main",
        corrected_fields=["letter_date", "title"],
    )
    ingest(english, user=admin_user)
    letter.refresh_from_db()
    assert letter.letter_date == corrected_date  # the fact corrected by hand stays
    assert letter.title == english.parsed.title  # the words follow the main text
    assert letter.corrected_fields == ["letter_date"]
    assert letter.versions.get().title == "Lettre corrigée à la main"
    assert "letter_date" not in letter.revisions.get().changes


def test_a_fact_the_english_text_does_not_print_stays_as_the_first_text_said():
    french, english = texts(5, ["fr", "en"])
    assert french.parsed.ga_session
    # An English copy without the masthead's session line (a web copy, say).
    text = "\n".join(line for line in english.text.splitlines() if "session" not in line)
    copy = read_letter(text.encode(), "en-copy.txt")
    assert copy.parsed.ga_session is None
    assert copy.parsed.symbols
    letter = ingest(french).letter
    ingest(copy)
    letter.refresh_from_db()
    assert (letter.language, letter.session_id) == ("en", french.parsed.ga_session)


def test_texts_that_cannot_join_are_refused_and_write_nothing():
    french, english, spanish = texts(6, ["fr", "en", "es"])
    letter = ingest(french).letter
    ingest(english)
    written = SourceFile.objects.count()
    # A second English text of the letter.
    again = read_letter(english.data.replace(b"utmost", b"deepest"), "en2.txt")
    with pytest.raises(DuplicateSymbol):
        ingest(again)
    # A text carrying the letter's symbol and another letter's.
    other = ingest(texts(7, ["es"])[0]).letter
    both = [letter.symbols.first().symbol, other.symbols.first().symbol]
    joint = spanish.text.replace(spanish.parsed.symbols[0], "–".join(both), 1)
    with pytest.raises(DuplicateSymbol):
        ingest(read_letter(joint.encode(), "joint-es.txt"))
    # A text whose language is not read (too short to tell) is not a version.
    stub = f"{spanish.parsed.symbols[0]}\n\n(Signed) Somebody\n"
    with pytest.raises(DuplicateSymbol):
        ingest(read_letter(stub.encode(), "stub.txt"))
    assert SourceFile.objects.count() == written + 1  # the other letter's only
    assert letter.versions.count() == 1


def test_an_english_text_does_not_take_over_a_letter_of_unknown_language():
    french, english = texts(8, ["fr", "en"])
    letter = ingest(french).letter
    Letter.objects.filter(pk=letter.pk).update(language="")
    result = ingest(english)
    letter.refresh_from_db()
    assert (result.main_text, result.version.language, letter.language) == (False, "en", "")


# Joint and group senders ---------------------------------------------------------------

_STATES = {s.en: s for s in phrasings.STATES}
_GROUPS = {g["en"]: g for g in phrasings.GROUPS}


def _sent_by(seed: int, states: list[str], group: str | None = None, language: str = "en"):
    facts = families.draw("joint", seed)
    chosen = tuple(_STATES[name] for name in states)
    facts = dataclasses.replace(
        facts,
        states=chosen,
        signers=phrasings.PEOPLE[: len(chosen)],
        group=_GROUPS[group] if group else None,
        role="pr",
        variant=0,  # "Permanent Representatives" (variant 3 says "representatives")
    )
    text = text_in(facts, language)
    return read_letter(text.encode(), f"{seed}-{language}.txt")


def test_every_state_and_signatory_of_a_joint_letter_is_stored_and_counted(client):
    pair = ingest(_sent_by(1, ["China", "Russian Federation"])).letter
    three = ingest(_sent_by(2, ["Brazil", "France", "Japan"])).letter
    assert sorted(pair.senders.values_list("name", flat=True)) == ["China", "Russian Federation"]
    assert [s.person.name for s in pair.signatures.order_by("position")] == [
        p.en for p in phrasings.PEOPLE[:2]
    ]
    assert three.senders.count() == 3
    assert three.signatures.count() == 3
    assert pair.sender_title == "Permanent Representatives"
    counts = _facet(client, "state")
    assert {k: v for k, v in counts.items() if v} == {
        "China": 1,
        "Russian Federation": 1,
        "Brazil": 1,
        "France": 1,
        "Japan": 1,
    }
    for name, letter in [("Russian Federation", pair), ("China", pair), ("Japan", three)]:
        slug = State.objects.get(name=name).slug
        assert _search(client, state=slug) == [letter.pk], name
    # Several States selected are OR: both letters, counted once each.
    slugs = [State.objects.get(name=n).slug for n in ("China", "France")]
    assert sorted(_search(client, state=slugs)) == sorted([pair.pk, three.pk])


@pytest.mark.parametrize("language", ["en", "fr", "ru"])
def test_a_group_letter_keeps_the_group_and_the_signing_state(client, language):
    read = _sent_by(3, ["Egypt"], group="Organization of Islamic Cooperation", language=language)
    letter = ingest(read).letter
    assert list(letter.senders.values_list("name", flat=True)) == ["Egypt"]
    organization = _GROUPS["Organization of Islamic Cooperation"][language]
    assert letter.sender_organization.casefold() in {
        organization.casefold(),
        read.parsed.sender.organization.casefold(),
    }
    assert letter.sender_organization == read.parsed.sender.organization
    assert letter.signatures.count() == 1
    page = client.get(letter.get_absolute_url()).content.decode()
    assert f"<dt>On behalf of</dt><dd>{escape(letter.sender_organization)}</dd>" in page
    api = client.get(f"/api/v1/letters/{letter.pk}/").json()
    assert api["sender_organization"] == letter.sender_organization
    assert [s["name"] for s in api["senders"]] == ["Egypt"]
    assert _search(client, state=State.objects.get(name="Egypt").slug) == [letter.pk]


def test_an_english_group_letter_names_the_group_in_english_after_the_russian_one():
    russian = _sent_by(4, ["Egypt"], group="Organization of Islamic Cooperation", language="ru")
    english = _sent_by(4, ["Egypt"], group="Organization of Islamic Cooperation", language="en")
    letter = ingest(russian).letter
    ingest(english)
    letter.refresh_from_db()
    assert letter.sender_organization == "Organization of Islamic Cooperation"
    assert list(letter.senders.values_list("name", flat=True)) == ["Egypt"]


def test_a_dump_keeps_every_text_and_which_one_is_the_main_text(client, tmp_path):
    french, spanish, english = texts(9, ["fr", "es", "en"])
    arabic, chinese = texts(10, ["ar", "zh"], family="arabic")
    for item in (french, spanish, english, arabic, chinese):
        ingest(item)
    before, rows_before = dump_load.snapshot(), dump_load.search_rows()
    call_command("dump_archive", tmp_path / "dump", stdout=io.StringIO())
    dump_load.empty_the_archive()
    call_command("load_archive", tmp_path / "dump", stdout=io.StringIO())
    assert dump_load.snapshot() == before
    assert dump_load.search_rows() == rows_before
    letter = Letter.objects.get(symbols__symbol=english.parsed.symbols[0])
    assert (letter.language, letter.source.name) == ("en", english.filename)
    assert sorted(letter.versions.values_list("language", flat=True)) == ["es", "fr"]
    assert _search(client, q=WORDS["fr"]) == [letter.pk]
    assert _facet(client, "language") == {
        "Arabic": 1,
        "Chinese": 1,
        "English": 1,
        "French": 1,
        "Spanish": 1,
    }


@pytest.mark.parametrize("bulk", [False, True], ids=["one-by-one", "bulk"])
def test_import_letters_takes_a_folder_of_one_letter_in_three_languages(tmp_path, bulk):
    # Named so that the English file comes last, as a folder sorted by name gives them.
    names = ("a-fr.txt", "b-es.txt", "c-en.txt")
    for name, item in zip(names, texts(18, ["fr", "es", "en"]), strict=True):
        (tmp_path / name).write_bytes(item.data)
    out = io.StringIO()
    call_command("import_letters", tmp_path, *(["--bulk"] if bulk else []), stdout=out)
    assert "3 imported, 0 skipped, 0 failed" in out.getvalue()
    letter = Letter.objects.get()
    assert (letter.language, letter.source.name) == ("en", "c-en.txt")
    assert sorted(letter.versions.values_list("language", "source__name")) == [
        ("es", "b-es.txt"),
        ("fr", "a-fr.txt"),
    ]
    if bulk:
        # One batch: the letter is stored with its English main text at once, nothing
        # stored was changed, so there is no revision.
        assert not letter.revisions.exists()
    else:
        assert f"c-en.txt: became the main text of letter {letter.pk}" in out.getvalue()
        note = letter.revisions.get().note
        assert note.startswith("English text c-en.txt became the main text")


def test_stored_letters_are_read_back_in_the_same_few_queries_however_many(
    django_assert_num_queries,
):
    for seed in range(20, 26):
        for item in texts(seed, ["fr", "en"]):
            ingest(item)
    letters = list(Letter.objects.order_by("pk"))
    assert len(letters) == 6
    with django_assert_num_queries(9) as few:  # a kind of part each, and the versions
        one = stored.search_rows(letters[:1])
    with django_assert_num_queries(len(few.captured_queries)):
        every = stored.search_rows(letters)
    assert every[0] == one[0]
    # One letter read back alone and among others alike.
    assert stored.stored_letters(letters)[3] == stored.stored_letter(letters[3])


def test_a_reparse_after_the_english_text_took_over_keeps_what_only_the_former_printed():
    from letters.curation.reparse import apply_reparse, plan_reparse

    facts = families.draw("french", 2)
    french = read_letter(text_in(facts, "fr").encode(), "2-fr.txt")
    web_copy = families.render(dataclasses.replace(facts, family="web", language="en"))
    english = read_letter(web_copy.encode(), "2-en.txt")
    assert english.parsed.distribution_date is None  # a web copy prints no masthead
    letter = ingest(french).letter
    ingest(english)
    letter.refresh_from_db()
    kept = (letter.distribution_date, letter.sc_year, letter.original_language)
    assert letter.language == "en"
    assert kept == (
        french.parsed.distribution_date,
        french.parsed.sc_year,
        french.parsed.original_language,
    )
    assert None not in kept

    plan = plan_reparse(letter)
    assert (plan.changes, plan.kept) == ({}, {})
    apply_reparse(letter=letter, user=None)
    letter.refresh_from_db()
    assert (letter.distribution_date, letter.sc_year, letter.original_language) == kept
