"""The website: MkDocs + Material pages generated from the published tables.

Data flows one way into the site: ``data`` reads datapackage.json and the tables' Parquet copies
(and the originals they cite); ``generate`` turns them into pages and downloads using pure
renderers (``pages``, ``tables``, ``indexes``, ``dictionary``, ``downloads``); ``hooks`` (the
MkDocs hook named in mkdocs.yml) only hands the result to MkDocs. Report text is escaped at one
place (``html.esc``) and only ever placed in raw HTML blocks, so it can never become markup.
"""
