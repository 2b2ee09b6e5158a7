"""The letters' admin: the list, the edit form with its inlines, and the routes to the
upload, review, publish and re-parse pages (``letters.admin.views``).

Permissions follow Django's model permissions: ``add_letter`` to upload,
``change_letter`` to edit, publish and re-parse.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.postgres.forms import SimpleArrayField
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from letters.admin import views
from letters.admin.forms import LetterAdminForm, ReferenceInlineForm
from letters.curation.edit import linked_before, record_edit
from letters.curation.fields import letter_fields
from letters.curation.publish import publish_letter
from letters.models import (
    Annex,
    Citation,
    Letter,
    LetterRevision,
    LetterSymbol,
    Reference,
    Signature,
)
from letters.parsing import split_symbol


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


class ReferenceInline(admin.StackedInline):
    """The letters and documents it replies to, refers to or transmits. Choosing (or
    clearing) the letter referred to here keeps it so (``ReferenceInlineForm``)."""

    model = Reference
    fk_name = "letter"
    form = ReferenceInlineForm
    extra = 0
    fields = [
        ("relation", "document", "where"),
        ("symbols", "date"),
        ("sender_states", "sender_title"),
        "text",
        ("target", "resolution", "candidates"),
    ]
    readonly_fields = ["resolution", "candidates"]
    autocomplete_fields = ["target"]
    verbose_name = "reference to another letter"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("target")


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
                (
                    field,
                    Truncator(views.display(old)).chars(120),
                    Truncator(views.display(new)).chars(120),
                )
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
    autocomplete_fields = ["agenda_items", "senders", "states_mentioned"]
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
    inlines = [
        LetterSymbolInline,
        SignatureInline,
        AnnexInline,
        CitationInline,
        ReferenceInline,
        RevisionInline,
    ]
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
            stored = Letter.objects.get(pk=obj.pk)
            form.letter_before = letter_fields(stored)
            form.linked_before = linked_before(stored)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inlines and M2M are saved: log, mark corrections, refresh search.
        before = getattr(form, "letter_before", None)
        if before is not None:
            record_edit(
                letter=form.instance, before=before, user=request.user, linked=form.linked_before
            )

    # Extra pages (letters.admin.views) ---------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name="letters_letter_upload"),
            path(
                "upload/<int:pk>/",
                wrap(self.upload_report_view),
                name="letters_letter_upload_report",
            ),
            path("<int:pk>/review/", wrap(self.review_view), name="letters_letter_review"),
            path("<int:pk>/publish/", wrap(self.publish_view), name="letters_letter_publish"),
            path("<int:pk>/unpublish/", wrap(self.unpublish_view), name="letters_letter_unpublish"),
            *super().get_urls(),
        ]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        return views.upload(self, request)

    def upload_report_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return views.upload_report(self, request, pk)

    def review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return views.review(self, request, pk)

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return views.publish_toggle(self, request, pk, publish=True)

    def unpublish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return views.publish_toggle(self, request, pk, publish=False)

    # Actions ----------------------------------------------------------------------------

    @admin.action(description="Publish selected letters", permissions=["change"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        published = sum(publish_letter(letter=letter, user=request.user) for letter in queryset)
        self.message_user(request, f"Published {published} letter(s).", messages.SUCCESS)

    @admin.action(description="Re-parse selected letters…", permissions=["change"])
    def reparse_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return views.reparse(self, request, queryset)
