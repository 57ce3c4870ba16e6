"""Several sessions of one app process writing at once, through the code path the pages use (one
read-write connection, a cursor per session, actions.commit_upload): every upload lands whole, the
totals are exact, and a reader running meanwhile only ever sees whole uploads. A second process
asking for the same database file gets a clear message."""

from __future__ import annotations

import threading

import pytest
from conftest import add_accounts, make_xlsx, run_cli

from indicators import actions, store
from indicators.ingest import plan_batch
from indicators.measure.compute import compute_values
from indicators.read import read_workbook
from indicators.store.accounts import Actor

CITY = "เมืองพร้อมกัน"
WRITERS = 8
RESEARCHER = Actor("rita", "researcher")


def office_file(tmp_path, office: int):
    """Office `office` reports 3 activities of 10**office participants each: its whole upload adds the
    digit 3 at that decimal place, so any partial upload would show as a 1 or a 2."""
    rows = [["รหัสกิจกรรม", "ชื่อกิจกรรม", "วันที่", "จำนวนผู้เข้าร่วม"]]
    rows += [[f"O{office}-{n}", f"กิจกรรม {n}", f"{n + 1}/03/2567", 10**office] for n in range(3)]
    return make_xlsx(tmp_path / f"office{'abcdefgh'[office]}_2567.xlsx", {"กิจกรรม": rows})


def participants(cursor) -> int:
    values = compute_values(cursor, CITY, codes=["participants"])
    return int(values["value"].sum()) if not values.empty else 0


@pytest.mark.parametrize("store_kind", ["file", "lake"])
def test_eight_parallel_uploads_are_exact_and_readers_see_whole_uploads(tmp_path, store_kind, request):
    con = store.open_database(request.getfixturevalue("lake") if store_kind == "lake" else tmp_path / "shared.duckdb")
    add_accounts(con)
    workbooks = [read_workbook(office_file(tmp_path, i)) for i in range(WRITERS)]
    failures: list[BaseException] = []
    seen: list[int] = []
    writing = threading.Event()

    def write(index: int) -> None:
        cursor = con.cursor()  # one session
        try:
            plans = plan_batch(cursor, [workbooks[index]], CITY)
            actions.commit_upload(cursor, RESEARCHER, plans)
        except BaseException as error:  # reported below, with the others
            failures.append(error)

    def read() -> None:
        cursor = con.cursor()
        while writing.is_set() or not seen:
            seen.append(participants(cursor))

    writers = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    reader = threading.Thread(target=read)
    writing.set()
    reader.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    writing.clear()
    reader.join()

    assert failures == []
    assert participants(con.cursor()) == 3 * sum(10**i for i in range(WRITERS))
    assert con.execute("SELECT count(*) FROM uploads WHERE city = ?", [CITY]).fetchall() == [(WRITERS,)]
    assert con.execute("SELECT count(*) FROM audit_log WHERE action = 'upload'").fetchall() == [(WRITERS,)]
    assert all(set(str(total)) <= {"0", "3"} for total in seen), sorted(set(seen))
    con.close()


def test_a_second_process_gets_a_clear_message_not_a_stack_trace(tmp_path):
    path = tmp_path / "held.duckdb"
    holder = store.open_database(path)  # this process holds the file read-write, as a running app does
    try:
        code, out, err = run_cli("values", "--db", str(path))
        assert code == 3
        assert "Traceback" not in err and "in use" in err.lower()
        code, _, err_th = run_cli("uploads", "--db", str(path), "--lang", "th")
        assert code == 3 and "Traceback" not in err_th and "ฐานข้อมูล" in err_th
    finally:
        holder.close()
