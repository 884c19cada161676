"""Loaders: documents in (txt, docx, pdf, html), normalized sentences with offsets out, then
extraction (loaders.extract) of entities and relations."""
