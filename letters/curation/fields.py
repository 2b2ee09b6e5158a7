"""A letter as contract fields (DESIGN.md §4), stored or freshly parsed, and the
revision that records a change to them.

A stored letter is read back into the parser's own dataclasses
(``letters.intake.stored``), and both it and a fresh parse are shaped by one function
(``contract_fields``), so the two compare equal when nothing changed: that comparison is
what the review page shows, what a re-parse applies and what a hand edit records.
"""

from __future__ import annotations

from typing import Any

from letters.intake import rows
from letters.intake.ingest import CONTRACT_FIELDS
from letters.intake.stored import stored_letter
from letters.models import Letter, LetterRevision
from letters.parsing import ParsedLetter

# Contract strings that are shown and compared as "" when missing.
_BLANK_WHEN_NONE = ("original_language", "language", "title", "place", "honorific", "organization")


def contract_fields(parsed: ParsedLetter) -> dict[str, Any]:
    """``parsed`` in the archive's field shape: the contract (``ParsedLetter.to_contract``)
    with the sender split into its States (sorted), title and organization, agenda items
    by number, and "" for a missing string, so that a stored letter and a parse compare
    field by field."""
    contract = parsed.to_contract()
    return {
        "symbols": contract["symbols"],
        "kind": contract["kind"],
        "title": contract["title"] or "",
        "distribution_date": contract["distribution_date"],
        "letter_date": contract["letter_date"],
        "original_language": contract["original_language"] or "",
        "language": contract["language"] or "",
        "ga_session": contract["ga_session"],
        "sc_year": contract["sc_year"],
        "agenda_items": sorted(contract["agenda_items"], key=lambda a: a["number"]),
        "senders": sorted(contract["sender"]["states"]),
        "sender_title": contract["sender"]["title"] or "",
        "sender_organization": contract["sender"]["organization"] or "",
        "addressees": contract["addressees"],
        "signatories": [_blanked(s) for s in contract["signatories"]],
        "body": contract["body"],
        "footnotes": contract["footnotes"],
        "annexes": [
            {**_blanked(a), "signatories": [_blanked(s) for s in a["signatories"]]}
            for a in contract["annexes"]
        ],
        "cited_documents": contract["cited_documents"],
        "references": [_reference(r) for r in contract["references"]],
        "charter_articles": contract["charter_articles"],
        "states_mentioned": sorted(contract["states_mentioned"]),
        "warnings": contract["warnings"],
    }


def _reference(values: dict[str, Any]) -> dict[str, Any]:
    """A reference as stored: its sender States (``sender_state`` is their first), and
    "" for a missing document or sender title."""
    shown = {k: v for k, v in values.items() if k != "sender_state"}
    shown["document"] = shown["document"] or ""
    shown["sender_title"] = shown["sender_title"] or ""
    return shown


def _blanked(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v or "") if k in _BLANK_WHEN_NONE else v for k, v in values.items()}


def parsed_fields(parsed: ParsedLetter, *, fallback_title: str = "") -> dict[str, Any]:
    """A fresh parse as ingest would store it (symbols and citations each once, agenda
    items only under a session, the file's name for a missing title), in field shape."""
    return contract_fields(rows.stored_form(parsed, fallback_title=fallback_title))


def letter_fields(letter: Letter) -> dict[str, Any]:
    """The stored letter in field shape: what the public page shows."""
    return contract_fields(stored_letter(letter))


def diff_fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the contract fields that differ, in contract order."""
    return {f: [old.get(f), new.get(f)] for f in CONTRACT_FIELDS if old.get(f) != new.get(f)}


def acting_user(user):
    """The user a change is recorded as: ``None`` for nobody or an anonymous request."""
    return user if user is not None and user.is_authenticated else None


def record_revision(
    letter: Letter, user, action: str, changes: dict[str, Any] | None = None, note: str = ""
) -> LetterRevision:
    """Log one change to ``letter``: who (kept by name too), what and why."""
    acting = acting_user(user)
    return LetterRevision.objects.create(
        letter=letter,
        user=acting,
        username=acting.get_username() if acting else "",
        action=action,
        changes=changes or {},
        note=note,
    )
