"""Embedded case store: workspace, case folders, atomic transactional writes, locks, audit log."""
