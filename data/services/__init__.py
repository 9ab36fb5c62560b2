"""Writes: one small command per action, each in one transaction with its audit event.

Every write here is a function that takes an engine (or the caller's connection or session)
and its arguments, runs in one transaction that also writes its audit event (and bumps the
data version when program data changes), and raises its own error types with messages fit
for a person. Nothing here knows of Dash, Flask or the web: the pages, the sign-in routes and
the command line call these functions.

- ``audit``: the audit trail's one writer and its event kinds
- ``users``, ``passwords``: the people who sign in, their passwords
- ``sign_in``, ``sessions``, ``throttle``: what a sign-in reads and writes, the server-side
  session records, the failed-sign-in counters
- ``notes``, ``meeting_capture``: consultation meetings and notes
- ``attention_marks``: supervisors' marks on the attention list
- ``digest``: who gets the weekly digest, and which weeks were sent
- ``moments``: epoch seconds to and from the database's naive UTC times
"""
