"""``parse_letter``: text in, ``ParsedLetter`` out (the parse contract, DESIGN.md §4).

The steps, each in its own module: clean the text (text), find the title line
(title) and read the masthead above it (header), cut what follows into the
covering letter and its annexes (annexes), take out footnotes (footnotes) and
signature blocks (signatures), and collect citations (citations). What the title
does not give — no title at all in a letter as a mission sent it, no date in an
older or web layout — is read from the heading above the text (letterhead: the
letterhead's sender, the inside address, a date line) or from the signer's
title. Whatever cannot be read stays None or empty and is explained in
``warnings``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date

from letters.parsing import (
    annexes,
    citations,
    footnotes,
    header,
    letterhead,
    signatures,
    title,
    version_titles,
)
from letters.parsing import symbols as symbol_rules
from letters.parsing import text as textutil
from letters.parsing.language import with_languages
from letters.parsing.links import with_links
from letters.parsing.model import (
    Footnote,
    LetterKind,
    ParsedAnnex,
    ParsedLetter,
    Sender,
    Signatory,
    UnresolvedCitation,
)

# How far down the title line may stand: the masthead is short.
_TITLE_SEARCH_PARAGRAPHS = 80
_GLUED_SIGNED_RE = re.compile(r"(?<=\S)[ \t]+(?=\(Signed\))")
# A letter as sent, dumped on one line: its salutation ("Excellency,") and its
# closing formula ("Yours sincerely,") mark where the heading, the text and the
# signature meet, so they are put on lines of their own.
_GLUED_SALUTATION_RE = re.compile(
    r"(?<=\S)[ \t]+(?P<s>(?:Your\s+)?Excellency|Dear\s+[A-Z][^,\n]{0,60}|Sir|Madam"
    r"|Mr\.\s+President|Madam\s+President|Mr\.\s+Secretary-General),[ \t]+"
    r"(?=(?:I|We|On|Upon|With|In|Further)\s)"
)
_GLUED_CLOSING_RE = re.compile(
    r"(?<=[.!?])[ \t]+(?P<c>(?:Yours\s+(?:very\s+)?(?:sincerely|truly|faithfully)"
    r"|Sincerely(?:\s+yours)?|Respectfully(?:\s+yours)?|(?:With\s+)?(?:best|kind)\s+regards),)"
    r"[ \t]+(?=\S)"
)
_PROSE_RE = re.compile(r"[a-z][.;:!?]$")


def parse_letter(
    text: str, *, file: str | None = None, symbols: Sequence[str] = ()
) -> ParsedLetter:
    """Parse one letter. Never raises: unreadable parts become None/empty + a warning.

    ``symbols`` (from the uploader) come first in the result, then any printed in
    the masthead; joint symbols are split into their parts.
    """
    try:
        return _parse(text, file, symbols)
    except Exception as exc:  # the contract is "never raises"
        return ParsedLetter(
            file=file,
            warnings=(f"the parser failed on this text ({type(exc).__name__}); nothing was read",),
        )


def _split_glued(cleaned: str) -> str:
    """Put "(Signed)", annex headings, a salutation and a closing formula that a Word
    dump ran into the text on their own lines."""
    cleaned = _GLUED_SIGNED_RE.sub("\n", cleaned)
    cleaned = _GLUED_SALUTATION_RE.sub("\n\n\\g<s>,\n\n", cleaned)
    cleaned = _GLUED_CLOSING_RE.sub("\n\n\\g<c>\n\n", cleaned)
    return annexes.GLUED_HEADING_RE.sub("\n\n", cleaned)


def _find_title(paragraphs: list[list[str]]) -> int | None:
    """Index of the title paragraph, splitting it off surrounding text if needed."""
    limit = min(len(paragraphs), _TITLE_SEARCH_PARAGRAPHS)
    for index in range(limit):
        para = paragraphs[index]
        stop = next(
            (
                i
                for i, ln in enumerate(para)
                if signatures.is_signed_line(ln) or annexes.heading_label(ln)
            ),
            None,
        )
        if stop is not None:
            # The title stands before any signature or annex; in a Word dump it may
            # share a paragraph with them, so look at the lines above only.
            if stop == 0:
                break
            paragraphs[index : index + 1] = [para[:stop], para[stop:]]
            para = para[:stop]
        # A title that starts a line of a paragraph holding the masthead too (OCR finds
        # no blank line between them): the masthead keeps its own lines.
        starts = next(
            (
                i
                for i, ln in enumerate(para)
                if i and (title.TITLE_START_RE.match(ln) or version_titles.is_title(ln))
            ),
            None,
        )
        if starts is not None:
            paragraphs[index : index + 1] = [para[:starts], para[starts:]]
            index += 1
            para = para[starts:]
        joined = textutil.join_lines(para)
        match = title.TITLE_START_RE.match(joined)
        if not match:
            match = title.TITLE_INSIDE_RE.search(joined)
        if match:
            before, rest = joined[: match.start()].strip(), joined[match.start() :]
            end = title.title_end(rest)
        elif version_titles.is_title(joined):
            # A French, Spanish, Russian, Arabic or Chinese version's title.
            before, rest = "", joined
            end = version_titles.title_end(rest)
        else:
            continue
        replacement = [[before]] if before else []
        replacement.append([rest[:end].strip()])
        if rest[end:].strip():
            replacement.append([rest[end:].strip()])
        paragraphs[index : index + 1] = replacement
        return index + (1 if before else 0)
    return None


def _is_prose(joined: str) -> bool:
    """A paragraph of running text: long, or a sentence ("… in Almaty on 20 June 2023."),
    or the opening of a covering letter ("I have the honour …")."""
    if len(joined) > 200 or _PROSE_RE.search(joined):
        return True
    if title.BODY_OPENING_RE.match(" " + joined):
        return True
    return joined.endswith((".", "!", "?")) and len(joined.split()) >= 8


def _header_end_without_title(paragraphs: list[list[str]]) -> int:
    """Without a title line, the masthead ends at the first paragraph of prose."""
    for index, para in enumerate(paragraphs[:_TITLE_SEARCH_PARAGRAPHS]):
        if signatures.is_signed_line(para[0]) or _is_prose(textutil.join_lines(para)):
            return index
    return 0


# A letter may cite dozens of another body's resolutions: the warning names the first few.
_UNLINKED_NAMED = 5


def _unlinked_warning(unresolved: Sequence[UnresolvedCitation]) -> str:
    """The warning that puts resolutions cited without whose they are before the reviewer,
    as printed (DESIGN.md §4: kept, not guessed)."""
    named = "; ".join(f"{u.text} ({u.reason})" for u in unresolved[:_UNLINKED_NAMED])
    more = len(unresolved) - _UNLINKED_NAMED
    rest = f"; and {more} more" if more > 0 else ""
    return f"cited but not linked, as it does not say whose it is: {named}{rest}"


def _merge_symbols(
    given: Sequence[str], found: Sequence[str], warnings: list[str]
) -> tuple[str, ...]:
    merged: list[str] = []
    for raw in given:
        parts = symbol_rules.split_symbol(str(raw))
        if not parts:
            warnings.append(f"ignored symbol {str(raw)[:40]!r}: not a UN document symbol")
        merged.extend(p for p in parts if p not in merged)
    merged.extend(p for p in found if p not in merged)
    return tuple(merged)


def _is_bare_closing(line: str) -> bool:
    """ "Yours sincerely," above the signature closes the letter; it is not its text
    (a closing sentence, "Please accept … consideration.", is)."""
    return len(line) <= 40 and signatures.is_closing_line(line)


def _covering_letter(
    paragraphs: list[list[str]], warnings: list[str]
) -> tuple[str, tuple[Signatory, ...], list[Footnote]]:
    notes, paragraphs = footnotes.take_superscript_notes(paragraphs)
    paragraphs = signatures.separate_signed(textutil.rejoin_page_breaks(paragraphs))
    sign_start = next(
        (i for i, p in enumerate(paragraphs) if any(signatures.is_signed_line(ln) for ln in p)),
        None,
    )
    body = paragraphs if sign_start is None else paragraphs[:sign_start]
    signed: list[Signatory] = []
    plain_notes: list[Footnote] = []
    if sign_start is None:
        # A letter as sent has no "(Signed)": its signer stands under the closing.
        unsigned = signatures.read_unsigned_block(paragraphs)
        if unsigned is not None:
            signer, para, line = unsigned
            signed = [signer]
            body = paragraphs[:para] + ([paragraphs[para][:line]] if line else [])
    else:
        tail = paragraphs[sign_start:]
        signed, used = signatures.read_signatures(tail)
        after = [p for i, p in enumerate(tail) if i not in used]
        plain_notes, after = footnotes.take_plain_notes(after)
        if after:
            warnings.append("text after the signature was kept in the body")
            body = body + after
        elif body and len(body[-1]) == 1 and _is_bare_closing(body[-1][0]):
            body = body[:-1]
    body_text = "\n\n".join(textutil.join_lines(p) for p in body)
    body_text = footnotes.mark_references(body_text, [n.marker for n in plain_notes])
    return body_text, tuple(signed), notes + plain_notes


def _date_paragraph(paragraphs: list[list[str]], positions: range) -> tuple[int, date] | None:
    """A paragraph among ``positions`` that is a date line alone ("New York, 12 March
    2023"): a letter as sent dates itself there when no heading does."""
    for index in positions:
        if 0 <= index < len(paragraphs) and len(paragraphs[index]) == 1:
            found = letterhead.date_line(paragraphs[index][0])
            if found:
                return index, found[0]
    return None


def _parse(raw: str, file: str | None, given_symbols: Sequence[str]) -> ParsedLetter:
    if not isinstance(raw, str):
        raw = bytes(raw).decode("utf-8", errors="replace") if raw else ""
    warnings: list[str] = []
    cleaned = _split_glued(textutil.clean_text(raw))
    paragraphs = textutil.split_paragraphs(cleaned)
    if not paragraphs:
        return ParsedLetter(
            file=file,
            symbols=_merge_symbols(given_symbols, (), warnings),
            warnings=("the text is empty", *warnings),
        )

    title_index = _find_title(paragraphs)
    if title_index is None:
        header_end = _header_end_without_title(paragraphs)
        title_text = None
        rest = paragraphs[header_end:]
    else:
        header_end = title_index
        title_text = paragraphs[title_index][0]
        rest = paragraphs[title_index + 1 :]
    heading = paragraphs[:header_end]
    masthead = header.parse_header("\n\n".join("\n".join(p) for p in heading))
    warnings.extend(masthead.warnings)

    info = None if title_text is None else _read_title(title_text)
    distributed, original = masthead.distribution_date, masthead.original_language
    # Older layouts print, just under the title, "[Original: French]" and a date in
    # brackets. Under a dated title (the Official Records of the 1980s) that date is the
    # document's own, its date of issue; under an undated one it is the letter's.
    bracketed, rest = _bracketed_lines(rest)
    if bracketed.original and original is None:
        original = bracketed.original
    if bracketed.date is not None:
        if info is not None and info.letter_date is not None:
            distributed = distributed or bracketed.date
        else:
            heading = [*heading, [f"[{bracketed.date_text}]"]]

    own = _merge_symbols(given_symbols, masthead.symbols, [])
    covering, annex_sections = annexes.split_sections(_without_running_heads(rest, own))
    body_warnings: list[str] = []
    body, signed, notes = _covering_letter(covering, body_warnings)
    is_note_verbale = info is not None and info.kind == LetterKind.NOTE_VERBALE

    # The letter's date: the title's, else a date line of the heading, else a
    # place-and-date line at the top or the foot of the text.
    letter_date = info.letter_date if info else None
    if letter_date is None:
        letter_date = letterhead.letter_date(heading, not_this=masthead.distribution_date)
    if letter_date is None and body:
        body_paras = [p.split("\n") for p in body.split("\n\n")]
        last = len(body_paras) - 1
        at = _date_paragraph(body_paras, range(last, last - 3, -1)) or _date_paragraph(
            body_paras, range(2)
        )
        if at is not None:
            letter_date = at[1]
            del body_paras[at[0]]
            body = "\n\n".join("\n".join(p) for p in body_paras)

    sender = info.sender if info else Sender()
    addressees = info.addressees if info else ()
    if not sender.states and not sender.organization:
        sender = letterhead.sender(heading) or _sender_from_signatories(signed) or sender
    if not addressees:
        addressees = letterhead.addressees(heading)
    if not signed and info is not None and info.person is not None:
        # The signer named only in the heading ("from H.E. Mr. …, Permanent Representative").
        signed = (dataclasses.replace(info.person, title=info.sender.title),)
        warnings.append("signatory read from the title; no signature block found")

    if info is not None:
        title_warnings = list(info.warnings)
        if letter_date is not None and "no date found in the title" in title_warnings:
            title_warnings.remove("no date found in the title")
        if addressees and "no addressee found in the title" in title_warnings:
            title_warnings.remove("no addressee found in the title")
        warnings.extend(title_warnings)
    else:
        warnings.append("no title line found")
        if letter_date is None:
            warnings.append("no letter date found")
        if not sender.states and not sender.organization:
            warnings.append("no sender found")
        if not addressees:
            warnings.append("no addressee found")
    warnings.extend(body_warnings)
    if not signed and not is_note_verbale:
        # Notes verbales are unsigned by convention (third-person diplomatic notes).
        warnings.append("no signature found")
    if not body:
        warnings.append("no letter text found")
    parsed_annexes: list[ParsedAnnex] = []
    for label, section in annex_sections:
        annex, annex_notes = annexes.parse_annex(label, section)
        parsed_annexes.append(annex)
        notes.extend(annex_notes)

    if info is not None:
        kind = info.kind
    else:
        # Without a title, a text that is signed and addressed is a letter as sent.
        kind = LetterKind.LETTER if signed and addressees else LetterKind.OTHER
    own = _merge_symbols(given_symbols, masthead.symbols, warnings)
    cited_texts = [body, *(n.text for n in notes)] + [
        part for a in parsed_annexes for part in (a.title or "", a.body)
    ]
    cited, doubtful = citations.collect(cited_texts, own_symbols=own)
    unresolved = tuple(UnresolvedCitation(shown, why) for shown, why in doubtful)
    if unresolved:
        warnings.append(_unlinked_warning(unresolved))
    parsed = ParsedLetter(
        file=file,
        symbols=own,
        kind=kind,
        title=title_text,
        distribution_date=distributed,
        letter_date=letter_date,
        original_language=original,
        ga_session=masthead.ga_session,
        sc_year=masthead.sc_year,
        agenda_items=masthead.agenda_items,
        sender=sender,
        addressees=addressees,
        signatories=tuple(signed),
        body=body,
        footnotes=tuple(notes),
        annexes=tuple(parsed_annexes),
        cited_documents=cited,
        unresolved_citations=unresolved,
        warnings=tuple(warnings),
    )
    return with_links(with_languages(parsed))


@dataclasses.dataclass(frozen=True)
class _Bracketed:
    original: str | None = None
    date: date | None = None
    date_text: str = ""


_BRACKETED_ORIGINAL_RE = re.compile(r"^\[\s*Original\s*:\s*(?P<lang>[^\]]{2,40}?)\s*\]$", re.I)


def _bracketed_lines(paragraphs: list[list[str]]) -> tuple[_Bracketed, list[list[str]]]:
    """ "[Original: French]" and "[28 June 1988]" standing under the title, and the
    paragraphs after them."""
    found = _Bracketed()
    taken = 0
    for para in paragraphs[:2]:
        values: dict[str, object] = {}
        for line in para:
            original = _BRACKETED_ORIGINAL_RE.match(line)
            dated = letterhead.date_line(line)
            if original and header.known_language(original.group("lang")):
                values["original"] = header.known_language(original.group("lang"))
            elif dated and dated[1]:
                values["date"], values["date_text"] = dated[0], line.strip("[] ")
            else:
                values = {}
                break
        if not values:
            break
        found = dataclasses.replace(found, **values)
        taken += 1
    return found, paragraphs[taken:]


def _without_running_heads(paragraphs: list[list[str]], own: Sequence[str]) -> list[list[str]]:
    """The paragraphs without the running heads of the pages after the first: lines that
    hold nothing but the document's own symbols ("A/75/870" / "S/2021/420")."""
    if not own:
        return paragraphs
    mine = set(own)
    out = []
    for para in paragraphs:
        kept = [
            line
            for line in para
            if not (len(line) < 60 and (parts := symbol_rules.split_symbol(line)))
            or not set(parts) <= mine
        ]
        if kept:
            out.append(kept)
    return out


def _read_title(text: str) -> title.TitleInfo:
    """An English title's facts, or a version's (parsing/version_titles.py)."""
    version = version_titles.parse_title(text)
    return version[0] if version else title.parse_title(text)


def _sender_from_signatories(signed: Sequence[Signatory]) -> Sender | None:
    """The sender a signer's title names ("Permanent Representative of Kazakhstan
    to the United Nations"), when nothing above the text does."""
    for signer in signed:
        for part in (signer.title or "").split(", "):
            if " of " in part:
                found = title.read_sender(part).sender
                if found.states or found.organization:
                    return found
    return None
