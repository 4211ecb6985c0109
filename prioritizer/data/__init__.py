"""The data set: pydantic models, loaders that keep file and line, the workbook, folder writes."""
