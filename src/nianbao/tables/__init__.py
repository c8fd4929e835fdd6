"""Tables: published reports and findings -> CSV and Parquet tables and datapackage.json.

``resources`` declares every table (the Table Schemas, derived from the catalogue: the data
dictionary); ``rows`` makes their rows from reports; ``write`` writes the files and the descriptor.
"""

from .resources import RESOURCES, SUMMARY_CELLS, SUMMARY_ROWS
from .rows import Part, area_tables, assemble, chunked, joined, part, to_arrow, totals
from .write import datapackage, formula_safe, to_csv, write_tables, writing

__all__ = ["RESOURCES", "SUMMARY_CELLS", "SUMMARY_ROWS", "Part", "area_tables", "assemble", "chunked", "datapackage",
           "formula_safe", "joined", "part", "to_arrow", "to_csv", "totals", "write_tables", "writing"]
