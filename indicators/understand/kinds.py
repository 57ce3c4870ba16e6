"""What kind of sheet it is, weighed from the evidence, and how sure the engine is.

Each kind a real office sends gets a score from the columns found (what their headers say and what
they hold) and from the words around the table (its title, the sheet's and the file's names):
    activities    one row (or one record of several rows) per learning activity: a title, a date …
    places        one row per school, centre, library or company: a name, often an area; stored as
                  counts of places (and sums of their figures) per area, never as activities
    statistics    counts or rates per area × year × sex × age …, one figure per row (long)
    statistics_wide  periods across (years or months as columns)
    participants, outcomes, participant_list  (linked to activities; a list of people)
The best kind is taken only when it is clearly ahead of the next; otherwise the sheet needs review.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators.config.readings import Said, said
from indicators.understand.columns import repeated_labels
from indicators.understand.headers import Column
from indicators.understand.vocabulary import (
    ACTIVITIES,
    OUTCOMES,
    PARTICIPANT_LIST,
    PARTICIPANTS,
    PLACES,
    STATISTICS,
    STATISTICS_WIDE,
    UNKNOWN,
    FieldCatalogue,
)

NOTES = "notes"  # a sheet of notes or definitions: read, and set aside with that reason

CLEAR_MARGIN = 1.5  # the best kind must lead the next by this much to be taken without review
ACTIVITY_FIELDS = {"date", "organiser", "partner", "mode", "hours", "budget", "events", "category", "target_group",
                   "kf_code", "people_in_text"}
DIMENSIONS = {"district", "year", "fiscal_year", "period", "period_yymm", "sex", "age", "age_group", "category", "code",
              "date", "month"}


@dataclass
class KindDecision:
    kind: str
    scores: dict[str, float] = field(default_factory=dict)
    evidence: list[Said] = field(default_factory=list)
    clear: bool = True


def dimensions_of(found: set[str]) -> set[str]:
    return found & (DIMENSIONS - {"date", "code"})


def decide(columns: list[Column], catalogue: FieldCatalogue, context_records: set[str]) -> KindDecision:
    """The kind of a sheet from its columns and the record nouns of its title, sheet and file names
    ("โครงการ", "events" → activities; "ศูนย์พัฒนาเด็กเล็ก", "schools", "นิติบุคคล" → places)."""
    fields = [c.field for c in columns if c.field and c.field != "ignored"]
    found = set(fields)
    groups = {catalogue.field_group.get(f, f) for f in found}
    values = [c for c in columns if c.field in ("value", "population_total", "population_female", "population_male")
              or c.is_age_band]
    periods = [c for c in columns if c.field == "period_value"]
    header_records = {r for c in columns if c.meaning is not None for r in c.meaning.records}
    names = [c for c in columns if c.field in ("title", "name", "place_name")]
    distinct_names = any(c.profile is not None and c.profile.filled and c.profile.distinct >= 0.6 * c.profile.filled
                         for c in names)
    scores = dict.fromkeys((ACTIVITIES, PLACES, STATISTICS, STATISTICS_WIDE, PARTICIPANTS, OUTCOMES,
                            PARTICIPANT_LIST), 0.0)
    evidence: list[Said] = []

    # activities: a title of activities, activity fields, the words around the table
    if "title" in found:
        scores[ACTIVITIES] += 3 + (1 if "date" in found else 0)  # a dated title is an activity, whatever the file says
    elif "name" in found and distinct_names:
        scores[ACTIVITIES] += 1.5
        scores[PLACES] += 1.5
    scores[ACTIVITIES] += 0.75 * len(found & ACTIVITY_FIELDS)
    if "activity" in context_records or "activity" in header_records:
        scores[ACTIVITIES] += 1.5
    if "count" in groups and ("title" in found or "name" in found):
        scores[ACTIVITIES] += 1
    if "name" in found and "date" in found:
        scores[ACTIVITIES] += 1  # a dated name is an activity's; a place's date would be as of one day
    if found & {"participants_total", "participants_female", "participants_male"}:
        scores[PLACES] -= 1.5  # people taking part: activities (a place has staff, children, students)
    if not {"title", "name", "date", "activity_code"} & found and dimensions_of(found):
        # counts per area with no activity named or dated ("เขต | จำนวนกิจกรรม | ผู้เข้าร่วม"): a summary
        scores[ACTIVITIES] -= 2
        scores[STATISTICS] += 1
    # places: a name of places or organisations, one row each
    if "place_name" in found:
        scores[PLACES] += 3 + (1 if distinct_names else 0)
    if {"place", "organisation"} & context_records:
        scores[PLACES] += 1.5
        if "activity" not in context_records:
            scores[ACTIVITIES] -= 1
    # statistics: dimensions and a value per row, or periods across
    dimensions = found & DIMENSIONS
    if not names and any(c.field is None and c.header and repeated_labels(c) for c in columns):
        dimensions |= {"category"}  # a column of a few labels ("ป.1", "ป.2") breaks the figures down
    if values or {"measure", "value"} <= found:
        scores[STATISTICS] += 2 + 0.75 * len(dimensions) + (1 if not names else -1.5 if distinct_names else 0)
    if "population" in groups:
        scores[STATISTICS] += 2
    if "activity_code" in found:  # rows linked to activities are about those activities, not areas
        scores[STATISTICS] -= 2
        scores[STATISTICS_WIDE] -= 2
    if len(periods) >= 2:
        scores[STATISTICS_WIDE] += 3 + min(len(periods), 12) / 4 + (1 if not names or "district" in found else 0)
        if len(periods) >= 3 and len(periods) > 2 * len(values):
            # twelve months beside a population: the months hold the figures (the rest are read in their
            # span), and one figure per row would read none of them
            scores[STATISTICS_WIDE] += 3
            scores[STATISTICS] -= 1 + min(len(periods), 12) / 4
    if {"sex", "age"} & found and values:
        scores[STATISTICS] += 1.5
    # linked and personal sheets
    if "activity_code" in found and "title" not in found and not {"category"} & found:
        scores[PARTICIPANTS] += 2 + (1 if "count" in groups or any(c.is_age_band for c in columns) else 0)
        scores[OUTCOMES] += 3 if "outcome" in groups else 0
    if "outcome" in groups:
        scores[OUTCOMES] += 2
    if "personal" in groups:
        personal = sum(1 for f in found if catalogue.field_group.get(f) == "personal")
        scores[PARTICIPANT_LIST] += 4 + 0.75 * personal + (1.5 if {"sex", "age"} & found else 0)
        scores[ACTIVITIES] -= 1
        if {"sex", "age"} & found and not found & {"participants_total", "participants_female", "participants_male"}:
            scores[PARTICIPANT_LIST] += 1.5  # a name with a sex or an age and no count: each row is one person
    elif {"sex", "age"} & found and not values and "count" not in groups:
        scores[PARTICIPANT_LIST] += 2.5
    if "place_name" in found and "person_name" not in found and distinct_names:
        # a directory of centres with a contact person and phone: its rows are places, not people
        scores[PARTICIPANT_LIST] -= 3
    if "count" in groups and not {"title", "name", "place_name"} & found:
        # Counts of people with no activity to link them to, by area (or sex, age, year): a table of
        # figures, not a participants sheet — that needs activity codes.
        if "activity_code" not in found and dimensions - {"code", "date"}:
            scores[STATISTICS] += 2 + 0.75 * len(dimensions)
        else:
            scores[PARTICIPANTS] += 1.5

    figures = any(c.profile is not None and (c.profile.numeric or c.profile.dates or c.profile.periods)
                  for c in columns)
    prose = any(c.profile is not None and c.profile.filled and c.profile.long_texts >= 0.5 * c.profile.filled
                for c in columns)
    if not figures and prose:
        return KindDecision(NOTES, scores, [said("notes_prose")])
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_score), (second, second_score) = ranked[0], ranked[1]
    if best_score < 2:
        return KindDecision(UNKNOWN, scores, [said("no_kind")], clear=False)
    evidence.append(said("kind_read", kind=best, score=round(best_score, 1), next=second,
                         next_score=round(second_score, 1)))
    return KindDecision(best, scores, evidence, clear=best_score - second_score >= CLEAR_MARGIN)
