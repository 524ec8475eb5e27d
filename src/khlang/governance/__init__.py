"""Governance issues, root causes and policy compliance (สงพท.-11 steps 3–6, 8, 10, 11)."""
