"""Links between letters everywhere the data goes: the JSON API, the exports (CSV, JSON
Lines, RIS, BibTeX), OAI-PMH (``un_letter`` and ``oai_dc``) and the search feed's
parameters (DESIGN.md §13)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse
from lxml import etree

from letters.models import Letter
from letters.opendata import oai
from tests.factories import make_letter
from tests.opendata.test_api import get_json
from tests.opendata.test_oai import NS

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(sample_letters):
    """Sample 004 replies to Armenia's letter A/75/861–S/2021/392, stored here; another
    letter invokes Article 51 and names France."""
    answered = make_letter(
        symbol="A/75/861–S/2021/392", state="Armenia", dated="22 April 2021", filename="am.txt"
    )
    invoking = make_letter(
        symbol="A/76/9",
        state="Armenia",
        filename="art51.txt",
        body="Armenia reserves its right of self-defence under Article 51 of the Charter of the "
        "United Nations, and calls upon France to act.",
    )
    return {"answered": answered, "invoking": invoking, **sample_letters}


def test_the_api_letter_carries_references_both_ways_articles_and_mentions(client, linked):
    reply = get_json(client, f"/api/v1/letters/{linked['004'].pk}/")
    [reference] = [r for r in reply["references"] if r["relation"] == "replies_to"]
    assert reference["symbols"] == ["A/75/861", "S/2021/392"]
    assert reference["date"] == "2021-04-22"
    assert reference["sender_states"] == ["Armenia"]
    assert reference["letter"]["id"] == linked["answered"].pk
    assert reply["thread_url"] == f"http://testserver/threads/{linked['004'].pk}/"
    assert [s["name"] for s in reply["states_mentioned"]] == ["Armenia"]

    answered = get_json(client, f"/api/v1/letters/{linked['answered'].pk}/")
    assert answered["referenced_by"] == [{"relation": "replies_to", "letter": reply_brief(reply)}]
    invoking = get_json(client, f"/api/v1/letters/{linked['invoking'].pk}/")
    [article] = invoking["charter_articles"]
    assert (article["key"], article["label"]) == ("51", "Article 51")
    assert article["letters_url"].endswith("/api/v1/letters/?charter=51")
    assert [s["name"] for s in invoking["states_mentioned"]] == ["France"]

    # A reference to a letter the archive does not hold is given as printed.
    unanswered = get_json(client, f"/api/v1/letters/{linked['003'].pk}/")
    assert unanswered["references"][0]["letter"] is None
    assert unanswered["thread_url"] is None


def reply_brief(letter: dict) -> dict:
    keys = ("id", "title", "letter_date", "url", "page_url")
    return {key: letter[key] for key in keys}


def test_the_api_list_filters_and_counts_the_new_facets(client, linked):
    page = get_json(client, "/api/v1/letters/", charter="51", expand="facets")
    assert page["count"] == 1
    facets = {f["name"]: f for f in page["facets"]}
    assert facets["charter"]["values"] == [
        {
            "param": "51",
            "label": "Article 51",
            "count": 1,
            "approximate": False,
            "selected": True,
            "detail": "",
        }
    ]
    page = get_json(client, "/api/v1/letters/", state="azerbaijan", mentions="armenia")
    assert page["count"] == 5
    error = get_json(client, "/api/v1/letters/", charter="Article 51", status=400)
    assert "charter" in error["errors"]
    get_json(client, "/api/v1/letters/", mentions="nowhere", status=400)


def test_exports_carry_references_articles_and_mentions(client, linked):
    response = client.get(reverse("letters:export", args=["csv"]), {"q": "Trophy"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    reply = next(r for r in rows if r["id"] == str(linked["004"].pk))
    assert reply["references"].startswith("Replies to A/75/861–S/2021/392 (22 April 2021, Armenia)")
    assert reply["states_mentioned"] == "Armenia"

    response = client.get(reverse("letters:export", args=["jsonl"]), {"charter": "51"})
    [record] = [json.loads(line) for line in response.content.splitlines()]
    assert record["charter_articles"] == ["51"]
    assert record["states_mentioned"] == ["France"]

    response = client.get(reverse("letters:export", args=["jsonl"]), {"q": "Trophy"})
    records = [json.loads(line) for line in response.content.splitlines()]
    reply = next(r for r in records if r["id"] == linked["004"].pk)
    [reference] = [r for r in reply["references"] if r["relation"] == "replies_to"]
    assert reference["url"] == f"http://testserver/letters/{linked['answered'].pk}/"

    text = client.get(reverse("letters:cite_ris", args=[linked["invoking"].pk])).content.decode()
    assert "N1  - Invokes: Article 51 of the Charter" in text
    assert "N1  - Mentions: France" in text


def test_oai_records_carry_links_and_validate(client, linked):
    schema = etree.XMLSchema(etree.fromstring(client.get(reverse("letters:oai_schema")).content))
    identifier = oai.identifier("testserver", linked["004"].pk)
    response = client.get(
        "/oai", {"verb": "GetRecord", "identifier": identifier, "metadataPrefix": "un_letter"}
    )
    root = etree.fromstring(response.content)
    element = root.find(".//un:letter", namespaces=NS)
    schema.assertValid(element)
    [reference] = [
        r
        for r in element.findall("un:reference", namespaces=NS)
        if r.get("relation") == "replies_to"
    ]
    assert reference.get("letter") == f"http://testserver/letters/{linked['answered'].pk}/"
    assert reference.get("date") == "2021-04-22"
    assert [s.text for s in reference.findall("un:symbol", namespaces=NS)] == [
        "A/75/861",
        "S/2021/392",
    ]
    assert element.findtext("un:stateMentioned", namespaces=NS) == "Armenia"

    identifier = oai.identifier("testserver", linked["invoking"].pk)
    for prefix in ("un_letter", "oai_dc"):
        response = client.get(
            "/oai", {"verb": "GetRecord", "identifier": identifier, "metadataPrefix": prefix}
        )
        root = etree.fromstring(response.content)
        if prefix == "un_letter":
            element = root.find(".//un:letter", namespaces=NS)
            schema.assertValid(element)
            assert element.find("un:charterArticle", namespaces=NS).get("key") == "51"
        else:
            text = response.content.decode()
            assert "Charter of the United Nations, Article 51" in text
            assert "<dc:coverage>France</dc:coverage>" in text


def test_drafts_named_by_references_stay_hidden(client, linked):
    Letter.objects.filter(pk=linked["answered"].pk).update(published_at=None)
    reply = get_json(client, f"/api/v1/letters/{linked['004'].pk}/")
    [reference] = [r for r in reply["references"] if r["relation"] == "replies_to"]
    assert reference["letter"] is None
    response = client.get(reverse("letters:export", args=["jsonl"]), {"q": "Trophy"})
    assert f"/letters/{linked['answered'].pk}/" not in response.content.decode()
