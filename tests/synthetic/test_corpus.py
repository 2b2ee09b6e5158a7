"""The synthetic corpus generator: deterministic, parseable, flagged, linked."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from letters.intake.reading import read_letter_file
from letters.models import CitedDocument, Letter
from letters.parsing import parse_letter
from letters.synthetic import loader
from letters.synthetic.generator import MARKER, CorpusGenerator
from letters.synthetic.vocabulary import ZipfVocabulary


@pytest.fixture(scope="module")
def generated():
    return list(CorpusGenerator(seed=7).letters(80))


def test_same_seed_same_corpus(generated):
    again = list(CorpusGenerator(seed=7).letters(80))
    assert [g.text for g in again] == [g.text for g in generated]
    other = list(CorpusGenerator(seed=8).letters(80))
    assert [g.text for g in other] != [g.text for g in generated]


def test_every_text_is_marked_synthetic(generated):
    assert all(g.text.startswith(MARKER + "\n") for g in generated)


def test_texts_parse_cleanly_with_the_real_parser(generated):
    for g in generated:
        parsed = parse_letter(g.text, file=g.filename)
        assert parsed.warnings == (), (g.filename, parsed.warnings)
        assert (parsed.title or "").startswith("Letter dated")
        assert parsed.letter_date == g.letter_date
        assert parsed.distribution_date is not None
        assert list(parsed.symbols) == list(g.symbols)
        assert (parsed.ga_session, parsed.sc_year) == (g.session, g.sc_year)
        assert parsed.sender.states == (g.state,)
        assert parsed.signatories
        assert (g.session is None) == (not parsed.agenda_items)


def test_the_generator_knows_exactly_what_the_parser_reads():
    # The direct bulk path stores SyntheticLetter.parsed without parsing: it must be
    # what the real parser reads from the text, field for field, letter for letter.
    for g in CorpusGenerator(seed=3).letters(150):
        assert parse_letter(g.text, file=g.filename) == g.parsed, g.filename


def test_symbols_are_unique_across_a_large_corpus():
    symbols = [s for g in CorpusGenerator(seed=1).letters(3000) for s in g.symbols]
    assert len(symbols) == len(set(symbols))


def test_replies_cite_earlier_letters(generated):
    seen: set[str] = set()
    replies = 0
    for g in generated:
        assert set(g.cites) <= seen
        replies += bool(g.cites)
        seen.add(g.joint_symbol)
    assert replies > 5


def test_links_name_earlier_letters_replies_another_states_and_follow_ups_ones_own():
    by_symbol = {}
    kinds = set()
    for g in CorpusGenerator(seed=7).letters(300):
        for relation, target in g.links:
            earlier = by_symbol[target]  # an earlier generated letter
            assert (relation == "replies_to") == (earlier.state != g.state)
            ref = next(r for r in g.parsed.references if r.date == earlier.letter_date)
            assert ref.symbols in ((), earlier.symbols)
            kinds.add((relation, bool(ref.symbols)))
        by_symbol[g.joint_symbol] = g
    # Replies with and without the symbol, and follow-ups to a State's own letters.
    assert {("replies_to", True), ("replies_to", False), ("refers_to", True)} <= kinds


def test_the_corpus_exercises_the_links_facets():
    letters = list(CorpusGenerator(seed=7).letters(300))
    relations = {r.relation for g in letters for r in g.parsed.references}
    assert relations == {"replies_to", "refers_to", "transmits"}
    articles = {key for g in letters for key in g.parsed.charter_articles}
    assert {"51", "2(4)"} <= articles
    assert sum(bool(g.parsed.states_mentioned) for g in letters) > 60
    for g in letters:
        assert g.state not in g.parsed.states_mentioned


def test_links_leave_the_rest_of_the_corpus_as_it_was():
    # Links, Charter paragraphs and States named come from a stream of their own: the
    # symbols, senders and dates of a seed's letters are those it gave before them.
    letters = list(CorpusGenerator(seed=2).letters(40))
    assert [g.joint_symbol for g in letters[:5]] == [
        "A/18/101–S/1964/13",
        "A/20/101–S/1965/14",
        "A/29/101–S/1975/11",
        "A/34/104–S/1979/13",
        "S/1981/14",
    ]


def test_vocabulary_is_large_and_zipfian():
    import random

    vocabulary = ZipfVocabulary(1)
    assert len(set(vocabulary.words)) == len(vocabulary.words) >= 50_000
    sample = vocabulary.sample(random.Random(0), 20_000)
    top, tail = sample.count(vocabulary.words[0]), sample.count(vocabulary.words[999])
    assert top > 20 * max(tail, 1)


def test_out_writes_files_the_parser_reads(tmp_path: Path):
    call_command("generate_corpus", letters=5, seed=2, out=tmp_path)
    files = sorted(tmp_path.glob("*.txt"))
    assert len(files) == 5
    assert all(read_letter_file(f).parsed.warnings == () for f in files)


@pytest.mark.django_db
def test_load_flags_letters_and_resolves_reply_chains():
    call_command("generate_corpus", letters=30, seed=7, load=True)
    assert Letter.objects.count() == 30
    assert not Letter.objects.filter(is_synthetic=False).exists()
    documents = CitedDocument.objects.filter(kind=CitedDocument.Kind.DOCUMENT)
    expected = len({c for g in CorpusGenerator(seed=7).letters(30) for c in g.cites})
    assert expected > 0
    assert documents.count() == expected
    assert not documents.filter(letter=None).exists()
    assert all(d.letter.is_synthetic for d in documents)
    # Loading again stores nothing twice.
    call_command("generate_corpus", letters=30, seed=7, load=True)
    assert Letter.objects.count() == 30


@pytest.mark.django_db
def test_load_refuses_the_archive_database(monkeypatch):
    monkeypatch.setattr(loader, "is_default_database", lambda alias="default": True)
    with pytest.raises(CommandError, match="allow-default-db"):
        call_command("generate_corpus", letters=1, seed=1, load=True)
    assert not Letter.objects.exists()
    call_command("generate_corpus", letters=1, seed=1, load=True, allow_default_db=True)
    assert Letter.objects.get().is_synthetic


@pytest.mark.django_db
def test_generated_files_imported_later_are_flagged_synthetic(tmp_path: Path):
    call_command("generate_corpus", letters=3, seed=5, out=tmp_path)
    call_command("import_letters", str(tmp_path))
    assert Letter.objects.count() == 3
    assert not Letter.objects.filter(is_synthetic=False).exists()
