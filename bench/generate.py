"""Deterministic seminar-like material for the benchmarks: page text, PDFs, filled catalogs.

Everything here is a pure function of a seed: the same seed gives the same words, the same
documents and the same PDF bytes, so two runs (or two machines) measure the same work.

* Text: English (and some Bahasa Indonesia) sentences and paragraphs drawn from a
  vocabulary of common words, social-protection and labour-migration terms (some of them
  multi-word, so phrases occur naturally) and a long tail of rare words, with Zipf-like
  frequencies; each document leans on a few topic words; pages of about 3.4 KB.
* PDFs (fpdf2, core Helvetica font): portrait reports of 20-80 pages with headings and a
  table, landscape slide decks of 10-20 pages, and one large PDF (about 50 MB of image data)
  for the download benchmark.
* Catalogs: N pages of generated text inserted straight into a catalog through the
  SQLAlchemy models (fake SHA-256 values, ``index_pending=True``), without PDF extraction,
  so the index and search benchmarks can reach 100,000 pages in minutes.

Run ``python -m bench.generate --help`` to produce any of these by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import itertools
import logging
import multiprocessing
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PAGE_CHARS = 3400  # mean length of a generated page of text
TAIL_WORDS = 100_000  # rare words at the end of the Zipf ranking
ZIPF_S = 1.15
ZIPF_Q = 2.7
FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)

# -- vocabularies ---------------------------------------------------------------------------------

EN_FUNCTION = """the of and to in a for is on that by with as are be this from at or it an
have has which their not was were will its also can more other all these been such than
into they would should between may but there who through within about under both each most
only over those where while however including among well through per new one two three
first many must our we need further across some could do any how so""".split()  # noqa: SIM905

EN_COMMON = """people work time year years government part number way case group system
programme programmes issue issues area areas right information change level state states
world life need needs service result results example process role approach measures
action actions practice practices experience question questions point plan plans age
rules cost costs market markets member members office officials agency order basis
terms context challenge challenges problem problems response impact impacts effect
effects outcome outcomes objective objectives priority priorities responsibility
resources budget investment value values quality condition conditions situation risk
risks need demand supply group groups person persons individual individuals worker
employer family child mother father home city cities rural urban village province
provinces district local central federal authority authorities institution
institutions organization organizations department committee council board agency
network networks office staff team member leader leaders meeting meetings conference
forum discussion discussions debate proposal proposals decision decisions review
reviews analysis study studies research paper papers document documents article
guidelines guide tool tools model models method methods design approach principle
principles goal goals target targets commitment commitments progress gap gaps lack
barrier barriers opportunity opportunities option options solution solutions
lesson lessons step steps stage phase period month months week weeks day days today
since during before after until already still often usually always never sometimes
however therefore moreover furthermore although because while whereas unless
whether either neither nor yet thus hence indeed particularly especially mainly
largely generally currently recently increasingly relatively approximately nearly
almost around about above below higher lower larger smaller greater fewer less least
best better good poor strong weak high low large small long short full limited broad
wide narrow clear common similar same own whole basic general formal social human
political legal financial economic cultural regional global international foreign
domestic internal external main primary secondary additional further necessary
possible likely able available responsible eligible entitled affordable accessible
fair equal appropriate proper minimum maximum annual monthly daily average standard
make makes made take takes taken give gives given use uses used find finds found
show shows shown see seen know known consider considered report reported suggest
suggests suggested indicate indicates indicated identify identified establish
established set sets create created build built maintain maintained continue
continued remain remains remained become becomes became allow allows allowed help
helps helped enable enables enabled lead leads led follow follows followed receive
receives received pay pays paid earn earns earned spend spent save saved lose lost
move moved leave left return returned enter entered work works worked employ employed
hire hired protect protected cover covers manage managed operate operated fund funded
finance financed collect collected register registered record recorded measure
measured assess assessed monitor monitored review reviewed adopt adopted approve
approved sign signed ratify ratified implement implemented enforce enforced respond
responded participate participated contribute contributed benefit benefited share
shared discuss discussed agree agreed propose proposed recommend recommended
call called note noted highlight highlighted emphasize emphasized stress stressed
focus focused target targeted design designed plan planned""".split()  # noqa: SIM905

EN_DOMAIN = [
    "social protection",
    "migrant workers",
    "labour migration",
    "social security",
    "domestic workers",
    "health insurance",
    "employment injury",
    "minimum wage",
    "ASEAN Member States",
    "decent work",
    "informal economy",
    "fair recruitment",
    "old-age pensions",
    "unemployment benefits",
    "maternity protection",
    "sickness benefits",
    "portability",
    "coverage",
    "contributions",
    "benefits",
    "scheme",
    "schemes",
    "workers",
    "employers",
    "governments",
    "ministry",
    "ministries",
    "policy",
    "policies",
    "protection",
    "migration",
    "migrants",
    "migrant",
    "labour",
    "employment",
    "recruitment",
    "agencies",
    "remittances",
    "reintegration",
    "return",
    "destination",
    "origin",
    "countries",
    "country",
    "region",
    "regional",
    "national",
    "bilateral",
    "agreements",
    "agreement",
    "memorandum",
    "understanding",
    "consensus",
    "declaration",
    "convention",
    "conventions",
    "ratification",
    "standards",
    "rights",
    "gender",
    "women",
    "children",
    "families",
    "households",
    "income",
    "poverty",
    "vulnerability",
    "inequality",
    "floor",
    "floors",
    "universal",
    "contributory",
    "non-contributory",
    "tax-financed",
    "financing",
    "fiscal",
    "space",
    "administration",
    "delivery",
    "registration",
    "enrolment",
    "compliance",
    "enforcement",
    "inspection",
    "occupational",
    "safety",
    "health",
    "care",
    "hospital",
    "medical",
    "disability",
    "survivors",
    "pension",
    "pensions",
    "retirement",
    "savings",
    "provident",
    "fund",
    "insurance",
    "actuarial",
    "valuation",
    "reform",
    "reforms",
    "implementation",
    "capacity",
    "building",
    "tripartite",
    "dialogue",
    "social partners",
    "trade unions",
    "civil society",
    "stakeholders",
    "consultation",
    "recommendations",
    "seminar",
    "workshop",
    "participants",
    "session",
    "panel",
    "presentation",
    "findings",
    "survey",
    "data",
    "statistics",
    "evidence",
    "indicators",
    "monitoring",
    "evaluation",
    "framework",
    "strategy",
    "roadmap",
    "integration",
    "community",
    "economic",
    "development",
    "growth",
    "productivity",
    "skills",
    "training",
    "qualifications",
    "recognition",
    "mobility",
    "visa",
    "permits",
    "undocumented",
    "irregular",
    "trafficking",
    "forced labour",
    "child labour",
    "exploitation",
    "abuse",
    "grievance",
    "complaints",
    "mechanisms",
    "access",
    "justice",
    "legal",
    "law",
    "laws",
    "legislation",
    "regulations",
    "decree",
    "coordination",
    "cooperation",
    "partnership",
    "support",
    "assistance",
    "technical",
    "services",
    "public",
    "private",
    "sector",
    "sectors",
    "agriculture",
    "construction",
    "manufacturing",
    "fisheries",
    "plantation",
    "garment",
    "hospitality",
    "self-employed",
    "wage",
    "wages",
    "earnings",
    "contracts",
    "contract",
    "hours",
    "overtime",
    "leave",
    "dismissal",
    "severance",
    "COVID-19",
    "pandemic",
    "crisis",
    "recovery",
    "resilience",
    "shock",
    "climate",
    "digital",
    "platform",
    "youth",
    "ageing",
    "population",
    "demographic",
    "ASEAN",
    "ILO",
    "IOM",
    "UN Women",
    "World Bank",
    "Secretariat",
    "Indonesia",
    "Philippines",
    "Viet Nam",
    "Thailand",
    "Cambodia",
    "Myanmar",
    "Lao PDR",
    "Malaysia",
    "Singapore",
    "Brunei Darussalam",
    "Timor-Leste",
    "Jakarta",
    "Manila",
    "Bangkok",
    "Kuala Lumpur",
    "Hanoi",
    "Phnom Penh",
    "Vientiane",
    "percent",
    "million",
    "billion",
    "increase",
    "decrease",
    "share",
    "proportion",
    "average",
    "total",
    "rate",
    "rates",
    "level",
    "levels",
    "key",
    "important",
    "significant",
    "effective",
    "adequate",
    "sustainable",
    "inclusive",
    "comprehensive",
    "existing",
    "current",
    "future",
    "recent",
    "main",
    "major",
    "specific",
    "relevant",
    "particular",
    "different",
    "several",
    "various",
    "provide",
    "provides",
    "provided",
    "ensure",
    "extend",
    "extending",
    "improve",
    "strengthen",
    "promote",
    "develop",
    "support",
    "include",
    "includes",
    "require",
    "requires",
    "address",
    "reduce",
    "increase",
    "cover",
    "covered",
    "apply",
    "applied",
    "report",
    "chapter",
    "section",
    "table",
    "figure",
    "annex",
    "box",
    "note",
    "source",
]

ID_FUNCTION = """yang dan di untuk dari dengan dalam ini pada ke tidak akan atau adalah
oleh juga itu sebagai dapat telah bagi serta lebih antara harus masih karena setiap
para sudah tersebut kepada secara melalui agar namun hingga sejak terhadap""".split()  # noqa: SIM905

ID_DOMAIN = [
    "perlindungan sosial",
    "pekerja migran",
    "jaminan sosial",
    "tenaga kerja",
    "perlindungan",
    "sosial",
    "pekerja",
    "migran",
    "jaminan",
    "kesehatan",
    "ketenagakerjaan",
    "pemerintah",
    "kebijakan",
    "negara",
    "kawasan",
    "ASEAN",
    "Indonesia",
    "Malaysia",
    "peserta",
    "iuran",
    "manfaat",
    "program",
    "pensiun",
    "hari tua",
    "kecelakaan kerja",
    "kematian",
    "asuransi",
    "penempatan",
    "perekrutan",
    "agen",
    "majikan",
    "upah",
    "upah minimum",
    "hak",
    "hak-hak",
    "perempuan",
    "keluarga",
    "rumah tangga",
    "pekerja rumah tangga",
    "informal",
    "sektor",
    "pelayanan",
    "layanan",
    "pendaftaran",
    "kepatuhan",
    "pengawasan",
    "peraturan",
    "undang-undang",
    "kementerian",
    "dinas",
    "daerah",
    "nasional",
    "regional",
    "kerja sama",
    "perjanjian",
    "nota kesepahaman",
    "rekomendasi",
    "seminar",
    "lokakarya",
    "laporan",
    "data",
    "survei",
    "jumlah",
    "persen",
    "juta",
    "meningkat",
    "menurun",
    "penting",
    "utama",
    "memberikan",
    "meningkatkan",
    "memperkuat",
    "menjamin",
    "mendukung",
    "pelaksanaan",
    "pembiayaan",
    "reformasi",
    "pemulihan",
    "pandemi",
    "krisis",
    "keterampilan",
    "pelatihan",
    "sertifikasi",
    "pengakuan",
    "mobilitas",
    "kembali",
    "reintegrasi",
    "remitansi",
    "tujuan",
    "asal",
    "pengaduan",
    "mekanisme",
    "akses",
    "keadilan",
    "hukum",
    "tripartit",
    "dialog",
    "serikat pekerja",
    "pengusaha",
    "masyarakat sipil",
    "BPJS Ketenagakerjaan",
    "BPJS Kesehatan",
    "Jakarta",
    "Kuala Lumpur",
    "Singapura",
    "Filipina",
    "Thailand",
]

EN_TOPICS = [
    "Social protection",
    "Labour migration",
    "Extending social security",
    "Portability of social security benefits",
    "Protection of migrant workers",
    "Decent work",
    "Employment injury insurance",
    "Universal health coverage",
    "Skills recognition",
    "Fair recruitment",
    "Domestic workers",
    "Women migrant workers",
    "Unemployment protection",
    "Old-age pensions",
    "Social health insurance",
    "Occupational safety and health",
    "Return and reintegration",
    "Remittances and development",
]
EN_QUALIFIERS = [
    "in {c}",
    "in ASEAN",
    "for migrant workers in {c}",
    "in the informal economy",
    "across ASEAN Member States",
    "after the COVID-19 pandemic",
    ": lessons from {c}",
    ": a regional review",
    ": policy options",
    ": good practices from {c}",
    "and the ASEAN Economic Community",
    ": progress and gaps",
]
ID_TOPICS = [
    "Perlindungan sosial bagi pekerja migran",
    "Jaminan sosial ketenagakerjaan",
    "Perlindungan pekerja rumah tangga",
    "Penempatan dan perlindungan tenaga kerja",
    "Jaminan kesehatan nasional",
    "Reintegrasi pekerja migran",
]
ID_QUALIFIERS = ["di {c}", "di kawasan ASEAN", ": pelajaran dari {c}", ": rekomendasi kebijakan"]
COUNTRIES = [
    "Indonesia",
    "the Philippines",
    "Viet Nam",
    "Thailand",
    "Cambodia",
    "Myanmar",
    "Lao PDR",
    "Malaysia",
    "Singapore",
    "Brunei Darussalam",
]
CREATORS = [
    "International Labour Organization",
    "ASEAN Secretariat",
    "International Organization for Migration",
    "UN Women",
    "Ministry of Manpower, Indonesia",
    "Department of Labor and Employment, Philippines",
    "Ministry of Labour, Invalids and Social Affairs, Viet Nam",
    "Ministry of Human Resources, Malaysia",
    "Ministry of Labour, Thailand",
    "ASEAN Trade Union Council",
    "ASEAN Confederation of Employers",
    "World Bank",
    "Asian Development Bank",
    "Celine Peyron Bista",
    "Nuno Cunha",
    "Manuel Imson",
    "Siti Rahmawati",
    "Nguyen Thi Lan",
    "Somchai Chaiyasit",
    "Maria Santos",
]
# (type, weight, fewest pages, most pages) of generated catalog documents.
DOC_KINDS = [
    ("report", 30, 20, 80),
    ("presentation", 30, 10, 20),
    ("speech", 12, 2, 8),
    ("recommendations", 10, 3, 10),
    ("press-release", 10, 1, 3),
    ("participant-list", 8, 2, 6),
]
COLLECTIONS = [
    ("asean-seminar-2008-manila", "Regional seminar on labour migration", "2008-05-12", "Manila"),
    ("asean-seminar-2010-hanoi", "Tripartite seminar on social security", "2010-10-20", "Hanoi"),
    ("asean-seminar-2012-bangkok", "Forum on migrant workers' rights", "2012-09-04", "Bangkok"),
    ("asean-seminar-2014-yangon", "Workshop on portability of benefits", "2014-03-18", "Yangon"),
    ("asean-seminar-2015-jakarta", "Enhancing social protection", "2015-11-25", "Jakarta"),
    ("asean-seminar-2017-manila", "Consensus on migrant workers", "2017-11-13", "Manila"),
    ("asean-seminar-2019-kl", "Social protection floors in ASEAN", "2019-08-27", "Kuala Lumpur"),
    ("asean-seminar-2022-phnom-penh", "Recovery after the pandemic", "2022-06-14", "Phnom Penh"),
]

_SYLLABLES = (  # noqa: SIM905
    "ka ri to ma sel ven dor lan pi tu ro gen sa mi bra tal nor ek us in pe lo da ne "
    "vi mo ha tri ban cor fel git jo ku le mar nu os par qui ru ste ul va wen xi yo zu"
).split()


@dataclass(frozen=True)
class Vocabulary:
    """Words ranked by frequency, with cumulative Zipf weights for fast sampling."""

    words: tuple[str, ...]
    cum_weights: tuple[float, ...]

    def sample(self, rng: random.Random, k: int) -> list[str]:
        """Draw ``k`` words with Zipf-like frequencies."""
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)


def _tail_words(seed: int, count: int) -> list[str]:
    """Rare pseudo-words (the long tail of real vocabularies: names, jargon, typos)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        word = "".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


def _ranked(function: Sequence[str], domain: Sequence[str], seed: int) -> list[str]:
    """Function words first, then domain words in a seeded order, then the rare tail."""
    rng = random.Random(seed)
    middle = list(dict.fromkeys(domain))
    rng.shuffle(middle)
    numbers = [str(y) for y in range(1990, 2025)] + [str(n) for n in range(1, 100)]
    rng.shuffle(numbers)
    middle[len(middle) // 2 : len(middle) // 2] = numbers
    return [*function, *middle, *_tail_words(seed + 1, TAIL_WORDS)]


def _zipf(words: Sequence[str]) -> Vocabulary:
    weights = ((rank + ZIPF_Q) ** -ZIPF_S for rank in range(1, len(words) + 1))
    return Vocabulary(tuple(words), tuple(itertools.accumulate(weights)))


@functools.cache
def vocabulary(language: str) -> Vocabulary:
    """The ranked vocabulary of ``en`` or ``id``."""
    if language == "id":
        return _zipf(_ranked(ID_FUNCTION, ID_DOMAIN, seed=62))
    return _zipf(_ranked(EN_FUNCTION, [*EN_DOMAIN, *EN_COMMON], seed=44))


# -- text ---------------------------------------------------------------------------------------


def _sentence(rng: random.Random, words: list[str]) -> str:
    if len(words) > 9 and rng.random() < 0.4:
        words[rng.randrange(3, len(words) - 3)] += ","
    first = words[0]
    words[0] = first[:1].upper() + first[1:]
    return " ".join(words) + "."


def paragraph(rng: random.Random, language: str, topic: Sequence[str], chars: int) -> str:
    """A paragraph of about ``chars`` characters leaning on the ``topic`` words."""
    vocab = vocabulary(language)
    words = vocab.sample(rng, max(4, int(chars / 6.6)))
    for _ in range(len(words) // 14):
        words[rng.randrange(len(words))] = rng.choice(topic)
    sentences, start = [], 0
    while start < len(words):
        length = rng.randint(8, 28)
        sentences.append(_sentence(rng, words[start : start + length]))
        start += length
    return " ".join(sentences)


def page_text(rng: random.Random, language: str, topic: Sequence[str]) -> str:
    """A page of 3-7 paragraphs, about ``PAGE_CHARS`` characters in all (varied)."""
    target = int(min(5200, max(1200, rng.gauss(PAGE_CHARS, 600))))
    count = rng.randint(3, 7)
    return "\n\n".join(paragraph(rng, language, topic, target // count) for _ in range(count))


def topic_words(rng: random.Random, language: str) -> list[str]:
    """The few domain words a document dwells on."""
    return rng.sample(ID_DOMAIN if language == "id" else EN_DOMAIN, 12)


# -- documents ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocSpec:
    """Everything about one generated document except its text (made from ``seed``)."""

    number: int
    seed: int
    type: str
    language: str
    title: str
    creators: tuple[str, ...]
    date: str
    collection: str
    pages: int

    @property
    def sha256(self) -> str:
        """A fake but unique SHA-256 (catalog rows that have no file)."""
        return hashlib.sha256(f"bench-doc:{self.seed}:{self.number}".encode()).hexdigest()

    def rng(self) -> random.Random:
        return random.Random(self.seed * 1_000_003 + self.number)

    def page_texts(self) -> list[str]:
        """The text of every page (deterministic)."""
        rng = self.rng()
        topic = topic_words(rng, self.language)
        return [page_text(rng, self.language, topic) for _ in range(self.pages)]


def _title(rng: random.Random, language: str) -> str:
    topics, quals = (ID_TOPICS, ID_QUALIFIERS) if language == "id" else (EN_TOPICS, EN_QUALIFIERS)
    qual = rng.choice(quals).format(c=rng.choice(COUNTRIES))
    return f"{rng.choice(topics)}{'' if qual.startswith(':') else ' '}{qual}"


def _date(rng: random.Random, collection_start: str) -> str:
    year = int(collection_start[:4]) - rng.choice((0, 0, 0, 1, 2))
    if rng.random() < 0.2:
        return str(year)
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def doc_spec(seed: int, number: int, *, kind: tuple[str, int, int, int] | None = None) -> DocSpec:
    """The ``number``-th document of a seeded corpus."""
    rng = random.Random(f"spec:{seed}:{number}")
    type_, _, low, high = kind or rng.choices(DOC_KINDS, weights=[k[1] for k in DOC_KINDS])[0]
    language = "id" if rng.random() < 0.15 else "en"
    slug, _, start, _ = rng.choice(COLLECTIONS)
    return DocSpec(
        number=number,
        seed=seed,
        type=type_,
        language=language,
        title=_title(rng, language),
        creators=tuple(rng.sample(CREATORS, rng.randint(1, 3))),
        date=_date(rng, start),
        collection=slug,
        pages=rng.randint(low, high),
    )


def plan(seed: int, total_pages: int) -> list[DocSpec]:
    """Documents whose pages add up to exactly ``total_pages`` (the last one is cut short)."""
    specs: list[DocSpec] = []
    remaining = total_pages
    for number in itertools.count(1):
        if remaining <= 0:
            return specs
        spec = doc_spec(seed, number)
        if spec.pages > remaining:
            spec = DocSpec(**{**spec.__dict__, "pages": remaining})
        specs.append(spec)
        remaining -= spec.pages
    raise AssertionError("unreachable")


# -- catalog filling ----------------------------------------------------------------------------


def _texts_of(spec: DocSpec) -> tuple[DocSpec, list[str]]:
    return spec, spec.page_texts()


def _generated(specs: list[DocSpec], procs: int) -> Iterator[tuple[DocSpec, list[str]]]:
    if procs <= 1:
        yield from map(_texts_of, specs)
        return
    with multiprocessing.get_context("fork").Pool(procs) as pool:
        yield from pool.imap(_texts_of, specs, chunksize=8)


def _ensure_collections(archive: Any) -> dict[str, int]:
    from sqlalchemy import select

    from archive.catalog import Collection

    with archive.catalog.session() as session:
        have = {c.slug: c.id for c in session.scalars(select(Collection))}
        for slug, title, start, venue in COLLECTIONS:
            if slug not in have:
                col = Collection(slug=slug, title=title, start_date=start, venue=venue)
                session.add(col)
                session.flush()
                have[slug] = col.id
    return have


def _document_row(spec: DocSpec, collection_id: int, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": spec.number,
        "sha256": spec.sha256,
        "title": spec.title,
        "creators": list(spec.creators),
        "date": spec.date,
        "type": spec.type,
        "language": spec.language,
        "subjects": ["social protection", "labour migration"],
        "description": "",
        "collection_id": collection_id,
        "original_filename": f"bench-{spec.number:06d}.pdf",
        "size": 40_000 * spec.pages,
        "page_count": spec.pages,
        "has_text": True,
        "status": "published",
        "withdrawn_reason": "",
        "index_pending": True,
        "added_at": now,
        "updated_at": now,
    }


def fill_catalog(
    archive: Any,
    total_pages: int,
    *,
    seed: int = 1,
    procs: int = 2,
    batch_docs: int = 100,
    progress: Callable[[int], None] | None = None,
) -> list[DocSpec]:
    """Insert ``total_pages`` pages of generated documents into an (empty) catalog.

    Rows go in through the SQLAlchemy models in batches, with fake SHA-256 values and
    ``index_pending=True``: the catalog then looks as if the PDFs had been ingested but
    never indexed. Returns the documents' specs.
    """
    from sqlalchemy import insert

    from archive.catalog import Document, Page

    collections = _ensure_collections(archive)
    specs = plan(seed, total_pages)
    now = dt.datetime.now(dt.UTC)
    docs: list[dict[str, Any]] = []
    pages: list[dict[str, Any]] = []

    def flush() -> None:
        with archive.catalog.session() as session:
            session.execute(insert(Document), docs)
            session.execute(insert(Page), pages)
        if progress:
            progress(len(pages))
        docs.clear()
        pages.clear()

    for spec, texts in _generated(specs, procs):
        docs.append(_document_row(spec, collections[spec.collection], now))
        pages.extend(
            {"document_id": spec.number, "number": n, "text": t} for n, t in enumerate(texts, 1)
        )
        if len(docs) >= batch_docs:
            flush()
    if docs:
        flush()
    return specs


# -- PDFs ---------------------------------------------------------------------------------------


def _new_pdf(spec: DocSpec, *, landscape: bool) -> Any:
    from fpdf import FPDF

    pdf = FPDF(orientation="L" if landscape else "P", format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(spec.title)
    pdf.set_author("; ".join(spec.creators))
    pdf.set_subject("Seminar document (generated for benchmarks)")
    pdf.set_auto_page_break(True, margin=12)
    return pdf


def _heading(pdf: Any, text: str, size: int) -> None:
    pdf.set_font("helvetica", "B", size)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _table(pdf: Any, rng: random.Random) -> None:
    pdf.set_font("helvetica", size=9)
    header = ("Country", "Workers covered (%)", "Migrants (thousands)", "Schemes")
    with pdf.table(col_widths=(50, 40, 40, 30), text_align="LEFT") as table:
        table.row(header)
        for country in rng.sample(COUNTRIES, 8):
            table.row(
                (
                    country,
                    f"{rng.uniform(5, 95):.1f}",
                    f"{rng.randint(20, 4500):,}",
                    str(rng.randint(1, 9)),
                )
            )
    pdf.ln(4)


def write_report(spec: DocSpec, path: Path) -> None:
    """A portrait report: title page, numbered headings, body text, one table."""
    rng = spec.rng()
    topic = topic_words(rng, spec.language)
    pdf = _new_pdf(spec, landscape=False)
    pdf.add_page()
    _heading(pdf, spec.title, 20)
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 7, f"{'; '.join(spec.creators)}\n{spec.date}", new_x="LMARGIN", new_y="NEXT")
    chapter = 0
    while pdf.page_no() < spec.pages:
        pdf.add_page()
        if rng.random() < 0.35:
            chapter += 1
            _heading(pdf, f"{chapter}. {_title(rng, spec.language)}", 14)
        if chapter == 1 and pdf.page_no() <= 3:
            _table(pdf, rng)
        pdf.set_font("helvetica", size=10)
        text = page_text(rng, spec.language, topic)
        pdf.multi_cell(0, 4.6, text[:3600], new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def write_slides(spec: DocSpec, path: Path) -> None:
    """A landscape slide deck: a title and five to seven bullets per slide."""
    rng = spec.rng()
    topic = topic_words(rng, spec.language)
    pdf = _new_pdf(spec, landscape=True)
    for number in range(1, spec.pages + 1):
        pdf.add_page()
        title = spec.title if number == 1 else _title(rng, spec.language)
        _heading(pdf, title, 24)
        pdf.set_font("helvetica", size=16)
        for _ in range(rng.randint(5, 7)):
            bullet = paragraph(rng, spec.language, topic, rng.randint(60, 110))
            pdf.multi_cell(0, 8, f"- {bullet}", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def pdf_spec(seed: int, number: int) -> DocSpec:
    """The ``number``-th PDF of a corpus: two reports for each slide deck."""
    if number % 3 == 0:
        return doc_spec(seed, number, kind=("presentation", 1, 10, 20))
    return doc_spec(seed, number, kind=("report", 1, 20, 80))


def _write_pdf(job: tuple[DocSpec, str]) -> str:
    spec, target = job
    path = Path(target)
    tmp = path.with_suffix(".part")
    (write_slides if spec.type == "presentation" else write_report)(spec, tmp)
    tmp.rename(path)
    return target


def make_pdfs(
    folder: Path, count: int, *, seed: int = 7, procs: int = 2, max_pages: int | None = None
) -> list[Path]:
    """Write (or reuse) ``count`` PDFs into ``folder``; return their paths in order.

    ``max_pages`` caps each document's length (for the quick smoke size).
    """
    folder.mkdir(parents=True, exist_ok=True)
    jobs = []
    paths = []
    for number in range(1, count + 1):
        spec = pdf_spec(seed, number)
        if max_pages is not None and spec.pages > max_pages:
            spec = DocSpec(**{**spec.__dict__, "pages": max_pages})
        path = folder / f"{spec.type}-{seed}-{number:04d}.pdf"
        paths.append(path)
        if not path.exists():
            jobs.append((spec, str(path)))
    if jobs:
        with multiprocessing.get_context("fork").Pool(procs) as pool:
            for done in pool.imap_unordered(_write_pdf, jobs):
                log.debug("wrote %s", done)
    return paths


def make_large_pdf(path: Path, *, megabytes: int = 50, seed: int = 5) -> Path:
    """A PDF of about ``megabytes`` MB: pages of text, each with a large noise image."""
    if path.exists():
        return path
    from fpdf import FPDF
    from PIL import Image

    rng = random.Random(seed)
    side = 1024
    images = max(1, round(megabytes * 1e6 / (side * side * 3)))
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title("Annex: scanned survey forms (large file)")
    pdf.set_compression(False)
    topic = topic_words(rng, "en")
    for _ in range(images):
        pdf.add_page()
        pdf.set_font("helvetica", size=10)
        pdf.multi_cell(0, 4.6, page_text(rng, "en", topic)[:1500], new_x="LMARGIN", new_y="NEXT")
        noise = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
        pdf.image(noise, x=10, y=120, w=120)
    tmp = path.with_suffix(".part")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(tmp))
    tmp.rename(path)
    return path


# -- command line -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    """Generate benchmark material by hand."""
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("pdfs", help="write N generated PDFs into a folder")
    p.add_argument("folder", type=Path)
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--seed", type=int, default=7)
    c = sub.add_parser("catalog", help="fill a fresh data dir's catalog with N pages")
    c.add_argument("data_dir", type=Path)
    c.add_argument("--pages", type=int, default=10_000)
    c.add_argument("--seed", type=int, default=1)
    t = sub.add_parser("text", help="print one generated page")
    t.add_argument("--language", default="en")
    t.add_argument("--seed", type=int, default=1)
    big = sub.add_parser("large-pdf", help="write the ~50 MB PDF")
    big.add_argument("path", type=Path)
    args = parser.parse_args(argv)
    if args.what == "pdfs":
        for path in make_pdfs(args.folder, args.count, seed=args.seed):
            print(path)
    elif args.what == "catalog":
        from archive.config import Settings
        from archive.service import Archive

        archive = Archive.open(Settings.from_env(data_dir=args.data_dir), prepare_index=False)
        specs = fill_catalog(archive, args.pages, seed=args.seed)
        print(f"{len(specs)} documents, {args.pages} pages in {args.data_dir}")
    elif args.what == "text":
        rng = random.Random(args.seed)
        print(page_text(rng, args.language, topic_words(rng, args.language)))
    else:
        print(make_large_pdf(args.path))


__all__ = [
    "DocSpec",
    "doc_spec",
    "fill_catalog",
    "make_large_pdf",
    "make_pdfs",
    "page_text",
    "plan",
    "vocabulary",
]

if __name__ == "__main__":
    main()
