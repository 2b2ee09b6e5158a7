"""Forms for the staff side (the admin upload, merge and re-parse pages)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from letters.intake.policy import is_zip, policy
from letters.intake.rows import LETTER_COLUMNS
from letters.models import Letter, Reference
from letters.parsing import split_symbol
from letters.search.facets import CHARTER_KEY


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking several files (the pattern of Django's file upload docs)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        # Empty files are refused per file by the intake, with its own message,
        # instead of failing the whole form.
        allow_empty_file=True,
        help_text=(
            f"One or more letters: {', '.join(policy().suffixes)} (a scanned PDF is read by "
            "OCR), or a .zip of those."
        ),
        widget=MultipleFileInput(attrs={"accept": ",".join(policy().accepted), "multiple": True}),
    )
    symbols = forms.CharField(
        label="Symbol(s)",
        required=False,
        max_length=200,
        help_text="Only for a single letter whose text lacks it, e.g. A/75/861–S/2021/392.",
    )
    distribution_date = forms.DateField(
        label="Distribution date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Only for a single letter: overrides the date printed under “Distr.”.",
    )

    def clean_symbols(self) -> list[str]:
        value = self.cleaned_data["symbols"].strip()
        if not value:
            return []
        symbols = split_symbol(value)
        if not symbols:
            raise ValidationError(
                "Not a document symbol: give e.g. A/75/861, S/2021/392 or A/75/861–S/2021/392."
            )
        return list(symbols)

    def clean(self) -> dict:
        cleaned = super().clean()
        files = cleaned.get("files") or []
        single = len(files) == 1 and not is_zip(files[0].name)
        if (cleaned.get("symbols") or cleaned.get("distribution_date")) and not single:
            raise ValidationError(
                "Symbols and a distribution date can only be given when uploading one letter "
                "(one file, not a zip)."
            )
        return cleaned


# The letter's own columns the parser writes (letters.intake.rows), less its warnings, and the
# relations an archivist corrects with them: what the change form edits.
CORRECTABLE_COLUMNS = [
    column.removesuffix("_id")
    for field, columns in LETTER_COLUMNS.items()
    if field != "warnings"
    for column in columns
] + ["agenda_items", "senders", "states_mentioned"]


class LetterAdminForm(forms.ModelForm):
    """The Letter change form: the parsed fields, checked before they reach search."""

    class Meta:
        model = Letter
        fields = CORRECTABLE_COLUMNS

    def clean_footnotes(self) -> list[dict[str, str]]:
        footnotes = self.cleaned_data["footnotes"] or []
        valid = isinstance(footnotes, list) and all(
            isinstance(f, dict)
            and isinstance(f.get("marker"), str)
            and isinstance(f.get("text"), str)
            for f in footnotes
        )
        if not valid:
            raise ValidationError('Give a list like [{"marker": "1", "text": "See …"}].')
        return [{"marker": f["marker"], "text": f["text"]} for f in footnotes]

    def clean_charter_articles(self) -> list[str]:
        keys = [key.replace(" ", "") for key in self.cleaned_data["charter_articles"] or []]
        wrong = [key for key in keys if not re.fullmatch(CHARTER_KEY, key)]
        if wrong:
            raise ValidationError(
                f"Not a Charter Article: {', '.join(wrong)}. Give its number and its "
                'paragraph in brackets, e.g. "51" or "2(4)".'
            )
        return list(dict.fromkeys(keys))


class ReferenceInlineForm(forms.ModelForm):
    """A reference of the letter: a target chosen (or cleared) here is the archivist's,
    and stays whatever letters are stored later (``Reference.Resolution.HAND``)."""

    class Meta:
        model = Reference
        fields = [
            "relation",
            "document",
            "symbols",
            "date",
            "sender_states",
            "sender_title",
            "where",
            "text",
            "target",
        ]

    def save(self, commit: bool = True) -> Reference:
        reference = super().save(commit=False)
        if "target" in self.changed_data:
            reference.resolution = Reference.Resolution.HAND
        if commit:
            reference.save()
        return reference


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        label="Keep this one",
        help_text="All references to the others move to it; the others are deleted.",
    )

    def __init__(self, *args, queryset, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = queryset


class ReparseForm(forms.Form):
    discard_corrections = forms.BooleanField(
        required=False,
        label="Discard my corrections",
        help_text="Also overwrite the fields that were corrected by hand with the parser's values.",
    )
