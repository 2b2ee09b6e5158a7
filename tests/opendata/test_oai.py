"""OAI-PMH 2.0 at /oai: harvested with Sickle (a real harvester), then every error by hand."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from lxml import etree
from sickle import Sickle, oaiexceptions

from letters.models import Letter
from letters.opendata import oai
from tests.factories import make_letter

pytestmark = pytest.mark.django_db

NS = {"o": oai.OAI_NS, "dc": oai.DC_NS, "un": oai.UN_LETTER_NS}


class _Response:
    """What Sickle reads of a ``requests`` response, from a Django test response."""

    def __init__(self, response) -> None:
        self.status_code = response.status_code
        self.content = response.content
        self.text = response.content.decode()
        self.headers = dict(response.headers)
        self.encoding = "utf-8"

    def raise_for_status(self) -> None:
        assert self.status_code < 400, self.status_code


class ClientSickle(Sickle):
    """Sickle speaking to the Django test client instead of the network."""

    def __init__(self, client, http_method: str = "GET") -> None:
        super().__init__("http://testserver/oai", http_method=http_method)
        self.client = client
        self.requests = []

    def _request(self, kwargs):
        self.requests.append(dict(kwargs))
        send = self.client.get if self.http_method == "GET" else self.client.post
        return _Response(send("/oai", kwargs))


@pytest.fixture
def harvester(client):
    return ClientSickle(client)


def ident(letter) -> str:
    return f"oai:testserver:letter/{letter.pk}"


def test_identify(harvester, sample_letters):
    identify = harvester.Identify()
    assert identify.repositoryName == "UN Letters Archive"
    assert identify.baseURL == "http://testserver/oai"
    assert identify.protocolVersion == "2.0"
    assert identify.deletedRecord == "no"
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
    earliest = min(letter.updated for letter in Letter.objects.all())
    assert identify.earliestDatestamp == oai.datestamp(earliest)
    assert "<sampleIdentifier>oai:testserver:letter/1</sampleIdentifier>" in identify.raw


def test_list_metadata_formats(harvester, sample_letters):
    formats = {f.metadataPrefix: f for f in harvester.ListMetadataFormats()}
    assert set(formats) == {"oai_dc", "un_letter"}
    assert formats["oai_dc"].metadataNamespace == oai.OAI_DC_NS
    assert formats["un_letter"].schema == "http://testserver/oai/un_letter.xsd"
    for_one = harvester.ListMetadataFormats(identifier=ident(sample_letters["000"]))
    assert {f.metadataPrefix for f in for_one} == {"oai_dc", "un_letter"}


def test_list_sets(harvester, sample_letters):
    sets = {s.setSpec: s.setName for s in harvester.ListSets()}
    assert sets["ga:61"] == "General Assembly, 61st session"
    assert sets["ga:75"] == "General Assembly, 75th session"
    assert sets["sc:2021"] == "Security Council, 76th year (2021)"
    assert sets["topic:the-situation-in-the-occupied-territories-of-azerbaijan"] == (
        "Agenda topic: The situation in the occupied territories of Azerbaijan"
    )
    assert "ga:76" not in sets  # no letter of that session


def test_list_sets_across_pages(harvester, client, sample_letters, monkeypatch):
    everything = [s.setSpec for s in harvester.ListSets()]
    monkeypatch.setattr(oai, "SETS_PAGE_SIZE", 3)
    paged = ClientSickle(client)
    assert [s.setSpec for s in paged.ListSets()] == everything
    assert len(paged.requests) == -(-len(everything) // 3)


def test_list_records_harvests_everything_across_pages(harvester, sample_letters, monkeypatch):
    monkeypatch.setitem(oai.LIST_SIZE, "ListRecords", 2)
    records = list(harvester.ListRecords(metadataPrefix="oai_dc"))
    expected = Letter.objects.public().order_by("updated", "pk")
    assert [r.header.identifier for r in records] == [ident(letter) for letter in expected]
    # Three pages: the first request, then two resumption tokens.
    assert len(harvester.requests) == 3
    assert set(harvester.requests[1]) == {"verb", "resumptionToken"}
    first = records[0]
    letter = expected[0]
    assert first.metadata["title"] == [letter.title]
    assert first.metadata["creator"] == ["Azerbaijan"]
    assert first.metadata["publisher"] == ["United Nations"]
    assert f"http://testserver/letters/{letter.pk}/" in first.metadata["identifier"]
    assert first.header.datestamp == oai.datestamp(letter.updated)


def test_resumption_tokens_carry_size_cursor_and_expiry(client, sample_letters, monkeypatch):
    monkeypatch.setitem(oai.LIST_SIZE, "ListIdentifiers", 2)
    seen = []
    arguments = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}
    while True:
        tree = etree.fromstring(client.get("/oai", arguments).content)
        [token] = tree.xpath("//o:resumptionToken", namespaces=NS)
        seen.append((token.get("cursor"), token.get("completeListSize"), bool(token.text)))
        if not token.text:
            assert token.get("expirationDate") is None
            break
        expires = datetime.datetime.strptime(token.get("expirationDate"), "%Y-%m-%dT%H:%M:%SZ")
        assert expires > datetime.datetime.now() + datetime.timedelta(hours=23)
        arguments = {"verb": "ListIdentifiers", "resumptionToken": token.text}
    assert seen == [("0", "5", True), ("2", "5", True), ("4", "5", False)]


def test_a_list_of_one_page_has_no_token(client, sample_letters):
    response = client.get("/oai", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    assert b"resumptionToken" not in response.content


def test_sets_select_records(harvester, sample_letters):
    in_75 = [h.identifier for h in harvester.ListIdentifiers(metadataPrefix="oai_dc", set="ga:75")]
    expected = Letter.objects.public().filter(session=75).order_by("updated", "pk")
    assert in_75 == [ident(letter) for letter in expected]
    assert len(in_75) >= 1
    sc_2021 = {
        h.identifier for h in harvester.ListIdentifiers(metadataPrefix="oai_dc", set="sc:2021")
    }
    assert sc_2021 == {ident(letter) for letter in Letter.objects.filter(sc_year=76)}
    topic = "topic:protracted-conflicts-in-the-guam-area-and-their-implications-for-international-peace-security-and-de"
    guam = list(harvester.ListIdentifiers(metadataPrefix="oai_dc", set=topic))
    assert (
        len(guam)
        == Letter.objects.filter(agenda_items__topic__title__startswith="Protracted")
        .distinct()
        .count()
    )
    for header in guam:
        assert topic in header.setSpecs


def test_from_and_until_at_both_granularities(harvester, sample_letters):
    moments = {
        "000": datetime.datetime(2024, 1, 1, 10, 0, 0, 250_000, tzinfo=datetime.UTC),
        "001": datetime.datetime(2024, 1, 2, 10, 0, 5, tzinfo=datetime.UTC),
        "002": datetime.datetime(2024, 1, 2, 10, 0, 6, 900_000, tzinfo=datetime.UTC),
        "003": datetime.datetime(2024, 1, 3, 0, 0, 0, tzinfo=datetime.UTC),
        "004": datetime.datetime(2024, 1, 4, 23, 59, 59, 999_999, tzinfo=datetime.UTC),
    }
    for key, moment in moments.items():
        # update() leaves auto_now alone: the datestamps are exactly these.
        Letter.objects.filter(pk=sample_letters[key].pk).update(updated=moment)

    def harvest(**dates):
        headers = harvester.ListIdentifiers(metadataPrefix="oai_dc", **dates)
        by_pk = {ident(letter): key for key, letter in sample_letters.items()}
        return [by_pk[h.identifier] for h in headers]

    assert harvest(**{"from": "2024-01-02"}) == ["001", "002", "003", "004"]
    assert harvest(until="2024-01-02") == ["000", "001", "002"]
    assert harvest(**{"from": "2024-01-02", "until": "2024-01-03"}) == ["001", "002", "003"]
    # Seconds: until is inclusive of its whole second, from starts at it.
    assert harvest(until="2024-01-02T10:00:06Z") == ["000", "001", "002"]
    assert harvest(until="2024-01-02T10:00:05Z") == ["000", "001"]
    assert harvest(**{"from": "2024-01-02T10:00:06Z"}) == ["002", "003", "004"]
    assert harvest(**{"from": "2024-01-04T23:59:59Z", "until": "2024-01-04T23:59:59Z"}) == ["004"]
    header = next(iter(harvester.ListIdentifiers(metadataPrefix="oai_dc", until="2024-01-01")))
    assert header.datestamp == "2024-01-01T10:00:00Z"


def test_get_record_in_the_archive_format_is_valid_against_its_schema(
    client, harvester, sample_letters
):
    letter = sample_letters["004"]
    record = harvester.GetRecord(identifier=ident(letter), metadataPrefix="un_letter")
    assert record.header.identifier == ident(letter)
    assert "ga:75" in record.header.setSpecs
    assert "sc:2021" in record.header.setSpecs
    schema = etree.XMLSchema(etree.fromstring(client.get(reverse("letters:oai_schema")).content))
    element = record.xml.find("o:metadata/un:letter", namespaces=NS)
    schema.assertValid(element)
    assert element.findtext("un:title", namespaces=NS) == letter.title
    assert element.findtext("un:gaSession", namespaces=NS) == "75"
    assert element.find("un:scYear", namespaces=NS).get("calendarYear") == "2021"
    items = element.findall("un:agendaItem", namespaces=NS)
    assert [(i.get("session"), i.get("number")) for i in items][:2] == [("75", "15"), ("75", "34")]
    keys = [c.get("key") for c in element.findall("un:cites", namespaces=NS)]
    assert "S/RES/822 (1993)" in keys
    assert element.findtext("un:signatory", namespaces=NS) == "Yashar Aliyev"
    assert element.findtext("un:url", namespaces=NS) == f"http://testserver/letters/{letter.pk}/"


def test_every_sample_record_is_valid_against_the_schema(client, harvester, sample_letters):
    make_letter(symbol="A/76/500–S/2022/100", filename="x.txt")
    schema = etree.XMLSchema(etree.fromstring(client.get(reverse("letters:oai_schema")).content))
    records = list(harvester.ListRecords(metadataPrefix="un_letter"))
    assert len(records) == 6
    for record in records:
        element = record.xml.find("o:metadata/un:letter", namespaces=NS)
        schema.assertValid(element)


def test_post_harvests_like_get(client, sample_letters, monkeypatch):
    monkeypatch.setitem(oai.LIST_SIZE, "ListRecords", 2)
    by_post = ClientSickle(client, http_method="POST")
    by_get = ClientSickle(client)
    posted = [r.header.identifier for r in by_post.ListRecords(metadataPrefix="un_letter")]
    assert posted == [r.header.identifier for r in by_get.ListRecords(metadataPrefix="un_letter")]
    assert len(posted) == 5


def test_drafts_are_not_harvested(harvester, sample_letters):
    draft = sample_letters["003"]
    Letter.objects.filter(pk=draft.pk).update(published_at=None)
    identifiers = [h.identifier for h in harvester.ListIdentifiers(metadataPrefix="oai_dc")]
    assert ident(draft) not in identifiers
    assert len(identifiers) == 4
    with pytest.raises(oaiexceptions.IdDoesNotExist):
        harvester.GetRecord(identifier=ident(draft), metadataPrefix="oai_dc")


def test_text_xml_cannot_carry_is_dropped(harvester, sample_letters):
    letter = sample_letters["001"]
    Letter.objects.filter(pk=letter.pk).update(title="A title\x0b with \x1f control <b>&amp;")
    record = harvester.GetRecord(identifier=ident(letter), metadataPrefix="oai_dc")
    assert record.metadata["title"] == ["A title with  control <b>&amp;"]


def test_list_records_query_count_does_not_grow_with_the_page(
    client, django_assert_max_num_queries, sample_letters
):
    arguments = {"verb": "ListRecords", "metadataPrefix": "un_letter"}
    with django_assert_max_num_queries(6) as few:
        client.get("/oai", arguments)
    for n in range(6):
        make_letter(symbol=f"A/76/{100 + n}", state=f"State {n}", filename=f"{n}.txt")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/oai", arguments)
    assert response.content.count(b"<record>") == 11


# Errors, asked by hand: the code, and no request attributes for badVerb and badArgument.


def error_of(response) -> tuple[str, dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    tree = etree.fromstring(response.content)
    [error] = tree.xpath("/o:OAI-PMH/o:error", namespaces=NS)
    [request] = tree.xpath("/o:OAI-PMH/o:request", namespaces=NS)
    assert request.text == "http://testserver/oai"
    return error.get("code"), dict(request.attrib)


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param({}, id="no-verb"),
        pytest.param({"verb": "ListEverything"}, id="unknown-verb"),
        pytest.param({"verb": ["Identify", "ListSets"]}, id="repeated-verb"),
        # Identical repeats are merged for every other view (archive.middleware), not here.
        pytest.param({"verb": ["Identify", "Identify"]}, id="repeated-same-verb"),
        pytest.param({"verb": "identify"}, id="verb-case"),
    ],
)
def test_bad_verb(client, db, arguments):
    code, request = error_of(client.get("/oai", arguments))
    assert code == "badVerb"
    assert request == {}


@pytest.mark.parametrize(
    "arguments",
    [
        pytest.param({"verb": "Identify", "extra": "1"}, id="unknown-argument"),
        pytest.param({"verb": "ListRecords"}, id="missing-prefix"),
        pytest.param({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, id="missing-identifier"),
        pytest.param(
            {"verb": "ListRecords", "metadataPrefix": ["oai_dc", "un_letter"]}, id="repeated"
        ),
        pytest.param(
            {"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, id="repeated-same"
        ),
        pytest.param(
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-13-01"},
            id="bad-month",
        ),
        pytest.param(
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "7 May 2021"},
            id="not-a-date",
        ),
        pytest.param(
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-05-07T10:00Z"},
            id="minutes",
        ),
        pytest.param(
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-05-07T10:00:00.5Z"},
            id="finer-than-seconds",
        ),
        pytest.param(
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2021-05-07",
                "until": "2021-05-08T00:00:00Z",
            },
            id="mixed-granularity",
        ),
        pytest.param(
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2021-05-08",
                "until": "2021-05-07",
            },
            id="from-after-until",
        ),
        pytest.param(
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "session:75"}, id="bad-set"
        ),
        pytest.param(
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "ga:" + "7" * 5000},
            id="too-long",
        ),
        pytest.param(
            {"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"},
            id="token-not-exclusive",
        ),
        pytest.param({"verb": "ListSets", "set": "ga:75"}, id="listsets-argument"),
    ],
)
def test_bad_argument(client, sample_letters, arguments):
    code, request = error_of(client.get("/oai", arguments))
    assert code == "badArgument"
    assert request == {}


def test_cannot_disseminate_format(client, sample_letters):
    for arguments in [
        {"verb": "ListRecords", "metadataPrefix": "marc21"},
        {"verb": "ListIdentifiers", "metadataPrefix": "mods"},
        {
            "verb": "GetRecord",
            "metadataPrefix": "marc21",
            "identifier": ident(sample_letters["000"]),
        },
    ]:
        code, request = error_of(client.get("/oai", arguments))
        assert code == "cannotDisseminateFormat"
        assert request["verb"] == arguments["verb"]


@pytest.mark.parametrize(
    "identifier",
    [
        pytest.param("oai:testserver:letter/999999", id="unknown"),
        pytest.param("oai:elsewhere.org:letter/1", id="other-repository"),
        pytest.param("oai:testserver:letter/1x", id="not-a-number"),
        pytest.param("oai:testserver:letter/" + "9" * 40, id="huge-number"),
        pytest.param("letter/1", id="not-oai"),
    ],
)
def test_id_does_not_exist(client, sample_letters, identifier):
    for arguments in [
        {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": identifier},
        {"verb": "ListMetadataFormats", "identifier": identifier},
    ]:
        code, request = error_of(client.get("/oai", arguments))
        assert code == "idDoesNotExist"
        assert request["identifier"] == identifier


def test_no_records_match(client, sample_letters):
    for arguments in [
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "ga:99"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": "2999-01-01"},
        {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "1990-01-01T00:00:00Z"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "topic:no-such-topic"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "sc:0001"},
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "ga:0"},
    ]:
        code, _ = error_of(client.get("/oai", arguments))
        assert code == "noRecordsMatch"


def _first_token(client, verb="ListIdentifiers") -> str:
    response = client.get("/oai", {"verb": verb, "metadataPrefix": "oai_dc"})
    [token] = etree.fromstring(response.content).xpath("//o:resumptionToken", namespaces=NS)
    return token.text


def test_bad_resumption_token(client, sample_letters, monkeypatch):
    monkeypatch.setitem(oai.LIST_SIZE, "ListIdentifiers", 2)
    token = _first_token(client)
    for bad in ["garbage", token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), token + "x"]:
        code, request = error_of(
            client.get("/oai", {"verb": "ListIdentifiers", "resumptionToken": bad})
        )
        assert code == "badResumptionToken"
        assert request["resumptionToken"] == bad
    # A token of one verb is not one of another.
    code, _ = error_of(client.get("/oai", {"verb": "ListRecords", "resumptionToken": token}))
    assert code == "badResumptionToken"
    # An expired token.
    monkeypatch.setattr(oai, "TOKEN_LIFETIME", datetime.timedelta(seconds=-1))
    code, _ = error_of(client.get("/oai", {"verb": "ListIdentifiers", "resumptionToken": token}))
    assert code == "badResumptionToken"


@pytest.mark.timeout(60)
@pytest.mark.django_db(transaction=True)
def test_a_read_over_the_statement_limit_answers_503(client, sample_letters, monkeypatch):
    import psycopg

    from letters.opendata import views as views_open

    # The limit archive.middleware sets before an open-data view, made short, and the
    # letters table held by another connection: the read waits past the limit.
    monkeypatch.setattr(views_open.oai_pmh, "statement_timeout_ms", 300)
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    try:
        with psycopg.connect(**params) as locker:
            locker.execute("SET idle_in_transaction_session_timeout = '20s'")
            locker.execute("LOCK TABLE letters_letter IN ACCESS EXCLUSIVE MODE")
            response = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": "oai_dc"})
            locker.rollback()
        assert response.status_code == 503
        assert response["Retry-After"] == "60"
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")


def test_only_get_and_post(client, db):
    assert client.put("/oai", {"verb": "Identify"}).status_code == 405
    assert client.post("/oai", {"verb": "Identify"}).status_code == 200


def test_live_harvest_over_http(live_server, sample_letters, monkeypatch):
    monkeypatch.setitem(oai.LIST_SIZE, "ListRecords", 2)
    for method in ["GET", "POST"]:
        harvester = Sickle(f"{live_server.url}/oai", http_method=method, timeout=30)
        records = list(harvester.ListRecords(metadataPrefix="oai_dc"))
        assert len(records) == 5
        assert {r.metadata["title"][0] for r in records} == {
            letter.title for letter in sample_letters.values()
        }


@pytest.mark.parametrize(
    ("arguments", "queries"),
    [
        # Each: the statement limit (archive.middleware), then the reads.
        pytest.param({"verb": "Identify"}, 2, id="identify"),
        pytest.param({"verb": "ListMetadataFormats"}, 1, id="formats"),
        pytest.param({"verb": "ListSets"}, 4, id="sets"),
        pytest.param({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}, 3, id="identifiers"),
        pytest.param({"verb": "ListRecords", "metadataPrefix": "oai_dc"}, 3, id="records"),
        pytest.param({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, 2, id="record"),
    ],
)
def test_query_counts(client, django_assert_num_queries, sample_letters, arguments, queries):
    if arguments["verb"] == "GetRecord":
        arguments["identifier"] = ident(sample_letters["000"])
    with django_assert_num_queries(queries):
        response = client.get("/oai", arguments)
    assert b"<error" not in response.content
