"""Khlang."""
