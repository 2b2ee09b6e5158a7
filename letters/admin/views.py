"""The admin's own pages (DESIGN.md §6): upload, review, publish, re-parse and merge.

Each view checks the permission it needs, calls one curation service and renders its
template; ``LetterAdmin`` and the records' admins route to them. Values are shown as
text that the templates escape, cut to PREVIEW_CHARACTERS.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import Truncator

from letters.admin.forms import MergeForm, ReparseForm, UploadForm
from letters.curation import merge as merging
from letters.curation import reparse as reparsing
from letters.curation.fields import letter_fields
from letters.curation.publish import publish_letter, unpublish_letter
from letters.curation.upload import start_upload, upload_progress
from letters.intake.ingest import CONTRACT_FIELDS
from letters.intake.review import FieldPlace, located_text
from letters.models import Letter, SourceFile, Upload

# The review and re-parse pages show this much of each long text: enough to check a
# letter, and a page a browser opens at once even for the longest letter accepted.
PREVIEW_CHARACTERS = 20_000


def display(value: Any) -> str:
    """A contract value as text for the review and re-parse pages (escaped by templates),
    cut to PREVIEW_CHARACTERS."""
    if value is None or value == "" or value == []:
        return "—"
    text = (
        json.dumps(value, ensure_ascii=False, indent=2)
        if isinstance(value, list | dict)
        else str(value)
    )
    if len(text) > PREVIEW_CHARACTERS:
        hidden = len(text) - PREVIEW_CHARACTERS
        return f"{text[:PREVIEW_CHARACTERS]}\n… ({hidden:,} more characters not shown)"
    return text


def _change_rows(changes: dict[str, list[Any]]) -> list[tuple[str, str, str]]:
    return [(field, display(old), display(new)) for field, (old, new) in changes.items()]


def _context(model_admin: admin.ModelAdmin, request: HttpRequest, **extra) -> dict[str, Any]:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        **extra,
    }


# The upload report refreshes itself this often (seconds) until its last file is read.
REPORT_REFRESH_SECONDS = 3


def upload(model_admin: admin.ModelAdmin, request: HttpRequest) -> HttpResponse:
    """The upload form; a valid POST stores the files, defers a job to read each, and
    sends the archivist to the upload's report, which fills in as the jobs run."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        report = start_upload(
            form.cleaned_data["files"],
            uploaded_by=request.user,
            symbols=form.cleaned_data["symbols"],
            distribution_date=form.cleaned_data["distribution_date"],
        )
        files = len(form.cleaned_data["files"])
        model_admin.message_user(
            request, f"{files} file(s) received; each is read in the background.", messages.INFO
        )
        return HttpResponseRedirect(
            reverse("admin:letters_letter_upload_report", args=[report.pk]), status=303
        )
    context = _context(model_admin, request, title="Upload letters", form=form, outcomes=[])
    return TemplateResponse(request, "admin/letters/letter/upload.html", context)


def upload_report(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int) -> HttpResponse:
    """An upload's report: its progress (files read, letter files stored, refused and
    remaining) and each letter file's outcome with a link to its draft, as the jobs
    write them; the page refreshes itself until the last file is read."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    report = get_object_or_404(Upload, pk=pk)
    progress = upload_progress(report)
    context = _context(
        model_admin,
        request,
        title="Upload letters",
        form=UploadForm(),
        upload=report,
        progress=progress,
        outcomes=report.lines.select_related("letter"),
        refresh_seconds=None if progress.finished else REPORT_REFRESH_SECONDS,
    )
    return TemplateResponse(request, "admin/letters/letter/upload.html", context)


def review(model_admin: admin.ModelAdmin, request: HttpRequest, pk: int) -> HttpResponse:
    """What the parser read from a letter, each field located in its text."""
    letter = get_object_or_404(
        Letter.objects.select_related("source", "session", "uploaded_by"), pk=pk
    )
    if not model_admin.has_view_permission(request, letter):
        raise PermissionDenied
    fields = letter_fields(letter)
    located = located_text(letter.source.text, fields, limit=PREVIEW_CHARACTERS)
    context = _context(
        model_admin,
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
        references=letter.references.select_related("target"),
        can_change=model_admin.has_change_permission(request, letter),
        preview_characters=PREVIEW_CHARACTERS,
    )
    return TemplateResponse(request, "admin/letters/letter/review.html", context)


def _review_rows(
    letter: Letter, fields: dict[str, Any], places: dict[str, FieldPlace]
) -> list[dict[str, Any]]:
    """The review page's table: each contract field, its value, whether corrected by hand,
    and where it stands in the text (None for fields not looked for: the body, the kind)."""
    return [
        {
            "name": name,
            "value": display(fields[name]),
            "corrected": name in letter.corrected_fields,
            "place": places.get(name),
        }
        for name in CONTRACT_FIELDS
        if name != "warnings"
    ]


def publish_toggle(
    model_admin: admin.ModelAdmin, request: HttpRequest, pk: int, *, publish: bool
) -> HttpResponse:
    """Publish a draft, or take a letter back to draft (POST only), then its review page."""
    letter = get_object_or_404(Letter, pk=pk)
    if not model_admin.has_change_permission(request, letter):
        raise PermissionDenied
    if request.method != "POST":
        # A GET never changes anything; the POST carries the CSRF token.
        return HttpResponseNotAllowed(["POST"])
    if publish:
        done = publish_letter(letter=letter, user=request.user)
        text = "Published." if done else "Already published."
    else:
        done = unpublish_letter(letter=letter, user=request.user)
        text = "Back to draft: no longer on the public site." if done else "Already a draft."
    model_admin.message_user(request, text, messages.SUCCESS if done else messages.INFO)
    return HttpResponseRedirect(reverse("admin:letters_letter_review", args=[letter.pk]))


def reparse(
    model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse | None:
    """The re-parse action: what would change, then (confirmed) re-parse the letters; a
    selection of more than ``reparse.IN_REQUEST`` is previewed in part and re-parsed by a job."""
    selected = queryset.order_by("pk")
    count = selected.count()
    if "apply" in request.POST:
        form = ReparseForm(request.POST)
        discard = form.is_valid() and form.cleaned_data["discard_corrections"]
        if count > reparsing.IN_REQUEST:
            ids = list(selected.values_list("pk", flat=True))
            reparsing.schedule_reparse(ids, user=request.user, discard_corrections=discard)
            model_admin.message_user(
                request,
                f"Re-parsing {count} letters as a job: each letter's changes, or why it was "
                "not re-parsed, will be in its history.",
                messages.SUCCESS,
            )
            return None
        letters = list(selected.select_related("source"))
        changed, refusals = reparsing.reparse_letters(
            letters, user=request.user, discard_corrections=discard
        )
        for refusal in refusals:
            model_admin.message_user(request, refusal, messages.ERROR)
        model_admin.message_user(
            request, f"Re-parsed {len(letters)} letter(s); {changed} changed.", messages.SUCCESS
        )
        return None
    plans = [
        reparsing.plan_reparse(letter)
        for letter in selected.select_related("source")[: reparsing.IN_REQUEST]
    ]
    context = _context(
        model_admin,
        request,
        title="Re-parse letters",
        plans=[
            {"plan": plan, "changes": _change_rows(plan.changes), "kept": _change_rows(plan.kept)}
            for plan in plans
        ],
        count=count,
        # Selected across every page of the list: the confirmation asks for the same.
        select_across=request.POST.get("select_across") == "1",
        selected_ids=request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        form=ReparseForm(),
        action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
    )
    return TemplateResponse(request, "admin/letters/letter/reparse.html", context)


def merge(
    model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse | None:
    """The merge action: choose the record to keep, then fold the others into it."""
    if queryset.count() < 2:
        model_admin.message_user(request, "Select at least two records to merge.", messages.WARNING)
        return None
    form = MergeForm(request.POST if "apply" in request.POST else None, queryset=queryset)
    if form.is_valid():
        keep = form.cleaned_data["keep"]
        others = list(queryset.exclude(pk=keep.pk))
        if (count := merging.letters_affected(keep, others)) > merging.IN_REQUEST:
            merging.schedule_merge(keep=keep, others=others, user=request.user)
            model_admin.message_user(
                request,
                f"Merging {len(others)} into “{keep}” as a job: the {count} letter(s) naming "
                "them will follow, each with a revision in its history.",
                messages.SUCCESS,
            )
            return None
        affected = merging.merge_records(keep=keep, others=others, user=request.user)
        model_admin.message_user(
            request,
            f"Merged {len(others)} into “{keep}”; {affected} letter(s) updated.",
            messages.SUCCESS,
        )
        return None
    opts = model_admin.model._meta
    context = _context(
        model_admin,
        request,
        title=f"Merge {opts.verbose_name_plural}",
        form=form,
        records=queryset,
        action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
    )
    return TemplateResponse(request, "admin/letters/merge.html", context)
