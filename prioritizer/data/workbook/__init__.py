"""The data set as an Excel workbook and back: `template` writes one, `import` and
`--inputs FILE.xlsx` read one.

A workbook is read by converting it to the folder form (the files `prioritizer init` writes) and
loading that with load/, so both forms obey exactly the same rules. While converting, every
line written remembers the sheet cell it came from, and an error found in the folder form is
reported at that cell (`projects!F3`), with the header the user sees. Modules: `layout`
(sheets, columns, values), `write`, `read` (cells and headers), `convert` (to the folder form),
`regions` and `roadmaps` (the sheets keyed by region), `records` (the lines and their cells),
`dataset` (loading and importing), `keep` (an import that keeps the original folder's files).
"""

from prioritizer.data.workbook.dataset import (
    import_workbook_folder,
    import_workbook_keeping,
    load_inputs,
    load_workbook_dataset,
)
from prioritizer.data.workbook.layout import CellError
from prioritizer.data.workbook.write import new_file_mode, write_workbook
from prioritizer.formats import judgment_text

__all__ = [
    "CellError",
    "import_workbook_folder",
    "import_workbook_keeping",
    "judgment_text",
    "load_inputs",
    "load_workbook_dataset",
    "new_file_mode",
    "write_workbook",
]
