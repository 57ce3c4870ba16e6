"""Streamlit glue shared by dashboard.py and the pages: the cached connection and aggregates (data.py),
the sidebar's choices and the page frame (view.py), downloads and exports (downloads.py), sign-in
(account.py). Everything computed here comes from the engine in indicators/ — the pages only draw."""

from ui.charts import chart_block, html_block, metadata_links, shown_table
from ui.data import (
    area_activities,
    connection,
    coverage_grid,
    database,
    mapping_summary,
    problems_of,
    progress,
    references,
    template,
    unmapped,
    values,
)
from ui.downloads import (
    download_buttons,
    export_context,
    export_section,
    full_data_buttons,
    image_buttons,
    image_help,
    table_downloads,
)
from ui.view import (
    View,
    area_names,
    empty_state,
    has_string,
    indicator_names,
    number,
    plain,
    run_page,
    sample_banner,
    sidebar,
    timestamp,
)

__all__ = ["View", "area_activities", "area_names", "chart_block", "shown_table", "html_block", "table_downloads", "connection", "coverage_grid", "database", "download_buttons",
           "empty_state", "export_context", "export_section", "full_data_buttons", "has_string", "image_buttons", "image_help",
           "indicator_names", "mapping_summary", "metadata_links", "number", "plain", "problems_of", "progress", "references", "run_page",
           "sample_banner", "sidebar", "template", "timestamp", "unmapped", "values"]
