"""The admin of the shared records letters point at: States, sessions, agenda topics
and items, people, cited documents, and a letter's parts edited on their own.

Records recorded twice can be merged (an action on each list, ``curation.merge``). A
record saved or deleted here changes what its letters' search rows index: a job rewrites
them (``curation.records``).
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse

from letters.admin import views
from letters.curation.records import letters_pointing_at, schedule_refresh
from letters.models import (
    AgendaItem,
    AgendaTopic,
    Annex,
    Citation,
    CitedDocument,
    LetterSymbol,
    Person,
    Session,
    Signature,
    State,
)


class RefreshesSearchRows:
    """After a record is saved or deleted, its letters' search rows are rewritten by a
    job (deferred in the save's own transaction)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        schedule_refresh(letters_pointing_at(obj), record=_named(obj), user=request.user)

    def delete_model(self, request, obj):
        letter_ids = letters_pointing_at(obj)  # before the rows pointing at it go
        record = _named(obj)
        super().delete_model(request, obj)
        schedule_refresh(letter_ids, record=record, user=request.user)

    def delete_queryset(self, request, queryset):
        letter_ids = sorted({pk for obj in queryset for pk in letters_pointing_at(obj)})
        names = ", ".join(_named(obj) for obj in queryset)
        super().delete_queryset(request, queryset)
        schedule_refresh(letter_ids, record=names, user=request.user)


def _named(obj) -> str:
    return f"{obj._meta.verbose_name} {obj.pk} ({obj})"


class MergeActionMixin:
    """An admin action that folds several records into one (same thing recorded twice)."""

    @admin.action(description="Merge selected %(verbose_name_plural)s…", permissions=["merge"])
    def merge_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        return views.merge(self, request, queryset)

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return self.has_change_permission(request) and self.has_delete_permission(request)


@admin.register(State)
class StateAdmin(MergeActionMixin, RefreshesSearchRows, admin.ModelAdmin):
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
class SessionAdmin(RefreshesSearchRows, admin.ModelAdmin):
    list_display = ["__str__", "number", "years"]
    search_fields = ["=number"]


@admin.register(AgendaTopic)
class AgendaTopicAdmin(MergeActionMixin, RefreshesSearchRows, admin.ModelAdmin):
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
class AgendaItemAdmin(MergeActionMixin, RefreshesSearchRows, admin.ModelAdmin):
    list_display = ["__str__", "session", "number", "topic"]
    list_filter = ["session"]
    list_select_related = ["topic"]
    search_fields = ["topic__title", "=number"]
    autocomplete_fields = ["topic"]
    actions = ["merge_selected"]


@admin.register(Person)
class PersonAdmin(MergeActionMixin, RefreshesSearchRows, admin.ModelAdmin):
    list_display = ["name", "key", "signature_count"]
    search_fields = ["name", "key"]
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(signature_count=Count("signatures"))

    @admin.display(description="signatures", ordering="signature_count")
    def signature_count(self, person: Person) -> int:
        return person.signature_count


@admin.register(CitedDocument)
class CitedDocumentAdmin(MergeActionMixin, RefreshesSearchRows, admin.ModelAdmin):
    list_display = ["key", "kind", "label", "letter"]
    list_filter = ["kind"]
    list_select_related = ["letter"]
    search_fields = ["key", "label"]
    raw_id_fields = ["letter"]
    actions = ["merge_selected"]


@admin.register(Citation)
class CitationAdmin(RefreshesSearchRows, admin.ModelAdmin):
    list_display = ["letter", "document", "text"]
    list_select_related = ["letter", "document"]
    search_fields = ["document__key", "text"]
    raw_id_fields = ["letter"]
    autocomplete_fields = ["document"]


@admin.register(Annex)
class AnnexAdmin(RefreshesSearchRows, admin.ModelAdmin):
    list_display = ["__str__", "letter", "date", "place"]
    list_select_related = ["letter"]
    search_fields = ["title", "body"]
    raw_id_fields = ["letter"]


@admin.register(Signature)
class SignatureAdmin(RefreshesSearchRows, admin.ModelAdmin):
    list_display = ["person", "title", "organization", "letter", "annex"]
    list_select_related = ["person", "letter", "annex"]
    search_fields = ["person__name", "organization"]
    raw_id_fields = ["letter", "annex"]
    autocomplete_fields = ["person"]


@admin.register(LetterSymbol)
class LetterSymbolAdmin(RefreshesSearchRows, admin.ModelAdmin):
    list_display = ["symbol", "letter"]
    list_select_related = ["letter"]
    search_fields = ["symbol"]
    raw_id_fields = ["letter"]
