"""สงพท.-04 user registration: the quarterly report of accounts created, changed and removed, and the annual
review circular with each office's reply."""
