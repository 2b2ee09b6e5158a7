"""The read-only JSON API under /api/v1/ (Django REST framework), its OpenAPI schema
(/api/schema/) and its docs page (/api/docs/).

The letters list is another face of the one search (``letters.search.pipeline.search_page``):
its filter parameters are the FilterSet's (``params``), its answer the pipeline's
``SearchPage`` serialised (``serializers``). ``views`` binds requests, ``reads`` holds the
few reads the browse pages' (``letters.browse.reads``) lack, ``errors`` the JSON errors
and the rate limit, ``schema`` the schema generator (every operation's error responses).
"""
