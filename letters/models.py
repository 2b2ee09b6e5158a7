"""The archive's data model (DESIGN.md §3).

A letter is stored as its verbatim source (``SourceFile``) plus everything the
parser derived from it. Search reads a separate narrow table (``SearchEntry``,
one row per published letter) so that editing a letter's metadata never
regenerates the big text vector (DESIGN.md §5).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Subquery, When
from django.db.models.functions import Coalesce, JSONObject, Left, Mod, Upper
from django.db.models.lookups import Exact
from django.urls import reverse

from letters.numbering import ordinal, sc_calendar_year, session_years
from letters.parsing.language import LANGUAGES
from letters.parsing.model import CitationKind, LetterKind, Relation
from letters.parsing.source import Method
from letters.reversing import link_url
from letters.search.facets import FACETS, charter_label

# The six official UN languages, by ISO 639-1 code (DESIGN.md §11).
LANGUAGE_CHOICES = list(LANGUAGES.items())


class State(models.Model):
    """A Member State (or other entity) that sends letters, named as printed."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(fields=["name"], name="state_name_trgm", opclasses=["gin_trgm_ops"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link_url("letters:state", self.slug)


class Session(models.Model):
    """A regular session of the General Assembly; its number is its key."""

    number = models.PositiveSmallIntegerField(primary_key=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{ordinal(self.number)} session"

    def get_absolute_url(self) -> str:
        return link_url("letters:session", self.number)

    @property
    def years(self) -> str:
        return session_years(self.number)


class AgendaTopic(models.Model):
    """One agenda topic across sessions: the same title gets a new item number each session."""

    title = models.TextField()
    key = models.CharField(
        max_length=500, unique=True, help_text="Normalised title (parsing.topic_key)."
    )
    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return link_url("letters:topic", self.slug)


class AgendaItem(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="agenda_items")
    number = models.PositiveSmallIntegerField()
    topic = models.ForeignKey(
        AgendaTopic,
        on_delete=models.PROTECT,
        related_name="items",
        null=True,
        blank=True,
        help_text="Empty when the letter gave the number without a title.",
    )

    class Meta:
        ordering = ["-session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="agendaitem_unique_number"),
        ]

    def __str__(self) -> str:
        return f"Item {self.number}, {ordinal(self.session_id)} session"


class Person(models.Model):
    """Someone who signs letters or annexes; one row per normalised name."""

    name = models.CharField(max_length=300)
    key = models.CharField(max_length=300, unique=True, help_text="parsing.person_key(name).")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [GinIndex(fields=["name"], name="person_name_trgm", opclasses=["gin_trgm_ops"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return link_url("letters:person", self.pk)


class SourceFile(models.Model):
    """The uploaded file, byte for byte, and the text extracted from it.

    Kept in the database so that storing a letter is one transaction: there is
    never a file without its row or a row without its file.
    """

    sha256 = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Extraction(models.TextChoices):
        TEXT = Method.TEXT.value, "Text file"
        PDF_TEXT = Method.PDF_TEXT.value, "PDF text layer"
        OCR = Method.OCR.value, "OCR (Tesseract)"
        DOCX = Method.DOCX.value, "Word document"

    data = models.BinaryField()
    text = models.TextField(help_text="Text extracted from the file, verbatim.")
    extraction = models.CharField(
        max_length=16,
        choices=Extraction.choices,
        blank=True,
        help_text="How the text was read from the file; blank when not recorded.",
    )
    ocr_confidence = models.FloatField(
        null=True,
        blank=True,
        help_text="Tesseract's mean word confidence (0-100) over the pages read by OCR.",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ocr_confidence__isnull=True)
                | models.Q(ocr_confidence__gte=0, ocr_confidence__lte=100),
                name="sourcefile_ocr_confidence_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"


class LetterQuerySet(models.QuerySet):
    def published(self) -> LetterQuerySet:
        return self.filter(published_at__isnull=False)

    def public(self) -> LetterQuerySet:
        """Published letters the public site shows (synthetic ones only when asked)."""
        return self.filter(public_letter_q())

    def with_parts(self, *parts: str, opening: int = 0) -> LetterQuerySet:
        """Each letter as one row: the named parts (``LETTER_PARTS``) as array columns
        ``<part>_list``, and with ``opening`` the body's first characters as ``opening``.

        One statement with array subqueries: prefetching the same parts took a query and
        a model instance per part, most of a result page's time.
        """
        columns = {f"{name}_list": LETTER_PARTS[name]() for name in parts}
        if opening:
            columns["opening"] = Left("body", opening)
        return self.annotate(**columns)


def public_letter_q(prefix: str = "") -> models.Q:
    """The condition for a letter the public site shows; ``prefix`` reaches it through a
    relation (``"letters__"``, ``"letter__"``)."""
    condition = models.Q(**{f"{prefix}published_at__isnull": False})
    if not settings.LETTERS_INCLUDE_SYNTHETIC:
        condition &= models.Q(**{f"{prefix}is_synthetic": False})
    return condition


class Letter(models.Model):
    class Kind(models.TextChoices):
        LETTER = LetterKind.LETTER.value, LetterKind.LETTER.label
        IDENTICAL_LETTERS = LetterKind.IDENTICAL_LETTERS.value, LetterKind.IDENTICAL_LETTERS.label
        NOTE_VERBALE = LetterKind.NOTE_VERBALE.value, LetterKind.NOTE_VERBALE.label
        OTHER = LetterKind.OTHER.value, LetterKind.OTHER.label

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.LETTER)
    title = models.TextField()
    letter_date = models.DateField(null=True, blank=True)
    distribution_date = models.DateField(null=True, blank=True)
    original_language = models.CharField(max_length=100, blank=True)
    language = models.CharField(
        max_length=2,
        choices=LANGUAGE_CHOICES,
        blank=True,
        help_text="The language this text is written in (detected); empty when unknown.",
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    sc_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The Security Council's year count: 76 is 2021."
    )
    agenda_items = models.ManyToManyField(AgendaItem, blank=True, related_name="letters")
    senders = models.ManyToManyField(State, blank=True, related_name="letters")
    sender_title = models.CharField(max_length=300, blank=True)
    sender_organization = models.CharField(
        max_length=300,
        blank=True,
        help_text="A sender that is not a State (a committee, a regional group), as printed.",
    )
    addressees = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    body = models.TextField(
        blank=True, help_text="The covering letter: paragraphs split by blank lines."
    )
    footnotes = models.JSONField(default=list, blank=True, help_text='[{"marker", "text"}, …]')
    source = models.OneToOneField(SourceFile, on_delete=models.PROTECT, related_name="letter")
    parse_warnings = ArrayField(models.TextField(), default=list, blank=True)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty until published: unpublished letters are not shown."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    corrected_fields = ArrayField(
        models.CharField(max_length=50),
        default=list,
        blank=True,
        help_text="Contract fields an archivist set by hand; re-parsing keeps them.",
    )
    is_synthetic = models.BooleanField(
        default=False,
        help_text="Generated by manage.py generate_corpus for benchmarking; never a real letter.",
    )
    charter_articles = ArrayField(
        models.CharField(max_length=20),
        default=list,
        blank=True,
        help_text='The Articles of the Charter the letter invokes, e.g. "51", "2(4)".',
    )
    states_mentioned = models.ManyToManyField(
        State,
        blank=True,
        related_name="mentioned_in",
        help_text="The States its text and annexes name, its senders excepted.",
    )

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-letter_date", "-pk"]
        indexes = [
            models.Index(fields=["letter_date"], name="letter_date_idx"),
            # OAI-PMH walks published letters by (updated, id) and the Atom feed reads the
            # newest by (published_at, id): without these both read and sort every letter
            # (16 and 14 ms at 30,000 letters, growing with them; under 1 ms with them).
            # Partial: drafts are never harvested.
            models.Index(
                fields=["updated", "id"],
                condition=models.Q(published_at__isnull=False),
                name="letter_oai_idx",
            ),
            models.Index(
                fields=["published_at", "id"],
                condition=models.Q(published_at__isnull=False),
                name="letter_published_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return link_url("letters:detail", self.pk)

    @property
    def sc_calendar_year(self) -> int | None:
        return sc_calendar_year(self.sc_year) if self.sc_year else None

    @property
    def charter_article_links(self) -> list[dict[str, str]]:
        """Each Charter Article it invokes, labelled, with its page's URL."""
        return [
            {"label": charter_label(key), "url": reverse("letters:charter_article", args=[key])}
            for key in self.charter_articles
        ]


class LetterSymbol(models.Model):
    """A document symbol the letter carries. A joint A/…–S/… symbol is stored as its two parts."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="symbols")
    symbol = models.CharField(max_length=100, help_text="Canonical: ASCII hyphens, no spaces.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["letter", "position"]
        constraints = [
            models.UniqueConstraint(Upper("symbol"), name="lettersymbol_unique_symbol"),
        ]
        # Symbols are stored canonical (upper case), so look-ups match them exactly; the
        # unique index above is on UPPER(symbol) and cannot serve those (measured: a
        # 48 ms sequential scan per look-up at a million letters).
        indexes = [models.Index(fields=["symbol"], name="lettersymbol_symbol_idx")]

    def __str__(self) -> str:
        return self.symbol


class Annex(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="annexes")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=100)
    title = models.TextField(blank=True)
    original_language = models.CharField(max_length=100, blank=True)
    language = models.CharField(
        max_length=2, choices=LANGUAGE_CHOICES, blank=True, help_text="Detected, as the letter's."
    )
    date = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)

    class Meta:
        ordering = ["letter", "position"]
        verbose_name_plural = "annexes"
        constraints = [
            models.UniqueConstraint(fields=["letter", "position"], name="annex_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.title}" if self.title else self.label


class Signature(models.Model):
    """A person's signature on a letter, or on one of its annexes when ``annex`` is set."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="signatures")
    annex = models.ForeignKey(
        Annex, on_delete=models.CASCADE, null=True, blank=True, related_name="signatures"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="signatures")
    honorific = models.CharField(
        max_length=100, blank=True, help_text='Forms of address before the name ("H.E. Mr.").'
    )
    title = models.CharField(max_length=300, blank=True)
    organization = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["letter", "annex", "position"]

    def __str__(self) -> str:
        return str(self.person)


class CitedDocument(models.Model):
    """Something letters cite: a resolution, a document symbol, a treaty, a court case.

    Kept even when the cited document is not in the archive, so that it links up
    when it arrives (``letter`` is then set).
    """

    class Kind(models.TextChoices):
        SC_RESOLUTION = CitationKind.SC_RESOLUTION.value, "Security Council resolution"
        GA_RESOLUTION = CitationKind.GA_RESOLUTION.value, "General Assembly resolution"
        DOCUMENT = CitationKind.DOCUMENT.value, "Document"
        TREATY = CitationKind.TREATY.value, "Treaty"
        COURT_CASE = CitationKind.COURT_CASE.value, "Court case"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(
        max_length=300, unique=True, help_text="Canonical key, e.g. S/RES/822 (1993) or A/75/861."
    )
    label = models.CharField(
        max_length=300, help_text="How it is shown, e.g. resolution 822 (1993)."
    )
    letter = models.ForeignKey(
        Letter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="as_cited_documents",
        help_text="The letter in the archive that this symbol belongs to, if any.",
    )

    class Meta:
        ordering = ["kind", "key"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("letters:cited", args=[self.key])


class Citation(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="citations")
    document = models.ForeignKey(CitedDocument, on_delete=models.PROTECT, related_name="citations")
    text = models.CharField(max_length=300, help_text="The words as they stand in the letter.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["letter", "position"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "document"], name="citation_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.letter_id} → {self.document}"


class Reference(models.Model):
    """A letter or document that a letter replies to, refers to or transmits, as printed,
    and the stored letter it was resolved to (DESIGN.md §13).

    Derived from the text like every parsed field: re-parse writes them again. ``target``
    is set when exactly one stored letter matches (by symbol; failing that, a letter or
    note by its date and sender State), and again whenever a letter that could match is
    stored or changed; ``resolution`` says how. A target set by hand (``HAND``) is never
    re-resolved.
    """

    class Resolution(models.TextChoices):
        SYMBOL = "symbol", "By its symbol"
        DATE_AND_SENDER = "date_sender", "By its date and sender"
        HAND = "hand", "Set by hand"
        NONE = "none", "No stored letter matches"
        AMBIGUOUS = "ambiguous", "Several stored letters match: not linked"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="references")
    position = models.PositiveSmallIntegerField(default=0)
    relation = models.CharField(
        max_length=12, choices=[(r.value, r.value.replace("_", " ")) for r in Relation]
    )
    document = models.CharField(
        max_length=40,
        blank=True,
        help_text='What is referred to: "letter", "identical_letters", "note_verbale", '
        '"statement", …',
    )
    symbols = ArrayField(
        models.CharField(max_length=100), default=list, blank=True, help_text="As printed."
    )
    date = models.DateField(null=True, blank=True, help_text="The referred document's date.")
    sender_states = ArrayField(
        models.CharField(max_length=200),
        default=list,
        blank=True,
        help_text="The referred document's sender States, canonical.",
    )
    sender_title = models.CharField(max_length=300, blank=True)
    where = models.CharField(
        max_length=10, default="letter", help_text='"letter", "footnote" or "annex".'
    )
    text = models.TextField(help_text="The words as printed.")
    target = models.ForeignKey(
        Letter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referenced_by",
        help_text="The stored letter referred to, when exactly one matches.",
    )
    resolution = models.CharField(
        max_length=12, choices=Resolution.choices, default=Resolution.NONE
    )
    candidates = models.PositiveSmallIntegerField(
        default=0, help_text="How many stored letters matched when it was last resolved."
    )

    class Meta:
        ordering = ["letter", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "position"], name="reference_unique_position"
            ),
            models.CheckConstraint(
                condition=~models.Q(target=models.F("letter")), name="reference_not_to_itself"
            ),
        ]
        indexes = [
            # A stored letter links the references naming it: by one of its symbols
            # (array overlap through GIN) or by its date (then its senders are compared).
            # Written straight into the index (no fast update): resolving references
            # probes it once per symbol, and each probe read the whole list of pending
            # entries that a load's resolutions had added (a million letters: 15 s for
            # each 5,000 letters resolved, against under 1 s).
            GinIndex(fields=["symbols"], name="reference_symbols_idx", fastupdate=False),
            models.Index(fields=["date"], name="reference_date_idx"),
            # Threads and exchanges walk the links from a letter: only resolved references
            # are read, and without this index the planner scanned them all (a State's
            # exchanges at 100,000 letters: 86 ms with a scan, 18 ms through it).
            models.Index(
                fields=["letter", "target"],
                condition=models.Q(target__isnull=False),
                name="reference_linked_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter_id} {self.relation} {self.text[:60]}"


class TermFrequency(models.Model):
    """How many search rows hold a lexeme, and the weight that gives it: what "similar
    letters" weighs a letter's words by (DESIGN.md §13). Derived from the search table by
    ``manage.py refresh_term_stats`` (``letters.search.similar``); never edited, never dumped.
    """

    lexeme = models.TextField(primary_key=True)
    documents = models.PositiveIntegerField()
    weight = models.FloatField(help_text="ln(search rows / documents): rarer words weigh more.")

    class Meta:
        verbose_name_plural = "term frequencies"

    def __str__(self) -> str:
        return f"{self.lexeme} ({self.documents})"


# The parts of a letter that ``LetterQuerySet.with_parts`` reads as array columns, each
# in its printed or signing order: symbols (text), senders ({name, slug}), the letter's
# own signatories ({pk, name}), agenda items ({session, number, title, slug}), cited
# documents ({key, label, kind}), references ({relation, symbols, date, sender_states, text,
# letter: the public letter it names or null}), States mentioned (name); and its number of
# annexes.
LETTER_PARTS = {
    "symbol": lambda: ArraySubquery(
        LetterSymbol.objects.filter(letter=OuterRef("pk")).order_by("position").values("symbol")
    ),
    "sender": lambda: ArraySubquery(
        State.objects.filter(letters=OuterRef("pk"))
        .order_by("name")
        .values(pair=JSONObject(name="name", slug="slug"))
    ),
    "signatory": lambda: ArraySubquery(
        Signature.objects.filter(letter=OuterRef("pk"), annex=None)
        .order_by("position")
        .values(pair=JSONObject(pk="person_id", name="person__name"))
    ),
    "agenda": lambda: ArraySubquery(
        Letter.agenda_items.through.objects.filter(letter=OuterRef("pk"))
        .order_by("agendaitem__session", "agendaitem__number")
        .values(
            entry=JSONObject(
                session="agendaitem__session_id",
                number="agendaitem__number",
                title="agendaitem__topic__title",
                slug="agendaitem__topic__slug",
            )
        )
    ),
    "cited": lambda: ArraySubquery(
        Citation.objects.filter(letter=OuterRef("pk"))
        .order_by("position")
        .values(
            entry=JSONObject(key="document__key", label="document__label", kind="document__kind")
        )
    ),
    "reference": lambda: ArraySubquery(
        Reference.objects.filter(letter=OuterRef("pk"))
        .order_by("position")
        .values(
            entry=JSONObject(
                relation="relation",
                symbols="symbols",
                date="date",
                sender_states="sender_states",
                text="text",
                # The letter it names, when the public site shows it.
                letter=Case(When(public_letter_q("target__"), then="target_id")),
            )
        )
    ),
    "mentioned": lambda: ArraySubquery(
        State.objects.filter(mentioned_in=OuterRef("pk")).order_by("name").values("name")
    ),
    "annex": lambda: Coalesce(
        Subquery(
            Annex.objects.filter(letter=OuterRef("pk"))
            .values("letter")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    ),
}


class SearchEntryQuerySet(models.QuerySet):
    def public(self) -> SearchEntryQuerySet:
        """What the public site searches: real letters, or also synthetic ones when the
        LETTERS_INCLUDE_SYNTHETIC setting asks (benchmark databases)."""
        if settings.LETTERS_INCLUDE_SYNTHETIC:
            return self.all()
        return self.filter(is_synthetic=False)


SMALL_SAMPLE_RATE = 100
# A coarser sample inside the small one, for searches that read each candidate's vector
# (a phrase): letters.search.counting.
COARSE_SAMPLE_RATE = 1_000


def in_small_sample(one_in: int | None = None) -> models.Q:
    """The 1-in-SMALL_SAMPLE_RATE sample of search rows, by letter id, or the coarser
    1-in-``one_in`` sample inside it (``one_in`` a multiple of SMALL_SAMPLE_RATE). An
    expression rather than a column, so writers need not know it; partial indexes use
    it as is, and a coarser sample keeps it beside its own condition for them. The
    planner has statistics of each rate's expression (migration 0026): a new rate needs
    them too."""
    one_in = one_in or SMALL_SAMPLE_RATE
    if one_in % SMALL_SAMPLE_RATE:
        raise ValueError(f"not a multiple of {SMALL_SAMPLE_RATE}: {one_in}")
    small = models.Q(Exact(Mod("letter_id", SMALL_SAMPLE_RATE), 0))
    if one_in == SMALL_SAMPLE_RATE:
        return small
    return small & models.Q(Exact(Mod("letter_id", one_in), 0))


class SearchEntry(models.Model):
    """One narrow row per published letter: what search and facets read (DESIGN.md §5).

    Its facet columns (and their GIN indexes) are declared by the facet registry
    (``letters.search.facets.FACETS``) and added below the class; the columns here are
    the ones that are not facets. Written by ``letters.search.indexing`` in the same
    transaction as the letter, by the per-letter ingest and the bulk loader alike.
    """

    letter = models.OneToOneField(
        Letter, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    vector = SearchVectorField()
    letter_date = models.DateField(null=True)
    is_synthetic = models.BooleanField(default=False)
    in_sample = models.BooleanField(
        default=False,
        help_text="In the fixed 1-in-SAMPLE_RATE sample that approximate facet counts read.",
    )
    # The vector's lexemes paired with the next position's, with the gap between them,
    # hashed into buckets (the SQL function phrase_pairs, migrations 0020, 0023 and
    # 0024): a quoted phrase is narrowed through this column's index before its words'
    # positions are checked in the vector (DESIGN.md §5). Derived by PostgreSQL from the
    # vector, so no writer of search rows needs to know it.
    phrase_pairs = models.GeneratedField(
        expression=models.Func(
            F("vector"), function="phrase_pairs", output_field=ArrayField(models.IntegerField())
        ),
        output_field=ArrayField(models.IntegerField()),
        db_persist=True,
    )

    objects = SearchEntryQuerySet.as_manager()

    # Approximate counts read every SAMPLE_RATE-th letter (by id) through partial
    # indexes, so a query matching most of a million letters counts 100k rows; or, for
    # the broadest queries, every SMALL_SAMPLE_RATE-th (10k rows). SAMPLE_RATE divides
    # SMALL_SAMPLE_RATE, so the small sample lies inside the sample.
    SAMPLE_RATE = 10
    SMALL_SAMPLE_RATE = SMALL_SAMPLE_RATE
    COARSE_SAMPLE_RATE = COARSE_SAMPLE_RATE

    class Meta:
        verbose_name = "search row"
        verbose_name_plural = "search rows"
        indexes = [
            GinIndex(fields=["vector"], name="searchentry_vector_idx"),
            GinIndex(fields=["phrase_pairs"], name="searchentry_phrase_pairs_idx"),
            GinIndex(
                fields=["vector"],
                condition=models.Q(in_sample=True),
                name="searchentry_sample_vector_idx",
            ),
            models.Index(
                fields=["letter_date"],
                condition=models.Q(in_sample=True),
                name="searchentry_sample_date_idx",
            ),
            GinIndex(
                fields=["vector"],
                condition=in_small_sample(),
                name="searchentry_small_vector_idx",
            ),
            models.Index(
                fields=["letter_id"],
                condition=in_small_sample(),
                name="searchentry_small_sample_idx",
            ),
            # The coarse sample's own rows, so that a phrase's check reads their vectors
            # only (through the small sample's index it read all 10,000 at a million).
            models.Index(
                fields=["letter_id"],
                condition=in_small_sample(COARSE_SAMPLE_RATE),
                name="searchentry_coarse_sample_idx",
            ),
            # "Newest first" reads this index backwards from the top and stops after
            # a page, even when most letters match (DESC NULLS LAST needs its own index).
            models.Index(
                F("letter_date").desc(nulls_last=True),
                F("letter_id").desc(),
                name="searchentry_newest_idx",
            ),
            *(facet.model_index() for facet in FACETS if facet.index),
            models.Index(fields=["letter_date", "letter_id"], name="searchentry_oldest_idx"),
            # Browsing a session, newest first, walks this index and stops after a page.
            models.Index(
                F("session_number"),
                F("letter_date").desc(nulls_last=True),
                F("letter_id").desc(),
                name="searchentry_session_newest_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"search row of letter {self.letter_id}"


# The facet columns, one per facet of the registry.
for _facet in FACETS:
    SearchEntry.add_to_class(_facet.column, _facet.model_field())


class TopLetter(models.Model):
    """One of the letters a frequent word weighs most in: the candidates that a search
    matching too many letters to rank them all is ranked among (``letters.search.ranking``).

    Written only by ``letters.search.indexing`` (rebuilt after a bulk load, kept up by the
    per-letter ingest). ``score`` is what ``ts_rank_cd`` gives the letter for that one
    word: its occurrences' weights added up.
    """

    lexeme = models.TextField()
    # The search row (keyed by its letter): a letter that leaves the search leaves the lists.
    entry = models.ForeignKey(
        SearchEntry, on_delete=models.CASCADE, related_name="+", db_column="letter_id"
    )
    score = models.FloatField()

    class Meta:
        indexes = [models.Index(F("lexeme"), F("score").desc(), name="topletter_lexeme_idx")]

    def __str__(self) -> str:
        return f"{self.lexeme}: letter {self.entry_id} ({self.score})"


class FacetCountQuerySet(models.QuerySet):
    def with_letters(self, facet: str) -> FacetCountQuerySet:
        """The values of ``facet`` that published letters have, each with ``n``: how many
        of them (synthetic letters counted when the LETTERS_INCLUDE_SYNTHETIC setting
        asks, as ``SearchEntry.objects.public()`` counts them)."""
        column = "letters" if settings.LETTERS_INCLUDE_SYNTHETIC else "real_letters"
        return self.filter(facet=facet, **{f"{column}__gt": 0}).annotate(n=F(column))


class FacetCount(models.Model):
    """How many published letters have one value of a facet whose values the browse lists
    show (a session, an agenda topic, a cited document, a sender State, a signatory):
    what the lists and the API's browse lists read, so a list costs its page's rows,
    not a count of every letter (DESIGN.md §5).

    Kept by triggers on the search table (migration ``0021``): every statement writing or
    deleting search rows adds what it changed to these counts, in its own transaction, so
    they are exact whatever writes (the per-letter ingest, the bulk loader, the dump's
    load, a cascade). ``value`` is the facet column's stored value, which for these
    facets is the row's key (a session's number, the other records' ids). Rows are never
    deleted: a value no published letter has any more keeps a count of 0.
    """

    # The facets counted here: the triggers' columns are the registry's for these names.
    FACETS = ("session", "agenda", "cited", "state", "signatory")

    pk = models.CompositePrimaryKey("facet", "value")
    facet = models.CharField(max_length=20)
    value = models.BigIntegerField()
    letters = models.IntegerField(default=0, help_text="Published letters, synthetic included.")
    real_letters = models.IntegerField(default=0, help_text="Published letters, not synthetic.")

    objects = FacetCountQuerySet.as_manager()

    class Meta:
        # "Most letters first" lists walk these and stop after a page.
        indexes = [
            models.Index(
                F("facet"), F("letters").desc(), F("value"), name="facetcount_letters_idx"
            ),
            models.Index(
                F("facet"), F("real_letters").desc(), F("value"), name="facetcount_real_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facet} {self.value}: {self.letters} letters"


class PublicationVersion(models.Model):
    """The archive's publication version: one row whose number goes up with every write to
    the search table, in the writing transaction (``letters.search.cache``).

    Whatever is cached from the search table (pages, counts, the archive's languages) is
    keyed by this number, so a publication retires it in every process at once; prepared
    exports and the archive's dumps are named by it, so a file made before a change is
    never served as current.
    """

    number = models.BigIntegerField(default=0)
    changed = models.DateTimeField(
        null=True, blank=True, help_text="When the number last went up (empty before)."
    )

    def __str__(self) -> str:
        return f"publication version {self.number}"


class LetterRevision(models.Model):
    """One change to a letter by a person: who, when, what (field -> [old, new]).

    Written by ``letters.curation``; the admin shows it read-only. Kept when the
    user is deleted (the name stays in ``username``) so the history stays whole.
    """

    class Action(models.TextChoices):
        UPLOAD = "upload", "Uploaded"
        VERSION = "version", "Language version added"
        EDIT = "edit", "Edited"
        PUBLISH = "publish", "Published"
        UNPUBLISH = "unpublish", "Unpublished"
        REPARSE = "reparse", "Re-parsed"
        MERGE = "merge", "Merged records"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="revisions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    changes = models.JSONField(
        default=dict, blank=True, help_text='{"field": [old, new], …} in contract form.'
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["letter", "-created"], name="revision_letter_idx")]

    def __str__(self) -> str:
        who = self.username or "system"
        return f"{self.get_action_display()} by {who} at {self.created:%Y-%m-%d %H:%M}"


class Upload(models.Model):
    """One submission of the admin's upload form, and what became of each file in it.

    The form stores the files (``UploadFile``) and returns at once; a job per file reads
    it (DESIGN.md §12) and writes each letter file's outcome (``UploadLine``) in the same
    transaction as its draft. ``finished`` is set when the last file has been read.
    """

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    files = models.PositiveIntegerField(default=0, help_text="Files in the submission.")
    symbols = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        help_text="Symbols typed on the form (one non-zip file): a correction by hand.",
    )
    distribution_date = models.DateField(
        null=True, blank=True, help_text="Distribution date typed on the form: a correction."
    )
    finished = models.DateTimeField(
        null=True, blank=True, help_text="Empty until every file of the upload has been read."
    )

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"Upload of {self.created:%Y-%m-%d %H:%M}"


class UploadFile(models.Model):
    """A file as the upload form received it, kept in the database until its job has read
    every letter file in it (then ``data`` is emptied: the drafts keep their own bytes)."""

    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="stored_files")
    position = models.PositiveIntegerField(help_text="Its place in the submission, from 1.")
    name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    data = models.BinaryField(blank=True)
    letter_files = models.PositiveIntegerField(
        null=True, blank=True, help_text="Letter files in it (a zip's members), once unpacked."
    )
    read = models.DateTimeField(
        null=True, blank=True, help_text="When every letter file in it had its outcome."
    )

    class Meta:
        ordering = ["upload", "position"]
        constraints = [
            models.UniqueConstraint(fields=["upload", "position"], name="uploadfile_position")
        ]

    def __str__(self) -> str:
        return self.name


class UploadLine(models.Model):
    """The outcome of one letter file of an upload (a zip gives a line per member),
    written once: (file, position) is unique, so a job run again skips what is done."""

    class Outcome(models.TextChoices):
        DRAFT = "draft", "Stored as a draft"
        VERSION = "version", "Stored as a language version"
        DUPLICATE = "duplicate", "Refused: duplicate"
        ERROR = "error", "Refused"

    upload = models.ForeignKey(Upload, on_delete=models.CASCADE, related_name="lines")
    file = models.ForeignKey(
        UploadFile, on_delete=models.CASCADE, null=True, blank=True, related_name="lines"
    )
    position = models.PositiveIntegerField(
        help_text="Its place within its file (a zip's member order), from 1."
    )
    name = models.TextField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    message = models.TextField()
    letter = models.ForeignKey(
        Letter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    warnings = ArrayField(models.TextField(), default=list, blank=True)

    class Meta:
        ordering = ["upload", "file__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["file", "position"], name="uploadline_once_per_file")
        ]

    def __str__(self) -> str:
        return self.message


class Export(models.Model):
    """A search's export prepared by a job and kept in storage (``default_storage``),
    gzip-compressed: asked again while fresh, it is served, not written again.

    ``key`` names the format, the normalised query and the publication version; the
    whole archive (an empty query) in each format is the archive's dump.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a worker"
        WRITING = "writing", "Being written"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    key = models.CharField(max_length=64, unique=True)
    format = models.CharField(max_length=10)
    query = models.TextField(blank=True, help_text="The normalised query string; empty: all.")
    version = models.BigIntegerField(help_text="The publication version it was asked at.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    total = models.PositiveIntegerField(null=True, blank=True, help_text="Letters to write.")
    written = models.PositiveIntegerField(default=0, help_text="Letters written so far.")
    file = models.CharField(max_length=255, blank=True, help_text="Its name in storage.")
    size = models.PositiveBigIntegerField(null=True, blank=True, help_text="Bytes, compressed.")
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    requested = models.DateTimeField(help_text="When it was last asked for.")

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            # The newest ready dump of a format (an empty query), for /exports/archive.*.
            models.Index(
                fields=["format", "-version"],
                name="export_dump_idx",
                condition=models.Q(query="", status="ready"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.format} export {self.key[:12]}"

    def get_absolute_url(self) -> str:
        return reverse("letters:prepared_export", args=[self.key])


class LetterVersion(models.Model):
    """The letter in another of the six languages: the same document under the same
    symbol (DESIGN.md §11), kept with its own source file and searched in its language.

    Its own texts are kept as read; the letter's facts (dates, session, agenda items,
    senders, signatories, citations) are the letter's, from its own parse or review.
    """

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES)
    source = models.OneToOneField(SourceFile, on_delete=models.PROTECT, related_name="version")
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    annexes = models.JSONField(
        default=list, blank=True, help_text='[{"label", "title", "language", "body"}, …]'
    )
    parse_warnings = ArrayField(models.TextField(), default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["letter", "language"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "language"], name="version_unique_language")
        ]

    def __str__(self) -> str:
        return f"{self.get_language_display()} version of letter {self.letter_id}"

    def get_absolute_url(self) -> str:
        return reverse("letters:version", args=[self.letter_id, self.language])
