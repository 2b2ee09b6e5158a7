"""The labelled set for links between letters (DESIGN.md §13): relations, Charter
articles and States mentioned, each in two parts.

``TUNING`` cases were written first and the parser was tuned on them. ``HELD_OUT``
cases were written at the same time, committed before the parser's code, and never
used to tune it: ``bench/links_accuracy.py`` reports precision and recall on each
part separately, and the tests (test_references.py, test_charter.py,
test_mentions.py) mark a held-out case the parser misses as an expected failure
rather than tuning it away.

The phrasings follow real UN letters (English and the versions in the five other
official languages); the dates, symbols and people are illustrative. Relations are
``(relation, symbols, date, sender_state)``: the symbols canonical and split
(symbols.split_symbol), the referred document's date in ISO form, the sender's
canonical State. The true sender is given even where the parser does not read it
(State names in languages other than English, DESIGN.md §11): the bench scores it
separately from the link itself.
"""

from __future__ import annotations

import dataclasses

Expected = tuple[str, tuple[str, ...], str | None, str | None]


@dataclasses.dataclass(frozen=True)
class RelationCase:
    id: str
    text: str
    expected: tuple[Expected, ...]
    own: tuple[str, ...] = ("Azerbaijan",)  # the writing letter's sender States
    language: str = "en"


@dataclasses.dataclass(frozen=True)
class CharterCase:
    id: str
    text: str
    expected: tuple[str, ...]
    language: str = "en"


@dataclasses.dataclass(frozen=True)
class MentionCase:
    id: str
    text: str
    expected: frozenset[str]
    own: tuple[str, ...] = ()


R = RelationCase
REPLY, REFER, TRANSMIT = "replies_to", "refers_to", "transmits"
A861 = ("A/75/861", "S/2021/392")

RELATIONS_TUNING: tuple[RelationCase, ...] = (
    R(
        "en-sample-004-in-connection-with",
        "I have the honour to write to you in connection with the letter of the Permanent "
        "Representative of Armenia dated 22 April 2021 (A/75/861-S/2021/392), which is a "
        "striking example of hackneyed fabrication and blatant misinterpretation of international law.",
        ((REPLY, A861, "2021-04-22", "Armenia"),),
    ),
    R(
        "en-sample-003-symbol-at-sentence-end",
        "In that context, I would like to point out the following in connection with the letter "
        "from the Permanent Representative of Armenia, which has as its annexes the statement of "
        "the Ministry of Foreign Affairs of Armenia and a paper in the name of the unlawful and "
        "criminal puppet regime that it has set up in the occupied Daghlyq Qarabagh "
        "(Nagorno-Karabakh) region of the Republic of Azerbaijan (A/75/710-S/2021/42).",
        ((REPLY, ("A/75/710", "S/2021/42"), None, "Armenia"),),
    ),
    R(
        "en-sample-003-own-letter-cited-as-source",
        "See, for example, the identical letters dated 20 September 2019 from the Permanent "
        "Representative of Azerbaijan to the United Nations addressed to the Secretary-General, "
        "the President of the General Assembly and the President of the Security Council "
        '(A/74/450-S/2019/762); and Malcolm N. Shaw, "Report on the fundamental norm of the '
        'territorial integrity of States", A/74/961-S/2020/729 (22 July 2020), annex, paras. 154–178.',
        ((REFER, ("A/74/450", "S/2019/762"), "2019-09-20", "Azerbaijan"),),
    ),
    R(
        "en-with-reference-to-classic",
        "With reference to the letter dated 5 March 2021 from the Permanent Representative of "
        "Armenia to the United Nations addressed to the Secretary-General (A/75/800-S/2021/220), "
        "I have the honour to state the following.",
        ((REPLY, ("A/75/800", "S/2021/220"), "2021-03-05", "Armenia"),),
    ),
    R(
        "en-in-reply-to-charge-d-affaires",
        "In reply to the letter of the Chargé d'affaires a.i. of the Permanent Mission of Georgia "
        "to the United Nations dated 12 August 2021 (A/75/999-S/2021/720), I wish to note the "
        "following.",
        ((REPLY, ("A/75/999", "S/2021/720"), "2021-08-12", "Georgia"),),
        own=("Russian Federation",),
    ),
    R(
        "en-further-to-my-letter-is-own",
        "Further to my letter dated 27 September 2020 (S/2020/948), I have the honour to inform "
        "you of further attacks on civilians.",
        ((REFER, ("S/2020/948",), "2020-09-27", "Azerbaijan"),),
    ),
    R(
        "en-further-to-another-states-letter",
        "Further to the letter dated 1 October 2020 from the Permanent Representative of "
        "Azerbaijan (S/2020/963), I wish to draw your attention to the following.",
        ((REPLY, ("S/2020/963",), "2020-10-01", "Azerbaijan"),),
        own=("Armenia",),
    ),
    R(
        "en-refer-to-my-letter-of",
        "I have the honour to refer to my letter of 3 May 2022 (S/2022/370) concerning the "
        "humanitarian situation in Mariupol.",
        ((REFER, ("S/2022/370",), "2022-05-03", "Ukraine"),),
        own=("Ukraine",),
    ),
    R(
        "en-refer-to-another-states-letter",
        "I have the honour to refer to the letter dated 15 January 2021 from the Permanent "
        "Representative of Azerbaijan (A/75/700-S/2021/40) and to bring the following to your "
        "attention.",
        ((REFER, ("A/75/700", "S/2021/40"), "2021-01-15", "Azerbaijan"),),
        own=("Armenia",),
    ),
    R(
        "en-note-verbale-in-response",
        "The Permanent Mission of Greece to the United Nations presents its compliments to the "
        "Secretary-General and, in response to the note verbale dated 3 June 2021 from the "
        "Permanent Mission of Türkiye to the United Nations (A/75/920), has the honour to state "
        "the following.",
        ((REPLY, ("A/75/920",), "2021-06-03", "Türkiye"),),
        own=("Greece",),
    ),
    R(
        "en-sample-001-transmit-dated-statement",
        "In accordance with instructions received from my Government, I have the honour to "
        "transmit herewith the statement of the Ministry of Foreign Affairs of the Republic of "
        "Azerbaijan dated 14 February 2017 regarding the illegal “referendum” in the occupied "
        "territories of the Republic of Azerbaijan (see annex).",
        ((TRANSMIT, (), "2017-02-14", "Azerbaijan"),),
    ),
    R(
        "en-sample-002-transmit-date-is-the-elections",
        "I have the honour to transmit herewith the statement issued by the Ministry of Foreign "
        "Affairs of the Republic of Azerbaijan in connection with the illegitimate “elections” "
        "staged by the Republic of Armenia in the occupied territories of the Republic of "
        "Azerbaijan on 31 March 2020 (see annex).",
        ((TRANSMIT, (), None, "Azerbaijan"),),
    ),
    R(
        "en-sample-000-transmit-appeal-of-a-congress",
        "I have the honour to transmit herewith the appeal of the Congress of National Minorities "
        "of Azerbaijan to the United Nations, Organization for Security and Cooperation in Europe, "
        "Council of Europe, State Department and Congress of the United States of America, "
        'Parliament of France on the so-called "constitutional referendum" (see annex).',
        ((TRANSMIT, (), None, None),),
    ),
    R(
        "en-transmit-letter-from-president",
        "I have the honour to transmit herewith a letter dated 10 November 2020 from the President "
        "of the Republic of Azerbaijan, Ilham Aliyev, addressed to you (see annex).",
        ((TRANSMIT, (), "2020-11-10", "Azerbaijan"),),
    ),
    R(
        "en-false-friend-resolution-date",
        "In response to the adoption of resolution 2758 (XXVI) of 25 October 1971, the Government "
        "reaffirms its position.",
        (),
        own=("China",),
    ),
    R(
        "en-false-friend-meeting-date",
        "With reference to the 8800th meeting of the Security Council, held on 22 June 2021, I "
        "wish to make the following comments.",
        (),
        own=("Ukraine",),
    ),
    R(
        "en-false-friend-statement-date",
        "In reply to the statement of the Ministry of Foreign Affairs of Armenia of 10 May 2021, "
        "we note the following.",
        (),
    ),
    R(
        "en-letter-of-the-secretary-general-is-not-a-reply",
        "In reply to the letter of the Secretary-General dated 4 February 2022 requesting "
        "information on measures taken, the Government of Qatar has the honour to report the "
        "following.",
        ((REFER, (), "2022-02-04", None),),
        own=("Qatar",),
    ),
    R(
        "en-your-letter-and-a-report",
        "With reference to your letter dated 1 March 2021, I have the honour to transmit herewith "
        "the report of the Government of Japan (see annex).",
        ((REFER, (), "2021-03-01", None), (TRANSMIT, (), None, "Japan")),
        own=("Japan",),
    ),
    R(
        "en-as-indicated-in-document",
        "As indicated in document S/2021/100, the ceasefire has been repeatedly violated.",
        ((REFER, ("S/2021/100",), None, None),),
    ),
    R(
        "en-report-symbol-is-a-citation-only",
        "The report of the Secretary-General on the situation (S/2021/350) confirms these facts.",
        (),
    ),
    R(
        "en-mention-with-date-and-sender",
        "The letter dated 30 April 2021 from the Permanent Representative of Armenia contains "
        "numerous distortions.",
        ((REFER, (), "2021-04-30", "Armenia"),),
    ),
    R(
        "en-mention-with-sender-only-is-nothing",
        "The letter from the Permanent Representative of Armenia contains numerous distortions.",
        (),
    ),
    R(
        "en-the-present-letter",
        "I should be grateful if you would have the present letter and its annex circulated as a "
        "document of the General Assembly, under agenda item 34, and of the Security Council.",
        (),
    ),
    R(
        "en-the-aforementioned-letter",
        "The aforementioned letter also passes over in silence the fact that Azerbaijan returned "
        "more than 70 detainees.",
        (),
    ),
    R(
        "en-his-letters",
        "Notwithstanding the circulation of his letters as documents of the General Assembly and "
        "of the Security Council, the Permanent Representative of Armenia never mentions any of "
        "the resolutions.",
        (),
    ),
    R(
        "en-false-friend-response-to-an-attack",
        "In response to an armed attack perpetrated by Armenia on 27 September 2020, Azerbaijan "
        "undertook a counteroffensive operation.",
        (),
    ),
    R(
        "en-in-response-to-allegations-contained-in",
        "I am writing in response to the allegations contained in the letter dated 9 November "
        "2021 from the Permanent Representative of Ethiopia addressed to the President of the "
        "Security Council (S/2021/940).",
        ((REPLY, ("S/2021/940",), "2021-11-09", "Ethiopia"),),
        own=("Sudan",),
    ),
    R(
        "en-circulated-as-document",
        "I have the honour to refer to my letter dated 12 May 2022, circulated as document "
        "S/2022/390, and to inform you of further developments.",
        ((REFER, ("S/2022/390",), "2022-05-12", "Ukraine"),),
        own=("Ukraine",),
    ),
    R(
        "en-joint-senders",
        "With reference to the identical letters dated 2 May 2022 from the Permanent "
        "Representatives of Armenia and France to the United Nations addressed to the "
        "Secretary-General and the President of the Security Council (A/76/850-S/2022/380), I wish "
        "to state the following.",
        ((REPLY, ("A/76/850", "S/2022/380"), "2022-05-02", "Armenia"),),
    ),
    R(
        "en-letter-of-date",
        "In reply to the letter of 14 July 2021 from the Permanent Representative of Pakistan "
        "(S/2021/650), I wish to clarify the following.",
        ((REPLY, ("S/2021/650",), "2021-07-14", "Pakistan"),),
        own=("India",),
    ),
    R(
        "en-minister-named-and-a-transmitted-reply",
        "With reference to the letter dated 5 October 2020 from Zohrab Mnatsakanyan, Minister for "
        "Foreign Affairs of Armenia, addressed to you (A/75/520-S/2020/980), I have the honour to "
        "transmit herewith the reply of the Minister for Foreign Affairs of Azerbaijan (see annex).",
        (
            (REPLY, ("A/75/520", "S/2020/980"), "2020-10-05", "Armenia"),
            (TRANSMIT, (), None, "Azerbaijan"),
        ),
    ),
    R(
        "en-refer-to-a-document",
        "I have the honour to refer to document A/76/300 and to inform you of the following.",
        ((REFER, ("A/76/300",), None, None),),
        own=("Latvia",),
    ),
    R(
        "en-transmit-note-verbale",
        "The Permanent Mission of Japan to the United Nations has the honour to transmit herewith "
        "a note verbale dated 1 April 2022 from the Ministry of Foreign Affairs of Japan (see annex).",
        ((TRANSMIT, (), "2022-04-01", "Japan"),),
        own=("Japan",),
    ),
    R(
        "en-states-possessive-letter",
        "Armenia's letter dated 22 April 2021 (A/75/861-S/2021/392) is yet another example of "
        "such distortions.",
        ((REFER, A861, "2021-04-22", "Armenia"),),
    ),
    R(
        "en-reply-without-date-or-symbol-is-unsure",
        "In reply to the letter from the Permanent Representative of Armenia, I wish to state the "
        "following.",
        (),
    ),
    # Forms met in real letters after the first measurement (bench/links_accuracy.py),
    # reworded here: a document's own date after its symbol, "to you" and a mission's
    # reference number between a letter and its date, "its note", "Your Excellency".
    R(
        "en-document-symbol-then-its-date",
        "I have the honour to refer to document A/70/800-S/2016/300, dated 4 April 2016, in "
        "which the final communiqué of a regional summit was circulated.",
        ((REFER, ("A/70/800", "S/2016/300"), "2016-04-04", None),),
        own=("Cyprus",),
    ),
    R(
        "en-in-reference-to-document-dated",
        "I write in reference to document S/2015/12 dated 9 January 2015 concerning the matters "
        "of which the Security Council is seized.",
        ((REFER, ("S/2015/12",), "2015-01-09", None),),
        own=("Lebanon",),
    ),
    R(
        "en-his-letter-to-you-of",
        "I wish to set out my views on the claims made by Mr. Smith in his letter to you of 3 "
        "June 2010.",
        ((REFER, (), "2010-06-03", None),),
        own=("Cyprus",),
    ),
    R(
        "en-its-note-dated-symbol",
        "My Government reaffirms the position set out in its note dated 2 March 2005 "
        "(S/2005/140) addressed to the President of the Security Council.",
        ((REFER, ("S/2005/140",), "2005-03-02", None),),
        own=("Lebanon",),
    ),
    R(
        "en-my-letter-to-you-comma-dated",
        "You will recall my letter to you, dated 14 May 1999, on the status of the Mission.",
        ((REFER, (), "1999-05-14", "State of Palestine"),),
        own=("State of Palestine",),
    ),
    R(
        "en-letter-of-your-excellency",
        "I have the honour to acknowledge receipt of the letter of Your Excellency dated 2 "
        "February 1960 concerning the draft declaration.",
        ((REFER, (), "1960-02-02", None),),
        own=("Jordan",),
    ),
    R(
        "en-our-letter-with-reference-number",
        "Further to our letter to you No. 7/1/1234 dated 5 June 2009 concerning the vessel, I "
        "have received instructions to request an urgent meeting.",
        ((REFER, (), "2009-06-05", "Libya"),),
        own=("Libya",),
    ),
    R(
        "en-distributed-with-the-number",
        "The letter sent by the representative of the authorities in question to the "
        "Secretary-General has been distributed as a Security Council document with the number "
        "S/2018/500.",
        ((REFER, ("S/2018/500",), None, None),),
        own=("Türkiye",),
    ),
    R(
        "en-enclose-copy-of-letter-addressed-to-you-by",
        "I have the honour to enclose herewith a copy of a letter dated 8 August 2008 addressed "
        "to you by H.E. Jane Doe, President of the Republic of Cyprus (see annex).",
        ((TRANSMIT, (), "2008-08-08", "Cyprus"),),
        own=("Cyprus",),
    ),
    # French
    R(
        "fr-en-reponse-a",
        "En réponse à la lettre datée du 3 mai 2021 adressée au Secrétaire général par le "
        "Représentant permanent de l'Arménie (A/75/880-S/2021/420), j'ai l'honneur de vous faire "
        "savoir ce qui suit.",
        ((REPLY, ("A/75/880", "S/2021/420"), "2021-05-03", "Armenia"),),
        language="fr",
    ),
    R(
        "fr-jai-lhonneur-de-me-referer",
        "J'ai l'honneur de me référer à la lettre en date du 12 mars 2022 (S/2022/215) et de vous "
        "informer de ce qui suit.",
        ((REFER, ("S/2022/215",), "2022-03-12", None),),
        own=("France",),
        language="fr",
    ),
    R(
        "fr-transmettre-ci-joint",
        "J'ai l'honneur de vous transmettre ci-joint la déclaration du Gouvernement de la "
        "République centrafricaine datée du 1er juin 2021 (voir annexe).",
        ((TRANSMIT, (), "2021-06-01", "Central African Republic"),),
        own=("Central African Republic",),
        language="fr",
    ),
    R(
        "fr-false-friend-resolution",
        "Comme suite à la résolution 2334 (2016) du Conseil de sécurité, en date du 23 décembre "
        "2016, le Gouvernement réaffirme sa position.",
        (),
        own=("France",),
        language="fr",
    ),
    R(
        "fr-comme-suite-a-ma-lettre",
        "Comme suite à ma lettre du 4 avril 2022 (S/2022/290), j'ai l'honneur de vous informer "
        "des derniers événements.",
        ((REFER, ("S/2022/290",), "2022-04-04", "Ukraine"),),
        own=("Ukraine",),
        language="fr",
    ),
    # Spanish
    R(
        "es-en-relacion-con",
        "En relación con la carta de fecha 30 de marzo de 2022 dirigida al Secretario General por "
        "el Representante Permanente de Guyana (S/2022/280), tengo el honor de transmitirle la "
        "posición de mi Gobierno.",
        ((REPLY, ("S/2022/280",), "2022-03-30", "Guyana"),),
        own=("Venezuela (Bolivarian Republic of)",),
        language="es",
    ),
    R(
        "es-referirme-a-mi-carta",
        "Tengo el honor de referirme a mi carta de fecha 12 de enero de 2021 (A/75/720) y de "
        "informarle de lo siguiente.",
        ((REFER, ("A/75/720",), "2021-01-12", "Cuba"),),
        own=("Cuba",),
        language="es",
    ),
    R(
        "es-nota-verbal-en-respuesta",
        "La Misión Permanente de la Argentina ante las Naciones Unidas saluda atentamente al "
        "Secretario General y, en respuesta a la nota verbal de fecha 2 de abril de 2022 de la "
        "Misión Permanente del Reino Unido (A/76/780), tiene el honor de señalar lo siguiente.",
        (
            (
                REPLY,
                ("A/76/780",),
                "2022-04-02",
                "United Kingdom of Great Britain and Northern Ireland",
            ),
        ),
        own=("Argentina",),
        language="es",
    ),
    R(
        "es-remitirle-adjunta",
        "Tengo el honor de remitirle adjunta la declaración del Ministerio de Relaciones "
        "Exteriores de Nicaragua de fecha 8 de julio de 2021 (véase el anexo).",
        ((TRANSMIT, (), "2021-07-08", "Nicaragua"),),
        own=("Nicaragua",),
        language="es",
    ),
    # Russian
    R(
        "ru-ssylayas-na-pismo",
        "Ссылаясь на письмо Постоянного представителя Грузии от 12 августа 2021 года "
        "(A/75/990–S/2021/730), имею честь сообщить следующее.",
        ((REPLY, ("A/75/990", "S/2021/730"), "2021-08-12", "Georgia"),),
        own=("Russian Federation",),
        language="ru",
    ),
    R(
        "ru-soslatsya-na-moe-pismo",
        "Имею честь сослаться на мое письмо от 3 марта 2022 года (S/2022/185) и сообщить Вам о "
        "дальнейшем развитии событий.",
        ((REFER, ("S/2022/185",), "2022-03-03", "Ukraine"),),
        own=("Ukraine",),
        language="ru",
    ),
    R(
        "ru-preprovodit-zayavlenie",
        "Имею честь препроводить настоящим заявление Министерства иностранных дел Российской "
        "Федерации от 24 августа 2021 года (см. приложение).",
        ((TRANSMIT, (), "2021-08-24", "Russian Federation"),),
        own=("Russian Federation",),
        language="ru",
    ),
    R(
        "ru-false-friend-resolution",
        "В ответ на резолюцию 68/262 Генеральной Ассамблеи от 27 марта 2014 года сообщаем "
        "следующее.",
        (),
        own=("Russian Federation",),
        language="ru",
    ),
    R(
        "ru-v-svyazi-s-vebalnoy-notoy",
        "В связи с вербальной нотой Постоянного представительства Украины от 5 мая 2022 года "
        "(A/76/820) Постоянное представительство Российской Федерации имеет честь сообщить "
        "следующее.",
        ((REPLY, ("A/76/820",), "2022-05-05", "Ukraine"),),
        own=("Russian Federation",),
        language="ru",
    ),
    # Arabic
    R(
        "ar-radan-ala",
        "ردا على الرسالة المؤرخة 5 أيار/مايو 2021 الموجهة إليكم من الممثل الدائم لإسرائيل "
        "(S/2021/430)، أتشرف بأن أحيطكم علما بما يلي.",
        ((REPLY, ("S/2021/430",), "2021-05-05", "Israel"),),
        own=("State of Palestine",),
        language="ar",
    ),
    R(
        "ar-atasharraf-bil-ishara-risalati",
        "أتشرف بالإشارة إلى رسالتي المؤرخة 10 تشرين الأول/أكتوبر 2023 (A/ES-10/950-S/2023/760).",
        ((REFER, ("A/ES-10/950", "S/2023/760"), "2023-10-10", "State of Palestine"),),
        own=("State of Palestine",),
        language="ar",
    ),
    R(
        "ar-uhil-tayyahu-bayan",
        "أتشرف بأن أحيل إليكم طيه بيان وزارة الخارجية في الجمهورية العربية السورية المؤرخ 3 "
        "كانون الثاني/يناير 2022 (انظر المرفق).",
        ((TRANSMIT, (), "2022-01-03", "Syrian Arab Republic"),),
        own=("Syrian Arab Republic",),
        language="ar",
    ),
    # Chinese
    R(
        "zh-wei-dafu",
        "为答复印度常驻联合国代表2021年7月14日的信（S/2021/640），谨通知如下。",
        ((REPLY, ("S/2021/640",), "2021-07-14", "India"),),
        own=("Pakistan",),
        language="zh",
    ),
    R(
        "zh-sui-han-zhuandi",
        "谨随函转递中华人民共和国外交部发言人2022年8月2日的谈话（见附件）。",
        ((TRANSMIT, (), "2022-08-02", "China"),),
        own=("China",),
        language="zh",
    ),
    R(
        "zh-tiji-wo-de-xin",
        "谨提及我2022年3月1日的信（S/2022/170）。",
        ((REFER, ("S/2022/170",), "2022-03-01", "China"),),
        own=("China",),
        language="zh",
    ),
)

RELATIONS_HELD_OUT: tuple[RelationCase, ...] = (
    R(
        "en-refer-dated-from-addressed-symbol",
        "I have the honour to refer to the letter dated 3 October 2023 from the Permanent "
        "Representative of Azerbaijan to the United Nations addressed to the Secretary-General "
        "(A/78/515-S/2023/745) and to state the following.",
        ((REFER, ("A/78/515", "S/2023/745"), "2023-10-03", "Azerbaijan"),),
        own=("Armenia",),
    ),
    R(
        "en-in-reply-to-note-verbale",
        "The Permanent Mission of the Republic of Cyprus to the United Nations presents its "
        "compliments to the Secretary-General and, in reply to the note verbale dated 14 June "
        "2022 from the Permanent Mission of Türkiye (A/76/891), has the honour to state the "
        "following.",
        ((REPLY, ("A/76/891",), "2022-06-14", "Türkiye"),),
        own=("Cyprus",),
    ),
    R(
        "en-further-to-my-letter-own",
        "Further to my letter dated 2 March 2022 (S/2022/180), I wish to inform you that the "
        "situation has deteriorated.",
        ((REFER, ("S/2022/180",), "2022-03-02", "Ukraine"),),
        own=("Ukraine",),
    ),
    R(
        "en-in-response-no-symbol",
        "In response to the letter dated 30 April 2021 from the Permanent Representative of "
        "Armenia addressed to you, I have the honour to convey the following.",
        ((REPLY, (), "2021-04-30", "Armenia"),),
    ),
    R(
        "en-false-friend-statement-at-a-meeting",
        "In response to the statement made by the representative of Armenia at the 8802nd "
        "meeting of the Security Council, held on 11 May 2021, I wish to point out the following.",
        (),
    ),
    R(
        "en-false-friend-with-reference-to-resolution",
        "With reference to Security Council resolution 2216 (2015) of 14 April 2015, the "
        "Government of Yemen reiterates its position.",
        (),
        own=("Yemen",),
    ),
    R(
        "en-as-stated-in-document",
        "As stated in document A/75/100, the Government of Georgia remains committed to the "
        "Geneva International Discussions.",
        ((REFER, ("A/75/100",), None, None),),
        own=("Georgia",),
    ),
    R(
        "en-transmit-letter-from-named-minister",
        "I have the honour to transmit herewith a letter dated 12 January 2022 from Dmytro "
        "Kuleba, Minister for Foreign Affairs of Ukraine, addressed to you (see annex).",
        ((TRANSMIT, (), "2022-01-12", "Ukraine"),),
        own=("Ukraine",),
    ),
    R(
        "en-transmit-statement-dated",
        "I have the honour to transmit herewith the statement of the Ministry of Foreign Affairs "
        "of Armenia dated 19 September 2023 (see annex).",
        ((TRANSMIT, (), "2023-09-19", "Armenia"),),
        own=("Armenia",),
    ),
    R(
        "en-your-letter-and-national-report",
        "In reply to your letter dated 20 May 2022 concerning the implementation of resolution "
        "1540 (2004), I have the honour to transmit herewith the national report of Kenya.",
        ((REFER, (), "2022-05-20", None), (TRANSMIT, (), None, "Kenya")),
        own=("Kenya",),
    ),
    R(
        "en-identical-letters-reply",
        "With reference to the identical letters dated 7 April 2022 from the Permanent "
        "Representative of the Russian Federation addressed to the Secretary-General and the "
        "President of the Security Council (A/76/800-S/2022/300), I wish to draw your attention "
        "to the following facts.",
        ((REPLY, ("A/76/800", "S/2022/300"), "2022-04-07", "Russian Federation"),),
        own=("Ukraine",),
    ),
    R(
        "en-own-letter-as-source",
        "See the letter dated 15 May 2020 from the Permanent Representative of Azerbaijan "
        "addressed to the Secretary-General (A/74/850-S/2020/401).",
        ((REFER, ("A/74/850", "S/2020/401"), "2020-05-15", "Azerbaijan"),),
    ),
    R(
        "en-letter-of-the-secretary-general",
        "The letter of the Secretary-General dated 8 March 2023 addressed to the President of the "
        "Security Council (S/2023/180) outlines the options.",
        ((REFER, ("S/2023/180",), "2023-03-08", None),),
        own=("Sweden",),
    ),
    R(
        "en-false-friend-open-debate-date",
        "Further to the open debate of the Security Council held on 12 January 2023, my "
        "delegation wishes to share the following.",
        (),
        own=("Mexico",),
    ),
    R(
        "en-aforementioned-anaphora",
        "The aforementioned letter is yet another attempt to distort the facts.",
        (),
    ),
    R(
        "en-two-letters-two-symbols",
        "I am writing in connection with the letters dated 28 and 30 September 2020 from the "
        "Permanent Representative of Armenia (S/2020/950 and S/2020/961).",
        (
            (REPLY, ("S/2020/950",), "2020-09-28", "Armenia"),
            (REPLY, ("S/2020/961",), "2020-09-30", "Armenia"),
        ),
    ),
    R(
        "fr-comme-suite-que-vous-a-adressee",
        "Comme suite à la lettre datée du 22 avril 2021 que vous a adressée le Représentant "
        "permanent de l'Arménie (A/75/861-S/2021/392), j'ai l'honneur de vous faire part de ce "
        "qui suit.",
        ((REPLY, A861, "2021-04-22", "Armenia"),),
        language="fr",
    ),
    R(
        "fr-me-referant-a-ma-lettre",
        "Me référant à ma lettre datée du 5 mars 2022 (S/2022/190), j'ai l'honneur de vous "
        "informer que la situation s'est aggravée.",
        ((REFER, ("S/2022/190",), "2022-03-05", "Ukraine"),),
        own=("Ukraine",),
        language="fr",
    ),
    R(
        "fr-faire-tenir-ci-joint",
        "J'ai l'honneur de vous faire tenir ci-joint le texte de la déclaration du Ministère des "
        "affaires étrangères de la République du Mali en date du 2 août 2022 (voir annexe).",
        ((TRANSMIT, (), "2022-08-02", "Mali"),),
        own=("Mali",),
        language="fr",
    ),
    R(
        "es-en-respuesta-a-la-carta",
        "En respuesta a la carta de fecha 10 de junio de 2022 dirigida a usted por el "
        "Representante Permanente de Colombia (S/2022/470), tengo el honor de comunicarle lo "
        "siguiente.",
        ((REPLY, ("S/2022/470",), "2022-06-10", "Colombia"),),
        own=("Venezuela (Bolivarian Republic of)",),
        language="es",
    ),
    R(
        "es-false-friend-resolucion",
        "En relación con la resolución 2231 (2015) del Consejo de Seguridad, de 20 de julio de "
        "2015, mi Gobierno reitera su posición.",
        (),
        own=("Iran (Islamic Republic of)",),
        language="es",
    ),
    R(
        "es-transmitirle-adjunto",
        "Tengo el honor de transmitirle adjunto el comunicado del Ministerio de Relaciones "
        "Exteriores de Cuba de fecha 5 de enero de 2023 (véase el anexo).",
        ((TRANSMIT, (), "2023-01-05", "Cuba"),),
        own=("Cuba",),
        language="es",
    ),
    R(
        "ru-v-otvet-na-pismo",
        "В ответ на письмо Постоянного представителя Украины при Организации Объединенных Наций "
        "от 14 марта 2022 года (A/76/740–S/2022/215) имею честь сообщить следующее.",
        ((REPLY, ("A/76/740", "S/2022/215"), "2022-03-14", "Ukraine"),),
        own=("Russian Federation",),
        language="ru",
    ),
    R(
        "ru-preprovodit-zayavlenie-belarus",
        "Имею честь препроводить настоящим заявление Министерства иностранных дел Республики "
        "Беларусь от 24 февраля 2022 года (см. приложение).",
        ((TRANSMIT, (), "2022-02-24", "Belarus"),),
        own=("Belarus",),
        language="ru",
    ),
    R(
        "ar-bil-ishara-ila-al-risala",
        "بالإشارة إلى الرسالة المؤرخة 22 نيسان/أبريل 2021 الموجهة إليكم من الممثل الدائم "
        "لأرمينيا (A/75/861-S/2021/392)، أود أن أوضح ما يلي.",
        ((REPLY, A861, "2021-04-22", "Armenia"),),
        language="ar",
    ),
    R(
        "zh-jin-tiji",
        "谨提及亚美尼亚常驻联合国代表2021年4月22日给您的信(A/75/861-S/2021/392)，并谨通知如下。",
        ((REFER, A861, "2021-04-22", "Armenia"),),
        language="zh",
    ),
    R(
        "zh-jin-zhuandi-shengming",
        "谨转递阿塞拜疆共和国外交部2020年3月31日的声明（见附件）。",
        ((TRANSMIT, (), "2020-03-31", "Azerbaijan"),),
        language="zh",
    ),
)

C = CharterCase

CHARTER_TUNING: tuple[CharterCase, ...] = (
    C(
        "en-article-51-of-the-charter",
        "Azerbaijan reserves its right under Article 51 of the Charter.",
        ("51",),
    ),
    C(
        "en-article-51-of-the-charter-of-the-united-nations",
        "In accordance with Article 51 of the Charter of the United Nations, I wish to inform the "
        "Security Council of the measures taken in the exercise of the inherent right of "
        "self-defence.",
        ("51",),
    ),
    C(
        "en-of-the-united-nations-charter",
        "Such measures are consistent with Article 51 of the United Nations Charter.",
        ("51",),
    ),
    C(
        "en-articles-2-4-and-51",
        "The actions are in breach of Articles 2 (4) and 51 of the Charter.",
        ("2(4)", "51"),
    ),
    C(
        "en-article-2-paragraph-4-of-the-charter",
        "The threat of force is prohibited by Article 2, paragraph 4, of the Charter.",
        ("2(4)",),
    ),
    C(
        "en-article-35-1",
        "In accordance with Article 35 (1) of the Charter, I request an urgent meeting of the "
        "Security Council.",
        ("35(1)",),
    ),
    C(
        "en-its-article-2-4-in-a-charter-sentence",
        "This constitutes a flagrant violation of the Charter of the United Nations, in particular "
        "of its Article 2 (4).",
        ("2(4)",),
    ),
    C(
        "en-trap-north-atlantic-treaty",
        "The allies invoked article 5 of the North Atlantic Treaty.",
        (),
    ),
    C(
        "en-trap-fourth-geneva-convention",
        "The deportations are prohibited by Article 49 of the Fourth Geneva Convention.",
        (),
    ),
    C(
        "en-trap-national-constitution",
        "Under article 2 of the Constitution of the Republic of Azerbaijan, sovereignty belongs "
        "to the people.",
        (),
    ),
    C(
        "en-self-defence-article-51-alone",
        "Azerbaijan acted in the exercise of its inherent right of self-defence under Article 51.",
        ("51",),
    ),
    C(
        "en-trap-paragraph-51-of-a-report",
        "As noted in paragraph 51 of the report of the Secretary-General, the Charter requires "
        "cooperation.",
        (),
    ),
    C(
        "en-article-2-4-and-article-51-of-the-un-charter",
        "Armenia violated Article 2(4) and Article 51 of the UN Charter.",
        ("2(4)", "51"),
    ),
    C(
        "en-article-99",
        "I wish to recall the responsibilities of the Secretary-General under Article 99 of the "
        "Charter.",
        ("99",),
    ),
    C(
        "en-trap-chapter-vii",
        "The Council acted under Chapter VII of the Charter.",
        (),
    ),
    C(
        "fr-larticle-51-de-la-charte",
        "Conformément à l'Article 51 de la Charte, le Gouvernement a pris les mesures nécessaires.",
        ("51",),
        language="fr",
    ),
    C(
        "fr-paragraphe-4-de-larticle-2",
        "Ces actes violent le paragraphe 4 de l'Article 2 de la Charte des Nations Unies.",
        ("2(4)",),
        language="fr",
    ),
    C(
        "fr-trap-traite-de-latlantique-nord",
        "Les alliés ont invoqué l'article 5 du Traité de l'Atlantique Nord.",
        (),
        language="fr",
    ),
    C(
        "es-el-articulo-51-de-la-carta",
        "De conformidad con el Artículo 51 de la Carta, el Gobierno informa al Consejo.",
        ("51",),
        language="es",
    ),
    C(
        "es-trap-convencion-de-viena",
        "El artículo 27 de la Convención de Viena sobre el Derecho de los Tratados es claro.",
        (),
        language="es",
    ),
    C(
        "ru-statyey-51-ustava",
        "В соответствии со статьей 51 Устава Организации Объединенных Наций правительство "
        "уведомляет Совет Безопасности.",
        ("51",),
        language="ru",
    ),
    C(
        "ru-punkta-4-stati-2-ustava",
        "Эти действия являются нарушением пункта 4 статьи 2 Устава.",
        ("2(4)",),
        language="ru",
    ),
    C(
        "ar-al-madda-51-min-al-mithaq",
        "تحتفظ الحكومة بحقها بموجب المادة 51 من الميثاق.",
        ("51",),
        language="ar",
    ),
    C(
        "zh-xianzhang-diwushiyi-tiao",
        "根据《宪章》第五十一条，特此通知安全理事会。",
        ("51",),
        language="zh",
    ),
    C(
        "zh-xianzhang-di-2-tiao-di-4-kuan",
        "这违反了《宪章》第2条第4款。",
        ("2(4)",),
        language="zh",
    ),
    C(
        "zh-trap-beidaxiyang-gongyue",
        "盟国援引了《北大西洋公约》第五条。",
        (),
        language="zh",
    ),
    C(
        "en-trap-charter-and-protocol-article-attached",
        "Contrary to the Charter, they ignored Article 51 of Additional Protocol I.",
        (),
    ),
    C(
        "en-articles-41-and-42",
        "The measures foreseen in Articles 41 and 42 of the Charter remain available.",
        ("41", "42"),
    ),
    C(
        "en-charter-in-the-sentence-before",
        "The Charter of the United Nations is clear. Article 2 (4) prohibits the threat or use of "
        "force.",
        ("2(4)",),
    ),
    C(
        "en-trap-paragraph-about-two-instruments",
        "The Charter and the Geneva Conventions apply. Article 3 sets out minimum standards.",
        (),
    ),
)

CHARTER_HELD_OUT: tuple[CharterCase, ...] = (
    C(
        "en-in-accordance-with-article-51",
        "In accordance with Article 51 of the Charter of the United Nations, the Government hereby "
        "informs the Security Council of the measures taken in the exercise of its inherent right "
        "of self-defence.",
        ("51",),
    ),
    C(
        "en-article-2-paragraph-4-which-prohibits",
        "Such actions violate Article 2, paragraph 4, of the Charter, which prohibits the threat "
        "or use of force.",
        ("2(4)",),
    ),
    C(
        "en-in-particular-articles-2-4-and-51",
        "The principles enshrined in the Charter, in particular Articles 2 (4) and 51, leave no "
        "room for such an interpretation.",
        ("2(4)", "51"),
    ),
    C(
        "en-trap-article-5-nato",
        "The allies invoked article 5 of the North Atlantic Treaty for the first time in history.",
        (),
    ),
    C(
        "en-trap-additional-protocol",
        "Indiscriminate attacks are prohibited under Article 51 of Additional Protocol I to the "
        "Geneva Conventions.",
        (),
    ),
    C(
        "en-pursuant-to-article-35-1",
        "Pursuant to Article 35 (1) of the Charter, I request that the Security Council convene an "
        "urgent meeting.",
        ("35(1)",),
    ),
    C(
        "fr-article-51-de-la-charte-des-nations-unies",
        "Conformément à l'Article 51 de la Charte des Nations Unies, le Gouvernement informe le "
        "Conseil de sécurité des mesures prises.",
        ("51",),
        language="fr",
    ),
    C(
        "es-articulo-2-parrafo-4",
        "Estos actos constituyen una violación del Artículo 2, párrafo 4, de la Carta de las "
        "Naciones Unidas.",
        ("2(4)",),
        language="es",
    ),
    C(
        "ru-statyey-51-ustava-oon",
        "В соответствии со статьей 51 Устава ООН Российская Федерация уведомляет Совет "
        "Безопасности.",
        ("51",),
        language="ru",
    ),
    C(
        "ar-lil-madda-51-min-mithaq-al-umam",
        "وفقا للمادة 51 من ميثاق الأمم المتحدة، تبلغ الحكومة مجلس الأمن بالتدابير المتخذة.",
        ("51",),
        language="ar",
    ),
    C(
        "zh-lianheguo-xianzhang-diwushiyi-tiao",
        "根据《联合国宪章》第五十一条，特此通知安全理事会。",
        ("51",),
        language="zh",
    ),
    C(
        "en-trap-convention-article-with-charter-nearby",
        "Article 3 of the Convention on the Rights of the Child and the Charter of the United "
        "Nations both require that the best interests of the child be protected.",
        (),
    ),
    C(
        "en-paragraph-4-of-article-2",
        "This is a clear breach of paragraph 4 of Article 2 of the Charter.",
        ("2(4)",),
    ),
)

M = MentionCase

MENTIONS_TUNING: tuple[MentionCase, ...] = (
    M(
        "sample-armenia-plans",
        "Armenia plans to conduct a so-called referendum in the occupied territories of "
        "Azerbaijan.",
        frozenset({"Armenia"}),
        own=("Azerbaijan",),
    ),
    M(
        "sample-000-addressees-of-the-appeal",
        "State Department and Congress of the United States of America, Parliament of France, "
        "Ministry of Foreign Affairs and State Duma of the Russian Federation",
        frozenset({"United States of America", "France", "Russian Federation"}),
        own=("Azerbaijan",),
    ),
    M(
        "guinea-bissau-and-guinea",
        "Guinea-Bissau and Guinea signed the agreement.",
        frozenset({"Guinea-Bissau", "Guinea"}),
    ),
    M("papua-new-guinea", "Papua New Guinea hosted the meeting.", frozenset({"Papua New Guinea"})),
    M(
        "democratic-republic-of-the-congo",
        "The Democratic Republic of the Congo called for restraint.",
        frozenset({"Democratic Republic of the Congo"}),
    ),
    M(
        "sudan-and-south-sudan",
        "The Sudan and South Sudan agreed on the border.",
        frozenset({"Sudan", "South Sudan"}),
    ),
    M(
        "two-koreas",
        "The Republic of Korea and the Democratic People's Republic of Korea met at Panmunjom.",
        frozenset({"Republic of Korea", "Democratic People's Republic of Korea"}),
    ),
    M(
        "dominica-and-dominican-republic",
        "Dominica and the Dominican Republic were affected by the hurricane.",
        frozenset({"Dominica", "Dominican Republic"}),
    ),
    M(
        "soviet-troops",
        "26,000 Soviet troops attacked Baku.",
        frozenset({"Union of Soviet Socialist Republics"}),
        own=("Azerbaijan",),
    ),
    M(
        "languages-are-not-states",
        "The document is available in Russian and in French, and the Spanish version follows.",
        frozenset(),
    ),
    M("niger-and-nigeria", "Niger and Nigeria share a border.", frozenset({"Niger", "Nigeria"})),
    M(
        "former-yugoslav-republic",
        "the former Yugoslav Republic of Macedonia applied for membership.",
        frozenset({"North Macedonia"}),
    ),
    M(
        "cote-divoire-curly-apostrophe",
        "Côte d’Ivoire welcomed the decision.",
        frozenset({"Côte d'Ivoire"}),
    ),
    M(
        "parenthesised-names",
        "Bolivia (Plurinational State of) and Venezuela (Bolivarian Republic of) abstained.",
        frozenset({"Bolivia (Plurinational State of)", "Venezuela (Bolivarian Republic of)"}),
    ),
    M(
        "republic-of-china-is-not-china",
        "The authorities of the so-called Republic of China on Taiwan issued a statement.",
        frozenset(),
    ),
    M(
        "hyphenated-conflict",
        "The Armenia-Azerbaijan conflict must be settled.",
        frozenset({"Armenia"}),
        own=("Azerbaijan",),
    ),
    M(
        "united-nations-is-not-a-state",
        "The United Nations and the United Kingdom welcomed the talks.",
        frozenset({"United Kingdom of Great Britain and Northern Ireland"}),
    ),
    M(
        "demonyms",
        "Jordanian, Israeli and Palestinian officials attended.",
        frozenset({"Jordan", "Israel", "State of Palestine"}),
    ),
)

MENTIONS_HELD_OUT: tuple[MentionCase, ...] = (
    M(
        "rwandan-forces",
        "The Government of the Democratic Republic of the Congo condemns the incursion of Rwandan "
        "forces into its territory.",
        frozenset({"Rwanda"}),
        own=("Democratic Republic of the Congo",),
    ),
    M(
        "three-guineas",
        "Equatorial Guinea, Guinea and Guinea-Bissau signed the agreement in Conakry, with Papua "
        "New Guinea as an observer.",
        frozenset({"Equatorial Guinea", "Guinea", "Guinea-Bissau", "Papua New Guinea"}),
        own=("France",),
    ),
    M(
        "gulf-of-guinea",
        "Piracy in the Gulf of Guinea continues to threaten shipping off the coasts of Nigeria and "
        "Benin.",
        frozenset({"Nigeria", "Benin"}),
        own=("Togo",),
    ),
    M(
        "two-congos",
        "The Republic of the Congo and the Democratic Republic of the Congo share a long border.",
        frozenset({"Congo", "Democratic Republic of the Congo"}),
        own=("Angola",),
    ),
    M(
        "formal-names-and-adjective",
        "The Islamic Republic of Iran and the Syrian Arab Republic were represented, while Israeli "
        "officials declined to attend.",
        frozenset({"Iran (Islamic Republic of)", "Syrian Arab Republic", "Israel"}),
        own=("Lebanon",),
    ),
    M(
        "language-versions",
        "The Russian version of the report was circulated late, and the Chinese translation is "
        "pending.",
        frozenset(),
        own=("Germany",),
    ),
    M(
        "former-names",
        "Türkiye (formerly Turkey), the United Kingdom and the United States of America issued a "
        "joint statement.",
        frozenset(
            {
                "Türkiye",
                "United Kingdom of Great Britain and Northern Ireland",
                "United States of America",
            }
        ),
        own=("Greece",),
    ),
    M(
        "armenian-forces",
        "Armenian armed forces shelled Azerbaijani villages near the border.",
        frozenset({"Armenia"}),
        own=("Azerbaijan",),
    ),
    M(
        "niger-delta",
        "The delegation of Niger met the Nigerian authorities in the Niger Delta.",
        frozenset({"Niger", "Nigeria"}),
        own=("Chad",),
    ),
)
