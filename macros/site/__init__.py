"""Site generation: the pages built from the registry, independent of MkDocs.

``pages`` renders Markdown pages from templates, ``staging`` writes them beside the
hand-written docs, ``sanitize`` cleans HTML that came from disclosures, ``search`` splits the
search index per language.  Only :mod:`macros.plugin` talks to MkDocs.
"""
