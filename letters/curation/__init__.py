"""The staff side's use cases (DESIGN.md §6), one module each: ``upload`` (files become
drafts), ``edit`` (a hand correction is recorded), ``publish``, ``reparse`` and ``merge``.

Every write is a service function, keyword-only, in one transaction, and leaves a
``LetterRevision`` saying who changed what (``fields``). The admin's views call them.
"""
