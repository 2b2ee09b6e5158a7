"""OAI-PMH 2.0: the protocol's six verbs over the published letters.

``respond(arguments, base_url=…, host=…)`` takes the request's arguments and gives
the XML document to send (always HTTP 200, errors included, as the protocol says).

* Records are published letters; a record's datestamp is the letter's ``updated``
  time, shown to the second; harvests walk ``(updated, id)`` in order.
* Identifiers: ``oai:<host>:letter/<id>``.
* Formats: ``oai_dc`` and ``un_letter`` (this archive's own, every field of the
  record; schema served at /oai/un_letter.xsd).
* Sets: ``ga:<session>`` (General Assembly session), ``sc:<year>`` (Security
  Council year, as a calendar year), ``topic:<slug>`` (agenda topic).
* Deleted records: ``no``. A letter taken off the site (unpublished) leaves no
  trace a harvester could be told about: it looks the same as a draft that was
  never published, and drafts must not be disclosed. Harvesters that need to
  notice withdrawals harvest everything again.
* Resumption tokens are stateless: the cursor (last datestamp and id), the
  request's filters, the list's size and the position, signed with the site's
  secret and valid for ``TOKEN_LIFETIME``.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Mapping, Sequence

from django.contrib.postgres.expressions import ArraySubquery
from django.core import signing
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from lxml import etree as ET

from letters.models import AgendaTopic, Letter, Session, public_letter_q
from letters.numbering import ordinal, sc_calendar_year, sc_year_count
from letters.opendata.citing import ExportRecord, export_records
from letters.search.facets import charter_label

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
DC_NS = "http://purl.org/dc/elements/1.1/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
IDENTIFIER_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
IDENTIFIER_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
# This archive's own format: a name, not an address (it never changes with the host).
UN_LETTER_NS = "urn:x-un-letters-archive:un_letter:1.0"
UN_LETTER_SCHEMA_PATH = "/oai/un_letter.xsd"


REPOSITORY_NAME = "UN Letters Archive"
ADMIN_EMAIL = "archive@un-letters.invalid"

# Bounds on what a harvester can ask: records per page (each reads one statement of
# LIST_SIZE rows), how long a token is honoured, how long any argument may be.
LIST_SIZE = {"ListRecords": 100, "ListIdentifiers": 500}
SETS_PAGE_SIZE = 500
TOKEN_LIFETIME = datetime.timedelta(hours=24)
MAX_ARGUMENT_LENGTH = 1000
# Fixed: changing it would invalidate every resumption token in circulation.
TOKEN_SALT = "letters.oai.resumption"

VERBS = {
    # verb: (required, optional, exclusive)
    "Identify": (set(), set(), None),
    "ListMetadataFormats": (set(), {"identifier"}, None),
    "ListSets": (set(), set(), "resumptionToken"),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), None),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, "resumptionToken"),
}
FORMATS = {
    "oai_dc": (OAI_DC_SCHEMA, OAI_DC_NS),
    "un_letter": (UN_LETTER_SCHEMA_PATH, UN_LETTER_NS),
}

# Characters XML 1.0 cannot carry (controls, lone surrogates, U+FFFE, U+FFFF), and the
# other Unicode noncharacters (U+FDD0–U+FDEF, the last two code points of every plane),
# which XML allows but discourages and feed readers refuse. Letters extracted from PDFs
# sometimes hold them, and a visitor can put any of them in a search's feed title.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0x10000, 0x110000, 0x10000)
)
_NOT_XML = re.compile(
    f"[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[{_NONCHARACTERS}]"
)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_SET_SPEC = re.compile(r"(?:ga:(\d{1,3})|sc:(\d{4})|topic:([-a-z0-9_]{1,120}))")


class OAIError(Exception):
    """One of the protocol's errors: ``code`` is its name (badArgument, …)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def xml_text(value: object) -> str:
    """``value`` as text XML can carry: characters XML 1.0 forbids, and Unicode's
    noncharacters, are dropped. Every text the OAI-PMH answers and the Atom feeds hold
    passes through here."""
    return _NOT_XML.sub("", str(value))


def _sub(parent: ET.Element, tag: str, text: object = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def _q(namespace: str, tag: str) -> str:
    return f"{{{namespace}}}{tag}"


def _o(tag: str) -> str:
    return _q(OAI_NS, tag)


def datestamp(moment: datetime.datetime) -> str:
    """A datestamp at the declared granularity (seconds, UTC)."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datestamp(text: str, *, until: bool) -> tuple[datetime.datetime, str]:
    """``from``/``until`` as a bound on ``updated`` and its granularity (day or second).

    ``until`` is inclusive at its granularity: ``until=2021-05-07`` reaches the end
    of that day, ``…T10:00:00Z`` the end of that second (datestamps are shown to the
    second, the stored times are finer).
    """
    if _DAY.fullmatch(text):
        granularity, step, fmt = "day", datetime.timedelta(days=1), "%Y-%m-%d"
    elif _SECOND.fullmatch(text):
        granularity, step, fmt = "second", datetime.timedelta(seconds=1), "%Y-%m-%dT%H:%M:%SZ"
    else:
        raise OAIError(
            "badArgument",
            f"{text!r} is not a date: use YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (UTC).",
        )
    try:
        moment = datetime.datetime.strptime(text, fmt).replace(tzinfo=datetime.UTC)
    except ValueError:
        raise OAIError("badArgument", f"{text!r} is not a valid date.") from None
    if until:
        try:
            moment += step
        except OverflowError:
            moment = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    return moment, granularity


def identifier(host: str, pk: int) -> str:
    """A letter's OAI identifier: ``oai:<host>:letter/<id>``."""
    return f"oai:{host}:letter/{pk}"


def _letter_pk(host: str, value: str) -> int:
    prefix = f"oai:{host}:letter/"
    local = value[len(prefix) :] if value.startswith(prefix) else ""
    if not local.isascii() or not local.isdigit() or len(local) > 18:
        raise OAIError("idDoesNotExist", f"{value!r} is not an identifier of this repository.")
    return int(local)


@dataclasses.dataclass(frozen=True)
class Harvest:
    """What a list request asks for; a resumption token carries it on."""

    verb: str
    prefix: str = ""
    set_spec: str = ""
    start: datetime.datetime | None = None  # updated >= start
    end: datetime.datetime | None = None  # updated < end
    after: tuple[str, int] | None = None  # the last (updated, id) already sent
    cursor: int = 0
    total: int | None = None

    def token(self) -> str:
        """This harvest as a resumption token: signed, compressed, not encrypted."""
        data = {
            "v": self.verb,
            "m": self.prefix,
            "s": self.set_spec,
            "f": self.start.isoformat() if self.start else None,
            "u": self.end.isoformat() if self.end else None,
            "a": list(self.after) if self.after else None,
            "c": self.cursor,
            "n": self.total,
        }
        return signing.dumps(data, salt=TOKEN_SALT, compress=True)

    @classmethod
    def from_token(cls, verb: str, token: str) -> Harvest:
        """The harvest a token carries on; badResumptionToken when it is expired, altered or
        another verb's."""
        try:
            data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_LIFETIME)
        except signing.SignatureExpired:
            raise OAIError("badResumptionToken", "The resumption token has expired.") from None
        except signing.BadSignature:
            raise OAIError("badResumptionToken", "The resumption token is not valid.") from None
        if not isinstance(data, dict) or data.get("v") != verb:
            raise OAIError("badResumptionToken", f"The resumption token is not one of {verb}.")
        after = data["a"]
        return cls(
            verb=verb,
            prefix=data["m"],
            set_spec=data["s"],
            start=datetime.datetime.fromisoformat(data["f"]) if data["f"] else None,
            end=datetime.datetime.fromisoformat(data["u"]) if data["u"] else None,
            after=(after[0], int(after[1])) if after else None,
            cursor=data["c"],
            total=data["n"],
        )


def respond(arguments: Mapping[str, Sequence[str]], *, base_url: str, host: str) -> bytes:
    """The OAI-PMH response to ``arguments`` (each name with all the values sent)."""
    root = ET.Element(
        _o("OAI-PMH"),
        {_q(XSI_NS, "schemaLocation"): f"{OAI_NS} {OAI_SCHEMA}"},
        nsmap={None: OAI_NS, "xsi": XSI_NS},
    )
    _sub(root, _o("responseDate"), datestamp(timezone.now()))
    request = _sub(root, _o("request"), base_url)
    try:
        args = _checked_arguments(arguments)
        verb = args.pop("verb")
        for name, value in args.items():
            request.set(name, xml_text(value))
        request.set("verb", verb)
        handler = _HANDLERS[verb]
        root.append(handler(args, base_url=base_url, host=host))
    except OAIError as error:
        if error.code in {"badVerb", "badArgument"}:
            # The protocol: the request element then carries no attributes.
            request.attrib.clear()
        _sub(root, _o("error"), error.message, code=error.code)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _checked_arguments(arguments: Mapping[str, Sequence[str]]) -> dict[str, str]:
    verbs = arguments.get("verb", [])
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OAIError("badVerb", "The verb is missing, repeated or not one of the protocol's.")
    verb = verbs[0]
    required, optional, exclusive = VERBS[verb]
    allowed = required | optional | ({exclusive} if exclusive else set())
    args = {}
    for name, values in arguments.items():
        if name == "verb":
            continue
        if name not in allowed:
            raise OAIError("badArgument", f"{verb} takes no argument {xml_text(name)[:50]!r}.")
        if len(values) != 1:
            raise OAIError("badArgument", f"The argument {name} is repeated.")
        if len(values[0]) > MAX_ARGUMENT_LENGTH:
            raise OAIError("badArgument", f"The argument {name} is too long.")
        args[name] = values[0]
    if exclusive and exclusive in args:
        if len(args) > 1:
            raise OAIError("badArgument", f"{exclusive} is an exclusive argument.")
    else:
        missing = sorted(required - args.keys())
        if missing:
            raise OAIError("badArgument", f"{verb} needs {', '.join(missing)}.")
    return {"verb": verb, **args}


def _identify(args: dict, *, base_url: str, host: str) -> ET.Element:
    element = ET.Element(_o("Identify"))
    _sub(element, _o("repositoryName"), REPOSITORY_NAME)
    _sub(element, _o("baseURL"), base_url)
    _sub(element, _o("protocolVersion"), "2.0")
    _sub(element, _o("adminEmail"), ADMIN_EMAIL)
    earliest = Letter.objects.public().order_by("updated").values_list("updated", flat=True).first()
    _sub(
        element,
        _o("earliestDatestamp"),
        datestamp(earliest) if earliest else "1946-01-01T00:00:00Z",
    )
    _sub(element, _o("deletedRecord"), "no")
    _sub(element, _o("granularity"), "YYYY-MM-DDThh:mm:ssZ")
    description = _sub(element, _o("description"))
    ident = ET.SubElement(
        description,
        _q(IDENTIFIER_NS, "oai-identifier"),
        {_q(XSI_NS, "schemaLocation"): f"{IDENTIFIER_NS} {IDENTIFIER_SCHEMA}"},
        nsmap={None: IDENTIFIER_NS},
    )
    _sub(ident, _q(IDENTIFIER_NS, "scheme"), "oai")
    _sub(ident, _q(IDENTIFIER_NS, "repositoryIdentifier"), host)
    _sub(ident, _q(IDENTIFIER_NS, "delimiter"), ":")
    _sub(ident, _q(IDENTIFIER_NS, "sampleIdentifier"), identifier(host, 1))
    return element


def _list_metadata_formats(args: dict, *, base_url: str, host: str) -> ET.Element:
    if "identifier" in args:
        pk = _letter_pk(host, args["identifier"])
        if not Letter.objects.public().filter(pk=pk).exists():
            raise OAIError("idDoesNotExist", "No published letter has this identifier.")
    element = ET.Element(_o("ListMetadataFormats"))
    origin = _origin(base_url)
    for prefix, (schema, namespace) in FORMATS.items():
        item = _sub(element, _o("metadataFormat"))
        _sub(item, _o("metadataPrefix"), prefix)
        _sub(item, _o("schema"), schema if schema.startswith("http") else origin + schema)
        _sub(item, _o("metadataNamespace"), namespace)
    return element


def _all_sets() -> list[tuple[str, str]]:
    """Every set that holds a published letter: sessions, Security Council years, topics."""
    public = public_letter_q("letters__")
    sets = [
        (f"ga:{number}", f"General Assembly, {ordinal(number)} session")
        for number in Session.objects.annotate(n=Count("letters", filter=public))
        .filter(n__gt=0)
        .order_by("number")
        .values_list("number", flat=True)
    ]
    years = (
        Letter.objects.public()
        .exclude(sc_year=None)
        .order_by("sc_year")
        .values_list("sc_year", flat=True)
        .distinct()
    )
    sets += [
        (
            f"sc:{sc_calendar_year(y)}",
            f"Security Council, {ordinal(y)} year ({sc_calendar_year(y)})",
        )
        for y in years
    ]
    topics = (
        AgendaTopic.objects.filter(
            Exists(Letter.objects.public().filter(agenda_items__topic=OuterRef("pk")))
        )
        .order_by("slug")
        .values_list("slug", "title")
    )
    sets += [(f"topic:{slug}", f"Agenda topic: {title}") for slug, title in topics]
    return sets


def _list_sets(args: dict, *, base_url: str, host: str) -> ET.Element:
    if "resumptionToken" in args:
        harvest = Harvest.from_token("ListSets", args["resumptionToken"])
    else:
        harvest = Harvest(verb="ListSets")
    sets = _all_sets()
    element = ET.Element(_o("ListSets"))
    page = sets[harvest.cursor : harvest.cursor + SETS_PAGE_SIZE]
    for spec, name in page:
        item = _sub(element, _o("set"))
        _sub(item, _o("setSpec"), spec)
        _sub(item, _o("setName"), name)
    end = harvest.cursor + len(page)
    if end < len(sets):
        following = dataclasses.replace(harvest, cursor=end, total=len(sets))
        _token(element, following.token(), cursor=harvest.cursor, total=len(sets))
    elif harvest.cursor:
        _token(element, "", cursor=harvest.cursor, total=len(sets))
    return element


def _token(parent: ET.Element, token: str, *, cursor: int, total: int | None) -> None:
    attributes = {"cursor": cursor}
    if total is not None:
        attributes["completeListSize"] = total
    if token:
        attributes["expirationDate"] = datestamp(timezone.now() + TOKEN_LIFETIME)
    _sub(parent, _o("resumptionToken"), token, **attributes)


def _in_set(letters: QuerySet, spec: str) -> QuerySet:
    match = _SET_SPEC.fullmatch(spec)
    if not match:
        raise OAIError(
            "badArgument", "A set is ga:<session>, sc:<year> or topic:<slug> (see ListSets)."
        )
    session, sc_year, topic = match.groups()
    if session:
        return letters.filter(session_id=int(session))
    if sc_year:
        # The Council's year count starts with 1946 (its first year).
        count = sc_year_count(int(sc_year))
        return letters.filter(sc_year=count) if count > 0 else letters.none()
    through = Letter.agenda_items.through.objects.filter(
        letter=OuterRef("pk"), agendaitem__topic__slug=topic
    )
    return letters.filter(Exists(through))


def _harvest_from_arguments(verb: str, args: dict) -> Harvest:
    if "resumptionToken" in args:
        return Harvest.from_token(verb, args["resumptionToken"])
    prefix = args["metadataPrefix"]
    if prefix not in FORMATS:
        raise OAIError("cannotDisseminateFormat", f"This repository has no format {prefix!r}.")
    start = end = None
    granularities = set()
    if "from" in args:
        start, granularity = parse_datestamp(args["from"], until=False)
        granularities.add(granularity)
    if "until" in args:
        end, granularity = parse_datestamp(args["until"], until=True)
        granularities.add(granularity)
    if len(granularities) > 1:
        raise OAIError("badArgument", "from and until must have the same granularity.")
    if start and end and start >= end:
        raise OAIError("badArgument", "from is later than until.")
    spec = args.get("set", "")
    if spec:
        _in_set(Letter.objects.none(), spec)  # check its form before reading anything
    return Harvest(verb=verb, prefix=prefix, set_spec=spec, start=start, end=end)


def _harvested(harvest: Harvest) -> QuerySet:
    letters = Letter.objects.public()
    if harvest.set_spec:
        letters = _in_set(letters, harvest.set_spec)
    if harvest.start:
        letters = letters.filter(updated__gte=harvest.start)
    if harvest.end:
        letters = letters.filter(updated__lt=harvest.end)
    return letters


def _list(args: dict, *, base_url: str, host: str, verb: str) -> ET.Element:
    harvest = _harvest_from_arguments(verb, args)
    letters = _harvested(harvest)
    total = harvest.total if harvest.total is not None else letters.count()
    if harvest.after:
        moment, pk = harvest.after
        moment = datetime.datetime.fromisoformat(moment)
        # (updated, id) > (moment, pk), written so the index on (updated, id) bounds the
        # scan with updated >= moment and the rest only filters that range's first rows.
        letters = letters.filter(Q(updated__gt=moment) | Q(pk__gt=pk), updated__gte=moment)
    size = LIST_SIZE[verb]
    page = letters.order_by("updated", "pk")[: size + 1]
    if verb == "ListRecords":
        records = list(export_records(page, base_url=_origin(base_url)))
    else:
        records = header_rows(page)
    if not records:
        raise OAIError("noRecordsMatch", "No published letter matches these arguments.")
    element = ET.Element(_o(verb))
    for record in records[:size]:
        if verb == "ListRecords":
            element.append(_record(record, harvest.prefix, host, _origin(base_url)))
        else:
            element.append(_header(record, host))
    if len(records) > size:
        last = records[size - 1]
        following = dataclasses.replace(
            harvest,
            after=(last.updated.isoformat(), last.pk),
            cursor=harvest.cursor + size,
            total=total,
        )
        _token(element, following.token(), cursor=harvest.cursor, total=total)
    elif harvest.cursor:
        # The last page of a list that took several: an empty token closes it.
        _token(element, "", cursor=harvest.cursor, total=total)
    return element


def _list_identifiers(args: dict, *, base_url: str, host: str) -> ET.Element:
    return _list(args, base_url=base_url, host=host, verb="ListIdentifiers")


def _list_records(args: dict, *, base_url: str, host: str) -> ET.Element:
    return _list(args, base_url=base_url, host=host, verb="ListRecords")


def _get_record(args: dict, *, base_url: str, host: str) -> ET.Element:
    pk = _letter_pk(host, args["identifier"])
    prefix = args["metadataPrefix"]
    record = next(
        export_records(Letter.objects.public().filter(pk=pk), base_url=_origin(base_url)), None
    )
    if record is None:
        raise OAIError("idDoesNotExist", "No published letter has this identifier.")
    if prefix not in FORMATS:
        raise OAIError("cannotDisseminateFormat", f"This repository has no format {prefix!r}.")
    element = ET.Element(_o("GetRecord"))
    element.append(_record(record, prefix, host, _origin(base_url)))
    return element


def _origin(base_url: str) -> str:
    return base_url.rsplit("/oai", 1)[0]


@dataclasses.dataclass(frozen=True)
class HeaderRow:
    """What a record's header shows: ListIdentifiers reads only this."""

    pk: int
    updated: datetime.datetime
    session: int | None
    sc_year: int | None
    topic_slugs: tuple[str, ...]


def header_rows(letters: QuerySet) -> list[HeaderRow]:
    """The headers of ``letters``, in order: one query, without the records' other parts
    (a page of 500 headers read 56 ms through export_records at 30,000 letters)."""
    rows = letters.annotate(
        topic_slugs=ArraySubquery(
            Letter.agenda_items.through.objects.filter(letter=OuterRef("pk"))
            .exclude(agendaitem__topic=None)
            .order_by("agendaitem__session", "agendaitem__number")
            .values("agendaitem__topic__slug")
        )
    ).values_list("pk", "updated", "session_id", "sc_year", "topic_slugs")
    return [
        HeaderRow(pk, updated, session, sc, tuple(slugs))
        for pk, updated, session, sc, slugs in rows
    ]


def set_specs(record: ExportRecord | HeaderRow) -> list[str]:
    """The sets a letter is in: its session, its Security Council year, its agenda topics."""
    if isinstance(record, ExportRecord):
        slugs = [item.topic_slug for item in record.agenda_items if item.topic_slug]
    else:
        slugs = list(record.topic_slugs)
    specs = []
    if record.session:
        specs.append(f"ga:{record.session}")
    if record.sc_year:
        specs.append(f"sc:{sc_calendar_year(record.sc_year)}")
    specs += [f"topic:{slug}" for slug in slugs]
    return list(dict.fromkeys(specs))


def _header(record: ExportRecord | HeaderRow, host: str) -> ET.Element:
    header = ET.Element(_o("header"))
    _sub(header, _o("identifier"), identifier(host, record.pk))
    _sub(header, _o("datestamp"), datestamp(record.updated))
    for spec in set_specs(record):
        _sub(header, _o("setSpec"), spec)
    return header


def _record(record: ExportRecord, prefix: str, host: str, origin: str) -> ET.Element:
    element = ET.Element(_o("record"))
    element.append(_header(record, host))
    metadata = _sub(element, _o("metadata"))
    if prefix == "oai_dc":
        metadata.append(oai_dc(record))
    else:
        metadata.append(un_letter(record, schema_url=origin + UN_LETTER_SCHEMA_PATH))
    return element


def oai_dc(record: ExportRecord) -> ET.Element:
    """Simple Dublin Core: title, creators (sender States), contributors (signatories),
    subjects (agenda topics, Charter Articles invoked), descriptions (sender, session,
    agenda items, Council year), publisher, the letter's date, type, identifiers (symbols,
    URL), language, relations (the cited documents' keys, the archive's letters it
    replies to or refers to), coverage (the States it mentions)."""
    root = ET.Element(
        _q(OAI_DC_NS, "dc"),
        {_q(XSI_NS, "schemaLocation"): f"{OAI_DC_NS} {OAI_DC_SCHEMA}"},
        nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS},
    )

    def dc(tag: str, text: object) -> None:
        _sub(root, _q(DC_NS, tag), text)

    dc("title", record.title)
    for state in record.senders:
        dc("creator", state)
    for name in record.signatories:
        dc("contributor", name)
    for topic in dict.fromkeys(item.title for item in record.agenda_items if item.title):
        dc("subject", topic)
    if record.senders:
        sender = " and ".join(record.senders)
        if record.sender_title:
            sender = f"{record.sender_title} of {sender}"
        dc("description", f"From the {sender}." if record.sender_title else f"From {sender}.")
    if record.session:
        dc("description", f"General Assembly, {ordinal(record.session)} session.")
    for item in record.agenda_items:
        dc("description", f"Agenda item: {item}.")
    if record.sc_year:
        dc("description", f"Security Council, {ordinal(record.sc_year)} year.")
    dc("publisher", "United Nations")
    if record.letter_date:
        dc("date", record.letter_date.isoformat())
    dc("type", "Text")
    for symbol in record.symbols:
        dc("identifier", symbol)
    dc("identifier", record.url)
    if record.original_language:
        dc("language", record.original_language)
    for cited in record.cited:
        dc("relation", cited.key)
    for reference in record.references:
        if reference.url:
            dc("relation", reference.url)
    for key in record.charter_articles:
        dc("subject", f"Charter of the United Nations, {charter_label(key)}")
    for state in record.states_mentioned:
        dc("coverage", state)
    return root


def un_letter(record: ExportRecord, *, schema_url: str) -> ET.Element:
    """Every field of the record in this archive's own format (schema: un_letter.xsd)."""
    root = ET.Element(
        _q(UN_LETTER_NS, "letter"),
        {
            _q(XSI_NS, "schemaLocation"): f"{UN_LETTER_NS} {schema_url}",
            "id": str(record.pk),
        },
        nsmap={None: UN_LETTER_NS, "xsi": XSI_NS},
    )

    def un(parent: ET.Element, tag: str, text: object = None, **attributes) -> ET.Element:
        return _sub(parent, _q(UN_LETTER_NS, tag), text, **attributes)

    for symbol in record.symbols:
        un(root, "symbol", symbol)
    un(root, "kind", record.kind)
    un(root, "title", record.title)
    if record.letter_date:
        un(root, "letterDate", record.letter_date.isoformat())
    if record.distribution_date:
        un(root, "distributionDate", record.distribution_date.isoformat())
    if record.original_language:
        un(root, "originalLanguage", record.original_language)
    sender = un(root, "sender")
    if record.sender_title:
        sender.set("title", xml_text(record.sender_title))
    for state in record.senders:
        un(sender, "state", state)
    for addressee in record.addressees:
        un(root, "addressee", addressee)
    if record.session:
        un(root, "gaSession", record.session)
    for item in record.agenda_items:
        attributes = {"session": item.session, "number": item.number}
        if item.topic_slug:
            attributes["topic"] = item.topic_slug
        un(root, "agendaItem", item.title, **attributes)
    if record.sc_year:
        un(root, "scYear", record.sc_year, calendarYear=record.sc_calendar_year)
    for name in record.signatories:
        un(root, "signatory", name)
    for cited in record.cited:
        un(root, "cites", cited.label, key=cited.key, kind=cited.kind)
    for reference in record.references:
        attributes = {"relation": reference.relation}
        if reference.date:
            attributes["date"] = reference.date.isoformat()
        if reference.url:
            attributes["letter"] = reference.url
        element = un(root, "reference", **attributes)
        for symbol in reference.symbols:
            un(element, "symbol", symbol)
        for state in reference.sender_states:
            un(element, "senderState", state)
        un(element, "text", reference.text)
    for key in record.charter_articles:
        un(root, "charterArticle", f"{charter_label(key)} of the Charter", key=key)
    for state in record.states_mentioned:
        un(root, "stateMentioned", state)
    if record.published_at:
        un(root, "published", datestamp(record.published_at))
    un(root, "url", record.url)
    return root


_HANDLERS = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": _list_identifiers,
    "ListRecords": _list_records,
}
