"""Loading and validating the knowledge base (clinical rules as versioned data)."""

from precisecli.knowledge.kb import KnowledgeBase, load_kb

__all__ = ["KnowledgeBase", "load_kb"]
