"""The multilingual relevance table: documents in every language of ASEAN, and queries with
the pages they must find (in the first results) and the documents or pages they must not.

``tests/test_languages.py`` asserts every row and writes the table with its results to
``test-artifacts/relevance.md`` (the README shows it).
"""

from __future__ import annotations

from dataclasses import dataclass

NOTO = "/usr/share/fonts/truetype/noto/"
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

# key -> (language, font, pages)
DOCUMENTS: dict[str, tuple[str, str, list[str]]] = {
    "en": (
        "en",
        DEJAVU,
        [
            "The résumé of each participant was shared before the seminar. A naïve view of "
            "coverage ignores the informal economy.",
            "Social protection floors guarantee basic income security for older persons and "
            "children throughout their lives.",
        ],
    ),
    "vi": (
        "vi",
        DEJAVU,
        [
            "Chính sách bảo trợ xã hội cho lao động di cư cần được mở rộng trong Cộng đồng ASEAN.",
            "Bảo hiểm y tế toàn dân giúp người lao động khu vực phi chính thức tiếp cận dịch vụ.",
        ],
    ),
    "th": (
        "th",
        NOTO + "NotoSansThai-Regular.ttf",
        [
            "แรงงานข้ามชาติในอาเซียนต้องการการคุ้มครองทางสังคมที่ครอบคลุมและเป็นธรรม",
            "ระบบบำนาญสำหรับผู้สูงอายุช่วยลดความยากจนในครัวเรือน",
        ],
    ),
    "lo": (
        "lo",
        NOTO + "NotoSansLao-Regular.ttf",
        [
            "ປະເທດລາວມີແຮງງານຫຼາຍທີ່ໄປເຮັດວຽກຢູ່ຕ່າງປະເທດ",
        ],
    ),
    "km": (
        "km",
        NOTO + "NotoSansKhmer-Regular.ttf",
        [
            "ការគាំពារសង្គមសម្រាប់ពលករចំណាកស្រុកគឺជាអាទិភាពរបស់រដ្ឋាភិបាល",
        ],
    ),
    "my": (
        "my",
        NOTO + "NotoSansMyanmar-Regular.ttf",
        [
            "ရွှေ့ပြောင်းအလုပ်သမားများအတွက် လူမှုဖူလုံရေး အာမခံချက် လိုအပ်သည်",
        ],
    ),
    "id": (
        "id",
        DEJAVU,
        [
            "Pemerintah Indonesia melalui Kementerian Ketenagakerjaan memperkuat jaminan sosial. "
            "Karena itu, perlindungan bagi pekerja migran menjadi prioritas nasional tahun ini.",
        ],
    ),
    "ms": (
        "ms",
        DEJAVU,
        [
            "Kerajaan Malaysia komited untuk memperluas perlindungan keselamatan sosial kepada "
            "pekerja asing kerana mereka menyumbang kepada ekonomi negara.",
        ],
    ),
    "fil": (
        "fil",
        DEJAVU,
        [
            "Ang proteksyong panlipunan para sa mga manggagawang migrante ay mahalaga sa "
            "pag-unlad ng bansa at ng kanilang mga pamilya.",
        ],
    ),
}


@dataclass(frozen=True)
class Case:
    """A query, the (document, page) pairs it must find, and what it must not find:
    a document key ("th") or one page of it ("th-1")."""

    language: str
    query: str
    finds: tuple[tuple[str, int], ...]
    not_: tuple[str, ...] = ()
    why: str = ""


CASES: tuple[Case, ...] = (
    Case("en", "resume", (("en", 1),), why="accent folded before matching"),
    Case("en", "naive", (("en", 1),), why="diaeresis folded"),
    Case("en", "guaranteeing", (("en", 2),), why="English stemming after folding"),
    Case("vi", "lao dong di cu", (("vi", 1),), ("lo",), why="unaccented query finds accented text"),
    Case("vi", "lao động di cư", (("vi", 1),), why="accented query too"),
    Case("vi", '"bao hiem y te"', (("vi", 2),), ("vi-1",), why="phrase over folded words"),
    Case("th", "แรงงาน", (("th", 1),), why="a word inside an unspaced sentence"),
    Case("th", "อาเซียน", (("th", 1),), why="another word mid-sentence"),
    Case("th", "ผู้สูงอายุ", (("th", 2),), ("th-1",), why="finds the right page"),
    Case("th", "แรงงานข้ามชาติ", (("th", 1),), why="unspaced query read as a phrase"),
    Case("th", "งาน", (), ("th",), why="part of a word is not a word"),
    Case("lo", "ແຮງງານ", (("lo", 1),), why="Lao word mid-sentence"),
    Case("km", "សង្គម", (("km", 1),), why="Khmer word mid-sentence"),
    Case("km", "ពលករ", (("km", 1),), why="another Khmer word"),
    Case("my", "အလုပ်သမား", (("my", 1),), why="Burmese word mid-sentence"),
    Case("id", "pekerja migran", (("id", 1),), ("ms",), why="Indonesian words"),
    Case("ms", "pekerja asing kerana", (("ms", 1),), ("id",), why="Malay words"),
    Case("fil", "manggagawang migrante", (("fil", 1),), why="Filipino words"),
)


def render(results: dict[Case, tuple[list[tuple[str, int]], bool]]) -> str:
    """The table as Markdown: query, expected, found first, result."""
    lines = [
        "| language | query | must find (doc, page) | must not find | found first | ok |",
        "|---|---|---|---|---|---|",
    ]
    for case, (found, ok) in results.items():
        must = ", ".join(f"{d} p.{p}" for d, p in case.finds) or "nothing"
        got = ", ".join(f"{d} p.{p}" for d, p in found[:3]) or "nothing"
        lines.append(
            f"| {case.language} | `{case.query}` | {must} | "
            f"{', '.join(case.not_) or '—'} | {got} | {'yes' if ok else 'NO'} |"
        )
    return "\n".join(lines)
