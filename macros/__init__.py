"""csr-disclosures: validate CSR disclosures written as Markdown + YAML and publish them.

This package is the project's own code (not the mkdocs-macros plugin): parsing, validation,
page generation, the ``csr`` command line and the MkDocs plugin.
"""

__version__ = "0.1.0"
