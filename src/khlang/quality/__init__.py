"""Quality, consistency and security checks, scored for the committee (สงพท.-11 step 9)."""
