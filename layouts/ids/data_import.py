"""Ids of the admin's data import page."""

from __future__ import annotations


class ImportIds:
    """The admin's data import page."""

    HEADING = "import-heading"
    ALERT = "import-alert"
    INIT = "import-init"
    KIND = "import-kind"
    KIND_HELP = "import-kind-help"
    TEMPLATE_CSV = "import-template-csv"
    TEMPLATE_XLSX = "import-template-xlsx"
    DOWNLOAD = "import-download"
    UPLOAD = "import-upload"
    DAYFIRST = "import-dayfirst"
    SKIP_INVALID = "import-skip-invalid"
    TICKET = "import-ticket"
    FILE_NOTE = "import-file-note"
    CHECK_SUMMARY = "import-check-summary"
    PREVIEW_GRID = "import-preview-grid"
    PROBLEMS_GRID = "import-problems-grid"
    RUN = "import-run"
    PROGRESS = "import-progress"
    PROGRESS_TEXT = "import-progress-text"
    RESULT = "import-result"
