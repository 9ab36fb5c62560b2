"""The benchmark: builds demo data at a scale and times every query-layer function."""
