"""Front matter of the stand-in report (title page, foreword, summary)."""

TITLE = "The state of social protection in ASEAN at the dawn of integration"

TITLE_PAGE = {
    "publisher": "International Labour Organization · Regional Office for Asia and the Pacific",
    "title": TITLE,
    "subtitle": (
        "Background report prepared for the ASEAN–ILO/Japan tripartite seminar "
        "“Enhancing Social Protection in an Integrated ASEAN Community”, "
        "Jakarta, Indonesia, 25–26 November 2015"
    ),
    "imprint": (
        "ASEAN–ILO/Japan project on social protection · Organised with the Ministry of "
        "Manpower of the Republic of Indonesia, with funding from the Government of Japan"
    ),
}

IMPRINT_PAGE = """
First published 2015.

This stand-in text was written for the testing of a document archive. It imitates the form of a regional background report but is not an ILO publication, and its wording is not taken from any real document. Tables and charts contain illustrative figures only and must not be cited as statistics.

The designations employed and the presentation of material in this document do not imply the expression of any opinion whatsoever concerning the legal status of any country, area or territory or of its authorities. Responsibility for opinions expressed in signed contributions rests solely with their authors.
"""

FOREWORD = """
At the end of 2015 the ten Member States of the Association of Southeast Asian Nations will launch the ASEAN Economic Community. Goods, services, investment and skilled labour are expected to move more freely across the region, and the economies of Southeast Asia will become ever more closely tied to one another. Integration brings opportunities for growth and better jobs, but it also brings adjustment: some industries will expand, others will contract, and many workers will change jobs, sectors or even countries.

Social protection is what allows women and men to face these changes without falling into poverty. It pays for the doctor when a child is ill, replaces income when a worker is injured or loses a job, and provides a pension in old age. It also helps economies: households that are protected can invest in the education of their children, take reasonable risks and keep spending when times are hard.

In October 2013 the Heads of State and Government of ASEAN adopted the ASEAN Declaration on Strengthening Social Protection at the 23rd ASEAN Summit in Bandar Seri Begawan. In 2015 a Regional Framework and Action Plan was adopted to put the Declaration into practice. In September 2015 the United Nations General Assembly adopted the 2030 Agenda for Sustainable Development, whose target 1.3 calls on all countries to implement nationally appropriate social protection systems and measures for all, including floors.

This report takes stock of where the region stands at this turning point. It was prepared as a background document for the tripartite seminar held in Jakarta on 25 and 26 November 2015, which brought together representatives of governments, employers' organisations and workers' organisations of the ten ASEAN Member States. We are grateful to the Government of Indonesia, and in particular the Ministry of Manpower, for hosting the seminar, and to the Government of Japan for its continued support through the ASEAN–ILO/Japan project.

We hope that the report will help the constituents of the ILO and their ASEAN partners to turn shared commitments into national action.

**Regional Director, ILO Regional Office for Asia and the Pacific**
"""

ABBREVIATIONS = """
Table A.1 Abbreviations used in this report
| Abbreviation | Meaning |
| ABND | Assessment-based national dialogue |
| ACMW | ASEAN Committee on the Implementation of the ASEAN Declaration on the Protection and Promotion of the Rights of Migrant Workers |
| AEC | ASEAN Economic Community |
| AFML | ASEAN Forum on Migrant Labour |
| AMS | ASEAN Member States |
| ASEAN | Association of Southeast Asian Nations |
| ASSA | ASEAN Social Security Association |
| BPJS | Badan Penyelenggara Jaminan Sosial (social security administering bodies, Indonesia) |
| CCT | Conditional cash transfer |
| CPF | Central Provident Fund (Singapore) |
| EPF | Employees Provident Fund (Malaysia) |
| GDP | Gross domestic product |
| ILO | International Labour Organization |
| JKN | Jaminan Kesehatan Nasional (national health insurance, Indonesia) |
| NSSF | National Social Security Fund |
| OOP | Out-of-pocket (health expenditure) |
| SDG | Sustainable Development Goal |
| SLOM | ASEAN Senior Labour Officials Meeting |
| SOMSWD | ASEAN Senior Officials Meeting on Social Welfare and Development |
| SPF | Social protection floor |
| UHC | Universal health coverage |

The names of countries follow ASEAN usage: Brunei Darussalam, Cambodia, Indonesia, Lao People's Democratic Republic (Lao PDR), Malaysia, Myanmar, the Philippines, Singapore, Thailand and Viet Nam.
"""

EXECUTIVE_SUMMARY = """
## Key messages

- Social protection in Southeast Asia has expanded quickly over the past fifteen years, but coverage remains uneven between and within countries. Workers in the informal economy, who make up the majority of the labour force in several Member States, are the least protected.
- Health protection has moved furthest. Several countries have set themselves the goal of universal health coverage and have merged or extended schemes to reach it, yet high out-of-pocket payments still push households into poverty.
- Income security is weakest for children and for people of working age. Child benefits are rare, and few workers can rely on unemployment protection when they lose their jobs.
- Pension systems are changing. Provident funds, civil service schemes and new social pensions coexist, and the challenge is to offer adequate and predictable benefits to a population that is ageing fast.
- Migrant workers often fall between two systems. Without agreements on equality of treatment and the portability of benefits, contributions paid abroad may be lost.
- The cost of a basic social protection floor is within reach in every Member State if it is phased in and financed through a mix of taxes and contributions.
- The ASEAN Declaration on Strengthening Social Protection and its Regional Framework and Action Plan, together with SDG target 1.3, provide a common agenda. Tripartite social dialogue is essential to turn it into national strategies.

## Purpose and scope

This report describes the state of social protection in the ten ASEAN Member States on the eve of the launch of the ASEAN Economic Community. It draws on national legislation, the reports of social security institutions, the assessment-based national dialogue exercises carried out in the region and the discussions of the ASEAN–ILO/Japan project. It is organised along the life cycle: after an introduction and a chapter on concepts, it looks at health protection, at income security for children, for people of working age and for older persons, at the special situation of migrant workers and at financing, before setting out a way forward.

## What the seminar is asked to consider

The seminar in Jakarta is invited to discuss three questions. First, how can Member States extend coverage to the informal economy and to groups that are still excluded, including migrant workers? Second, how can the region measure progress towards social protection floors and towards SDG target 1.3 with comparable data? Third, what can ASEAN do collectively, beyond national reforms, to make integration fair for the workers who move across borders? The final chapter offers options on each question for the tripartite participants to consider.
"""

FRONT_MATTER = [
    ("Foreword", FOREWORD),
    ("Abbreviations", ABBREVIATIONS),
    ("Executive summary", EXECUTIVE_SUMMARY),
]

ACKNOWLEDGEMENTS = """
This report was prepared by a team of the ILO Regional Office for Asia and the Pacific and the ILO Decent Work Technical Support Team for East and South-East Asia and the Pacific, under the ASEAN–ILO/Japan project on social protection. It benefited from comments by colleagues in ILO country offices across the region and at headquarters in Geneva.

The team is grateful to the officials of ministries of labour, social welfare, health and finance, to the staff of national social security institutions and to the representatives of employers' and workers' organisations who shared information and views during the preparation of the report. Their experience is the foundation of the regional picture presented here.

Special thanks are due to the Ministry of Manpower of the Republic of Indonesia for co-organising the tripartite seminar in Jakarta, to the ASEAN Secretariat for its cooperation, and to the Government of Japan, whose financial support through the ASEAN–ILO/Japan project made both the report and the seminar possible.

The views expressed in this report are those of its authors and do not necessarily reflect those of the ILO, its constituents or the Government of Japan. Any errors are the responsibility of the authors.

In this stand-in version, the authors are not named; the text was written for testing purposes.
"""

FRONT_MATTER.insert(1, ("Acknowledgements", ACKNOWLEDGEMENTS))
