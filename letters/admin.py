"""The staff side (DESIGN.md §6): upload, review, correct, publish, re-parse, merge.

Views here stay thin: reading uploads is ``letters.intake``, every write is a
service in ``letters.curation`` (or ``letters.ingest``). Permissions follow
Django's model permissions: ``add_letter`` to upload, ``change_letter`` to edit,
publish and re-parse, change + delete on a model to merge its records.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.postgres.forms import SimpleArrayField
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from letters import curation
from letters.forms import LetterAdminForm, MergeForm, ReparseForm, UploadForm
from letters.ingest import CONTRACT_FIELDS
from letters.models import (
    AgendaItem,
    AgendaTopic,
    Annex,
    Citation,
    CitedDocument,
    Letter,
    LetterRevision,
    LetterSymbol,
    Person,
    SearchEntry,
    Session,
    Signature,
    SourceFile,
    State,
    Upload,
    UploadLine,
)
from letters.parsing import split_symbol
from letters.review import FieldPlace, located_text

# --- Shared pieces -------------------------------------------------------------------


def _review_rows(
    letter: Letter, fields: dict[str, Any], places: dict[str, FieldPlace]
) -> list[dict[str, Any]]:
    """The review page's table: each contract field, its value, whether corrected by hand,
    and where it stands in the text (None for fields not looked for: the body, the kind)."""
    return [
        {
            "name": name,
            "value": _display(fields[name]),
            "corrected": name in letter.corrected_fields,
            "place": places.get(name),
        }
        for name in CONTRACT_FIELDS
        if name != "warnings"
    ]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


# The review and re-parse pages show this much of each long text: enough to check a
# letter, and a page a browser opens at once even for the longest letter accepted.
PREVIEW_CHARACTERS = 20_000


def _display(value: Any) -> str:
    """A contract value as text for the review and re-parse pages (escaped by templates),
    cut to PREVIEW_CHARACTERS."""
    if value is None or value == "" or value == []:
        return "—"
    text = _json(value) if isinstance(value, list | dict) else str(value)
    if len(text) > PREVIEW_CHARACTERS:
        hidden = len(text) - PREVIEW_CHARACTERS
        return f"{text[:PREVIEW_CHARACTERS]}\n… ({hidden:,} more characters not shown)"
    return text


def _rows(changes: dict[str, list[Any]]) -> list[tuple[str, str, str]]:
    return [(field, _display(old), _display(new)) for field, (old, new) in changes.items()]


class MergeActionMixin:
    """An admin action that folds several records into one (same thing recorded twice)."""

    @admin.action(description="Merge selected %(verbose_name_plural)s…", permissions=["merge"])
    def merge_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        if queryset.count() < 2:
            self.message_user(request, "Select at least two records to merge.", messages.WARNING)
            return None
        form = MergeForm(request.POST if "apply" in request.POST else None, queryset=queryset)
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            others = list(queryset.exclude(pk=keep.pk))
            affected = curation.merge_records(keep=keep, others=others, user=request.user)
            self.message_user(
                request,
                f"Merged {len(others)} into “{keep}”; {affected} letter(s) updated.",
                messages.SUCCESS,
            )
            return None
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": f"Merge {opts.verbose_name_plural}",
            "opts": opts,
            "form": form,
            "records": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/letters/merge.html", context)

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return self.has_change_permission(request) and self.has_delete_permission(request)


# --- Letter --------------------------------------------------------------------------


class PublishedFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("published", "Published"), ("draft", "Draft")]

    def queryset(self, request, queryset):
        if self.value() == "published":
            return queryset.filter(published_at__isnull=False)
        if self.value() == "draft":
            return queryset.filter(published_at__isnull=True)
        return queryset


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Letter.objects.dates("letter_date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(letter_date__year=int(self.value()))
        return queryset


class LetterSymbolInline(admin.TabularInline):
    model = LetterSymbol
    extra = 0
    fields = ["symbol", "position"]


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    fields = ["person", "honorific", "title", "organization", "annex", "position"]
    autocomplete_fields = ["person"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "annex")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "annex":
            # Only this letter's annexes: a signature cannot sit on another letter's annex.
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Annex.objects.filter(letter_id=object_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AnnexInline(admin.StackedInline):
    model = Annex
    extra = 0
    fields = [("position", "label"), "title", ("original_language", "date", "place"), "body"]
    show_change_link = True


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 0
    fields = ["document", "text", "position"]
    autocomplete_fields = ["document"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document")


class RevisionInline(admin.TabularInline):
    model = LetterRevision
    extra = 0
    can_delete = False
    fields = ["created", "username", "action", "changes_display", "note"]
    readonly_fields = fields
    verbose_name = "change"
    verbose_name_plural = "history (who changed what)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="changes")
    def changes_display(self, revision: LetterRevision) -> str:
        if not revision.changes:
            return "—"
        return format_html_join(
            "",
            "<div><strong>{}</strong>: {} → {}</div>",
            (
                (field, Truncator(_display(old)).chars(120), Truncator(_display(new)).chars(120))
                for field, (old, new) in revision.changes.items()
            ),
        )


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    form = LetterAdminForm
    list_display = ["symbol_list", "letter_date", "short_title", "session", "sender_list", "status"]
    list_display_links = ["short_title"]
    list_select_related = ["session"]
    list_filter = [
        PublishedFilter,
        "session",
        ("agenda_items__topic", admin.RelatedOnlyFieldListFilter),
        ("senders", admin.RelatedOnlyFieldListFilter),
        YearFilter,
        "kind",
    ]
    search_fields = ["title", "body", "symbols__symbol"]
    autocomplete_fields = ["agenda_items", "senders"]
    readonly_fields = [
        "status",
        "source_link",
        "uploaded_by",
        "created",
        "updated",
        "warnings_display",
        "corrected_fields",
    ]
    fieldsets = [
        (None, {"fields": ["status", "warnings_display", "corrected_fields"]}),
        (
            "Letter",
            {"fields": LetterAdminForm.Meta.fields},
        ),
        ("Source", {"fields": ["source_link", "uploaded_by", "created", "updated"]}),
    ]
    inlines = [LetterSymbolInline, SignatureInline, AnnexInline, CitationInline, RevisionInline]
    actions = ["publish_selected", "reparse_selected"]
    change_list_template = "admin/letters/letter/change_list.html"
    change_form_template = "admin/letters/letter/change_form.html"

    # The list -------------------------------------------------------------------------

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("symbols", "senders")

    @admin.display(description="symbols")
    def symbol_list(self, letter: Letter) -> str:
        return "–".join(s.symbol for s in letter.symbols.all()) or "—"

    @admin.display(description="title", ordering="title")
    def short_title(self, letter: Letter) -> str:
        return Truncator(letter.title).chars(110)

    @admin.display(description="sender")
    def sender_list(self, letter: Letter) -> str:
        return ", ".join(s.name for s in letter.senders.all()) or "—"

    @admin.display(description="status", ordering="published_at")
    def status(self, letter: Letter) -> str:
        if letter.published_at:
            return f"Published {letter.published_at:%Y-%m-%d}"
        return "Draft"

    def get_search_results(self, request, queryset, search_term):
        # A symbol typed with an en dash, spaces or both organs finds its letter.
        parts = split_symbol(search_term.strip()) if "/" in search_term else []
        if parts:
            by_symbol = Q()
            for part in parts:
                by_symbol |= Q(symbols__symbol__iexact=part)
            return queryset.filter(by_symbol).distinct(), False
        return super().get_search_results(request, queryset, search_term)

    # The form --------------------------------------------------------------------------

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "addressees":
            # One per line: an addressee's title may contain a comma.
            return SimpleArrayField(
                forms.CharField(max_length=300),
                delimiter="\n",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="One addressee per line.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="source file")
    def source_link(self, letter: Letter) -> str:
        source = letter.source
        url = reverse("admin:letters_sourcefile_change", args=[source.pk])
        return format_html("<a href='{}'>{}</a> ({} bytes)", url, source.name, source.size)

    @admin.display(description="parse warnings")
    def warnings_display(self, letter: Letter) -> str:
        if not letter.parse_warnings:
            return "None"
        return format_html(
            "<ul class='parse-warnings'>{}</ul>",
            format_html_join("", "<li>{}</li>", ((w,) for w in letter.parse_warnings)),
        )

    def add_view(self, request, form_url="", extra_context=None):
        # Letters come from files: "Add" is the upload page.
        return HttpResponseRedirect(reverse("admin:letters_letter_upload"))

    def save_model(self, request, obj, form, change):
        if change:
            form.letter_before = curation.letter_fields(Letter.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inlines and M2M are saved: log, mark corrections, refresh search.
        before = getattr(form, "letter_before", None)
        if before is not None:
            curation.record_edit(letter=form.instance, before=before, user=request.user)

    # Extra pages ------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name="letters_letter_upload"),
            path("<int:pk>/review/", wrap(self.review_view), name="letters_letter_review"),
            path("<int:pk>/publish/", wrap(self.publish_view), name="letters_letter_publish"),
            path("<int:pk>/unpublish/", wrap(self.unpublish_view), name="letters_letter_unpublish"),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, **extra) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = UploadForm(request.POST or None, request.FILES or None)
        outcomes: list[curation.UploadOutcome] = []
        upload = None
        if request.method == "POST" and form.is_valid():
            upload, outcomes = curation.upload_files(
                form.cleaned_data["files"],
                uploaded_by=request.user,
                symbols=form.cleaned_data["symbols"],
                distribution_date=form.cleaned_data["distribution_date"],
            )
            drafts = sum(o.outcome == curation.Outcome.DRAFT for o in outcomes)
            refused = len(outcomes) - drafts
            level = messages.SUCCESS if not refused else messages.WARNING
            self.message_user(
                request, f"{drafts} draft(s) stored, {refused} file(s) refused.", level
            )
        context = self._context(
            request, title="Upload letters", form=form, outcomes=outcomes, upload=upload
        )
        return TemplateResponse(request, "admin/letters/letter/upload.html", context)

    def review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        letter = get_object_or_404(
            Letter.objects.select_related("source", "session", "uploaded_by"), pk=pk
        )
        if not self.has_view_permission(request, letter):
            raise PermissionDenied
        fields = curation.letter_fields(letter)
        located = located_text(letter.source.text, fields, limit=PREVIEW_CHARACTERS)
        context = self._context(
            request,
            title=f"Review: {Truncator(letter.title).chars(80)}",
            letter=letter,
            rows=_review_rows(letter, fields, located.places),
            located=located,
            source_name=letter.source.name,
            # How the text was read; a text from OCR is said so, with its confidence.
            source_extraction=letter.source.get_extraction_display(),
            read_by_ocr=letter.source.extraction == SourceFile.Extraction.OCR,
            ocr_confidence=letter.source.ocr_confidence,
            fields=fields,
            annexes=letter.annexes.prefetch_related("signatures__person"),
            signatures=letter.signatures.filter(annex=None).select_related("person"),
            can_change=self.has_change_permission(request, letter),
            preview_characters=PREVIEW_CHARACTERS,
        )
        return TemplateResponse(request, "admin/letters/letter/review.html", context)

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        letter = get_object_or_404(Letter, pk=pk)
        if not self.has_change_permission(request, letter):
            raise PermissionDenied
        return _publish_toggle(self, request, letter, publish=True)

    def unpublish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        letter = get_object_or_404(Letter, pk=pk)
        if not self.has_change_permission(request, letter):
            raise PermissionDenied
        return _publish_toggle(self, request, letter, publish=False)

    # Actions ----------------------------------------------------------------------------

    @admin.action(description="Publish selected letters", permissions=["change"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        published = sum(
            curation.publish_letter(letter=letter, user=request.user) for letter in queryset
        )
        self.message_user(request, f"Published {published} letter(s).", messages.SUCCESS)

    @admin.action(description="Re-parse selected letters…", permissions=["change"])
    def reparse_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        letters = list(queryset.select_related("source"))
        if "apply" in request.POST:
            form = ReparseForm(request.POST)
            discard = form.is_valid() and form.cleaned_data["discard_corrections"]
            changed, refusals = curation.reparse_letters(
                letters, user=request.user, discard_corrections=discard
            )
            for refusal in refusals:
                self.message_user(request, refusal, messages.ERROR)
            self.message_user(
                request, f"Re-parsed {len(letters)} letter(s); {changed} changed.", messages.SUCCESS
            )
            return None
        plans = [curation.plan_reparse(letter) for letter in letters]
        context = self._context(
            request,
            title="Re-parse letters",
            plans=[
                {"plan": plan, "changes": _rows(plan.changes), "kept": _rows(plan.kept)}
                for plan in plans
            ],
            form=ReparseForm(),
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
        )
        return TemplateResponse(request, "admin/letters/letter/reparse.html", context)


def _publish_toggle(
    model_admin: LetterAdmin, request: HttpRequest, letter: Letter, *, publish: bool
) -> HttpResponse:
    if request.method != "POST":
        # A GET never changes anything; the POST carries the CSRF token.
        return HttpResponseNotAllowed(["POST"])
    if publish:
        done = curation.publish_letter(letter=letter, user=request.user)
        text = "Published." if done else "Already published."
    else:
        done = curation.unpublish_letter(letter=letter, user=request.user)
        text = "Back to draft: no longer on the public site." if done else "Already a draft."
    model_admin.message_user(request, text, messages.SUCCESS if done else messages.INFO)
    return HttpResponseRedirect(reverse("admin:letters_letter_review", args=[letter.pk]))


# --- The other models ------------------------------------------------------------------


@admin.register(State)
class StateAdmin(MergeActionMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "letter_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(letter_count=Count("letters"))

    @admin.display(description="letters", ordering="letter_count")
    def letter_count(self, state: State) -> int:
        return state.letter_count


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "number", "years"]
    search_fields = ["=number"]


@admin.register(AgendaTopic)
class AgendaTopicAdmin(MergeActionMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "item_count"]
    search_fields = ["title", "key"]
    prepopulated_fields = {"slug": ["title"]}
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description="agenda items", ordering="item_count")
    def item_count(self, topic: AgendaTopic) -> int:
        return topic.item_count


@admin.register(AgendaItem)
class AgendaItemAdmin(MergeActionMixin, admin.ModelAdmin):
    list_display = ["__str__", "session", "number", "topic"]
    list_filter = ["session"]
    list_select_related = ["topic"]
    search_fields = ["topic__title", "=number"]
    autocomplete_fields = ["topic"]
    actions = ["merge_selected"]


@admin.register(Person)
class PersonAdmin(MergeActionMixin, admin.ModelAdmin):
    list_display = ["name", "key", "signature_count"]
    search_fields = ["name", "key"]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(signature_count=Count("signatures"))

    @admin.display(description="signatures", ordering="signature_count")
    def signature_count(self, person: Person) -> int:
        return person.signature_count


@admin.register(CitedDocument)
class CitedDocumentAdmin(MergeActionMixin, admin.ModelAdmin):
    list_display = ["key", "kind", "label", "letter"]
    list_filter = ["kind"]
    list_select_related = ["letter"]
    search_fields = ["key", "label"]
    raw_id_fields = ["letter"]
    actions = ["merge_selected"]


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["letter", "document", "text"]
    list_select_related = ["letter", "document"]
    search_fields = ["document__key", "text"]
    raw_id_fields = ["letter"]
    autocomplete_fields = ["document"]


@admin.register(Annex)
class AnnexAdmin(admin.ModelAdmin):
    list_display = ["__str__", "letter", "date", "place"]
    list_select_related = ["letter"]
    search_fields = ["title", "body"]
    raw_id_fields = ["letter"]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "organization", "letter", "annex"]
    list_select_related = ["person", "letter", "annex"]
    search_fields = ["person__name", "organization"]
    raw_id_fields = ["letter", "annex"]
    autocomplete_fields = ["person"]


@admin.register(LetterSymbol)
class LetterSymbolAdmin(admin.ModelAdmin):
    list_display = ["symbol", "letter"]
    list_select_related = ["letter"]
    search_fields = ["symbol"]
    raw_id_fields = ["letter"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by ingest and curation: shown for inspection, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting one would desynchronise it from its letter; letters own them.
        return False


@admin.register(SourceFile)
class SourceFileAdmin(ReadOnlyAdmin):
    list_display = ["name", "size", "content_type", "sha256", "created"]
    search_fields = ["name", "=sha256"]
    # The bytes themselves stay out of forms; the extracted text is what staff read.
    fields = ["name", "size", "content_type", "sha256", "created", "text"]


@admin.register(SearchEntry)
class SearchEntryAdmin(ReadOnlyAdmin):
    list_display = ["letter", "letter_date", "session_number", "sc_year", "kind", "has_annex"]
    list_select_related = ["letter"]
    exclude = ["vector"]


@admin.register(LetterRevision)
class LetterRevisionAdmin(ReadOnlyAdmin):
    list_display = ["created", "username", "action", "letter"]
    list_filter = ["action"]
    list_select_related = ["letter"]
    search_fields = ["username", "letter__title"]
    raw_id_fields = ["letter"]


class UploadLineInline(admin.TabularInline):
    model = UploadLine
    fields = ["position", "name", "outcome", "message", "letter", "warnings"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    raw_id_fields = ["letter"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Upload)
class UploadAdmin(ReadOnlyAdmin):
    """Upload reports: each file's outcome, kept even when a request stopped part-way."""

    list_display = ["created", "uploaded_by", "files", "lines_recorded", "finished"]
    list_select_related = ["uploaded_by"]
    fields = ["created", "uploaded_by", "files", "finished"]
    inlines = [UploadLineInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lines_recorded=Count("lines"))

    @admin.display(description="letter files handled", ordering="lines_recorded")
    def lines_recorded(self, upload: Upload) -> int:
        return upload.lines_recorded
