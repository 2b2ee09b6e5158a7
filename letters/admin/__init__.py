"""The staff side in Django's admin (DESIGN.md §6).

``letters`` is the letters' list and form and routes to the upload, review, publish
and re-parse pages (``views``); ``records`` the shared records (States, people, topics,
cited documents) with their merge action; ``history`` the read-only rows (sources,
search rows, revisions, upload reports). Every write goes through a service of
``letters.curation``.
"""

from letters.admin import history, letters, records  # noqa: F401  (registers the admins)
