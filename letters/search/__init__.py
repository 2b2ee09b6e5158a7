"""The search (DESIGN.md §5, §9): one pipeline from the public parameters to a page.

``pipeline.search_page`` is the search every face calls (the page, the API, the
benchmark) and ``pipeline.search_matches`` every match for the exports and feeds. On
the way: ``filters`` binds the parameters (one FilterSet), ``query`` reads the search
text (words, symbols, names) and orders and highlights, ``counting`` counts the total
and every facet in one statement, ``sidebar`` labels the facets and chips, ``results``
reads the page's letters. ``facets`` is the registry every facet is declared in once;
``indexing`` defines the search row (its vector and the text search configurations) and
the lists of top letters that ingest writes; ``ranking`` ranks a search with more
matches than can all be ranked; ``cache`` keys what is cached (pages, counts, languages)
by the archive's publication version.
"""
