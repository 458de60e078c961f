"""Collection record and the list of documents with their metadata.

Each document entry gives the manifest fields, the builder to use in
build.py and the content (from the other modules of this package).
"""

from . import multilingual, slides, texts
from .participants import PARTICIPANTS
from .programme import PROGRAMME
from .report import REPORT

SLUG = "asean-ilo-social-protection-2015"

COLLECTION = {
    "slug": SLUG,
    "title": (
        "ASEAN–ILO/Japan tripartite seminar “Enhancing Social Protection in an "
        "Integrated ASEAN Community”"
    ),
    "start_date": "2015-11-25",
    "end_date": "2015-11-26",
    "venue": "Jakarta, Indonesia",
    "description": (
        "A two-day tripartite seminar held in Jakarta on 25–26 November 2015, a few weeks "
        "before the launch of the ASEAN Economic Community at the end of 2015. It was "
        "organised by the International Labour Organization with the Ministry of Manpower "
        "of the Republic of Indonesia, with funding from the Government of Japan through the "
        "ASEAN–ILO/Japan project, and brought together governments, employers' organisations "
        "and workers' organisations of the ten ASEAN Member States, together with the ASEAN "
        "Secretariat.\n\n"
        "Participants reviewed the state of social protection in the region, the Regional "
        "Framework and Action Plan adopted in 2015 to implement the ASEAN Declaration on "
        "Strengthening Social Protection (23rd ASEAN Summit, Bandar Seri Begawan, October "
        "2013), the measurement of progress towards SDG target 1.3 and indicator 1.3.1, and "
        "labour migration and social protection for migrant workers, and adopted "
        "recommendations. The documents in this collection are stand-ins written for "
        "software testing, not the original seminar documents."
    ),
    "organisers": [
        "International Labour Organization",
        "Ministry of Manpower of the Republic of Indonesia",
    ],
    "programme": PROGRAMME,
}

ILO = "International Labour Organization"
ROAP = "ILO Regional Office for Asia and the Pacific"
PROJECT = "ASEAN–ILO/Japan project"
SP = "social protection"


# English titles and descriptions of the summaries (title_en, description_en in the manifest).
ENGLISH = {
    "summary-recommendations-id.pdf": (
        "Summary of the recommendations of the ASEAN–ILO/Japan tripartite seminar on social "
        "protection",
        "Summary in Indonesian of the seminar's sixteen recommendations, on social protection "
        "floors, extending coverage, migrant workers and measuring progress.",
    ),
    "summary-vi.pdf": (
        "Enhancing social protection in an integrated ASEAN Community",
        "Summary in Vietnamese of the seminar: background, the main points on social "
        "protection and labour migration, and the recommendations.",
    ),
    "summary-th.pdf": (
        "Enhancing social protection in an integrated ASEAN Community",
        "Summary in Thai of the seminar, on social protection, migrant workers and the "
        "recommendations.",
    ),
    "summary-km.pdf": (
        "Enhancing social protection in an integrated ASEAN Community",
        "Summary in Khmer of the seminar.",
    ),
}


def doc(file, title, type_, date, language, creators, subjects, description, builder, content):
    english = ENGLISH.get(file, ("", ""))
    return {
        "title_en": english[0],
        "description_en": english[1],
        "file": file,
        "title": title,
        "type": type_,
        "date": date,
        "language": language,
        "creators": creators,
        "subjects": subjects,
        "description": description,
        "builder": builder,
        "content": content,
    }


def deck_doc(file, content, date, creators, subjects, description):
    return doc(
        file,
        content["title"],
        "presentation",
        date,
        "en",
        creators,
        subjects,
        description,
        "deck",
        content,
    )


DOCUMENTS = [
    doc(
        "ilo-state-of-social-protection-in-asean-2015.pdf",
        REPORT["title"],
        "report",
        "2015",
        "en",
        [ILO, ROAP],
        [
            SP,
            "social protection floors",
            "universal health coverage",
            "pensions",
            "migrant workers",
            "financing",
            "ASEAN Economic Community",
        ],
        "Background report reviewing social protection in the ten ASEAN Member States along the "
        "life cycle, covering health protection, income security, migrant workers and financing. "
        "It proposes national and regional options ahead of the ASEAN Economic Community.",
        "report",
        REPORT,
    ),
    doc(
        "opening-speech-ilo.pdf",
        texts.SPEECH["title"],
        "speech",
        "2015-11-25",
        "en",
        [ILO, ROAP],
        [SP, "ASEAN integration", "social dialogue", "migrant workers"],
        "Opening remarks by the ILO's Deputy Regional Director for Asia and the Pacific, "
        "linking ASEAN integration, the 2013 ASEAN Declaration and SDG target 1.3 to the "
        "extension of social protection.",
        "short",
        texts.SPEECH,
    ),
    deck_doc(
        "presentation-state-of-social-protection-in-asean.pdf",
        slides.STATE,
        "2015-11-25",
        [
            ILO,
            "ILO Decent Work Technical Support Team for East and South-East Asia and the Pacific",
        ],
        [SP, "social protection floors", "coverage gaps"],
        "Slides summarising the background report: concepts, health protection, income "
        "security across the life cycle, migrant workers and financing.",
    ),
    deck_doc(
        "presentation-regional-framework-action-plan.pdf",
        slides.FRAMEWORK,
        "2015-11-25",
        ["ASEAN Secretariat"],
        [SP, "ASEAN Declaration on Strengthening Social Protection", "regional cooperation"],
        "Slides on the Regional Framework and Action Plan adopted in 2015 to implement the "
        "ASEAN Declaration on Strengthening Social Protection, its main areas of work and "
        "the roles of ASEAN bodies.",
    ),
    deck_doc(
        "presentation-sdg-indicators.pdf",
        slides.SDG,
        "2015-11-26",
        [ILO, "ILO Social Protection Department"],
        [SP, "Sustainable Development Goals", "SDG indicator 1.3.1", "statistics"],
        "Slides on measuring progress towards SDG target 1.3 with the proposed indicator "
        "1.3.1, data sources and options for regional monitoring in ASEAN.",
    ),
    deck_doc(
        "presentation-labour-migration-in-asean.pdf",
        slides.MIGRATION,
        "2015-11-26",
        [ILO, ROAP],
        ["labour migration", "migrant workers", "recruitment", "Cebu Declaration"],
        "Slides on labour migration patterns and corridors in ASEAN, the regional "
        "frameworks and the main policy issues for an integrated region.",
    ),
    deck_doc(
        "presentation-social-protection-for-migrant-workers.pdf",
        slides.MIGRANT_SP,
        "2015-11-26",
        [ILO, PROJECT],
        [SP, "migrant workers", "portability", "social security agreements"],
        "Slides on why migrant workers lack social protection, the principles of equality "
        "of treatment and portability, and options for ASEAN.",
    ),
    doc(
        "press-release-en.pdf",
        texts.PRESS_EN["title"],
        "press-release",
        "2015-11-25",
        "en",
        [ILO],
        [SP, "ASEAN", "migrant workers", "press release"],
        "Press release announcing the Jakarta tripartite seminar on social protection in an "
        "integrated ASEAN Community and summarising the background report's findings.",
        "short",
        texts.PRESS_EN,
    ),
    doc(
        "press-release-id.pdf",
        texts.PRESS_ID["title"],
        "press-release",
        "2015-11-25",
        "id",
        [ILO],
        ["perlindungan sosial", "ASEAN", "pekerja migran", "siaran pers"],
        "Siaran pers dalam Bahasa Indonesia tentang seminar tripartit di Jakarta mengenai "
        "perlindungan sosial dalam Komunitas ASEAN; terjemahan dari siaran pers berbahasa Inggris.",
        "short",
        texts.PRESS_ID,
    ),
    doc(
        "list-of-participants.pdf",
        "List of participants",
        "participant-list",
        "2015-11-25",
        "en",
        [ILO, PROJECT],
        ["participants", "tripartism", "ASEAN Member States"],
        "List of participants by country and constituency (governments, employers, workers, "
        "ILO, ASEAN Secretariat); the names in this stand-in are fictitious.",
        "participants",
        PARTICIPANTS,
    ),
    doc(
        "seminar-recommendations.pdf",
        texts.RECOMMENDATIONS["title"],
        "recommendations",
        "2015-11-26",
        "en",
        ["Participants of the ASEAN–ILO/Japan tripartite seminar", ILO],
        [
            SP,
            "social protection floors",
            "migrant workers",
            "SDG indicator 1.3.1",
            "social dialogue",
        ],
        "Sixteen recommendations: define national social protection floors through social "
        "dialogue, extend coverage to informal and migrant workers with portable benefits, "
        "create fiscal space, and monitor progress with regional indicators aligned with SDG 1.3.1.",
        "short",
        texts.RECOMMENDATIONS,
    ),
    doc(
        "summary-recommendations-id.pdf",
        texts.SUMMARY_ID["title"],
        "other",
        "2015-11-26",
        "id",
        [ILO, PROJECT],
        ["perlindungan sosial", "rekomendasi", "pekerja migran"],
        "Ringkasan berbahasa Indonesia atas enam belas rekomendasi seminar, tentang landasan "
        "perlindungan sosial, perluasan cakupan, pekerja migran dan pengukuran kemajuan.",
        "summary",
        texts.SUMMARY_ID,
    ),
    doc(
        "summary-vi.pdf",
        multilingual.SUMMARY_VI["title"],
        "other",
        "2015-11-26",
        "vi",
        [ILO, PROJECT],
        ["bảo trợ xã hội", "lao động di cư", "ASEAN"],
        "Tóm tắt tiếng Việt về hội thảo: bối cảnh, các nội dung chính về bảo trợ xã hội và "
        "lao động di cư, và các khuyến nghị.",
        "summary",
        multilingual.SUMMARY_VI,
    ),
    doc(
        "summary-th.pdf",
        multilingual.SUMMARY_TH["title"],
        "other",
        "2015-11-26",
        "th",
        [ILO, PROJECT],
        ["การคุ้มครองทางสังคม", "แรงงานข้ามชาติ", "อาเซียน"],
        "สรุปผลการสัมมนาเป็นภาษาไทย เกี่ยวกับการคุ้มครองทางสังคม แรงงานข้ามชาติ และข้อเสนอแนะ",
        "summary",
        multilingual.SUMMARY_TH,
    ),
    doc(
        "summary-km.pdf",
        multilingual.SUMMARY_KM["title"],
        "other",
        "2015-11-26",
        "km",
        [ILO, PROJECT],
        ["ការគាំពារសង្គម", "ពលករចំណាកស្រុក", "អាស៊ាន"],
        "សេចក្តីសង្ខេបជាភាសាខ្មែរ អំពីសិក្ខាសាលា ការគាំពារសង្គម ពលករចំណាកស្រុក និងអនុសាសន៍។",
        "summary",
        multilingual.SUMMARY_KM,
    ),
]
