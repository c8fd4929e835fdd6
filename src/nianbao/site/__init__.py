"""The website: pages generated from the published tables, built by any MkDocs-like engine.

Data flows one way into the site: ``data`` reads datapackage.json and the tables' Parquet copies
(and the originals they cite). The steps, each a ``nianbao site`` command (``cli``):
``generate`` writes the folder the engine builds (indexes, regions, findings, the dictionary made
by pure renderers: ``indexes``, ``dictionary``; and the report pages' ``shell``); the engine builds
it; ``publish`` writes each report page (``pages``, ``tables``, ``versions``) into the rendered shell
and each ``original``; ``search`` indexes the site (with ``aliases``: the pinyin and traditional
forms of places and terms); ``feedback`` makes the 报告错误 links; ``limits`` checks it against the host's limits
and deploys it; ``shards`` splits a site too large for one host. ``config`` holds the settings
(mkdocs.yml ``extra: nianbao:``); ``mkdocs_plugin`` runs the same steps inside ``mkdocs build``.
Report text is escaped at one place (``html.esc``, ``html.text``) and never reaches Markdown or a
template engine as markup.
"""
