"""precise: genomics, organoid screens and tumour-board reports, refractory HER2+ breast cancer."""

# The single place the version is written; pyproject.toml reads it (tool.hatch.version).
__version__ = "0.1.0"
