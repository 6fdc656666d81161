"""Cohort domain: ORR and PFS per genomic group, organoid predictive performance, exports."""
