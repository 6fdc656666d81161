"""Variant and copy-number import (cyvcf2, MAF, CNVkit, segments), annotation, TMB, comparison."""
