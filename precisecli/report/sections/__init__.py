"""One module per report section; each ``build(...)`` returns that section of the model.

The model (``precisecli.report.model.build_model``) calls them in report order. Sections read
other domains only through ``precisecli.report.sources`` and print numbers only through
``precisecli.report.formatting``.
"""
