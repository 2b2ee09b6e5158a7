"""Read-only admin pages: the kept source files, the search rows, the revisions and
the upload reports. Ingest and the curation services write them; staff inspect them."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count

from letters.models import Export, LetterRevision, SearchEntry, SourceFile, Upload, UploadLine


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
    exclude = ["vector", "phrase_pairs"]

    def get_queryset(self, request):
        # Never shown: the vector and the pairs are kilobytes a row.
        return super().get_queryset(request).defer("vector", "phrase_pairs")


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


@admin.register(Export)
class ExportAdmin(ReadOnlyAdmin):
    """Exports prepared by jobs and the archive's dumps (an empty query), for inspection."""

    list_display = ["created", "format", "query", "version", "status", "written", "total", "size"]
    list_filter = ["status", "format"]
    search_fields = ["query", "=key"]
