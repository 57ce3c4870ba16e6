"""Activity keys as integers (store/activity_ids.py): one number per city and key, the same in every table
and every upload, filled in for a database from before schema 4, and the figures unchanged by it."""

from __future__ import annotations

import pandas as pd

from indicators import store
from indicators.ingest.sample import load_sample_if_empty
from indicators.measure.compute import compute_values
from indicators.measure.definitions import load_indicators


def _figures(con) -> dict:
    cities = [c for (c,) in con.execute("SELECT DISTINCT city FROM uploads").fetchall()]
    frame = pd.concat([compute_values(con, city, by=("year", "district")) for city in cities])
    def plain(number):  # NaN is never equal to itself
        return None if pd.isna(number) else number

    return {(r.city, r.indicator, r.year, r.district): (plain(r.value), plain(r.numerator), plain(r.denominator))
            for r in frame.itertuples()}


def _numbering_problems(con) -> list:
    """Rows whose number is missing or is not their (city, key)'s one; keys numbered twice."""
    problems = []
    for table in ("activities", "participation", "outcomes", "activity_areas", "orphaned_links"):
        problems += con.execute(f"""
            SELECT '{table}', t.city, t.activity_key, t.activity_id FROM {table} t
            LEFT JOIN activity_ids i ON i.city = t.city AND i.activity_key = t.activity_key
            WHERE t.activity_key IS NOT NULL AND t.activity_id IS DISTINCT FROM i.activity_id""").fetchall()
    problems += con.execute("SELECT 'twice', activity_id FROM activity_ids GROUP BY activity_id "
                            "HAVING count(*) > 1").fetchall()
    return problems


def test_every_keyed_row_carries_its_keys_number(tmp_path):
    con = store.open_database(tmp_path / "sample.duckdb")
    assert load_sample_if_empty(con)
    assert _numbering_problems(con) == []
    linked = con.execute("SELECT count(*) FROM participation p JOIN activities a USING (activity_id) "
                         "WHERE p.activity_key IS NOT NULL").fetchall()[0][0]
    assert linked > 0  # participants sent with their activities share the activities' numbers
    con.close()


def test_a_database_from_schema_3_gets_its_numbers_on_open_and_the_same_figures(tmp_path):
    path = tmp_path / "old.duckdb"
    con = store.open_database(path)
    load_sample_if_empty(con)
    expected = _figures(con)
    assert any(indicator == "culture_participants" and value[0] for (_, indicator, _, _), value in expected.items())
    for table in ("activities", "participation", "outcomes", "activity_areas", "orphaned_links"):
        con.execute(f"UPDATE {table} SET activity_id = NULL").fetchall()
    con.execute("DELETE FROM activity_ids").fetchall()
    con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'").fetchall()
    assert _figures(con) != expected  # without the numbers, the area-filtered figures are lost
    con.close()
    con = store.open_database(path)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall() == [(str(store.SCHEMA_VERSION),)]
    assert _numbering_problems(con) == []
    assert _figures(con) == expected
    con.close()


def test_a_new_key_gets_a_number_after_the_largest_and_a_known_key_keeps_its_own(mem):
    frame = pd.DataFrame({"upload_id": [1, 1], "city": ["A", "B"], "activity_key": ["k", "k"], "year": 2024,
                          "events": 1})
    store.insert_frame(mem, "activities", frame)
    store.insert_frame(mem, "activities", frame.assign(upload_id=2, activity_key=["k", "m"]))
    numbers = dict(((city, key), number) for city, key, number in
                   mem.execute("SELECT city, activity_key, activity_id FROM activity_ids").fetchall())
    assert numbers == {("A", "k"): 1, ("B", "k"): 2, ("B", "m"): 3}
    assert _numbering_problems(mem) == []


# The shipped conditions as they were written on the text keys before schema 4, with the start and end
# of the condition that replaced each.
TEXT_KEY_CONDITIONS = [
    ("participation", "dimension = 'total' AND EXISTS (SELECT 1 FROM v_participation g WHERE g.dimension = 'group' "
     "AND g.city = t.city AND g.year = t.year AND g.district IS NOT DISTINCT FROM t.district "
     "AND g.activity_key IS NOT DISTINCT FROM t.activity_key)", "dimension = 'total'", "dimension = 'group')"),
    *[("outcomes", f"measure = '{outer}' AND EXISTS (SELECT 1 FROM v_outcomes c WHERE c.measure = '{inner}' "
       "AND c.city = t.city AND c.activity_key = t.activity_key)", f"measure = '{outer}'", f"measure = '{inner}')")
      for outer, inner in (("employed_after", "completed"), ("completed", "employed_after"),
                           ("completed", "enrolled"), ("enrolled", "completed"))],
]


def test_the_conditions_on_numbers_pick_exactly_the_rows_the_text_key_conditions_picked(mem):
    from tests.test_term_scan import rich_database

    rich_database(mem)
    base = {"upload_id": 1, "year": 2023, "fiscal_year": 2023, "value": 5}
    store.insert_frame(mem, "participation", pd.DataFrame([  # no key, no district; the same key in two cities
        {**base, "city": "Calc City", "activity_key": None, "district": None, "dimension": "total"},
        {**base, "city": "Calc City", "activity_key": None, "district": None, "dimension": "group", "category": "migrant"},
        {**base, "city": "Calc City", "activity_key": None, "district": "North", "dimension": "total"},
        {**base, "city": "Calc City", "activity_key": "a2", "district": None, "dimension": "total"},
        {**base, "city": "Other City", "activity_key": "a1", "district": "North", "dimension": "total"}]))
    store.insert_frame(mem, "outcomes", pd.DataFrame([
        {**base, "city": "Other City", "activity_key": "a1", "district": "North", "measure": "enrolled"},
        {**base, "city": "Calc City", "activity_key": None, "district": "North", "measure": "completed"},
        {**base, "city": "Calc City", "activity_key": None, "district": "North", "measure": "enrolled"}]))
    shipped = {term.where for indicator in load_indicators() for term in (indicator.numerator, indicator.denominator)
               if term is not None and "SELECT" in term.where}
    assert len(shipped) == len(TEXT_KEY_CONDITIONS)
    for table, old, starts, ends in TEXT_KEY_CONDITIONS:
        [new] = [w for w in shipped if w.startswith(starts) and w.endswith(ends) and f"v_{table}" in w]
        picked = [mem.execute(f"SELECT * FROM v_{table} t WHERE {where} ORDER BY ALL").fetchall() for where in (old, new)]
        assert picked[0] and picked[0] == picked[1], (old, new)
