"""Five presentations as slide markup: '# ' starts a slide, '- ' a bullet."""

EVENT = "ASEAN–ILO/Japan tripartite seminar · Enhancing Social Protection in an Integrated ASEAN Community"
WHERE = "Jakarta, Indonesia, 25–26 November 2015"


def deck(title, presenter, footer, slides):
    return {
        "event": EVENT,
        "title": title,
        "presenter": presenter,
        "where": WHERE,
        "footer": footer,
        "slides": slides,
    }


STATE = deck(
    "The state of social protection in ASEAN",
    "Senior Social Security Specialist, ILO Decent Work Technical Support Team for East and South-East Asia and the Pacific",
    "The state of social protection in ASEAN · Jakarta, 25 November 2015",
    """
# Outline
- Why social protection matters for ASEAN integration
- Concepts: the social protection floor and the staircase
- Health protection
- Income security across the life cycle
- Migrant workers and financing
- Key messages for discussion

# Integration: opportunities and risks
- ASEAN Economic Community launched at the end of 2015
- More trade and investment, new value chains, more labour mobility
- Restructuring: jobs created in some sectors, lost in others
- Large informal economy: most workers without social insurance
- Social protection helps workers and enterprises to adjust

# A shared commitment
- ASEAN Declaration on Strengthening Social Protection (23rd Summit, Bandar Seri Begawan, October 2013)
- Regional Framework and Action Plan adopted in 2015
- ILO Social Protection Floors Recommendation, 2012 (No. 202)
- 2030 Agenda: SDG target 1.3 on social protection systems and floors

# The social protection floor
- Four basic guarantees defined nationally:
  - essential health care, including maternity care
  - basic income security for children
  - basic income security in active age (sickness, unemployment, maternity, disability)
  - basic income security for older persons
- Then higher levels of protection for as many people as possible (Convention No. 102)

# Three families of national systems
Table 1 Main types of systems (simplified)
| Type | Countries | Main feature |
| Provident funds | Malaysia, Singapore, partly Brunei | Individual savings accounts |
| Social insurance | Indonesia, Philippines, Thailand, Viet Nam | Pooled risks, defined benefits |
| Emerging systems | Cambodia, Lao PDR, Myanmar | New laws, institutions being built |
Source: simplified classification for discussion.

# Health protection: the most progress
- Several countries aim at universal health coverage
- Thailand: Universal Coverage Scheme since the early 2000s
- Indonesia: national health insurance (JKN) launched January 2014
- Remaining challenges: out-of-pocket payments, quality, remote areas
- Informal workers are the frontier of coverage

# Income security for children
- Few universal child benefits in the region
- Conditional cash transfers in Indonesia and the Philippines
- Scholarships and school feeding elsewhere
- Gaps: young children, targeting errors, children of migrant workers

# Income security in working age
- Employment injury: the oldest and most widespread branch
- Sickness and maternity: often paid by employers, weak compliance
- Unemployment insurance only in a few countries (e.g. Thailand, Viet Nam)
- Severance pay is no substitute for unemployment protection

# Income security in old age
- Fast population ageing in several Member States
- Provident funds: lump sums, risk of outliving savings
- Social pensions spreading: Brunei, Thailand, Viet Nam, the Philippines
- Need for adequate, indexed and sustainable pensions

# Coverage gaps at a glance
Table 2 Where the gaps are (illustrative)
| Group | Health | Income security |
| Formal-sector employees | Mostly covered | Mostly covered |
| Own-account and informal workers | Partly covered | Largely uncovered |
| Migrant workers | Partly covered | Largely uncovered |
| Older persons without pension | Mostly covered | Social pensions in some countries |
Source: illustrative assessment for discussion; not official data.

# Migrant workers
- Large intra-ASEAN corridors, many workers in irregular situations
- Exclusion by law, by sector or in practice
- Contributions lost on return: no portability
- Cebu Declaration (2007) provides a regional basis for action

# Financing: affordable if phased in
- National costing exercises: basic floor within reach
- Fiscal space: fairer taxation, reallocation, contributions
- Good governance of social security funds
- Integrated delivery systems reduce administrative costs

# Key messages
- Protection must keep pace with integration
- Close the missing middle: informal and migrant workers
- Build on the Declaration, the Action Plan and SDG target 1.3
- Measure progress with common indicators
- Tripartite social dialogue at every step
""",
)

FRAMEWORK = deck(
    "The Regional Framework and Action Plan to implement the ASEAN Declaration on Strengthening Social Protection",
    "Representative of the ASEAN Secretariat, ASEAN Socio-Cultural Community Department",
    "Regional Framework and Action Plan · Jakarta, 25 November 2015",
    """
# Outline
- The ASEAN Declaration on Strengthening Social Protection (2013)
- From Declaration to Regional Framework and Action Plan (2015)
- Strategic areas and regional activities
- Roles of ASEAN sectoral bodies
- Monitoring and next steps

# The Declaration at a glance
- Adopted at the 23rd ASEAN Summit, Bandar Seri Begawan, October 2013
- Social protection as a basic human right of everyone
- Rights-based, needs-based and life-cycle approach
- Priority to the poor, the vulnerable and those at risk
- Names children, older persons, persons with disabilities and migrant workers

# Commitments in the Declaration
- Extend coverage, including to the informal economy
- Improve access to basic services and social safety nets
- Ensure adequate, sustainable financing
- Strengthen institutions and delivery mechanisms
- Promote regional cooperation and sharing of good practice

# Why a Regional Framework and Action Plan?
- Declarations set direction; action plans set tasks
- Social protection spans several ASEAN sectoral bodies
- Need for coordination, timelines and responsibility
- Adopted by ASEAN in 2015 to guide implementation

# Main areas of work (as summarised here)
- Policy development and national strategies
- Capacity building of institutions and personnel
- Research, data and knowledge management
- Monitoring and evaluation of progress
- Partnerships with social partners, civil society and development partners

# Who does what
Table 1 ASEAN bodies involved (simplified)
| Body | Main focus |
| SOMSWD | Social welfare, social assistance, coordination |
| SLOM | Social insurance, labour protection, migrant workers |
| SOMHD | Health protection and health financing |
| SOMRDPE | Rural development and poverty eradication |
Source: simplified presentation for discussion.

# Examples of regional activities
- Regional studies on coverage and good practices
- Training for social protection and social security officials
- Peer learning visits between Member States
- Guidelines on social protection for vulnerable groups
- Regional forums with employers' and workers' organisations

# National action remains key
- Regional plan supports, but does not replace, national strategies
- Each Member State sets its own floor and priorities
- National focal points to link regional and national work
- Budget allocations follow national processes

# Role of the social partners
- Employers and workers as co-designers of contributory schemes
- Representation on boards of social security institutions
- Voice for informal and migrant workers
- Tripartite seminars such as this one feed regional work

# Monitoring progress
- Regular reporting by sectoral bodies to ministers
- Need for common indicators of coverage
- Link with SDG target 1.3 and its indicator
- Mid-term review of the Action Plan

# Challenges ahead
- Coordination across pillars and sectoral bodies
- Different levels of development among Member States
- Limited regional data on social protection
- Resources for regional activities

# Next steps
- Disseminate the Regional Framework and Action Plan nationally
- Identify priority activities for 2016–2017
- Agree on a regional list of indicators
- Report on progress to the relevant ministerial meetings
""",
)

SDG = deck(
    "Measuring progress: social protection and the SDG indicators",
    "Social Protection Statistician, ILO Social Protection Department",
    "Measuring progress with the SDG indicators · Jakarta, 26 November 2015",
    """
# Outline
- Social protection in the 2030 Agenda
- Target 1.3 and the proposed indicator 1.3.1
- How coverage is measured
- Data sources and gaps in ASEAN
- Towards regional monitoring

# The 2030 Agenda (September 2015)
- 17 Sustainable Development Goals, 169 targets
- Goal 1: end poverty in all its forms everywhere
- Social protection is a means to end poverty and reduce inequality
- Indicators being finalised by the Inter-agency and Expert Group on SDG Indicators

# Target 1.3
- Implement nationally appropriate social protection systems and measures for all, including floors
- By 2030, achieve substantial coverage of the poor and the vulnerable
- Directly reflects the ILO Social Protection Floors Recommendation (No. 202)

# Proposed indicator 1.3.1
- Proportion of population covered by social protection floors/systems
- By sex, and distinguishing:
  - children, unemployed persons, older persons, persons with disabilities
  - pregnant women and newborns, work-injury victims
  - the poor and the vulnerable

# Other related targets
Table 1 SDG targets linked to social protection
| Target | Subject |
| 1.3 | Social protection systems and floors |
| 3.8 | Universal health coverage, financial risk protection |
| 5.4 | Unpaid care work and social protection policies |
| 8.8 | Labour rights, including of migrant workers |
| 10.4 | Fiscal, wage and social protection policies for equality |
Source: 2030 Agenda, summarised.

# Measuring effective coverage
- Legal coverage: who is entitled by law
- Effective coverage: who actually contributes or receives benefits
- Indicator 1.3.1 focuses on effective coverage, group by group
- Example: pension recipients divided by population above retirement age

# Data sources
- Administrative data from schemes and programmes
  - annual, but risk of double counting
- Household and labour force surveys
  - allow analysis by sex, age, income, but less frequent
- ILO Social Security Inquiry collects administrative data from countries

# Gaps in ASEAN data
- Administrative data fragmented across many agencies
- Few surveys ask about social protection
- Limited disaggregation by sex, disability and migration status
- Migrant workers often invisible in statistics

# An illustrative dashboard
Table 2 Coverage ratios for a fictional country (illustrative figures, per cent)
| Group | 2010 | 2015 |
| Children receiving benefits | 12 | 18 |
| Older persons receiving a pension | 35 | 52 |
| Unemployed receiving benefits | 5 | 9 |
| Mothers with newborns receiving benefits | 20 | 26 |
Source: illustrative figures for a fictional country; not real data.

# Towards regional monitoring in ASEAN
- Agree on a common list of indicators and definitions
- Add a social protection module to national surveys
- Compile administrative data in a common template
- Publish a regular regional monitoring report

# Role of national statistical systems
- National statistical offices as partners of line ministries
- Capacity building on social protection statistics
- Data sharing agreements between institutions
- Protect personal data while improving registries

# Key messages
- What gets measured gets done
- Indicator 1.3.1 requires data from every scheme
- ASEAN can lead by agreeing common indicators early
- Start with existing data and improve step by step
""",
)

MIGRATION = deck(
    "Labour migration in ASEAN: trends and policy issues",
    "Labour Migration Specialist, ILO Regional Office for Asia and the Pacific",
    "Labour migration in ASEAN · Jakarta, 26 November 2015",
    """
# Outline
- Patterns of labour migration in ASEAN
- Who are the migrant workers?
- Regional frameworks on labour migration
- Recruitment and working conditions
- Policy issues for an integrated region

# Patterns of migration
- Millions of ASEAN nationals work in another Member State
- Main destinations: Thailand, Malaysia, Singapore, Brunei Darussalam
- Main origins: Myanmar, Cambodia, Lao PDR, Indonesia, the Philippines, Viet Nam
- Many also migrate outside ASEAN: East Asia and the Gulf

# Main intra-ASEAN corridors
Table 1 Main corridors (simplified)
| Origin | Destination | Main sectors |
| Myanmar, Cambodia, Lao PDR | Thailand | Agriculture, fishing, construction, manufacturing |
| Indonesia | Malaysia | Plantations, construction, domestic work |
| Malaysia, Indonesia, Philippines | Singapore | Services, construction, domestic work |
| Philippines, Indonesia | Brunei Darussalam | Domestic work, services |
Source: simplified overview for discussion.

# Who are the migrant workers?
- Mostly low- and semi-skilled workers
- Women concentrated in domestic work and care
- Many in irregular situations, especially across land borders
- Seasonal and circular migration is common

# Skilled mobility under the AEC
- Mutual recognition arrangements for selected professions
- Engineering, nursing, architecture, surveying, accountancy, medical and dental practitioners, tourism
- Covers only a small share of migrant workers
- Most labour migration governed by national rules and bilateral MOUs

# Regional frameworks
- Cebu Declaration on the Protection and Promotion of the Rights of Migrant Workers (2007)
- ASEAN Committee on the implementation of the Cebu Declaration (ACMW)
- ASEAN Forum on Migrant Labour, held every year since 2008
- Instrument foreseen by the Cebu Declaration still under negotiation

# Recruitment
- High recruitment fees and debt bondage risks
- Role of private recruitment agencies and brokers
- Bilateral memoranda of understanding on recruitment
- Need for fair recruitment practices and their enforcement

# Working conditions
- Long hours and low wages in some sectors
- Domestic workers often excluded from labour law
- Retention of passports and restrictions on changing employers
- Limited access to complaints mechanisms

# Benefits of migration
- Remittances support families and local economies
- Labour shortages filled in destination countries
- Skills and experience acquired abroad
- Benefits depend on good governance of migration

# Policy issues
- Reduce the cost of migration for workers
- Regular channels that match labour demand
- Protection of rights regardless of status
- Social protection, including portability of benefits
- Data on labour migration flows and stocks

# Key messages
- Labour mobility will grow with integration
- Most migrants are outside the scope of skilled mobility arrangements
- Protection and regular channels go hand in hand
- Social dialogue in origin and destination countries
""",
)

MIGRANT_SP = deck(
    "Social protection for migrant workers in ASEAN",
    "Chief Technical Adviser, ASEAN–ILO/Japan project",
    "Social protection for migrant workers · Jakarta, 26 November 2015",
    """
# Outline
- Why migrant workers lack social protection
- International principles
- Tools: agreements and unilateral measures
- Practices in the region
- Options for ASEAN

# Why migrant workers are left out
- Legal exclusion of non-nationals from some schemes
- Exclusion of sectors: domestic work, agriculture, fishing
- Minimum periods of contribution too long for temporary workers
- Irregular status, language barriers, lack of information
- Contributions lost when workers return home

# International principles
- Equality of treatment with nationals
- Determination of the applicable legislation
- Maintenance of acquired rights: export of benefits abroad
- Maintenance of rights in course of acquisition: totalisation
- Mutual administrative assistance between institutions

# ILO standards
- Equality of Treatment (Social Security) Convention, 1962 (No. 118)
- Maintenance of Social Security Rights Convention, 1982 (No. 157)
- Domestic Workers Convention, 2011 (No. 189)
- Social Protection Floors Recommendation, 2012 (No. 202)

# Portability explained
- Portability = the ability to keep and transfer social security rights across borders
- Exportability: benefits paid when living abroad
- Totalisation: insurance periods in several countries added together
- Requires cooperation between social security institutions

# Social security agreements
- Bilateral agreements coordinate national schemes
- Each country keeps its own rules
- Few agreements between ASEAN Member States so far
- Multilateral approaches used in other regions

# Unilateral measures
- Equal access to national schemes for migrant workers
- Lump-sum refund of contributions on departure
- Payment of employment injury benefits abroad
- Voluntary membership for nationals working abroad
- Welfare funds for overseas workers in countries of origin

# Coverage by branch (illustrative)
Table 1 Typical position of migrant workers (illustrative)
| Branch | Destination country | Country of origin |
| Employment injury | Usually covered | Rarely covered |
| Health care | Partly covered | Voluntary schemes |
| Old age | Refund or excluded | Voluntary schemes |
| Unemployment | Rarely covered | Not covered |
Source: illustrative overview for discussion; not a legal survey.

# Domestic workers
- Mostly women, often excluded from social insurance
- Work in private households, hard to inspect
- Maternity and health care especially important
- Convention No. 189 calls for equal social security conditions

# Workers in irregular situations
- Employment injury compensation regardless of status
- Access to emergency health care
- Regularisation programmes as a pathway to coverage
- Separate health services from immigration enforcement

# Options for ASEAN
- Step 1: equality of treatment, employment injury and health care
- Step 2: payment of benefits abroad and refund of contributions
- Step 3: bilateral agreements with totalisation
- Step 4: a regional framework on the coordination of social security

# Key messages
- Migrant workers pay twice and are protected once, or not at all
- Portability is a shared responsibility of origin and destination
- Start with practical, unilateral steps
- Employers' and workers' organisations in both countries must be involved
""",
)
