"""Genomic group assignment: alteration qualification, a declarative rule evaluator, the trail."""

from precisecli.grouping.assign import assign_group
from precisecli.grouping.model import CannotAssignError, GroupResult

__all__ = ["CannotAssignError", "GroupResult", "assign_group"]
