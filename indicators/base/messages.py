"""Every ingest problem's wording, in English and Thai, in one place.

Codes are stable (tests, the UI and the problems table use them); the severity says whether the
problem blocks the upload (error) or is shown and allowed (warning, info). README.md lists them.
"""

from __future__ import annotations

from indicators.base.errors import Problem, Severity

# code: (severity, English, Thai). Templates use {value}, {column}, {detail} and other named fields.
MESSAGES: dict[str, tuple[Severity, str, str]] = {
    "unknown_sheet": ("warning",
        "No known column headers found; the sheet was skipped. Use the template's headers.",
        "ไม่พบหัวคอลัมน์ที่รู้จัก จึงข้ามชีตนี้ กรุณาใช้หัวคอลัมน์ตามแบบฟอร์ม"),
    "nothing_kept": ("error",
        "No row of this file holds data to store (every row is a header, a total, a note or blank): nothing was "
        "written.",
        "ไม่มีแถวใดในไฟล์นี้ที่มีข้อมูลให้บันทึก (ทุกแถวเป็นหัวตาราง ยอดรวม หมายเหตุ หรือแถวว่าง) จึงไม่มีการบันทึก"),
    "list_repeats_register": ("error",
        "This list names its people's activities by title, and {value} of those titles are activities of sheet "
        "{detail} too: read apart, each such activity and its people would be counted twice. "
        "Give the list the activities' codes (รหัสกิจกรรม) so it is linked to them, or keep one of the two sheets.",
        "รายชื่อนี้ระบุกิจกรรมด้วยชื่อกิจกรรม และมี {value} ชื่อที่เป็นกิจกรรมในชีต {detail} ด้วย "
        "หากอ่านแยกกัน กิจกรรมและผู้เข้าร่วมจะถูกนับซ้ำ กรุณาใส่รหัสกิจกรรมในรายชื่อเพื่อเชื่อมกับกิจกรรม "
        "หรือเก็บไว้เพียงชีตเดียว"),
    "summary_set_aside": ("info",
        "A summary of the other sheets: each of its {value} figures is what their records add up to, so it was "
        "checked and set aside (counted once, from the records).",
        "ชีตสรุปของชีตอื่น: ตัวเลขทั้ง {value} ค่าเท่ากับผลรวมของรายการในชีตเหล่านั้น จึงตรวจแล้วและไม่บันทึกซ้ำ (นับครั้งเดียวจากรายการ)"),
    "summary_differs": ("error",
        "This summary of the other sheets says {value} for '{header}', but their records add up to {detail}: "
        "a record is missing or counted in the wrong area, or the summary is out of date. Correct the one that is "
        "wrong, then upload again.",
        "ชีตสรุปนี้ระบุ {value} สำหรับ '{header}' แต่รายการในชีตอื่นรวมได้ {detail} อาจมีรายการขาดหายหรือลงผิดพื้นที่ "
        "หรือสรุปยังไม่ได้ปรับปรุง กรุณาแก้ส่วนที่ผิดแล้วอัปโหลดอีกครั้ง"),
    "sheet_set_aside": ("info",
        "All {value} records of this sheet stand in the file's other sheets ({detail}): the sheet was set aside, "
        "so they are counted once.",
        "ข้อมูลทั้ง {value} รายการของชีตนี้มีอยู่แล้วในชีตอื่นของไฟล์ ({detail}) จึงไม่นำชีตนี้เข้า เพื่อไม่ให้นับซ้ำ"),
    "repeated_records": ("error",
        "{value} records of this sheet also stand in sheet {detail}: the same activities or figures would be counted "
        "twice. Keep them in one sheet only (or make the sheet a full copy, which is then set aside).",
        "ข้อมูล {value} รายการของชีตนี้มีอยู่ในชีต {detail} ด้วย จะถูกนับซ้ำ กรุณาเก็บไว้ในชีตเดียว "
        "(หรือให้ชีตหนึ่งเป็นสำเนาทั้งหมดซึ่งระบบจะไม่นำเข้า)"),
    "records_in_other_upload": ("error",
        "{value} records of this file are already stored, from upload {detail}: the same records under another "
        "name would be counted twice. If this file replaces that one, roll it back first, or send this file from "
        "the same source (--source).",
        "ข้อมูล {value} รายการของไฟล์นี้มีอยู่แล้วจากการอัปโหลด {detail} ข้อมูลเดียวกันภายใต้ชื่อไฟล์อื่นจะถูกนับซ้ำ "
        "หากไฟล์นี้ใช้แทนไฟล์เดิม กรุณายกเลิกการอัปโหลดเดิมก่อน หรือส่งไฟล์นี้จากแหล่งเดิม (--source)"),
    "figures_in_other_upload": ("error",
        "{value} figures of this file are already stored for the same measure, area, year, sex and age from "
        "upload {detail} ({examples}): a population or a rate has one figure, and the two would be added up. If "
        "this file replaces that one, roll it back first, or send this file from the same source (--source).",
        "ตัวเลข {value} รายการของไฟล์นี้มีอยู่แล้วสำหรับตัวชี้วัด พื้นที่ ปี เพศ และช่วงอายุเดียวกัน จากการอัปโหลด {detail} "
        "({examples_th}) ประชากรหรืออัตราหนึ่ง ๆ มีตัวเลขเดียว ทั้งสองจะถูกนำมารวมกัน หากไฟล์นี้ใช้แทนไฟล์เดิม "
        "กรุณายกเลิกการอัปโหลดเดิมก่อน หรือส่งไฟล์นี้จากแหล่งเดิม (--source)"),
    "hours_as_clock": ("warning",
        "The column writes minutes after the point, as a clock does ('{value}' is {detail} hours): every "
        "fraction in it is below .60 and none is written as a decimal (.25, .5, .75), so its hours were read as "
        "hours and minutes.",
        "คอลัมน์นี้เขียนนาทีหลังจุดแบบเวลา ('{value}' คือ {detail} ชั่วโมง) ทุกค่าหลังจุดต่ำกว่า .60 และไม่มีค่าใด"
        "เขียนเป็นทศนิยม (.25, .5, .75) จึงอ่านเป็นชั่วโมงและนาที"),
    "hours_clock_or_decimal": ("error",
        "'{value}' may be hours and minutes (1.30 = 1 h 30 min) or a decimal (1.3 hours): the column writes both "
        "ways (.30 beside .5). Write every length as a decimal (1.5) or in words (1 ชม. 30 นาที).",
        "'{value}' อาจเป็นชั่วโมงและนาที (1.30 = 1 ชั่วโมง 30 นาที) หรือเป็นทศนิยม (1.3 ชั่วโมง) เพราะคอลัมน์นี้เขียนทั้งสองแบบ "
        "(.30 และ .5) กรุณาเขียนทุกค่าเป็นทศนิยม (1.5) หรือเป็นคำ (1 ชม. 30 นาที)"),
    "recipe_mismatch": ("error",
        "The reading given for this sheet does not fit it: {value} of its columns are not in the header rows it "
        "names ({detail}). Save the reading again from this file (--explain --save-recipe) and correct that.",
        "การอ่านที่กำหนดให้ไม่ตรงกับชีตนี้: ไม่พบ {value} คอลัมน์ในแถวหัวตารางที่ระบุ ({detail}) "
        "กรุณาบันทึกการอ่านจากไฟล์นี้ใหม่ (--explain --save-recipe) แล้วแก้ไขจากฉบับนั้น"),
    "saved_reading_not_used": ("info",
        "The reading confirmed earlier for this source does not fit this sheet ({value} columns not found: "
        "{detail}); the sheet was read afresh.",
        "การอ่านที่ยืนยันไว้สำหรับแหล่งข้อมูลนี้ไม่ตรงกับชีตนี้ (ไม่พบ {value} คอลัมน์: {detail}) "
        "จึงอ่านชีตนี้ใหม่"),
    "notes_sheet": ("info",
        "A sheet of notes or definitions (no column holds figures): read and set aside.",
        "ชีตคำอธิบายหรือหมายเหตุ (ไม่มีคอลัมน์ที่เป็นตัวเลข) อ่านแล้วจึงไม่นำเข้า"),
    "no_data_sheet": ("error",
        "No sheet of this file could be read as activities, participants, outcomes or statistics.",
        "ไม่มีชีตใดในไฟล์นี้ที่อ่านเป็นกิจกรรม ผู้เข้าร่วม ผลลัพธ์ หรือข้อมูลสถิติได้"),
    "header_only": ("warning",
        "The sheet has a header but no data rows.",
        "ชีตนี้มีแต่หัวตาราง ไม่มีข้อมูล"),
    "figures_not_stored": ("warning",
        "The column holds figures that this reading of the sheet does not store: they were left out.",
        "คอลัมน์นี้มีตัวเลขที่การอ่านชีตแบบนี้ไม่ได้นำเข้า จึงไม่ได้เก็บตัวเลขเหล่านี้ไว้"),
    "unmatched_column": ("info",
        "Column not recognised; it was ignored.",
        "ไม่รู้จักคอลัมน์นี้ จึงไม่ได้นำเข้า"),
    "estimate_column": ("warning",
        "The column's figures are an estimate, a forecast or a target, not actual figures; it was not stored.",
        "ตัวเลขในคอลัมน์นี้เป็นค่าประมาณการ คาดการณ์ หรือเป้าหมาย ไม่ใช่ค่าจริง จึงไม่ได้นำเข้า"),
    "duplicate_column": ("warning",
        "A second column means the same as an earlier one ({detail}); it was ignored.",
        "คอลัมน์นี้มีความหมายซ้ำกับคอลัมน์ก่อนหน้า ({detail}) จึงไม่ได้นำเข้า"),
    "not_a_number": ("error",
        "'{value}' is not a number.",
        "'{value}' ไม่ใช่ตัวเลข"),
    "negative_count": ("error",
        "A count cannot be negative ({value}).",
        "จำนวนต้องไม่ติดลบ ({value})"),
    "fractional_count": ("error",
        "A count of people or events must be a whole number ({value}).",
        "จำนวนคนหรือจำนวนครั้งต้องเป็นจำนวนเต็ม ({value})"),
    "count_too_large": ("error",
        "{value} is not a plausible count: a count in one row may be at most {detail} (more than Thailand's "
        "population). Check the cell (a formula, a pasted ID number, a wrong unit?).",
        "{value} ไม่ใช่จำนวนที่เป็นไปได้ จำนวนในหนึ่งแถวต้องไม่เกิน {detail} (มากกว่าประชากรทั้งประเทศไทย) "
        "กรุณาตรวจสอบเซลล์นี้ (สูตร เลขประจำตัวที่วางผิดช่อง หรือหน่วยผิด)"),
    "value_too_large": ("error",
        "{value} is larger than any figure this dashboard accepts (at most {detail}). Check the cell "
        "(a formula, a wrong unit?).",
        "{value} มากเกินกว่าค่าที่ระบบรับได้ (ไม่เกิน {detail}) กรุณาตรวจสอบเซลล์นี้ (สูตร หรือหน่วยผิด)"),
    "rate_above_maximum": ("error",
        "{value} is above what its unit allows (at most {detail}): a share cannot be more than the whole.",
        "{value} เกินกว่าที่หน่วยนี้เป็นไปได้ (ไม่เกิน {detail}) สัดส่วนต้องไม่มากกว่าทั้งหมด"),
    "negative_value": ("error",
        "This value cannot be negative ({value}).",
        "ค่านี้ต้องไม่ติดลบ ({value})"),
    "sex_parts_exceed_total": ("error",
        "Female + male add up to more than the total ({value}).",
        "จำนวนชายรวมกับหญิงมากกว่ายอดรวม ({value})"),
    "age_parts_exceed_total": ("error",
        "The age bands add up to more than the total ({value}).",
        "ผลรวมของช่วงอายุมากกว่ายอดรวม ({value})"),
    "group_exceeds_total": ("error",
        "A group count is larger than the total ({value}).",
        "จำนวนของกลุ่มเป้าหมายมากกว่ายอดรวม ({value})"),
    "total_from_parts": ("info",
        "No total given: the total was taken as female + male.",
        "ไม่มียอดรวม จึงใช้ ชาย + หญิง เป็นยอดรวม"),
    "total_from_one_part": ("warning",
        "No total given and this count is not stated: the total was taken as the other sex's count alone "
        "(a lower bound).",
        "ไม่มียอดรวมและไม่ได้ระบุจำนวนในช่องนี้ จึงใช้จำนวนของอีกเพศหนึ่งเป็นยอดรวม (อย่างน้อยเท่านี้)"),
    "bad_date": ("error",
        "'{value}' is not a date that can be read (write e.g. 15/01/2567 or 15 ม.ค. 2567).",
        "'{value}' ไม่ใช่วันที่ที่อ่านได้ (เขียนเช่น 15/01/2567 หรือ 15 ม.ค. 2567)"),
    "bad_year": ("error",
        "'{value}' is not a year (write e.g. 2567 or 2024).",
        "'{value}' ไม่ใช่ปี (เขียนเช่น 2567 หรือ 2024)"),
    "missing_year": ("error",
        "The row has no date or year.",
        "แถวนี้ไม่มีวันที่หรือปี"),
    "year_before_1950": ("error",
        "The year {value} is before 1950; check the date (a Buddhist-era year written as CE?).",
        "ปี {value} เก่ากว่า พ.ศ. 2493 กรุณาตรวจสอบวันที่"),
    "year_in_future": ("error",
        "The year {value} is in the future.",
        "ปี {value} เป็นปีในอนาคต"),
    "year_outlier": ("warning",
        "The year {value} is far from the file's other years ({detail}); check the date. The row was kept.",
        "ปี {value} ห่างจากปีอื่นในไฟล์ ({detail}) กรุณาตรวจสอบวันที่ แถวนี้ยังถูกนำเข้า"),
    "mixed_eras": ("warning",
        "The column mixes Buddhist-era and Common-era years; each was converted to CE.",
        "คอลัมน์นี้มีทั้งปี พ.ศ. และ ค.ศ. ปนกัน ระบบแปลงเป็น ค.ศ. ให้แล้ว"),
    "fiscal_year_in_date_column": ("warning",
        "{value} rows give only a fiscal year in the date column ('ปีงบประมาณ 2567'): each is stored in that fiscal "
        "year, its calendar year set to the fiscal year, since its month is not written.",
        "มี {value} แถวที่ช่องวันที่ระบุเพียงปีงบประมาณ ('ปีงบประมาณ 2567') จึงบันทึกในปีงบประมาณนั้น "
        "และใช้ปีงบประมาณเป็นปีปฏิทิน เพราะไม่ได้ระบุเดือน"),
    "year_from_fiscal": ("warning",
        "Only the fiscal year is given; the calendar year was set to the fiscal year.",
        "มีเพียงปีงบประมาณ จึงใช้ปีงบประมาณเป็นปีปฏิทิน"),
    "blank_figures": ("info",
        "{count} figures are blank or written as missing (n/a, ไม่มีข้อมูล): nothing is stored for them, and no "
        "total counts them as zero; a dash is read as zero (Excel rows {detail}).",
        "มี {count} ค่าที่เว้นว่างหรือเขียนว่าไม่มีข้อมูล (n/a, ไม่ระบุ) จึงไม่ได้บันทึก และไม่นับเป็นศูนย์ในยอดรวมใด "
        "ส่วนขีด (-) อ่านเป็นศูนย์ (แถวใน Excel {detail})"),
    "date_outside_title_year": ("warning",
        "The date {value} is outside the year the title names ({detail}): the row is stored in the year its date "
        "says. Check the date if the title is right.",
        "วันที่ {value} อยู่นอกปีที่ชื่อตารางระบุ ({detail_th}) แถวนี้ถูกบันทึกตามปีของวันที่ "
        "หากชื่อตารางถูกต้อง กรุณาตรวจสอบวันที่"),
    "year_in_date_column": ("info",
        "{value} cells of the date column hold a year alone (2567): those rows are stored in that year, "
        "with no date.",
        "มี {value} ช่องในคอลัมน์วันที่ที่มีเพียงปี (2567) แถวเหล่านั้นบันทึกตามปีนั้นโดยไม่มีวันที่"),
    "replaces_other_areas": ("error",
        "This file's name makes it a new version of upload {value} ({detail}), which it would replace for {years}, "
        "but the two share no district (that upload: {theirs}; this file: {mine}): it looks like another office's "
        "file. Send it under a source of its own (--source, or another file name); if it does replace that "
        "upload, roll that upload back first.",
        "ชื่อไฟล์นี้ทำให้เป็นฉบับใหม่ของการนำเข้าที่ {value} ({detail}) และจะใช้แทนข้อมูลปี {years_be} "
        "แต่ทั้งสองไม่มีเขต/อำเภอร่วมกันเลย (การนำเข้านั้น: {theirs}; ไฟล์นี้: {mine}) จึงน่าจะเป็นไฟล์ของหน่วยงานอื่น "
        "กรุณาระบุแหล่งข้อมูลของไฟล์นี้เอง (--source หรือเปลี่ยนชื่อไฟล์) หากใช้แทนการนำเข้านั้นจริง กรุณายกเลิกการนำเข้านั้นก่อน"),
    "replaces_upload": ("warning",
        "This file is a new version of upload {value} ({detail}) from the same source: for {years}, that "
        "upload's rows stop counting. If it is a file of its own (another quarter, another office), send it "
        "under a source of its own.",
        "ไฟล์นี้เป็นฉบับใหม่ของการนำเข้าที่ {value} ({detail}) จากแหล่งเดียวกัน: ข้อมูลปี {years_be} ของการนำเข้านั้น"
        "จะไม่ถูกนับ หากเป็นไฟล์แยก (ไตรมาสอื่น หน่วยงานอื่น) กรุณาระบุแหล่งข้อมูลของไฟล์นี้เอง"),
    "activity_written_twice": ("warning",
        "The same activity (title, date, area, events and participants) is written on {value} rows ({detail}): "
        "each is stored and counted. If it was entered twice, delete the extra rows and upload again.",
        "กิจกรรมเดียวกัน (ชื่อ วันที่ พื้นที่ จำนวนครั้ง และผู้เข้าร่วม) ถูกเขียนไว้ {value} แถว ({detail}) "
        "ทุกแถวถูกบันทึกและนับ หากเป็นการกรอกซ้ำ กรุณาลบแถวที่เกินแล้วอัปโหลดใหม่"),
    "area_parts_as_breakdown": ("info",
        "{value} rows name a part of an area ({detail}), not an area: each is stored as a part of the area "
        "above it, counted only where that area's own figure is not given.",
        "มี {value} แถวที่ระบุส่วนหนึ่งของพื้นที่ ({detail}) ไม่ใช่พื้นที่ จึงบันทึกเป็นส่วนของพื้นที่ในแถวด้านบน "
        "และนับเฉพาะเมื่อไม่มีตัวเลขของพื้นที่นั้นเอง"),
    "district_not_a_place": ("info",
        "District cells that name no one place ({value}) were read as the whole city's: such records count in the "
        "city's figures, in no district's.",
        "ช่องเขต/อำเภอที่ไม่ได้ระบุพื้นที่เดียว ({value}) ถือเป็นของทั้งเมือง: นับรวมในตัวเลขของเมือง ไม่นับในเขตใด"),
    "district_from_heading": ("info",
        "The activities under each row naming only an area ({value} such rows, e.g. อำเภอแม่ริม) were given it as "
        "their district, where their own district cell is blank.",
        "กิจกรรมใต้แถวที่มีเพียงชื่อพื้นที่ ({value} แถว เช่น อำเภอแม่ริม) ได้พื้นที่นั้นเป็นเขต/อำเภอ "
        "เมื่อช่องเขต/อำเภอของกิจกรรมว่าง"),
    "district_from_sheet": ("info",
        "No district column: every record of this sheet was given the district its name says, {value}.",
        "ไม่มีคอลัมน์เขต/อำเภอ จึงใช้ชื่อชีต {value} เป็นเขตของทุกรายการในชีตนี้"),
    "activities_from_list": ("info",
        "The list names each person's activity by its title: {value} activities (each title once) "
        "were made from it, with the people listed as their participants.",
        "รายชื่อระบุกิจกรรมของแต่ละคนด้วยชื่อกิจกรรม จึงสร้างกิจกรรม {value} รายการ (ชื่อละหนึ่งรายการ) "
        "โดยนับผู้มีรายชื่อเป็นผู้เข้าร่วม"),
    "list_activity_unclear": ("error",
        "The list names the activity '{detail}' with {value} different dates or areas: is each a session of its "
        "own, or the day each person signed up and where each lives (then it is one activity)? Give the list the "
        "activities' codes (รหัสกิจกรรม), or one date and area for each activity, then upload again.",
        "รายชื่อระบุกิจกรรม '{detail}' ด้วยวันที่หรือพื้นที่ต่างกัน {value} แบบ: แต่ละวันเป็นกิจกรรมแยกกัน "
        "หรือเป็นวันที่แต่ละคนสมัครและที่อยู่ของแต่ละคน (ซึ่งเป็นกิจกรรมเดียว)? กรุณาใส่รหัสกิจกรรมในรายชื่อ "
        "หรือให้แต่ละกิจกรรมมีวันที่และพื้นที่เดียว แล้วอัปโหลดอีกครั้ง"),
    "months_year_unclear": ("error",
        "The month column runs in a fiscal year's order (from the year's last months on into January) under the "
        "year {value}, which is not said to be a fiscal year: whether those last months are of {value} or of the "
        "year before is not written. Write the year with each month (ต.ค. 66), or say ปีงบประมาณ in the title, "
        "then upload again.",
        "คอลัมน์เดือนเรียงตามลำดับปีงบประมาณ (จากเดือนท้ายปีต่อไปถึงมกราคม) ภายใต้ปี {year_be} ซึ่งไม่ได้ระบุว่าเป็น"
        "ปีงบประมาณ จึงไม่ทราบว่าเดือนท้ายปีเหล่านั้นเป็นของปี {year_be} หรือปีก่อนหน้า กรุณาเขียนปีกำกับแต่ละเดือน "
        "(ต.ค. 66) หรือระบุ ปีงบประมาณ ในหัวตาราง แล้วอัปโหลดอีกครั้ง"),
    "date_from_heading": ("info",
        "Activities under month headings ({value} rows holding only a month, such as 'เดือนตุลาคม 2566') were given that month as their "
        "date, where they have none of their own.",
        "กิจกรรมใต้แถวหัวข้อเดือน ({value} แถวที่มีเพียงชื่อเดือน เช่น 'เดือนตุลาคม 2566') ได้เดือนนั้นเป็นวันที่ เมื่อไม่มีวันที่ของตนเอง"),
    "district_from_title": ("info",
        "No district column: every record of this sheet was given the district its title names, {value}.",
        "ไม่มีคอลัมน์เขต/อำเภอ จึงใช้พื้นที่ที่ชื่อตารางระบุ {value} เป็นเขตของทุกรายการในชีตนี้"),
    "areas_in_title": ("error",
        "The title names several areas ({value}) and the sheet has no district column: which one its figures are "
        "for is not written. Add a district column, or name one area in the title.",
        "ชื่อตารางระบุหลายพื้นที่ ({value}) และชีตนี้ไม่มีคอลัมน์เขต/อำเภอ จึงไม่ทราบว่าตัวเลขเป็นของพื้นที่ใด "
        "กรุณาเพิ่มคอลัมน์เขต/อำเภอ หรือระบุพื้นที่เดียวในชื่อตาราง"),
    "year_from_sheet": ("info",
        "No date or year column: the year {value} was taken from the {detail}.",
        "ไม่มีคอลัมน์วันที่หรือปี จึงใช้ปี พ.ศ. {year_be} จาก{detail_th}"),
    "needs_review": ("error",
        "The reading of this sheet is not certain enough to store it: {detail}. Check the reading (the upload "
        "wizard shows it to confirm or correct; on the command line: ingest FILE --explain, then --save-recipe "
        "R.yaml, correct R.yaml where needed and ingest FILE --recipe R.yaml).",
        "การอ่านชีตนี้ยังไม่แน่ชัดพอที่จะบันทึก: {detail_th} กรุณาตรวจสอบการอ่าน (หน้าอัปโหลดแสดงให้ยืนยันหรือแก้ไข "
        "ในบรรทัดคำสั่ง: ingest FILE --explain แล้ว --save-recipe R.yaml แก้ R.yaml ตามต้องการ แล้ว ingest FILE --recipe R.yaml)"),
    "year_needed": ("error",
        "No date or year anywhere (no column, not in the title, the sheet's or the file's name): say which year "
        "the figures are for (in the upload wizard, or with --year on the command line).",
        "ไม่พบวันที่หรือปีในไฟล์ (ไม่มีคอลัมน์ ไม่มีในชื่อตาราง ชื่อชีต หรือชื่อไฟล์) กรุณาระบุว่าเป็นข้อมูลของปีใด "
        "(ในขั้นตอนอัปโหลด หรือใช้ --year ในบรรทัดคำสั่ง)"),
    "missing_title": ("error",
        "An activity needs a title or a category.",
        "กิจกรรมต้องมีชื่อหรือประเภท"),
    "duplicate_activity_code": ("error",
        "Activity code '{value}' appears more than once (also row {detail}).",
        "รหัสกิจกรรม '{value}' ซ้ำกัน (ซ้ำกับแถว {detail})"),
    "unknown_activity_code": ("error",
        "Activity code '{value}' is not in this file or in earlier uploads for this city.",
        "ไม่พบรหัสกิจกรรม '{value}' ในไฟล์นี้หรือในข้อมูลที่นำเข้าก่อนหน้าของเมืองนี้"),
    "conflicting_total": ("error",
        "This activity already has {detail} participants; this sheet says {value}.",
        "กิจกรรมนี้มีผู้เข้าร่วม {detail} คนอยู่แล้ว แต่ชีตนี้ระบุ {value} คน"),
    "bad_mode": ("warning",
        "'{value}' is not a known mode (in person / online / hybrid); left blank.",
        "'{value}' ไม่ใช่รูปแบบที่รู้จัก (ออนไซต์ / ออนไลน์ / ผสมผสาน) จึงเว้นว่างไว้"),
    "bad_kf_code": ("warning",
        "'{value}' is not a Key Feature area code (1.1–3.3); ignored.",
        "'{value}' ไม่ใช่รหัสด้านของคุณลักษณะสำคัญ (1.1–3.3) จึงไม่นำมาใช้"),
    "satisfaction_range": ("error",
        "Satisfaction must be between 1 and 5 ({value}).",
        "คะแนนความพึงพอใจต้องอยู่ระหว่าง 1 ถึง 5 ({value})"),
    "completed_exceeds_enrolled": ("error",
        "More completed ({value}) than enrolled ({detail}).",
        "ผู้สำเร็จ ({value}) มากกว่าผู้ลงทะเบียน ({detail})"),
    "personal_column": ("warning",
        "This column holds personal data ({detail}); it was not stored.",
        "คอลัมน์นี้เป็นข้อมูลส่วนบุคคล ({detail_th}) จึงไม่ได้บันทึก"),
    "participant_list": ("info",
        "One person per row: {value} rows were turned into counts; names and contact details were not stored.",
        "ข้อมูลรายบุคคล {value} แถว ถูกแปลงเป็นจำนวนนับ ไม่มีการบันทึกชื่อหรือข้อมูลติดต่อ"),
    "cells_beyond_header": ("error",
        "The row has {value} cells, the header {detail}: a comma written without quotes, in a number (12,500) "
        "or a text, splits its cell in two and moves every cell after it. Quote such cells or write them "
        "without commas.",
        "แถวนี้มี {value} ช่อง แต่หัวตารางมี {detail} ช่อง: เครื่องหมายจุลภาคที่ไม่มีเครื่องหมายคำพูด ในตัวเลข (12,500) "
        "หรือในข้อความ แยกช่องออกเป็นสองช่องและเลื่อนทุกช่องที่ตามมา กรุณาใส่เครื่องหมายคำพูดหรือเขียนโดยไม่มีจุลภาค"),
    "unit_not_the_columns": ("error",
        "'{value}' is written in a unit this column does not count: it counts {detail} (a day is not a number "
        "of hours, a share or a group not a number of people). Write it as a number of {detail}.",
        "'{value}' เขียนด้วยหน่วยที่คอลัมน์นี้ไม่ได้นับ: คอลัมน์นี้นับเป็น{detail_th} (วันไม่ใช่จำนวนชั่วโมง "
        "ร้อยละหรือกลุ่มไม่ใช่จำนวนคน) กรุณาเขียนตัวเลขเป็น{detail_th}"),
    "error_cell": ("error",
        "The cell holds a spreadsheet error ({value}); fix the formula and upload again.",
        "เซลล์นี้มีข้อผิดพลาดของสูตร ({value}) กรุณาแก้สูตรแล้วอัปโหลดใหม่"),
    "long_text": ("warning",
        "Text longer than {detail} characters was cut.",
        "ข้อความยาวเกิน {detail} ตัวอักษร จึงถูกตัด"),
    "merged_numbers": ("error",
        "A number is merged over rows {detail}: it cannot belong to several rows. Unmerge the cells and write each row's own number.",
        "ตัวเลขถูกผสานเซลล์ข้ามแถว {detail} ซึ่งเป็นของหลายแถวพร้อมกันไม่ได้ กรุณายกเลิกการผสานเซลล์และใส่ตัวเลขของแต่ละแถว"),
    "district_spelling_unified": ("warning",
        "District '{value}' is stored as '{detail}': the same place written with or without its level word "
        "(อำเภอ, อ., แขวง, Amphoe …) or its province after เมือง, so that it counts as one district.",
        "เขต/อำเภอ '{value}' ถูกบันทึกเป็น '{detail}' เพราะเป็นที่เดียวกันที่เขียนต่างกันเพียงคำนำหน้า "
        "(อำเภอ อ. แขวง …) หรือชื่อจังหวัดหลังคำว่าเมือง จึงนับเป็นเขตเดียว"),
    "merged_text_filled": ("warning",
        "Text merged over rows {detail} was copied to each of those rows.",
        "ข้อความที่ผสานเซลล์ข้ามแถว {detail} ถูกคัดลอกไปยังทุกแถวนั้น"),
    "activity_code_in_other_upload": ("error",
        "Activity code '{value}' is already in upload {detail} from another source; the same activity would be counted twice. Roll that upload back, or send the correction from the same source.",
        "รหัสกิจกรรม '{value}' มีอยู่แล้วในการอัปโหลดที่ {detail} จากแหล่งอื่น กิจกรรมเดียวกันจะถูกนับซ้ำ กรุณายกเลิกการอัปโหลดนั้น หรือส่งฉบับแก้ไขจากแหล่งเดิม"),
    "duplicate_file": ("error",
        "This file is already in the database (upload {value}, same content); it was not added again.",
        "ไฟล์นี้มีอยู่ในฐานข้อมูลแล้ว (การอัปโหลดที่ {value} เนื้อหาเดียวกัน) จึงไม่เพิ่มซ้ำ"),
    "participants_in_text": ("info",
        "Participants were read from the text of this column (the last \"… คน\" of each record): {value} records "
        "give a count, {detail} give none and have no participants stored.",
        "อ่านจำนวนผู้เข้าร่วมจากข้อความในคอลัมน์นี้ (ตัวเลข \"… คน\" ตัวสุดท้ายของแต่ละรายการ): {value} รายการมีจำนวน "
        "{detail} รายการไม่ระบุจำนวน จึงไม่ได้บันทึกผู้เข้าร่วม"),
    "measures_per_sheet": ("info",
        "{value} sheets report the same measures for the same areas and years: each sheet's measures are "
        "named after the sheet (e.g. cases_reported.อุกฉกรรจ์), so their figures are never added together.",
        "{value} ชีตรายงานตัวชี้วัดชื่อเดียวกันในพื้นที่และปีเดียวกัน จึงตั้งชื่อตัวชี้วัดของแต่ละชีตตามชื่อชีต "
        "(เช่น cases_reported.อุกฉกรรจ์) เพื่อไม่ให้ตัวเลขต่างชีตถูกนำมารวมกัน"),
    "bad_sex": ("error",
        "'{value}' is not a sex that can be read (write หญิง/ชาย or female/male).",
        "'{value}' ไม่ใช่เพศที่อ่านได้ (เขียน หญิง/ชาย หรือ female/male)"),
    "more_rows": ("info",
        "… and {value} more rows with the same problem ({detail}).",
        "… และอีก {value} แถวที่มีปัญหาเดียวกัน ({detail})"),
    "no_fiscal_year": ("info",
        "{value} rows have a year but no date, so they appear in calendar-year views only.",
        "{value} แถวมีแต่ปี ไม่มีวันที่ จึงแสดงเฉพาะในมุมมองปีปฏิทิน"),
}


def problem(code: str, *, severity: Severity | None = None, **where_and_fields) -> Problem:
    """Build a Problem from its code; location fields (file, sheet, row, column, value) pass through."""
    default_severity, english, thai = MESSAGES[code]
    location = {k: where_and_fields.pop(k) for k in ("file", "sheet", "row", "column") if k in where_and_fields}
    value = where_and_fields.get("value")
    where_and_fields.setdefault("detail", "")
    where_and_fields.setdefault("detail_th", where_and_fields["detail"])
    if isinstance(value, int) and 1900 <= value <= 2200:  # a CE year: said in พ.ศ. in Thai
        where_and_fields.setdefault("year_be", value + 543)
    where_and_fields["value"] = "" if value is None else value
    return Problem(
        severity=severity or default_severity,
        code=code,
        message_en=english.format(**where_and_fields),
        message_th=thai.format(**where_and_fields),
        value=None if value is None else str(value)[:200],
        **location,
    )
