"""What the bytes really are, whatever the file is called: xlsx, xlsm, xlsb, ods, xls or text.

Files attached by mistake (a PDF, a photo, a Word document), password-protected workbooks, broken zips,
zip bombs and damaged Office containers are refused here, before any parser sees them."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

from indicators.base.errors import ReadError
from indicators.read import limits
from indicators.read.refusals import damaged, password_protected, wrong_kind

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OTHER_FORMATS = {  # magic bytes of files attached by mistake → what they really are
    b"%PDF": ("a PDF document", "เอกสาร PDF"),
    b"\x89PNG": ("a PNG image", "รูปภาพ PNG"),
    b"\xff\xd8\xff": ("a JPEG image", "รูปภาพ JPEG"),
    b"GIF87a": ("a GIF image", "รูปภาพ GIF"),
    b"GIF89a": ("a GIF image", "รูปภาพ GIF"),
    b"II*\x00": ("a TIFF image", "รูปภาพ TIFF"),
    b"MM\x00*": ("a TIFF image", "รูปภาพ TIFF"),
    b"Rar!\x1a\x07": ("a RAR archive", "ไฟล์บีบอัด RAR"),
    b"7z\xbc\xaf\x27\x1c": ("a 7-Zip archive", "ไฟล์บีบอัด 7-Zip"),
    b"\x1f\x8b": ("a gzip archive", "ไฟล์บีบอัด gzip"),
    b"{\\rtf": ("an RTF document", "เอกสาร RTF"),
    b"SQLite format 3\x00": ("an SQLite database", "ฐานข้อมูล SQLite"),
}
RIFF_FORMATS = {b"WEBP": ("a WebP image", "รูปภาพ WebP"), b"WAVE": ("a sound file", "ไฟล์เสียง")}
ODS_MIMETYPES = ("application/vnd.oasis.opendocument.spreadsheet",
                 "application/vnd.oasis.opendocument.spreadsheet-template")


def sniff_format(data: bytes, name: str) -> str:
    """The format the bytes really are: xlsx, xlsm, xlsb, ods, xls or text (CSV/TSV)."""
    if data.startswith(ZIP_MAGIC):
        return _zip_kind(data, name)
    if data.startswith(CFB_MAGIC):
        return _cfb_kind(data, name)
    for magic, (english, thai) in OTHER_FORMATS.items():
        if data.startswith(magic):
            raise wrong_kind(name, english, thai)
    if data.startswith(b"RIFF") and data[8:12] in RIFF_FORMATS:
        raise wrong_kind(name, *RIFF_FORMATS[data[8:12]])
    return "text"


def _zip_kind(data: bytes, name: str) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise damaged(name, "the file is cut off or its zip structure is broken") from exc
    with archive:
        _refuse_zip_bomb(members, name)
        if any(m.flag_bits & 0x1 for m in members):
            raise password_protected(name)
        names = {m.filename for m in members}
        mimetype = _small_member(archive, "mimetype", name).decode("ascii", "replace").strip()
        if mimetype in ODS_MIMETYPES:
            return "ods"
        if mimetype.startswith("application/vnd.oasis.opendocument."):
            raise wrong_kind(name, "an OpenDocument text or presentation file", "เอกสารหรืองานนำเสนอ OpenDocument")
        types = _small_member(archive, "[Content_Types].xml", name)
    if b"sheet.binary.macroEnabled.main" in types or "xl/workbook.bin" in names:
        return "xlsb"
    if b".macroEnabled.main+xml" in types:
        return "xlsm"
    if b"spreadsheetml" in types or "xl/workbook.xml" in names:
        macros = "xl/vbaProject.bin" in names or Path(name).suffix.lower() in (".xlsm", ".xltm")
        return "xlsm" if macros else "xlsx"
    if b"wordprocessingml" in types or "word/document.xml" in names:
        raise wrong_kind(name, "a Word document", "เอกสาร Word")
    if b"presentationml" in types or "ppt/presentation.xml" in names:
        raise wrong_kind(name, "a PowerPoint presentation", "งานนำเสนอ PowerPoint")
    raise ReadError(
        f"{name} is a zip archive of {len(members)} file(s), not a workbook. Unzip it and upload the spreadsheet "
        "inside (.xlsx, .ods or .csv).",
        f"ไฟล์ {name} เป็นไฟล์บีบอัด zip ({len(members)} ไฟล์) ไม่ใช่ไฟล์ตาราง กรุณาแตกไฟล์แล้วอัปโหลดไฟล์ตารางที่อยู่ข้างใน "
        "(.xlsx, .ods หรือ .csv)",
        code="not_a_spreadsheet")


def _refuse_zip_bomb(members: list[zipfile.ZipInfo], name: str) -> None:
    """Judge the archive by its central directory, before anything is unpacked."""
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    suspicious = unpacked > limits.MAX_UNCOMPRESSED_BYTES or (
        unpacked > limits.RATIO_CHECK_FROM_BYTES and unpacked > limits.MAX_COMPRESSION_RATIO * max(packed, 1))
    suspicious = suspicious or any(m.file_size > limits.RATIO_CHECK_FROM_BYTES
                                   and m.file_size > limits.MAX_COMPRESSION_RATIO * max(m.compress_size, 1)
                                   for m in members)
    if suspicious:
        megabytes = unpacked / 2**20
        raise ReadError(
            f"{name} would unpack to {megabytes:,.0f} MB from {packed / 2**20:,.1f} MB — far more than a real "
            "workbook does (it looks like a 'zip bomb'), so it was not opened. If the file is genuine, split it "
            "into smaller workbooks (for example one per year) and upload those.",
            f"ไฟล์ {name} จะขยายเป็น {megabytes:,.0f} MB จากขนาด {packed / 2**20:,.1f} MB ซึ่งผิดปกติสำหรับไฟล์ตาราง "
            "(ลักษณะเหมือน zip bomb) จึงไม่เปิดไฟล์นี้ หากเป็นไฟล์จริง กรุณาแบ่งเป็นไฟล์ย่อย (เช่น ปีละไฟล์) แล้วอัปโหลดใหม่",
            code="zip_bomb")


def _small_member(archive: zipfile.ZipFile, member: str, name: str, limit: int = 4 * 2**20) -> bytes:
    try:
        info = archive.getinfo(member)
    except KeyError:
        return b""
    try:
        with archive.open(info) as handle:
            return handle.read(limit)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise damaged(name, f"the part {member} is broken") from exc


def _cfb_kind(data: bytes, name: str) -> str:
    """Old Office files and encrypted new ones are both CFB containers: the stream names tell them apart.

    calamine is only given a container whose directory is sound: on a damaged one it can panic or try to
    allocate gigabytes (seen: a 9 KB cut-and-spliced .xls asking for 4 GiB, which aborts the process).
    """
    streams = _cfb_stream_names(data)
    if streams is None:
        if any(s.encode("utf-16-le") in data for s in ("EncryptionInfo", "EncryptedPackage")):
            raise password_protected(name)  # directory unreadable, but the names are there
        raise damaged(name, "its Office container (CFB) structure is broken or cut off")
    if streams & {"EncryptionInfo", "EncryptedPackage"}:
        raise password_protected(name)
    if streams & {"Workbook", "Book"}:
        return "xls"
    if "WordDocument" in streams:
        raise wrong_kind(name, "an old Word document (.doc)", "เอกสาร Word แบบเก่า (.doc)")
    if "PowerPoint Document" in streams:
        raise wrong_kind(name, "an old PowerPoint presentation (.ppt)", "งานนำเสนอ PowerPoint แบบเก่า (.ppt)")
    raise wrong_kind(name, "an Office file that holds no workbook", "ไฟล์ Office ที่ไม่มีตารางข้อมูล")


def _cfb_stream_names(data: bytes) -> set[str] | None:
    """Names in a Compound File Binary directory ([MS-CFB]); None unless the structure is sound.

    Sound: 512- or 4096-byte sectors, every FAT and directory sector inside the file, and no stream
    declaring more bytes than the whole file holds.
    """
    end_of_chain = 0xFFFFFFFA  # this and above: free, end of chain, FAT or DIFAT sector markers
    try:
        major, _, sector_shift = struct.unpack_from("<HHH", data, 26)
        if sector_shift not in (9, 12):
            return None
        size = 1 << sector_shift
        sectors = (len(data) - 1) // size  # whole or partial sectors after the header
        fat_count, first_directory, _, _, first_difat, difat_count = struct.unpack_from("<6I", data, 44)
        if fat_count > sectors or difat_count > sectors:
            return None
        difat = list(struct.unpack_from("<109I", data, 76))
        sector, hops = first_difat, 0
        while sector < end_of_chain and hops < difat_count:
            entries = struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size)
            difat.extend(entries[:-1])
            sector, hops = entries[-1], hops + 1
        fat: list[int] = []
        for fat_sector in [s for s in difat if s < end_of_chain][:fat_count]:
            fat.extend(struct.unpack_from(f"<{size // 4}I", data, (fat_sector + 1) * size))
        names, sector, seen = set(), first_directory, set()
        while sector < end_of_chain:
            if sector in seen or sector >= sectors:
                return None
            seen.add(sector)
            offset = (sector + 1) * size
            for entry in range(size // 128):
                start = offset + entry * 128
                length, kind = struct.unpack_from("<HB", data, start + 64)
                if kind not in (1, 2, 5):  # storage, stream, root; 0 is an unused slot
                    continue
                declared, = struct.unpack_from("<Q" if major == 4 else "<I", data, start + 120)
                if not (2 <= length <= 64 and length % 2 == 0) or declared > len(data):
                    return None
                names.add(data[start:start + length - 2].decode("utf-16-le", "replace"))
            sector = fat[sector] if sector < len(fat) else end_of_chain
        return names if "Root Entry" in names else None
    except struct.error:
        return None
