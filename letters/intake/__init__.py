"""What comes in and how it is stored (DESIGN.md §6): ``policy`` (what is accepted),
``unpacking`` (an upload's letter files), ``reading`` (bytes to a parsed letter),
``rows`` (the rows a parsed letter becomes) and ``stored`` (stored letters read back
as the parser's dataclasses), ``records`` (the shared records: States, people, topics,
cited documents, got or created), ``versions`` (which text is a letter's main text and
which its versions), ``ingest`` (one letter, one transaction), ``bulk`` (thousands, by
COPY) and ``grouping`` (a bulk batch's texts grouped into letters), ``progress`` (a
long load's progress on a terminal) and ``review`` (where each field stands in the
text). Parsing itself is ``letters.parsing``: pure, no database."""
