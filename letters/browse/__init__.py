"""The browse pages and the letter page: ``reads`` (what they show, each in a fixed
number of queries) and ``views`` (bind the request, render)."""
