"""Letters in the six UN languages (DESIGN.md §11): each text searched in its language's
configuration, language versions stored under the letter, a language facet."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from letters.curation.upload import Outcome, upload_letter
from letters.intake.ingest import DuplicateSymbol, ingest_letter
from letters.intake.reading import read_letter
from letters.intake.unpacking import UploadItem
from letters.models import Letter, LetterVersion, SearchEntry
from letters.parsing.language import detect_language, long_enough
from tests.factories import letter_text, make_letter

pytestmark = pytest.mark.django_db

# The same letter as issued in French: its symbol, its masthead, its own words.
FRENCH = """A/76/500–S/2022/100

Distr. générale
7 mars 2022

Français
Original : anglais

Assemblée générale
Soixante-seizième session
Point 12 de l'ordre du jour

Lettre datée du 3 mars 2022, adressée au Secrétaire général par le Représentant permanent de la Norvège auprès de l'Organisation des Nations Unies

J'ai l'honneur de vous faire tenir ci-joint la déclaration de mon gouvernement concernant les négociations sur la pêche dans l'Arctique.

Je vous serais reconnaissant de bien vouloir faire distribuer le texte de la présente lettre comme document de l'Assemblée générale.

(Signé) Mona Juul
"""

RUSSIAN_ANNEX = """

Annex to the letter dated 3 March 2022 from the Permanent Representative of Norway to the United Nations addressed to the Secretary-General

[Original: Russian]

Заявление Министерства иностранных дел Азербайджанской Республики о переговорах по вопросам рыболовства в Арктике и о сотрудничестве между государствами региона.

Баку, 1 марта 2022 года
"""


@pytest.mark.parametrize(
    ("text", "language"),
    [
        pytest.param(letter_text(), "en", id="english"),
        pytest.param(FRENCH, "fr", id="french"),
        pytest.param(
            "Имею честь препроводить настоящим письмо от имени моего правительства.",
            "ru",
            id="russian",
        ),
        pytest.param(
            "Tengo el honor de dirigirme a usted en relación con la situación en la región.",
            "es",
            id="spanish",
        ),
        pytest.param(
            "يشرفني أن أحيل إليكم طيه رسالة من حكومة بلدي بشأن الحالة في المنطقة.",
            "ar",
            id="arabic",
        ),
        pytest.param(
            "谨随函转递我国政府关于该地区局势的声明，请将本函作为大会文件分发为荷。",
            "zh",
            id="chinese",
        ),
        pytest.param("(Signed) Mona Juul", None, id="too-short"),
    ],
)
def test_the_language_of_a_text_is_detected(text, language):
    assert detect_language(text) == language


def test_each_text_is_stored_with_its_language_and_searched_with_its_stemming(client):
    english = letter_text(symbol="A/76/500–S/2022/100", body="Fisheries in the Arctic.")
    read = read_letter((english + RUSSIAN_ANNEX).encode(), "with-annex.txt")
    letter = ingest_letter(
        parsed=read.parsed, source=read.data, filename=read.filename, text=read.text
    ).letter
    assert letter.language == "en"
    assert [a.language for a in letter.annexes.all()] == ["ru"]
    assert SearchEntry.objects.get(letter=letter).languages == ["en", "ru"]
    # "Республика" (nominative) is in the annex only as "Республики" (genitive): only
    # Russian stemming brings the two together.
    response = client.get(reverse("letters:search"), {"q": "Республика"})
    assert [row.pk for row in response.context["page"]] == [letter.pk]


def test_another_language_of_a_stored_symbol_is_stored_as_its_version(client, admin_user):
    letter = make_letter(symbol="A/76/500–S/2022/100", body="The Arctic fisheries talks.")
    outcome = upload_letter(
        item=UploadItem("fr.txt", "fr.txt", data=FRENCH.encode()), uploaded_by=admin_user
    )
    assert outcome.outcome == Outcome.VERSION
    assert outcome.message == f"fr.txt: stored as the French version of letter {letter.pk}"
    assert Letter.objects.count() == 1
    version = LetterVersion.objects.get()
    assert (version.letter, version.language) == (letter, "fr")
    # The version keeps its own title, read in French; its facts are the letter's.
    assert version.title.startswith("Lettre datée du 3 mars 2022, adressée au Secrétaire")
    assert letter.revisions.filter(action="version").exists()

    # Found through the French text, with French stemming ("négociation" stands only
    # in the plural in the letter), and listed and shown on the letter's pages.
    response = client.get(reverse("letters:search"), {"q": "négociation"})
    assert [row.pk for row in response.context["page"]] == [letter.pk]
    page = client.get(letter.get_absolute_url()).content.decode()
    assert f'href="{version.get_absolute_url()}" hreflang="fr">French</a>' in page
    version_page = client.get(version.get_absolute_url())
    assert version_page.status_code == 200
    assert "la pêche dans l&#x27;Arctique" in version_page.content.decode()
    source = client.get(reverse("letters:version_source", args=[letter.pk, "fr"]))
    assert b"".join(source.streaming_content) == FRENCH.encode()

    # The language facet counts the letter under both of its languages.
    response = client.get(reverse("letters:search"))
    group = next(g for g in response.context["facets"] if g.name == "language")
    assert {(v.label, v.count) for v in group.values} == {("English", 1), ("French", 1)}
    assert escape(version.title) in version_page.content.decode()
    response = client.get(reverse("letters:search"), {"language": "fr"})
    assert response.context["page"].paginator.count == 1


def test_the_same_language_twice_is_still_a_duplicate_symbol():
    make_letter(symbol="A/76/500–S/2022/100", body="The Arctic fisheries talks.")
    again = letter_text(symbol="A/76/500–S/2022/100", body="Another English text.")
    read = read_letter(again.encode(), "again.txt")
    with pytest.raises(DuplicateSymbol):
        ingest_letter(parsed=read.parsed, source=read.data, filename="again.txt", text=again)


def test_a_second_text_in_a_versions_language_is_a_duplicate():
    letter = make_letter(symbol="A/76/500–S/2022/100", body="The Arctic fisheries talks.")
    read = read_letter(FRENCH.encode(), "fr.txt")
    ingest_letter(parsed=read.parsed, source=read.data, filename="fr.txt", text=FRENCH)
    other = FRENCH.replace("pêche", "chasse")
    read = read_letter(other.encode(), "fr2.txt")
    with pytest.raises(DuplicateSymbol):
        ingest_letter(parsed=read.parsed, source=read.data, filename="fr2.txt", text=other)
    assert letter.versions.count() == 1


def test_an_unknown_language_version_page_is_404(client):
    letter = make_letter(symbol="A/76/500")
    assert client.get(f"/letters/{letter.pk}/fr/").status_code == 404
    assert client.get(f"/letters/{letter.pk}/xx/").status_code == 404


@pytest.mark.parametrize(
    ("text", "enough"),
    [
        pytest.param("a1 " * 19, False, id="nineteen-letters"),
        pytest.param("a1 " * 20, True, id="twenty-letters"),
        pytest.param("é" * 20, True, id="accented-letters"),
        pytest.param("42 _ -- ... " * 400, False, id="no-letters"),
        # Only the start of a text is looked at: letters after it do not count.
        pytest.param(
            " " * 2990 + "abcdefghijklmnopqrstuvwxyz", False, id="letters-past-the-sample"
        ),
        pytest.param(" " * 2980 + "abcdefghijklmnopqrstuvwxyz", True, id="letters-in-the-sample"),
        pytest.param("", False, id="empty"),
    ],
)
def test_a_text_is_long_enough_from_twenty_letters_in_its_start(text, enough):
    assert long_enough(text) is enough
