"""Enterprise architecture (สงพท.-10): the systems inventory, checked against the catalogue."""
