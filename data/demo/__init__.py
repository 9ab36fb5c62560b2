"""Synthetic demo data: deterministic per seed, at the scales small, medium and large.

What the family offers: ``generate(engine, scale, seed)`` fills an empty, migrated database
(``generate.py`` orchestrates); ``people`` plans mentors, mentees and matches; ``contacts``,
``meetings`` and ``outcomes`` make the rows that hang off them; ``text`` holds the synthetic
wording; ``writer`` streams rows in batches; ``reset`` empties the program tables again.
"""

from __future__ import annotations

from data.demo.generate import SCALES, TABLES, DemoDataExists, DemoSummary, Scale, generate

__all__ = ["SCALES", "TABLES", "DemoDataExists", "DemoSummary", "Scale", "generate"]
