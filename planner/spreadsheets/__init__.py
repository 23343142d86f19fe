"""Spreadsheets in and out: import of XLSX and CSV workbooks with a preview, templates, and list exports."""
