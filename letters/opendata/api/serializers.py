"""What the API answers, as DRF serializers (read only): they shape the JSON and give
the OpenAPI schema its response types.

URLs are absolute (built on the request): ``url`` is the API's own, ``page_url`` the
public HTML page, ``source_url`` the original file.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from letters.browse.paragraphs import annex_anchor, paragraphs
from letters.models import Letter
from letters.search.facets import charter_label


def absolute(context: dict, path: str) -> str:
    """``path`` as an absolute URL on the request's scheme and host."""
    return context["request"].build_absolute_uri(path)


def letters_url(context: dict, **params) -> str:
    """The letters list with these search parameters."""
    return absolute(context, reverse("api:letters") + "?" + urlencode(params))


def is_public(letter: Letter | None) -> bool:
    """Whether the public site shows ``letter`` (models.public_letter_q, on a loaded row)."""
    return bool(
        letter is not None
        and letter.published_at is not None
        and (settings.LETTERS_INCLUDE_SYNTHETIC or not letter.is_synthetic)
    )


class LinkedLetterSerializer(serializers.Serializer):
    """Another letter, in brief: a named, cited or citing letter."""

    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    letter_date = serializers.DateField(allow_null=True)
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    def get_url(self, letter) -> str:
        """The letter's API URL."""
        return absolute(self.context, reverse("api:letter", args=[letter.pk]))

    def get_page_url(self, letter) -> str:
        """The letter's public page."""
        return absolute(self.context, reverse("letters:detail", args=[letter.pk]))


def linked_letter(letter: Letter | None, context: dict) -> dict | None:
    """``letter`` in brief if the public site shows it, else None (a draft stays hidden)."""
    return LinkedLetterSerializer(letter, context=context).data if is_public(letter) else None


# --- The letters list: a SearchPage ----------------------------------------------------


def _link_kwargs(url: str) -> dict:
    """The URL arguments of a public page's link (the result row keeps only its link)."""
    try:
        return resolve(url).kwargs
    except Resolver404:
        return {}


class ResultSessionSerializer(serializers.Serializer):
    """A result row's session: its number and label."""

    number = serializers.SerializerMethodField()
    label = serializers.CharField(source="text")

    def get_number(self, link) -> int:
        """The session number, from the row's session link."""
        return _link_kwargs(link.url)["number"]


class ResultStateSerializer(serializers.Serializer):
    """A result row's sender State: its name and slug."""

    name = serializers.CharField(source="text")
    slug = serializers.SerializerMethodField()

    def get_slug(self, link) -> str:
        """The State's slug, from the row's State link."""
        return _link_kwargs(link.url)["slug"]


class ResultPersonSerializer(serializers.Serializer):
    """A result row's signatory: their id and name."""

    id = serializers.SerializerMethodField()
    name = serializers.CharField(source="text")

    def get_id(self, link) -> int:
        """The person's id, from the row's person link."""
        return _link_kwargs(link.url)["pk"]


class ResultSerializer(serializers.Serializer):
    """A result row (``letters.search.results.ResultRow``)."""

    id = serializers.IntegerField(source="pk")
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    title = serializers.CharField()
    letter_date = serializers.DateField(allow_null=True)
    symbols = serializers.ListField(child=serializers.CharField())
    session = ResultSessionSerializer(allow_null=True)
    senders = ResultStateSerializer(many=True)
    signatories = ResultPersonSerializer(many=True)
    annexes = serializers.IntegerField(help_text="How many annexes the letter has.")
    opening = serializers.CharField(help_text="The start of the letter's body.")
    snippet = serializers.CharField(
        help_text="Where the search text matches, as HTML: the letter's text escaped, the "
        "matches in <mark>. Empty without a search text."
    )

    def get_url(self, row) -> str:
        """The letter's API URL."""
        return absolute(self.context, reverse("api:letter", args=[row.pk]))

    def get_page_url(self, row) -> str:
        """The letter's public page."""
        return absolute(self.context, row.get_absolute_url())


class CountsSerializer(serializers.Serializer):
    """The search's total and how it was counted (``counting.Counts``)."""

    total = serializers.IntegerField()
    total_exact = serializers.BooleanField(
        help_text="The total was counted exactly (it may be even when the facets were not)."
    )
    approximate = serializers.BooleanField(
        help_text="The facet counts were counted on a sample of the letters and scaled."
    )
    sample_rate = serializers.IntegerField(
        help_text="Counted on one letter in this many (1: every letter)."
    )


class SearchSerializer(serializers.Serializer):
    """The search as run: its text, what was cut from it, its order."""

    text = serializers.CharField(help_text="The search text searched, within its bounds.")
    cut = serializers.CharField(help_text="What was cut from a search text over its bounds.")
    sort = serializers.ChoiceField(choices=["relevance", "newest", "oldest"])
    ranked = serializers.BooleanField(help_text="The results are ordered by relevance.")
    unranked = serializers.BooleanField(
        help_text="Relevance was asked for, but too many letters match to rank them: "
        "newest first instead."
    )
    ranked_first = serializers.IntegerField(
        help_text="Too many letters match to rank them all: this many (the letters that "
        "weigh the search's words most) come first by relevance, the others follow newest "
        "first. 0 when every match is ranked, or none."
    )


class FacetValueSerializer(serializers.Serializer):
    """One value of a facet, with its count (``sidebar.FacetValue``)."""

    param = serializers.CharField(help_text="The value as the facet's parameter takes it.")
    label = serializers.CharField()
    count = serializers.IntegerField()
    approximate = serializers.BooleanField()
    selected = serializers.BooleanField()
    detail = serializers.CharField(help_text="More about the value (a topic's item numbers).")


class FacetSerializer(serializers.Serializer):
    """A facet and its values (``sidebar.FacetGroup``)."""

    name = serializers.CharField(help_text="The facet's parameter.")
    label = serializers.CharField()
    values = FacetValueSerializer(
        many=True,
        help_text="The values shown on the page (the commonest, or for sessions and years "
        "the latest) and the selected ones.",
    )
    more = serializers.IntegerField(help_text="Values with letters that are not listed.")


class FilterSerializer(serializers.Serializer):
    """An active filter (``sidebar.Chip``): its parameter, label and value."""

    param = serializers.CharField(source="name")
    label = serializers.CharField()
    value = serializers.CharField()


class LetterListSerializer(serializers.Serializer):
    """The letters list: one page of the search (``letters.search.pipeline.SearchPage``)."""

    count = serializers.IntegerField(source="total")
    counts = CountsSerializer()
    page = serializers.IntegerField(source="page.number")
    page_size = serializers.IntegerField(source="page.paginator.per_page")
    pages = serializers.IntegerField(source="page.paginator.num_pages")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    search = SearchSerializer(source="*")
    named_letter = LinkedLetterSerializer(
        allow_null=True, help_text="The letter the search text names by its symbol."
    )
    results = ResultSerializer(many=True, source="page.object_list")
    facets = FacetSerializer(many=True, required=False, help_text="With `expand=facets`.")
    filters = FilterSerializer(
        many=True, source="chips", required=False, help_text="With `expand=filters`."
    )

    EXPANDED = ("facets", "filters")  # present only when asked for with `expand`

    def get_fields(self):
        """The fields asked for (context "fields", "expand"; every one without context).
        `fields` may leave any out, so none is required in the schema."""
        fields = super().get_fields()
        expand = self.context.get("expand")
        kept = self.context.get("fields")
        for name in list(fields):
            if (expand is not None and name in self.EXPANDED and name not in expand) or (
                kept is not None and name not in kept
            ):
                del fields[name]
            else:
                fields[name].required = False
        return fields


# --- One letter ------------------------------------------------------------------------


class SessionRefSerializer(serializers.Serializer):
    """A General Assembly session, in brief."""

    number = serializers.IntegerField()
    label = serializers.CharField(source="__str__")
    years = serializers.CharField()


class StateRefSerializer(serializers.Serializer):
    """A State, in brief."""

    name = serializers.CharField()
    slug = serializers.CharField()


class TopicRefSerializer(serializers.Serializer):
    """An agenda topic, in brief."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()


class AgendaItemSerializer(serializers.Serializer):
    """An agenda item: its session, number and topic."""

    session = serializers.IntegerField(source="session_id")
    number = serializers.IntegerField()
    topic = TopicRefSerializer(allow_null=True)


class PersonRefSerializer(serializers.Serializer):
    """A person, in brief."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class SignatureSerializer(serializers.Serializer):
    """A signature: who signed, and with what title."""

    person = PersonRefSerializer()
    honorific = serializers.CharField(help_text='Forms of address before the name ("H.E.").')
    title = serializers.CharField()
    organization = serializers.CharField()


class ParagraphSerializer(serializers.Serializer):
    """A paragraph of a text, with its anchor on the letter's page (``page_url#anchor``):
    from its position in the text, so the same text always gives the same anchors."""

    anchor = serializers.CharField(help_text='"p4": the body\'s fourth; "annex-1-p2": an annex\'s.')
    text = serializers.CharField()


class AnnexSerializer(serializers.Serializer):
    """An annex of a letter, with its text and signatures."""

    position = serializers.IntegerField()
    label = serializers.CharField()
    title = serializers.CharField()
    original_language = serializers.CharField()
    language = serializers.CharField(help_text="ISO 639-1 code of the text's language, or ''.")
    date = serializers.DateField(allow_null=True)
    place = serializers.CharField()
    body = serializers.CharField()
    anchor = serializers.SerializerMethodField(help_text='The annex on the page: "annex-1".')
    paragraphs = serializers.SerializerMethodField(help_text="The body's paragraphs.")
    signatures = SignatureSerializer(many=True, source="signatures.all")

    def get_anchor(self, annex) -> str:
        """The annex's anchor on the letter's page."""
        return annex_anchor(annex.position)

    @extend_schema_field(ParagraphSerializer(many=True))
    def get_paragraphs(self, annex):
        """The annex body's paragraphs, anchored within the annex."""
        found = paragraphs(annex.body, within=annex_anchor(annex.position))
        return ParagraphSerializer(found, many=True).data


class CitedDocumentRefSerializer(serializers.Serializer):
    """A cited document, in brief."""

    key = serializers.CharField()
    kind = serializers.CharField()
    label = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, document) -> str:
        """The cited document's API URL."""
        return absolute(self.context, reverse("api:cited", args=[document.key]))


class CitationSerializer(serializers.Serializer):
    """A citation in a letter: its words, the document, and the archive's letter carrying
    that document's symbol."""

    text = serializers.CharField(help_text="The words as they stand in the letter.")
    document = CitedDocumentRefSerializer()
    letter = serializers.SerializerMethodField(
        help_text="The archive's letter carrying the cited symbol, if any."
    )

    @extend_schema_field(LinkedLetterSerializer(allow_null=True))
    def get_letter(self, citation):
        """The cited document's letter in brief if the public site shows it, else None."""
        return linked_letter(citation.document.letter, self.context)


class FootnoteSerializer(serializers.Serializer):
    """A footnote: its marker and text."""

    marker = serializers.CharField()
    text = serializers.CharField()


class VersionRefSerializer(serializers.Serializer):
    """A letter's version in another language, and its links."""

    language = serializers.CharField()
    page_url = serializers.SerializerMethodField()
    source_url = serializers.SerializerMethodField()

    def get_page_url(self, version) -> str:
        """The version's public page."""
        return absolute(self.context, version.get_absolute_url())

    def get_source_url(self, version) -> str:
        """The version's original file."""
        url = reverse("letters:version_source", args=[version.letter_id, version.language])
        return absolute(self.context, url)


class ReferenceSerializer(serializers.Serializer):
    """A letter or document the letter replies to, refers to or transmits
    (``letters.browse.exchanges.ReferenceLine``): as printed, and the archive's letter it
    names when exactly one matches."""

    relation = serializers.ChoiceField(choices=["replies_to", "refers_to", "transmits"])
    document = serializers.CharField(
        help_text='What is referred to: "letter", "note_verbale", "statement", … or "".'
    )
    text = serializers.CharField(help_text="The words as printed.")
    symbols = serializers.ListField(child=serializers.CharField())
    date = serializers.DateField(allow_null=True, help_text="The referred document's date.")
    sender_states = serializers.ListField(child=serializers.CharField())
    letter = serializers.SerializerMethodField(
        help_text="The archive's letter it names, if published (null otherwise)."
    )

    @extend_schema_field(LinkedLetterSerializer(allow_null=True))
    def get_letter(self, line):
        """The named letter in brief, or None."""
        if line.letter is None:
            return None
        return LinkedLetterSerializer(line.letter, context=self.context).data


class ReferringSerializer(serializers.Serializer):
    """A published letter replying to or referring to this one."""

    relation = serializers.ChoiceField(choices=["replies_to", "refers_to", "transmits"])
    letter = LinkedLetterSerializer()


class CharterArticleSerializer(serializers.Serializer):
    """A Charter Article the letter invokes: its key ("51", "2(4)"), label and page."""

    key = serializers.CharField()
    label = serializers.CharField()
    letters_url = serializers.URLField(help_text="The letters list of the letters invoking it.")


class LetterSerializer(serializers.Serializer):
    """A published letter with all its page shows (``letters.browse.reads.letter_detail``)."""

    id = serializers.IntegerField(source="pk")
    url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    source_url = serializers.SerializerMethodField(help_text="The original file, as uploaded.")
    symbols = serializers.SerializerMethodField()
    kind = serializers.CharField()
    title = serializers.CharField()
    letter_date = serializers.DateField(allow_null=True)
    distribution_date = serializers.DateField(allow_null=True)
    original_language = serializers.CharField()
    language = serializers.CharField(help_text="ISO 639-1 code of the text's language, or ''.")
    versions = VersionRefSerializer(
        many=True, source="versions.all", help_text="The letter in its other languages."
    )
    session = SessionRefSerializer(allow_null=True)
    sc_year = serializers.IntegerField(
        allow_null=True, help_text="The Security Council's year count: 76 is 2021."
    )
    sc_calendar_year = serializers.IntegerField(allow_null=True)
    agenda_items = AgendaItemSerializer(many=True, source="agenda_items.all")
    senders = StateRefSerializer(many=True, source="senders.all")
    sender_title = serializers.CharField()
    sender_organization = serializers.CharField(help_text="A sender that is not a State.")
    addressees = serializers.ListField(child=serializers.CharField())
    body = serializers.CharField()
    paragraphs = serializers.SerializerMethodField(
        help_text="The body's paragraphs (split at blank lines), each with its anchor."
    )
    footnotes = FootnoteSerializer(many=True)
    signatures = SignatureSerializer(many=True, source="letter_signatures")
    annexes = AnnexSerializer(many=True, source="annexes.all")
    citations = CitationSerializer(many=True, source="citations.all")
    cited_by = serializers.SerializerMethodField(
        help_text="Published letters citing one of this letter's symbols."
    )
    references = serializers.SerializerMethodField(
        help_text="What the letter replies to, refers to or transmits, in printed order."
    )
    referenced_by = serializers.SerializerMethodField(
        help_text="Published letters replying to or referring to this one (the latest 100)."
    )
    thread_url = serializers.SerializerMethodField(
        help_text="The page of the letters linked to it by replies, if any."
    )
    charter_articles = serializers.SerializerMethodField(
        help_text="The Articles of the Charter of the United Nations the letter invokes."
    )
    states_mentioned = StateRefSerializer(
        many=True,
        source="states_mentioned.all",
        help_text="The States its text and annexes name, its senders excepted.",
    )
    published_at = serializers.DateTimeField()

    def get_url(self, letter) -> str:
        """The letter's API URL."""
        return absolute(self.context, reverse("api:letter", args=[letter.pk]))

    def get_page_url(self, letter) -> str:
        """The letter's public page."""
        return absolute(self.context, letter.get_absolute_url())

    def get_source_url(self, letter) -> str:
        """The letter's original file."""
        return absolute(self.context, reverse("letters:source", args=[letter.pk]))

    def get_symbols(self, letter) -> list[str]:
        """The letter's symbols, in printed order (prefetched)."""
        return [s.symbol for s in letter.symbols.all()]

    @extend_schema_field(ParagraphSerializer(many=True))
    def get_paragraphs(self, letter):
        """The body's paragraphs, anchored as on the letter's page."""
        return ParagraphSerializer(paragraphs(letter.body), many=True).data

    @extend_schema_field(LinkedLetterSerializer(many=True))
    def get_cited_by(self, letter):
        """The citing letters the view read (context "cited_by"), in brief."""
        citing = self.context["cited_by"]
        return LinkedLetterSerializer(citing, many=True, context=self.context).data

    @extend_schema_field(ReferenceSerializer(many=True))
    def get_references(self, letter):
        """The letter's references (context "links": ``exchanges.LetterLinks``)."""
        lines = self.context["links"].references
        return ReferenceSerializer(lines, many=True, context=self.context).data

    @extend_schema_field(ReferringSerializer(many=True))
    def get_referenced_by(self, letter):
        """The published letters referring to it (context "links"), newest first."""
        incoming = [{"relation": r, "letter": b} for r, b in self.context["links"].incoming]
        return ReferringSerializer(incoming, many=True, context=self.context).data

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_thread_url(self, letter) -> str | None:
        """Its thread's page when a reply links it to another published letter."""
        if not self.context["links"].in_thread:
            return None
        return absolute(self.context, reverse("letters:thread", args=[letter.pk]))

    @extend_schema_field(CharterArticleSerializer(many=True))
    def get_charter_articles(self, letter):
        """Each Charter Article it invokes, with the letters list of those invoking it."""
        articles = [
            {
                "key": key,
                "label": charter_label(key),
                "letters_url": letters_url(self.context, charter=key),
            }
            for key in letter.charter_articles
        ]
        return CharterArticleSerializer(articles, many=True).data


# --- Browse: sessions, agenda topics, cited documents, people, States --------------------


class SessionSerializer(serializers.Serializer):
    """A session with the count of its published letters."""

    number = serializers.IntegerField()
    label = serializers.CharField(source="__str__")
    years = serializers.CharField()
    letter_count = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    letters_url = serializers.SerializerMethodField(help_text="The session's letters.")

    def get_url(self, session) -> str:
        """The session's API URL."""
        return absolute(self.context, reverse("api:session", args=[session.number]))

    def get_letters_url(self, session) -> str:
        """The letters list of the session."""
        return letters_url(self.context, session=session.number)


class SessionItemSerializer(serializers.Serializer):
    """An agenda item of a session, with the count of its published letters."""

    number = serializers.IntegerField()
    topic = TopicRefSerializer(allow_null=True)
    letter_count = serializers.IntegerField()


class SessionDetailSerializer(SessionSerializer):
    """A session with its agenda items that have published letters."""

    agenda_items = SessionItemSerializer(
        many=True, source="items", help_text="The agenda items with published letters."
    )


class TopicItemSerializer(serializers.Serializer):
    """A topic's item: the session and its number there."""

    session = serializers.IntegerField(source="session_id")
    number = serializers.IntegerField(help_text="The topic's item number in that session.")


class TopicSerializer(serializers.Serializer):
    """An agenda topic with the count of its published letters and its items."""

    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    letter_count = serializers.IntegerField()
    items = serializers.SerializerMethodField(help_text="Its item number in each session.")
    url = serializers.SerializerMethodField()
    letters_url = serializers.SerializerMethodField()

    @extend_schema_field(TopicItemSerializer(many=True))
    def get_items(self, topic) -> list[dict]:
        """The topic's items as read with it (``item_list``: session, number), latest
        session first."""
        return topic.item_list

    def get_url(self, topic) -> str:
        """The topic's API URL."""
        return absolute(self.context, reverse("api:topic", args=[topic.slug]))

    def get_letters_url(self, topic) -> str:
        """The letters list of the topic."""
        return letters_url(self.context, agenda=topic.slug)


class TopicSessionItemSerializer(TopicItemSerializer):
    """A topic's item in a session, with its published letters' count."""

    letter_count = serializers.IntegerField()


class TopicDetailSerializer(TopicSerializer):
    """A topic with its item in each session, latest first."""

    items = TopicSessionItemSerializer(
        many=True, source="session_items", help_text="Its item in each session, latest first."
    )


class CitedDocumentSerializer(serializers.Serializer):
    """A cited document with the count of published letters citing it."""

    key = serializers.CharField()
    kind = serializers.CharField()
    label = serializers.CharField()
    letter_count = serializers.IntegerField(help_text="Published letters citing it.")
    letter = serializers.SerializerMethodField(help_text="The document itself, if in the archive.")
    url = serializers.SerializerMethodField()
    letters_url = serializers.SerializerMethodField()

    @extend_schema_field(LinkedLetterSerializer(allow_null=True))
    def get_letter(self, document):
        """The document itself in brief if the public site shows it, else None."""
        return linked_letter(document.letter, self.context)

    def get_url(self, document) -> str:
        """The cited document's API URL."""
        return absolute(self.context, reverse("api:cited", args=[document.key]))

    def get_letters_url(self, document) -> str:
        """The letters list of the letters citing it."""
        return letters_url(self.context, cited=document.key)


class PersonSerializer(serializers.Serializer):
    """A person with the count of published letters they signed."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    letter_count = serializers.IntegerField(help_text="Published letters signed (or annexed).")
    url = serializers.SerializerMethodField()
    letters_url = serializers.SerializerMethodField()

    def get_url(self, person) -> str:
        """The person's API URL."""
        return absolute(self.context, reverse("api:person", args=[person.pk]))

    def get_letters_url(self, person) -> str:
        """The letters list of the letters they signed."""
        return letters_url(self.context, signatory=person.pk)


class PersonSignatureSerializer(serializers.Serializer):
    """One of a person's signatures: the letter, the annex (if any), and the title and
    organisation signed with."""

    letter = LinkedLetterSerializer()
    annex = serializers.CharField(
        source="annex.label", allow_null=True, help_text="The annex signed, if not the letter."
    )
    title = serializers.CharField()
    organization = serializers.CharField()


class PersonDetailSerializer(PersonSerializer):
    """A person with their latest signatures."""

    signatures = PersonSignatureSerializer(
        many=True,
        source="latest_signatures",
        help_text="The latest signatures (at most 100), newest letter first.",
    )


class StateSerializer(serializers.Serializer):
    """A State with the count of published letters it sent."""

    name = serializers.CharField()
    slug = serializers.CharField()
    letter_count = serializers.IntegerField(help_text="Published letters it sent.")
    url = serializers.SerializerMethodField()
    letters_url = serializers.SerializerMethodField()

    def get_url(self, state) -> str:
        """The State's API URL."""
        return absolute(self.context, reverse("api:state", args=[state.slug]))

    def get_letters_url(self, state) -> str:
        """The letters list of the letters it sent."""
        return letters_url(self.context, state=state.slug)


LetterListSerializer.FIELDS = tuple(LetterListSerializer._declared_fields)


class ErrorSerializer(serializers.Serializer):
    """Every error's body: its status, a message, and for a 400 each parameter's messages."""

    status = serializers.IntegerField()
    message = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Each invalid parameter's messages (400 only).",
    )
