"""Ingest: plan files (plan.py: read → understand → protect → clean → validate, nothing written), then
commit them all or none (commit.py). Around it: who sends a file (sources.py), column choices
remembered per source (column_mappings.py), the dry run's figures before → after (preview.py) and the
synthetic sample city (sample.py)."""

from indicators.ingest.commit import commit_plans, ingest_files, write_plans
from indicators.ingest.plan import FilePlan, IngestOutcome, plan_batch, plan_file, plan_workbook

__all__ = ["FilePlan", "IngestOutcome", "commit_plans", "ingest_files", "plan_batch", "plan_file",
           "plan_workbook", "write_plans"]
