"""The store: one DuckDB file holding every upload's rows, the mapping rules, targets, evidence,
accounts and the audit log. It imports nothing above it in the pipeline.

database.py opens and migrates it, connection.py holds the few ways to talk to it (whole results, whole
frames, nesting transactions, one writer per process), uploads.py numbers and rolls back uploads,
versions.py decides which stored rows count, rules.py keeps the versioned mapping rules, queries.py
answers the pages' read-only questions; accounts, audit and backup are their own modules.
"""

from indicators.store.connection import (
    fetch_one,
    insert_frame,
    number_activity_keys,
    retried,
    text_values,
    transaction,
)
from indicators.store.database import (
    DATA_TABLES,
    DEFAULT_DB_PATH,
    SCHEMA_VERSION,
    database_path,
    migrate,
    needs_migration,
    needs_writing,
    open_database,
)
from indicators.store.lake import shown as shown_target
from indicators.store.uploads import (
    data_version,
    dependent_uploads,
    find_live_upload_with_hash,
    has_uploads,
    is_sample_city,
    list_cities,
    list_uploads,
    next_upload_id,
    record_upload,
    rollback_upload,
)
from indicators.store.write_memory import with_bounded_memory

__all__ = ["DATA_TABLES", "DEFAULT_DB_PATH", "SCHEMA_VERSION", "data_version", "database_path", "dependent_uploads",
           "fetch_one",
           "find_live_upload_with_hash", "has_uploads", "insert_frame", "number_activity_keys", "text_values", "is_sample_city", "list_cities",
           "list_uploads", "migrate", "needs_migration", "needs_writing", "next_upload_id", "open_database", "record_upload", "rollback_upload",
           "retried", "shown_target", "transaction", "with_bounded_memory"]
