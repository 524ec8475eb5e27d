"""CLI command groups: one module per group, each with add_parser(groups) and its handlers."""
