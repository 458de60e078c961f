"""Chapters 5-7 and back matter of the stand-in report."""

CH5 = """
## 5.1 Labour mobility in ASEAN

Labour migration is a long-standing feature of Southeast Asia. Millions of women and men from the region work in another Member State, and many more work outside the region, in East Asia and the Gulf. Intra-ASEAN migration follows a few large corridors: from Cambodia, Lao PDR and Myanmar to Thailand; from Indonesia and other neighbouring countries to Malaysia; and from Malaysia, Indonesia and the Philippines to Singapore and Brunei Darussalam. Most of these migrants are low- or semi-skilled workers employed in agriculture, fisheries, construction, manufacturing and domestic work, and a significant share travel and work without regular status.

The ASEAN Economic Community facilitates the mobility of skilled professionals through mutual recognition arrangements in a limited number of occupations. The bulk of intra-regional migration, however, concerns workers who are not covered by these arrangements and whose movements are governed by national immigration law and bilateral memoranda of understanding on recruitment.

## 5.2 The regional framework for migrant workers

In January 2007, at the 12th ASEAN Summit in Cebu, the Philippines, the leaders of ASEAN adopted the ASEAN Declaration on the Protection and Promotion of the Rights of Migrant Workers, known as the Cebu Declaration. It sets out obligations of sending and receiving States and commits ASEAN to develop an instrument on the protection and promotion of the rights of migrant workers. An ASEAN Committee on the Implementation of the Cebu Declaration was established, and the ASEAN Forum on Migrant Labour has met every year since 2008, bringing together governments, employers' and workers' organisations and civil society. At the time of writing, negotiations on the instrument called for by the Cebu Declaration have not been concluded.

The ASEAN Declaration on Strengthening Social Protection of 2013 explicitly includes migrant workers among those entitled to equitable access to social protection. Together, the two declarations give a clear mandate for regional work on the social security of migrant workers.

> Box 5.1 What the Cebu Declaration asks of sending and receiving States
The Cebu Declaration of 2007 asks receiving States to intensify efforts to protect the fundamental human rights of migrant workers, to promote their welfare and to facilitate access to resources and remedies. It asks sending States to strengthen measures for the promotion and protection of their nationals, including through pre-departure information and reintegration programmes after return. It also commits ASEAN as a whole to cooperation against trafficking in persons and to the development of an ASEAN instrument on the rights of migrant workers, which remains under negotiation.

## 5.3 Why migrant workers are left out

Migrant workers face barriers to social security at every stage of their migration. Before departure, they may not be informed of their entitlements. In the country of destination, national legislation may exclude non-nationals from certain schemes, set minimum periods of residence or contribution that temporary workers cannot meet, or cover them only for employment injury. Many migrant workers are employed in sectors that are excluded from social insurance altogether, such as domestic work, agriculture and fishing. Workers in an irregular situation are usually unable to claim benefits even where the law covers them.

On return, workers discover that contributions paid abroad give no entitlement at home, and that periods worked abroad do not count towards pensions in their country of origin. If they are entitled to a pension in the country of destination, they may be unable to receive it once they leave. The result is a double penalty: migrant workers and their employers pay contributions for which no benefit will ever be received.

Table 5.1 Typical treatment of migrant workers in social security schemes of destination countries (illustrative)
| Branch | Typical legal position | Practical barriers |
| Employment injury | Covered, sometimes under separate insurance | Employers fail to report accidents; workers fear dismissal |
| Health care | Covered if insured or through compulsory private insurance | Cost of insurance; language; distance |
| Maternity | Partially covered | Pregnancy may lead to loss of work permit |
| Old age | Lump-sum refund or excluded | No exportability of pensions |
| Unemployment | Rarely covered | Work permit tied to one employer |
Source: compiled for this stand-in report; illustrative, not a legal survey.

## 5.4 Principles: equality of treatment and portability

International standards offer a clear set of principles. Equality of treatment means that migrant workers should enjoy the same social security rights as nationals. The maintenance of acquired rights means that benefits earned in one country should be paid even when the beneficiary lives in another: this is the exportability of benefits. The maintenance of rights in course of acquisition means that periods of insurance completed in different countries should be added together, or totalised, to determine entitlement. Together, exportability and totalisation make up what is commonly called the portability of social security rights.

These principles are embodied in the Equality of Treatment (Social Security) Convention, 1962 (No. 118) and the Maintenance of Social Security Rights Convention, 1982 (No. 157) of the ILO, and they are put into practice mainly through bilateral and multilateral social security agreements. Such agreements coordinate national schemes without harmonising them: each country keeps its own rules, but agrees on which legislation applies to a worker, how periods abroad are counted and how benefits are paid across borders.

## 5.5 Social security agreements and other tools for portability

Bilateral social security agreements between ASEAN Member States remain rare, although several Member States have concluded agreements with countries outside the region. Negotiating and administering agreements requires strong institutions and reliable data exchange, which are still being built in some countries. A multilateral approach, inspired by regional arrangements elsewhere, could reduce the cost of negotiating many bilateral treaties, but would need to accommodate the coexistence of provident funds and social insurance schemes.

Short of full agreements, unilateral and administrative measures can improve portability. Destination countries can allow migrant workers to join national schemes on equal terms, pay lump-sum refunds of contributions on departure when no pension can be exported, and pay benefits abroad through banks. Countries of origin can offer voluntary membership to their nationals working abroad and count periods of contribution paid abroad. Employment injury benefits can be paid to injured workers and survivors who have returned home, if institutions cooperate. The ASEAN Social Security Association provides a forum in which social security institutions can agree on such practical arrangements.

Figure 5.1 Number of bilateral social security agreements in force, by type of partner (illustrative figures)
With another ASEAN Member State | 1
With countries in East Asia | 6
With countries in Europe | 9
With other countries | 4
Note: illustrative figures for a stand-in report; not a count of actual agreements.

## 5.6 Domestic workers and workers in irregular situations

Domestic workers, most of them women, are among the least protected migrant workers. Their work takes place in private households, outside the scope of labour inspection, and they are excluded from social insurance in several Member States. The Domestic Workers Convention, 2011 (No. 189) calls for social security conditions no less favourable than those of workers generally, including with respect to maternity. Workers in irregular situations face even greater obstacles. Regularisation programmes, access to employment injury compensation regardless of status and firewalls between health services and immigration enforcement are among the measures that can protect them.

## 5.7 Options for the region

The seminar may wish to consider a gradual approach: first, ensuring equality of treatment and coverage for employment injury and health care in destination countries; second, facilitating the payment of benefits abroad and the refund or transfer of contributions; third, exploring bilateral and eventually regional agreements on totalisation. Information for migrant workers before departure and on arrival, registration procedures in their language and the involvement of employers' and workers' organisations in both countries are essential at every stage.
"""

CH6 = """
## 6.1 Is social protection affordable?

Public spending on social protection in most ASEAN Member States is low by international comparison, and a large part of it is devoted to pensions for civil servants. The question often asked is whether the region can afford to spend more. Assessment-based national dialogue exercises carried out in several Member States answered by costing a set of basic guarantees, such as universal child benefits, social pensions and benefits for persons with disabilities, and comparing the cost with national income and government revenue over the following decade.

The results were encouraging. In each country where the exercise was conducted, the cost of a comprehensive social protection floor was found to be a modest share of gross domestic product, and the cost of individual benefits, such as a social pension, was smaller still. As economies grow, the relative cost falls. The question is therefore less whether floors are affordable than how to mobilise resources and in what sequence to introduce benefits.

Table 6.1 Estimated annual cost of selected basic guarantees (illustrative figures, per cent of GDP)
| Benefit | Low-cost design | Medium design | Comprehensive design |
| Universal child benefit (children under 6) | 0.3 | 0.6 | 1.0 |
| Social pension (age 65 and above) | 0.2 | 0.5 | 0.9 |
| Disability allowance | 0.1 | 0.2 | 0.3 |
| Maternity cash benefit for informal workers | 0.05 | 0.1 | 0.2 |
| Total | 0.65 | 1.4 | 2.4 |
Source: illustrative figures for a stand-in report, modelled on the structure of rapid assessment costing; not official estimates.

## 6.2 Creating fiscal space

Fiscal space for social protection can be created in several ways. The most important is a stronger and fairer tax system: tax revenue as a share of GDP remains low in several Member States, and broadening the tax base, reducing exemptions and improving collection would yield substantial resources. Reallocating public expenditure, for example from untargeted fuel subsidies to social transfers, is another route that some Member States have taken in recent years. Official development assistance can support start-up costs in lower-income Member States but is not a basis for permanent benefits.

Social security contributions are the second pillar of financing. Extending contributory coverage to more workers increases revenue while creating entitlements. Contribution rates should be set through social dialogue and balanced against their effect on labour costs and formalisation. In the informal economy, governments may subsidise contributions for low-income workers, as several health insurance schemes in the region already do.

Figure 6.1 Composition of social protection financing, by type of system (illustrative figures, per cent of total)
Social insurance contributions | 45
General tax revenue | 40
Provident fund savings | 12
Other sources | 3
Note: illustrative figures for a stand-in report.

> Box 6.1 The assessment-based national dialogue
The assessment-based national dialogue is a participatory method for planning a social protection floor. Ministries, social security institutions, employers' and workers' organisations and civil society first compare existing schemes with the four guarantees of Recommendation No. 202 and list the gaps. They then agree on policy options to close them, and a simple costing model projects the cost of each option over ten years against GDP and government revenue. Finally, the results are presented to decision-makers for endorsement. The method has been applied in several ASEAN Member States and has helped to move social protection from the social ministries onto the agenda of finance and planning ministries.

## 6.3 Sound governance of social security funds

Contributory schemes and provident funds in the region manage considerable reserves. Their governance matters for members and for the economy. Good practice includes tripartite boards in which employers and workers are represented, clear investment policies with prudent rules on risk, regular actuarial valuations, transparent reporting and independent audits. Investment of reserves in government bonds at below-market returns, or in projects chosen for reasons other than members' interests, erodes the benefits of future pensioners.

## 6.4 Administrative costs and delivery

The cost of delivering benefits deserves as much attention as the cost of the benefits themselves. Fragmented programmes, each with its own registration, targeting and payment system, duplicate effort and confuse beneficiaries. Single registries, integrated management information systems, payments through bank accounts or mobile money and one-stop service centres can lower administrative costs and make programmes easier to use. Several Member States are building such systems, often starting from the databases of their largest cash transfer or health insurance programmes.

## 6.5 Financing and the economic cycle

Social protection acts as an automatic stabiliser: when the economy slows, benefit spending rises and supports demand. Schemes that are well designed and already in place in good times are far more effective in a crisis than emergency programmes created in haste. Building reserves in contributory schemes and securing legal entitlements for tax-financed benefits help protect social spending against cuts when revenue falls.
"""

CH7 = """
## 7.1 From commitments to national strategies

The preceding chapters show a region in which social protection has expanded quickly but unevenly. The ASEAN Declaration on Strengthening Social Protection, its Regional Framework and Action Plan and SDG target 1.3 provide a shared direction. The next step is for each Member State to translate these commitments into a national strategy that sets priorities, a timetable and a financing plan, and that is agreed through tripartite social dialogue and consultation with other stakeholders.

## 7.2 Priorities for national action

Five priorities emerge for national action. They are not a blueprint, and each Member State will sequence them according to its own circumstances.

- Define a nationally appropriate social protection floor, with guarantees for health, children, people of working age and older persons, and anchor it in law.
- Extend contributory schemes to workers in small enterprises, own-account workers and domestic workers through adapted rules and subsidised contributions.
- Introduce or strengthen unemployment protection linked with employment services and training, so that workers can adjust to structural change.
- Ensure equality of treatment for migrant workers and take practical steps towards the payment of benefits across borders.
- Invest in delivery systems, from single registries to payment mechanisms, and in the collection of data to monitor coverage and adequacy.

## 7.3 Regional cooperation

ASEAN cooperation can add value where national action alone is not enough. The roadmap for the coming years could include the development of a regional set of social protection indicators aligned with SDG indicator 1.3.1; peer reviews and the exchange of experience among Member States; technical cooperation among social security institutions through the ASEAN Social Security Association; and a regional dialogue on the social security of migrant workers, building on the Cebu Declaration and the work of the ASEAN Forum on Migrant Labour.

Table 7.1 Possible regional milestones, 2016–2020
| Period | Milestone | Lead bodies (suggested) |
| 2016 | Agree a regional list of social protection indicators | SOMSWD, SLOM, with statistical offices |
| 2016–2017 | Publish a first regional monitoring report | ASEAN Secretariat with development partners |
| 2017–2018 | Guidelines on social security for migrant workers | SLOM, ASSA, ACMW |
| 2018–2020 | Peer reviews of national social protection floors | Member States, tripartite partners |
Source: suggestions of the stand-in report for discussion; not agreed by ASEAN bodies.

## 7.4 Measuring progress

What is not measured is rarely managed. SDG target 1.3 will be monitored through an indicator on the proportion of the population covered by social protection floors or systems, broken down by sex and by groups such as children, unemployed persons, older persons, persons with disabilities, pregnant women and newborns, work-injury victims and the poor and vulnerable. Producing such figures requires administrative data from every scheme and household surveys that ask the right questions. A regional effort to harmonise definitions and build statistical capacity would allow ASEAN to report its progress credibly and to learn from the differences between Member States.

> Box 7.1 Social protection in the 2030 Agenda for Sustainable Development
Social protection appears in several places in the 2030 Agenda. Target 1.3 asks countries to implement nationally appropriate social protection systems and measures for all, including floors, and to achieve substantial coverage of the poor and the vulnerable by 2030. Target 3.8 concerns universal health coverage, including financial risk protection. Target 5.4 refers to social protection policies in recognising unpaid care and domestic work, target 8.8 to the protection of labour rights, including those of migrant workers, and target 10.4 to fiscal, wage and social protection policies that achieve greater equality.

Figure 7.1 Number of SDG targets that refer to social protection or closely related policies, by goal (illustrative count for discussion)
Goal 1 No poverty | 2
Goal 3 Good health and well-being | 1
Goal 5 Gender equality | 1
Goal 8 Decent work and economic growth | 2
Goal 10 Reduced inequalities | 2
Note: illustrative count for a stand-in report; other readings of the Agenda are possible.

## 7.5 The role of social dialogue

Social protection touches the interests of everyone: workers who pay contributions and receive benefits, employers who share the cost and rely on a healthy and secure workforce, and governments responsible for the overall system. Tripartite social dialogue, extended where appropriate to organisations representing workers in the informal economy, older persons and persons with disabilities, gives reforms legitimacy and durability. The Jakarta seminar itself is an example of such dialogue at the regional level. Its recommendations can help ensure that the ASEAN Community, as it is launched, is a community that protects its people.
"""

BIBLIOGRAPHY = """
This stand-in report cites public instruments and flagship reports by title only; it does not reproduce their text.

- ASEAN. 2007. __ASEAN Declaration on the Protection and Promotion of the Rights of Migrant Workers__ (Cebu, 13 January 2007).
- ASEAN. 2013. __ASEAN Declaration on Strengthening Social Protection__ (Bandar Seri Begawan, 9 October 2013).
- ASEAN. 2015. __Regional Framework and Action Plan to Implement the ASEAN Declaration on Strengthening Social Protection__ (Jakarta, ASEAN Secretariat).
- ASEAN. 2015. __ASEAN 2025: Forging Ahead Together__ (Jakarta, ASEAN Secretariat).
- ILO. 1952. __Social Security (Minimum Standards) Convention, 1952 (No. 102)__ (Geneva).
- ILO. 1962. __Equality of Treatment (Social Security) Convention, 1962 (No. 118)__ (Geneva).
- ILO. 1982. __Maintenance of Social Security Rights Convention, 1982 (No. 157)__ (Geneva).
- ILO. 2011. __Domestic Workers Convention, 2011 (No. 189)__ (Geneva).
- ILO. 2012. __Social Protection Floors Recommendation, 2012 (No. 202)__ (Geneva).
- ILO. 2014. __World Social Protection Report 2014/15: Building economic recovery, inclusive development and social justice__ (Geneva).
- United Nations. 2015. __Transforming our world: The 2030 Agenda for Sustainable Development__, General Assembly resolution A/RES/70/1 (New York).
- WHO; World Bank. 2015. __Tracking universal health coverage: First global monitoring report__ (Geneva).
"""

ANNEX = """
The table below lists the main institutions and programmes mentioned in this report, by Member State. It is indicative and does not claim to be complete.

Table A.2 Main social protection institutions and programmes by Member State
| Country | Social insurance / provident fund institutions | Tax-financed programmes (examples) |
| Brunei Darussalam | Employees trust fund; supplementary contributory pension | Universal old-age pension; disability allowance; public health services |
| Cambodia | National Social Security Fund; fund for civil servants | Health equity funds; scholarships; school feeding |
| Indonesia | BPJS Kesehatan; BPJS Ketenagakerjaan | Program Keluarga Harapan; subsidised health insurance premiums |
| Lao PDR | National social security fund | Free maternal and child health services; fee exemptions |
| Malaysia | Employees Provident Fund; Social Security Organisation | Assistance for poor households, older persons and persons with disabilities |
| Myanmar | Social Security Board | Maternal and child cash transfer pilots; public health services |
| Philippines | Social Security System; Government Service Insurance System; national health insurance | Pantawid Pamilyang Pilipino Program; social pension for indigent senior citizens |
| Singapore | Central Provident Fund | Targeted income and health support schemes |
| Thailand | Social Security Office | Universal Coverage Scheme; old-age allowance; child support grant pilots |
| Viet Nam | Viet Nam Social Security | Social pension; social assistance for the poor; health insurance subsidies |
Source: compiled for this stand-in report from public descriptions; indicative only.
"""

COUNTRY_PROFILES = """
These short profiles summarise, in general terms, how each Member State organises social protection. They are written for a stand-in report and describe institutions only in broad outline.

## Brunei Darussalam

Brunei Darussalam combines generous tax-financed provision with compulsory savings. Citizens and permanent residents benefit from public health services at very low cost and from a universal old-age pension, complemented by allowances for persons with disabilities and other needy groups. Employees contribute to a trust fund that builds individual savings for retirement, and a supplementary contributory pension was added to provide monthly income in old age. The main policy questions concern the adequacy of retirement savings for private-sector workers and the protection of foreign workers, who make up a large part of the private workforce.

## Cambodia

Cambodia has built its social protection system in stages. The National Social Security Fund began with employment injury insurance for private-sector employees and is preparing to add health insurance for them, while separate funds serve civil servants and veterans. Health equity funds pay for the care of poor patients identified through the national poverty identification system. Scholarships and school feeding support children. A national strategy for the poor and vulnerable guided reforms in recent years, and a broader social protection policy framework is under preparation.

## Indonesia

Indonesia is carrying out one of the largest social security reforms in the world. Following the national social security system law of 2004 and the law on social security administering bodies of 2011, BPJS Kesehatan launched national health insurance in January 2014, and BPJS Ketenagakerjaan took over employment injury, death, old-age savings and a new pension programme in 2015. On the non-contributory side, the Program Keluarga Harapan conditional cash transfer, rice subsidies for poor households and scholarships form the core. Enrolling informal workers in contributory schemes is the main challenge.

## Lao People's Democratic Republic

Lao PDR adopted a social security law in 2013 that brought schemes for civil servants and private-sector employees under a single national social security fund. Health protection combines fee exemptions for the poor, free maternal and child health services and social health insurance for formal workers, with a view to a unified national health insurance. Coverage outside the formal sector remains limited, and the country is working to develop a national social protection strategy.

## Malaysia

Malaysia's system rests on the Employees Provident Fund, one of the oldest and largest provident funds in the region, and on the Social Security Organisation, which insures employees against employment injury and invalidity. Public health services are financed mainly from taxation. Targeted assistance is provided to poor households, older persons and persons with disabilities. Policy debates concern the adequacy of retirement savings, the self-employed and the social security of foreign workers.

## Myanmar

Myanmar adopted a new social security law in 2012, which provides for health and social care, family assistance, invalidity, old-age and survivors' benefits, unemployment and housing, to be introduced gradually and administered by the Social Security Board. Coverage remains concentrated among employees of larger enterprises in urban areas. Maternal and child cash transfers have been piloted in some regions, and a national social protection strategic plan was adopted in 2014 to set priorities for the coming years.

## Philippines

The Philippines has a broad social insurance system with separate institutions for private-sector workers and government employees, and a national health insurance corporation whose premiums are subsidised for poor households. The Pantawid Pamilyang Pilipino Program is one of the largest conditional cash transfer programmes in Asia, and a social pension is paid to indigent senior citizens. The country also has a long experience of protecting overseas workers, through welfare funds and social security agreements with countries of destination.

## Singapore

Singapore's Central Provident Fund requires employers and employees to save in individual accounts used for retirement, housing and health care. Medical savings are complemented by catastrophic health insurance and by a safety-net fund for those who cannot pay. Targeted schemes support low-wage workers, older persons with low savings and families with children. The system places strong emphasis on work and self-reliance, while public support has been expanded in recent years for lower-income groups.

## Thailand

Thailand achieved universal health coverage in the early 2000s through the tax-financed Universal Coverage Scheme, which sits alongside the civil servants' medical benefit scheme and the social security scheme for private employees. The Social Security Office manages sickness, maternity, invalidity, death, child, old-age and unemployment benefits for employees, and voluntary options for informal workers. A universal old-age allowance is paid to older persons without another public pension. Harmonising benefits across schemes and extending coverage to informal and migrant workers are on the agenda.

## Viet Nam

Viet Nam has a comprehensive legal framework, with a law on social insurance revised in 2014, a law on health insurance and a law on employment that governs unemployment insurance. Viet Nam Social Security administers compulsory and voluntary social insurance and health insurance. Social assistance includes a social pension for older persons, benefits for persons with disabilities and support for poor households. Extending voluntary social insurance to informal workers, who form the majority of the labour force, remains the main challenge.
"""

METHOD_NOTE = """
## Measuring coverage: a note on indicators

Monitoring social protection requires two kinds of coverage measures. Legal coverage describes who is entitled to protection under national legislation, for each branch of social security. Effective coverage describes who actually contributes to a scheme or receives benefits. The gap between the two reveals problems of compliance, awareness and administration.

For SDG target 1.3, the indicator proposed during 2015 measures the proportion of the population covered by social protection floors or systems, broken down by sex and by population groups. In practice it is calculated as a set of ratios: the number of children receiving child or family benefits divided by the number of children; the number of persons above retirement age receiving an old-age pension divided by the population above that age; the number of unemployed persons receiving unemployment benefits divided by the number of unemployed; and similar ratios for persons with severe disabilities, mothers with newborns, persons protected in case of employment injury and poor and vulnerable persons receiving assistance.

## Data sources

Administrative data from social security institutions and social assistance programmes give the numbers of contributors and beneficiaries. They are usually available every year but may count the same person several times if he or she benefits from several schemes. Household and labour force surveys show who is covered and who is not, and allow analysis by income, sex, age and employment status, but they are less frequent and do not always include questions on social protection. A regional effort in ASEAN could combine both sources by agreeing on common definitions, adding a small module of questions to national surveys and compiling administrative data in a common format.

## Limits of the illustrative figures

All numerical values in the tables and charts of this stand-in report are illustrative. They were chosen to show the format of comparisons, not to describe any country, and they should not be quoted.
"""
