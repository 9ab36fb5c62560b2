"""Contact figures for a period, read from the summary tables plus the raw rows at its edges.

Several subjects (workload, the whole program, the overview, meeting mode) count contacts
over a period. They ask for the period's split first (``split.summarised_split``: whole
calendar months from the summaries, the partial months at the edges from ``contacts``, an
edge month read whole when that is exact), then for the subquery of the grain they group:
``months`` (mentor x month x type, mentor x mentee x month), ``weeks`` (mentor x week) or
``running`` (mentor x type over the whole period, from the running totals). None of these is
a query function: each returns a subquery or a plan for the query function to group.
"""
