"""What every subject of the query layer is built from, and nothing about any one subject.

- ``connection``: one pooled connection for all the statements of one query call;
- ``sql``: running a statement; ``frames``: typing its rows into a result frame;
- ``clauses``: the SQL fragments several subjects share (a span open on a day, the chosen
  mentors' mentees, the caseload on the end date, who is waiting for a mentor);
- ``statements``: statements built once per shape, values bound per call;
- ``planner``: steering SQLite's planner where its choice is measurably wrong;
- ``months``, ``weeks``, ``days``: calendar arithmetic in Python and in portable SQL;
- ``disclosure``: the small-count rule for scopes that hide small counts;
- ``grid``: zero-filled roster x period grids built with NumPy.

Plumbing imports nothing from the subjects above it, so every subject (and the summary
rebuilds) may use it.
"""
