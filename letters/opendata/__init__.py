"""Open data (DESIGN.md §10): the JSON API (``api``), exports of any search
(``exports``), a letter's citation and its records (``citing``), Atom feeds
(``feeds``) and OAI-PMH (``oai``), with their routes (``urls``) and views (``views``).
What a search gives (its exports, its feed) is read through the search pipeline
(``letters.search.pipeline.search_matches``), never around it; the letters' records are
read from the published letters, any number in one query (``citing.export_records``)."""
