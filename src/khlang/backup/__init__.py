"""Backup verification and restore tests (สงบข.-04 การสำรองข้อมูล, สงบข.-05 การทดสอบกู้คืน, สงพท.-06).

Declared in catalog/backups.yaml; every backup is a file with a `<file>.manifest.json` beside it;
results go to the governance store and to period reports kept as IT-audit evidence.
"""
