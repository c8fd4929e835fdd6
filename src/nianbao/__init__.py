"""nianbao: township government information-disclosure annual reports as validated open data.

Data flows one way: ingest (a file -> lines with their place in the original) -> extract (lines ->
metadata and the three standard tables, every cell with a status and its source line) -> validate
(cells -> findings) -> tables (CSV, Parquet, datapackage.json) -> site.
"""

__version__ = "0.1.0"
