"""The seminar's programme, from the facts of its documents (no times or chairs: none given).

Speakers: each slide deck and the opening speech name the speaker by role and office; the
list of participants gives the (fictitious) name that goes with that role and office. The
ASEAN Secretariat's deck names only "a representative", so that talk has a role, no name.
Days come from the documents' dates; the "special session" on migrant workers is named in
the press release; the speech lists the talks of the two days.
"""

ROAP = "ILO Regional Office for Asia and the Pacific"


def talk(title, speaker, documents):
    return {"title": title, "speakers": [speaker], "documents": documents}


PROGRAMME = {
    "days": [
        {
            "date": "2015-11-25",
            "documents": [
                "press-release-en.pdf",
                "press-release-id.pdf",
                "list-of-participants.pdf",
            ],
            "sessions": [
                {
                    "title": "Opening",
                    "contributions": [
                        talk(
                            "Enhancing social protection in an integrated ASEAN Community",
                            {
                                "name": "Ms Helena Marsh",
                                "role": "Deputy Regional Director",
                                "affiliation": ROAP,
                            },
                            ["opening-speech-ilo.pdf"],
                        )
                    ],
                },
                {
                    "title": "Presentations",
                    "contributions": [
                        talk(
                            "The state of social protection in ASEAN",
                            {
                                "name": "Mr Pierre Lemaire",
                                "role": "Senior Social Security Specialist",
                                "affiliation": "ILO Decent Work Technical Support Team for East and South-East Asia and the Pacific",
                            },
                            [
                                "presentation-state-of-social-protection-in-asean.pdf",
                                "ilo-state-of-social-protection-in-asean-2015.pdf",
                            ],
                        ),
                        talk(
                            "The Regional Framework and Action Plan to implement the ASEAN Declaration on Strengthening Social Protection",
                            {
                                "role": "Representative of the ASEAN Secretariat",
                                "affiliation": "ASEAN Secretariat, ASEAN Socio-Cultural Community Department",
                            },
                            ["presentation-regional-framework-action-plan.pdf"],
                        ),
                    ],
                },
            ],
        },
        {
            "date": "2015-11-26",
            "documents": [
                "summary-recommendations-id.pdf",
                "summary-vi.pdf",
                "summary-th.pdf",
                "summary-km.pdf",
            ],
            "sessions": [
                {
                    "title": "Presentations",
                    "contributions": [
                        talk(
                            "Measuring progress: social protection and the SDG indicators",
                            {
                                "name": "Ms Priya Raman",
                                "role": "Social Protection Statistician",
                                "affiliation": "ILO Social Protection Department",
                            },
                            ["presentation-sdg-indicators.pdf"],
                        )
                    ],
                },
                {
                    "title": "Special session on migrant workers",
                    "contributions": [
                        talk(
                            "Labour migration in ASEAN: trends and policy issues",
                            {
                                "name": "Mr Jonas Eklund",
                                "role": "Labour Migration Specialist",
                                "affiliation": ROAP,
                            },
                            ["presentation-labour-migration-in-asean.pdf"],
                        ),
                        talk(
                            "Social protection for migrant workers in ASEAN",
                            {
                                "name": "Ms Naomi Fujita",
                                "role": "Chief Technical Adviser",
                                "affiliation": "ASEAN–ILO/Japan project",
                            },
                            ["presentation-social-protection-for-migrant-workers.pdf"],
                        ),
                    ],
                },
                {
                    "title": "Recommendations",
                    "documents": ["seminar-recommendations.pdf"],
                },
            ],
        },
    ]
}
