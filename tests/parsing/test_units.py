"""Table-driven tests of the parsing modules, one table per concern."""

from __future__ import annotations

import datetime

import pytest

from letters.parsing import (
    citations,
    dates,
    header,
    parse_letter,
    signatures,
    states,
    symbols,
    text,
    title,
)
from letters.parsing.model import CitationKind, Sender


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        pytest.param("Sixty-first", 61, id="sixty-first"),
        pytest.param("Seventy-fifth", 75, id="compound"),
        pytest.param("Seventy-fourth", 74, id="seventy-fourth"),
        pytest.param("First", 1, id="first"),
        pytest.param("Tenth", 10, id="teen"),
        pytest.param("Fifty-eighth", 58, id="fifty-eighth"),
        pytest.param("Eightieth", 80, id="round-ten"),
        pytest.param("NINETY-NINTH", 99, id="capitals"),
        pytest.param("Seventy first", 71, id="space-not-hyphen"),
        pytest.param("61st", 61, id="numeric"),
        pytest.param("Seventy", None, id="cardinal-is-not-ordinal"),
        pytest.param("Culture", None, id="word"),
    ],
)
def test_ordinal_to_int(words: str, expected: int | None) -> None:
    assert dates.ordinal_to_int(words) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        pytest.param("27 December 2006", datetime.date(2006, 12, 27), id="un-style"),
        pytest.param("1 April 2020", datetime.date(2020, 4, 1), id="single-digit-day"),
        pytest.param("December 27, 2006", datetime.date(2006, 12, 27), id="us-style"),
        pytest.param("27.12.2006", datetime.date(2006, 12, 27), id="dotted"),
        pytest.param("1st May 2021.", datetime.date(2021, 5, 1), id="ordinal-day-and-stop"),
        pytest.param("31 February 2020", None, id="impossible"),
        pytest.param("20/02/2017", None, id="slashed-is-ambiguous"),
        pytest.param("27 December 1066", None, id="before-the-un"),
        pytest.param("December 2006", None, id="no-day"),
    ],
)
def test_parse_date(written: str, expected: datetime.date | None) -> None:
    assert dates.parse_date(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        pytest.param("A/75/861 – S/2021/392", "A/75/861-S/2021/392", id="joint-en-dash-spaces"),
        pytest.param("A/75/861—S/2021/392", "A/75/861-S/2021/392", id="joint-em-dash"),
        pytest.param("A/75/861−S/2021/392", "A/75/861-S/2021/392", id="joint-minus"),
        pytest.param("S/RES/822(1993)", "S/RES/822 (1993)", id="resolution-year-space"),
        pytest.param("A/C.1/75/L.5", "A/C.1/75/L.5", id="committee-draft"),
        pytest.param("A/HRC/46/1", "A/HRC/46/1", id="hrc"),
        pytest.param("S/PRST/2021/1", "S/PRST/2021/1", id="presidential-statement"),
        pytest.param("A/ES-10/1", "A/ES-10/1", id="emergency-special-session"),
        pytest.param("E/CN.4/2005/1", "E/CN.4/2005/1", id="ecosoc-commission"),
        pytest.param("A/75/861/Add.1", "A/75/861/Add.1", id="addendum"),
        pytest.param("A/C.1/75/L.5/Rev.1", "A/C.1/75/L.5/Rev.1", id="revision"),
        pytest.param("S/25539", "S/25539", id="old-sc-symbol"),
        pytest.param("S/2021/392*", "S/2021/392", id="reissue-star"),
        pytest.param("20/02/2017", None, id="date"),
        pytest.param("3/4", None, id="fraction"),
        pytest.param("AB/12", None, id="short"),
        pytest.param("Azerbaijan", None, id="word"),
    ],
)
def test_canonical_symbol(written: str, expected: str | None) -> None:
    assert symbols.canonical_symbol(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        pytest.param("A/75/861–S/2021/392", ["A/75/861", "S/2021/392"], id="joint"),
        pytest.param("A/75/861 - S/2021/392", ["A/75/861", "S/2021/392"], id="joint-hyphen-spaces"),
        pytest.param("A/ES-10/1", ["A/ES-10/1"], id="hyphen-inside-part"),
        pytest.param("S/2021/392", ["S/2021/392"], id="single"),
        pytest.param("nonsense", [], id="not-a-symbol"),
    ],
)
def test_split_symbol(written: str, expected: list[str]) -> None:
    assert symbols.split_symbol(written) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("A/75/861", ["A/75/861"], id="ga-document"),
        pytest.param("A/75/861–S/2021/392", ["A/75/861-S/2021/392"], id="joint"),
        pytest.param("S/RES/822 (1993)", ["S/RES/822 (1993)"], id="sc-resolution-symbol"),
        pytest.param("S/RES/822(1993)", ["S/RES/822 (1993)"], id="sc-resolution-no-space"),
        pytest.param("resolution 822 (1993)", ["S/RES/822 (1993)"], id="sc-resolution-words"),
        pytest.param("822 (1993)", ["S/RES/822 (1993)"], id="sc-resolution-bare"),
        pytest.param("A/RES/62/243", ["A/RES/62/243"], id="ga-resolution-symbol"),
        pytest.param("resolution 62/243", ["A/RES/62/243"], id="ga-resolution-words"),
        pytest.param("62/243", ["A/RES/62/243"], id="ga-resolution-bare"),
        pytest.param("resolution 181 (II)", ["A/RES/181 (II)"], id="ga-resolution-roman-session"),
        pytest.param(
            "resolutions 822 (1993) and 853 (1993)",
            ["S/RES/822 (1993)", "S/RES/853 (1993)"],
            id="several",
        ),
        pytest.param("a/75/861/add.1", ["A/75/861/Add.1"], id="lowercase-typed"),
        pytest.param("s/res/822 (1993)", ["S/RES/822 (1993)"], id="lowercase-resolution"),
        pytest.param("occupied territories", [], id="words"),
        pytest.param("20/02/2017", [], id="date"),
        pytest.param("1/2", [], id="fraction"),
        pytest.param("", [], id="empty"),
    ],
)
def test_parse_reference(query: str, expected: list[str]) -> None:
    assert symbols.parse_reference(query) == expected


@pytest.mark.parametrize(
    ("one", "other"),
    [
        pytest.param("Culture of peace", "CULTURE OF PEACE", id="case"),
        pytest.param(
            "Protracted conflicts in the GUAM area and their\nimplications for international peace",
            "Protracted conflicts in the GUAM area and their implications for international peace",
            id="line-break",
        ),
        pytest.param("The “Samur” question", 'The "Samur" question', id="quotes"),
        pytest.param("Armenia – Azerbaijan", "Armenia-Azerbaijan", id="dashes"),
        pytest.param("Question of Palestine.", "Question of Palestine", id="trailing-stop"),
        pytest.param("Culture of peace*", "Culture of peace", id="footnote-star"),
        pytest.param("Culture of peace¹", "Culture of peace", id="footnote-superscript"),
        pytest.param("**Culture of peace**", "Culture of peace", id="markdown"),
        pytest.param("Côte d’Ivoire", "Cote d'Ivoire", id="accents-apostrophe"),
    ],
)
def test_topic_key_matches(one: str, other: str) -> None:
    assert text.topic_key(one) == text.topic_key(other)


def test_topic_key_keeps_different_topics_apart() -> None:
    assert text.topic_key("Culture of peace") != text.topic_key("Question of Palestine")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        pytest.param("Agshin MEHDIYEV", "Agshin Mehdiyev", id="capitals"),
        pytest.param("Sophie Wilmès", "Sophie Wilmes", id="accent"),
        pytest.param("Yashar  Aliyev", "Yashar Aliyev", id="spaces"),
        pytest.param("M. Zabelin", "M Zabelin", id="initial-stop"),
        pytest.param("**Mehdiyev**", "Mehdiyev", id="markdown"),
    ],
)
def test_person_key_matches(one: str, other: str) -> None:
    assert text.person_key(one) == text.person_key(other)


@pytest.mark.parametrize(
    ("line", "name", "titles"),
    [
        pytest.param(
            "Yashar Aliyev Ambassador Permanent Representative",
            "Yashar Aliyev",
            "Ambassador, Permanent Representative",
            id="all-on-one-line",
        ),
        pytest.param(
            "Yashar Aliyev, Ambassador, Permanent Representative",
            "Yashar Aliyev",
            "Ambassador, Permanent Representative",
            id="commas",
        ),
        pytest.param(
            "Jane Doe Chargé d'affaires a.i.", "Jane Doe", "Chargé d'affaires a.i.", id="charge"
        ),
        pytest.param(
            "Jane Doe Deputy Permanent Representative",
            "Jane Doe",
            "Deputy Permanent Representative",
            id="deputy",
        ),
        pytest.param("I. Pilidzhev/Kharai", "I. Pilidzhev/Kharai", None, id="name-only"),
    ],
)
def test_signature_name_and_title(line: str, name: str, titles: str | None) -> None:
    got_name, parts = signatures.split_name_title(line)
    assert (got_name, signatures.format_titles(parts)) == (name, titles)


def test_signature_blocks_with_organizations() -> None:
    found, used = signatures.read_signatures(
        [
            ["The Talysh Cultural Centre", "(Signed) S. Asadullaev"],
            ["(Signed) Jane Doe"],
            ["Ambassador"],
            ["Permanent Representative"],
            ["Baku, 14 December 2006"],
        ]
    )
    assert [(s.name, s.title, s.organization) for s in found] == [
        ("S. Asadullaev", None, "The Talysh Cultural Centre"),
        ("Jane Doe", "Ambassador, Permanent Representative", None),
    ]
    assert used == {0, 1, 2, 3}


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        pytest.param(
            "the Permanent Representative of Azerbaijan to the United Nations",
            Sender(("Azerbaijan",), "Permanent Representative"),
            id="permanent-representative",
        ),
        pytest.param(
            "the Chargé d'affaires a.i. of the Permanent Mission of the Russian Federation "
            "to the United Nations",
            Sender(("Russian Federation",), "Chargé d'affaires a.i."),
            id="charge-d-affaires",
        ),
        pytest.param(
            "the Permanent Representatives of Armenia and France to the United Nations",
            Sender(("Armenia", "France"), "Permanent Representatives"),
            id="two-states",
        ),
        pytest.param(
            "the Permanent Representative of Bosnia and Herzegovina to the United Nations",
            Sender(("Bosnia and Herzegovina",), "Permanent Representative"),
            id="and-inside-a-name",
        ),
        pytest.param(
            "the Permanent Mission of Azerbaijan to the United Nations",
            Sender(("Azerbaijan",), "Permanent Mission"),
            id="mission",
        ),
        pytest.param(
            "the Minister of Foreign Affairs of the Republic of Azerbaijan",
            Sender(("Azerbaijan",), "Minister of Foreign Affairs"),
            id="minister-with-of-formal-name",
        ),
        pytest.param(
            "the Permanent Representative of Ruritania to the United Nations",
            Sender(("Ruritania",), "Permanent Representative"),
            id="unknown-state-kept-as-printed",
        ),
        pytest.param("the Secretary-General", Sender((), "Secretary-General"), id="no-state"),
    ],
)
def test_parse_sender(phrase: str, expected: Sender) -> None:
    assert title.parse_sender(phrase) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        pytest.param("Armenia and France", ["Armenia", "France"], id="two"),
        pytest.param(
            "Azerbaijan, Georgia, the Republic of Moldova and Ukraine",
            ["Azerbaijan", "Georgia", "Republic of Moldova", "Ukraine"],
            id="list-with-article",
        ),
        pytest.param("Trinidad and Tobago", ["Trinidad and Tobago"], id="and-in-name"),
        pytest.param("Niger and Nigeria", ["Niger", "Nigeria"], id="prefix-names"),
        pytest.param("Ruritania", None, id="unknown"),
    ],
)
def test_split_states(words: str, expected: list[str] | None) -> None:
    assert states.split_states(words) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        pytest.param("Identical letters dated 1 May 2021", "identical_letters", id="identical"),
        pytest.param("Note verbale dated 1 May 2021", "note_verbale", id="note-verbale"),
        pytest.param("Letter dated 1 May 2021", "letter", id="letter"),
        pytest.param("Joint letter dated 1 May 2021", "letter", id="joint-letter"),
        pytest.param("Note by the Secretary-General", "other", id="other"),
    ],
)
def test_kind_of(head: str, expected: str) -> None:
    assert title.kind_of(head).value == expected


def test_addressees_of_identical_letters() -> None:
    info = title.parse_title(
        "Identical letters dated 20 September 2019 from the Permanent Representative of "
        "Azerbaijan to the United Nations addressed to the Secretary-General, the President "
        "of the General Assembly and the President of the Security Council"
    )
    assert info.addressees == (
        "Secretary-General",
        "President of the General Assembly",
        "President of the Security Council",
    )
    assert info.letter_date == datetime.date(2019, 9, 20)


@pytest.mark.parametrize(
    ("masthead", "field", "expected"),
    [
        pytest.param("Distr.: General 9 February 2021", "distribution_date",
                     datetime.date(2021, 2, 9), id="distr-same-line"),
        pytest.param("Distr.: General\n28 December 2006", "distribution_date",
                     datetime.date(2006, 12, 28), id="distr-next-line"),
        pytest.param("Distr.\nGENERAL\n\nA/52/870\n14 April 1998", "distribution_date",
                     datetime.date(1998, 4, 14), id="distr-old-layout"),
        pytest.param("Original: French", "original_language", "French", id="original"),
        pytest.param("ORIGINAL: ENGLISH", "original_language", "English", id="original-caps"),
        pytest.param("Original: Arabic/English", "original_language", "Arabic/English",
                     id="original-two"),
        pytest.param("General Assembly\nSixty-first session", "ga_session", 61, id="session"),
        pytest.param("General Assembly 61st session", "ga_session", 61, id="session-numeric"),
        pytest.param("Security Council\nSeventy-sixth year", "sc_year", 76, id="sc-year"),
        pytest.param("General Assembly\nSeventy-fifth session", "sc_year", None, id="no-sc"),
    ],
)  # fmt: skip
def test_header_fields(masthead: str, field: str, expected: object) -> None:
    assert getattr(header.parse_header(masthead), field) == expected


def test_special_session_keeps_number_and_warns() -> None:
    info = header.parse_header("General Assembly\nTenth emergency special session\nAgenda item 5")
    assert info.ga_session == 10
    assert any("special session" in w for w in info.warnings)


@pytest.mark.parametrize(
    ("masthead", "numbers"),
    [
        pytest.param("Agenda item 15", [15], id="singular"),
        pytest.param("Agenda items 17 and 27", [17, 27], id="two"),
        pytest.param("Agenda items 34, 35, 40, 71, 72, 86 and 135", [34, 35, 40, 71, 72, 86, 135],
                     id="list"),
        pytest.param("Agenda items 3 (a) and 7", [3, 7], id="sub-item"),
        pytest.param("Agenda item 73 (a) and (b)", [73], id="sub-items-one-number"),
        pytest.param("Item 68 of the preliminary list*", [68], id="preliminary-list"),
        pytest.param("Items 12 and 14 of the provisional agenda", [12, 14], id="provisional"),
    ],
)  # fmt: skip
def test_agenda_numbers(masthead: str, numbers: list[int]) -> None:
    assert header.agenda_numbers(masthead)[0] == numbers


def test_agenda_title_count_mismatch_warns_and_keeps_numbers() -> None:
    info = header.parse_header("Agenda items 17 and 27\n\nOne topic\n\nAnother\n\nA third")
    assert [(a.number, a.title) for a in info.agenda_items] == [(17, None), (27, None)]
    assert "agenda item count (2) differs from title count (3)" in info.warnings


def _cited(snippet: str) -> list[tuple[str, str, str]]:
    return [(c.kind.value, c.key, c.text) for c in citations.collect_citations([snippet])]


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        pytest.param(
            "Security Council resolutions 822 (1993), 853 (1993) and 884 (1993)",
            [("sc_resolution", f"S/RES/{n} (1993)", f"{n} (1993)") for n in (822, 853, 884)],
            id="sc-list",
        ),
        pytest.param(
            "four resolutions (822 (1993) and 853 (1993))",
            [("sc_resolution", f"S/RES/{n} (1993)", f"{n} (1993)") for n in (822, 853)],
            id="sc-list-in-brackets",
        ),
        pytest.param(
            "General Assembly resolution 62/243 of 2008",
            [("ga_resolution", "A/RES/62/243", "62/243")],
            id="ga",
        ),
        pytest.param(
            "resolution 62/243 of the General Assembly",
            [("ga_resolution", "A/RES/62/243", "62/243")],
            id="ga-named-after",
        ),
        pytest.param("Human Rights Council resolution 46/1", [], id="hrc-is-not-ga"),
        pytest.param(
            "see A/RES/ES-10/19 and S/RES/2334 (2016)",
            [
                ("ga_resolution", "A/RES/ES-10/19", "A/RES/ES-10/19"),
                ("sc_resolution", "S/RES/2334 (2016)", "S/RES/2334 (2016)"),
            ],
            id="resolution-symbols",
        ),
        pytest.param(
            "the letter (A/75/861–S/2021/392)",
            [("document", "A/75/861-S/2021/392", "A/75/861–S/2021/392")],
            id="joint-document",
        ),
        pytest.param(
            "the UN Charter and the Charter of the United Nations",
            [("treaty", "Charter of the United Nations", "UN Charter")],
            id="treaty-deduplicated",
        ),
        pytest.param(
            "the CSCE Helsinki Final Act of 1975",
            [("treaty", "Helsinki Final Act", "Helsinki Final Act")],
            id="helsinki",
        ),
        pytest.param(
            "on the case of Chiragov and others v. Armenia.",
            [("court_case", "Chiragov and others v. Armenia", "Chiragov and others v. Armenia")],
            id="court-case",
        ),
        pytest.param("Vitamin v. and b", [], id="not-a-case"),
        pytest.param("on 20/02/2017 by 3/4 of votes", [], id="dates-and-fractions"),
        pytest.param("the Charter of Paris", [], id="not-the-un-charter"),
    ],
)
def test_citations(snippet: str, expected: list[tuple[str, str, str]]) -> None:
    assert _cited(snippet) == expected


def test_own_symbols_are_not_citations() -> None:
    refs = citations.collect_citations(["see A/75/861 and S/2021/1"], own_symbols=("A/75/861",))
    assert [(r.kind, r.key) for r in refs] == [(CitationKind.DOCUMENT, "S/2021/1")]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("**Sixty-first year****The situation**", "Sixty-first year\n\nThe situation",
                     id="glued-bold"),
        pytest.param("Agenda items 17 and 27**Security Council**", "Agenda items 17 and 27\n\nSecurity Council",
                     id="bold-glued-to-word"),
        pytest.param("*(Signed)* Agshin **Mehdiyev**  ", "(Signed) Agshin Mehdiyev", id="signed-italic"),
        pytest.param("resolutions [822 \\(1993\\)](#)", "resolutions 822 (1993)", id="link"),
        pytest.param("## Letter dated", "Letter dated", id="heading"),
        pytest.param("text\n---\nmore", "text\n\nmore", id="rule"),
        pytest.param("regard.<sup>1</sup>", "regard.¹", id="sup"),
        pytest.param("<sup>&</sup>lt;sup>1</sup> See", "¹ See", id="garbled-sup"),
        pytest.param("a\u200bb\u202ec\x00d", "abcd", id="invisible"),
        pytest.param("21-06033 (E) 120521\nkept", "\nkept", id="job-number"),
    ],
)  # fmt: skip
def test_clean_text(raw: str, expected: str) -> None:
    assert text.clean_text(raw) == expected


def test_page_break_rejoin() -> None:
    paragraphs = text.rejoin_page_breaks(
        [["The Council further demanded the"], ["immediate, complete withdrawal."], ["Next one."]]
    )
    assert [text.join_lines(p) for p in paragraphs] == [
        "The Council further demanded the immediate, complete withdrawal.",
        "Next one.",
    ]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(["interna-", "tional law"], "international law", id="dehyphenate"),
        pytest.param(["Armenia-", "Azerbaijan conflict"], "Armenia-Azerbaijan conflict",
                     id="keep-hyphen-before-capital"),
        pytest.param(["one", "two"], "one two", id="join"),
    ],
)  # fmt: skip
def test_join_lines(lines: list[str], expected: str) -> None:
    assert text.join_lines(lines) == expected


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("Report of the Security Council", id="sc-report"),
        pytest.param("Revitalization of the work of the General Assembly", id="ga-revitalization"),
        pytest.param(
            "Question of equitable representation on and increase in the membership of the\n"
            "Security Council",
            id="organ-name-after-a-line-break",
        ),
    ],
)
def test_agenda_titles_that_name_an_organ_are_kept_whole(title):
    letter = parse_letter(
        "Distr.: General\n3 March 2022\n\nOriginal: English\n\nGeneral Assembly\n"
        "Seventy-sixth session\nAgenda items 12 and 30\n\nSecurity Council\nSeventy-seventh year\n\n"
        f"Culture of peace\n\n{title}\n\n"
        "Letter dated 1 March 2022 from the Permanent Representative of Norway to the United "
        "Nations addressed to the Secretary-General\n\nI have the honour to write.\n\n"
        "(Signed) Mona Juul\nAmbassador\n"
    )
    assert [(a.number, a.title) for a in letter.agenda_items] == [
        (12, "Culture of peace"),
        (30, " ".join(title.split())),
    ]
    assert letter.sc_year == 77


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("[874 \\(1993\\)](#)", "874 (1993)", id="one-line"),
        pytest.param("[874\n\\(1993\\)](#)", "874\n(1993)", id="text-wrapped"),
        pytest.param("[874 \\(1993\\)](http://x/\ny)", "874 (1993)", id="target-wrapped"),
        pytest.param("[874\n\n(1993)](#)", "[874\n\n(1993)](#)", id="paragraph-break-is-no-link"),
    ],
)
def test_a_markdown_link_wrapped_by_the_printed_page_is_still_a_link(text, expected) -> None:
    from letters.parsing.text import strip_markdown

    assert strip_markdown(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("7 mars 2022", datetime.date(2022, 3, 7), id="french"),
        pytest.param("1er août 2021", datetime.date(2021, 8, 1), id="french-premier"),
        pytest.param("7 de marzo de 2022", datetime.date(2022, 3, 7), id="spanish"),
        pytest.param("7 марта 2022", datetime.date(2022, 3, 7), id="russian-genitive"),
        pytest.param("Mars 2022", None, id="no-day"),
    ],
)
def test_masthead_dates_of_the_language_versions(text, expected) -> None:
    from letters.parsing.dates import parse_date

    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "masthead",
    [
        pytest.param("Distr. générale\n7 mars 2022", id="french"),
        pytest.param("Distr. general\n7 de marzo de 2022", id="spanish"),
        pytest.param("Distr.: General\n7 марта 2022 года", id="russian"),
    ],
)
def test_a_versions_distribution_date_is_read(masthead) -> None:
    from letters.parsing.header import distribution_date

    assert distribution_date(masthead) == datetime.date(2022, 3, 7)


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        pytest.param("la résolution 822 (1993) du Conseil", ["S/RES/822 (1993)"], id="french"),
        pytest.param(
            "les résolutions 822 (1993) et 853 (1993)",
            ["S/RES/822 (1993)", "S/RES/853 (1993)"],
            id="french-list",
        ),
        pytest.param(
            "las resoluciones 822 (1993) y 853 (1993)",
            ["S/RES/822 (1993)", "S/RES/853 (1993)"],
            id="spanish-list",
        ),
        pytest.param(
            "резолюции 822 (1993) Совета Безопасности", ["S/RES/822 (1993)"], id="russian"
        ),
        pytest.param(
            "la résolution 62/243 de l'Assemblée générale", ["A/RES/62/243"], id="french-assembly"
        ),
        pytest.param("la résolution 62/243", [], id="assembly-unsaid"),
    ],
)
def test_resolutions_cited_in_the_language_versions(text, keys) -> None:
    from letters.parsing import parse_letter

    cited = parse_letter(f"{text}.").cited_documents
    assert [c.key for c in cited] == keys
