"""Releases for people who open, cite and compare the data.

Every build writes, beside the tool CSVs, what a spreadsheet user opens: ``build/nianbao.xlsx``
(``workbook``) and ``build/excel/*.csv`` in UTF-8 with BOM (``excel_csv``). ``nianbao release
VERSION`` (``cut``) turns a build into a citable release: a record under ``releases/<version>/``
(``record``), ``CITATION.cff`` and ``.zenodo.json`` (``citation``), a zip bundle with a README
(``bundle``), and the changes since the previous release (``diff``, ``changelog``).

The modules the tables stage calls (``excel_csv``, ``workbook``, ``record``) never import the
tables stage back.
"""
