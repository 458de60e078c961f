"""The stand-in ILO report, assembled from its parts."""

from .report_ch1_3 import CH1, CH2, CH3
from .report_ch4 import CH4
from .report_ch5_7 import ANNEX, BIBLIOGRAPHY, CH5, CH6, CH7, COUNTRY_PROFILES, METHOD_NOTE
from .report_front import FRONT_MATTER, IMPRINT_PAGE, TITLE, TITLE_PAGE

REPORT = {
    **TITLE_PAGE,
    "short_title": TITLE,
    "imprint_page": IMPRINT_PAGE,
    "front_matter": FRONT_MATTER,
    "chapters": [  # (number, title, markup[, shorter running header])
        ("1", "Introduction", CH1),
        ("2", "Social protection in ASEAN: concepts", CH2),
        ("3", "Health protection", CH3),
        (
            "4",
            "Income security for children, people of working age and older persons",
            CH4,
            "Income security over the life cycle",
        ),
        ("5", "Migrant workers", CH5),
        ("6", "Financing social protection", CH6),
        ("7", "The way forward", CH7),
    ],
    "back_matter": [
        ("Bibliography", BIBLIOGRAPHY),
        ("Annex 1: Social protection institutions by Member State", ANNEX),
        ("Annex 2: Country profiles", COUNTRY_PROFILES),
        ("Annex 3: Methodological note", METHOD_NOTE),
    ],
}
