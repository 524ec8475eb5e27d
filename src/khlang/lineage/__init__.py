"""Lineage: dataset-level from the declarations (graph), run-level as OpenLineage events (events)."""
