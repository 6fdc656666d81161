"""Organoid drug screens: plate readers, layouts, normalisation, QC, fits, synergy, ranking."""
