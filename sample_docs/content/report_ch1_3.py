"""Chapters 1-3 of the stand-in report."""

CH1 = """
## 1.1 A region on the move

Southeast Asia enters 2016 as one of the most dynamic regions of the world economy. Over a generation, its Member States have moved from agriculture towards manufacturing and services, cities have grown and hundreds of millions of people have left extreme poverty. The launch of the ASEAN Economic Community at the end of 2015 crowns decades of cooperation: a single market and production base, a competitive region, equitable development and integration into the global economy are its stated aims.

Growth, however, has not been shared equally. Wage employment has expanded, but much of the labour force still works on its own account, in family businesses or in small enterprises outside the reach of labour and social security law. Inequality has widened in several countries. Many households that have escaped poverty remain only one illness, one harvest failure or one lost job away from falling back into it.

Integration will deepen these trends before it resolves them. Competition will push enterprises to restructure, new value chains will form and dissolve, and labour will flow towards the most productive places, both within and across borders. Whether integration is felt as an opportunity or as a threat by ordinary workers will depend to a large extent on the protection they can count on while they adjust.

## 1.2 A shared commitment

ASEAN Member States have recognised this. At the 23rd ASEAN Summit in Bandar Seri Begawan in October 2013, their leaders adopted the ASEAN Declaration on Strengthening Social Protection. The Declaration affirms that everyone, and in particular the poor, the vulnerable and those at risk, is entitled to equitable access to social protection as a basic human right. It calls for a life-cycle approach, for the extension of coverage and for cooperation among Member States, and it names specific groups that deserve attention, including children, older persons, persons with disabilities and migrant workers.

In 2015 the Member States went a step further and adopted a Regional Framework and Action Plan to implement the Declaration. The framework sets out regional activities under several strategic areas, from capacity building and research to monitoring and the exchange of good practice, and it assigns responsibilities to the relevant ASEAN sectoral bodies, notably those dealing with social welfare and development, labour, health and rural development.

The global agenda points in the same direction. The Social Protection Floors Recommendation adopted by the International Labour Conference in 2012 gives governments, employers and workers a common reference for building national floors of social protection. In September 2015 the 2030 Agenda for Sustainable Development made social protection part of the very first goal, ending poverty, through target 1.3.

## 1.3 Purpose of this report

The report has three purposes. It provides a regional overview of social protection in the ten Member States, organised by the main contingencies that people face over their lives. It highlights the groups that remain uncovered and the reasons for their exclusion. And it proposes options for national and regional action that the tripartite participants of the Jakarta seminar may wish to discuss.

The report does not rank countries. National systems have grown from very different histories, from the provident funds created in the middle of the twentieth century to recent tax-financed programmes, and each country must find its own path. What the report tries to show is that all Member States face similar questions and can learn from one another.

## 1.4 Sources and method

The overview relies on national laws and regulations, the annual reports of social security institutions, published evaluations and the results of the assessment-based national dialogue exercises conducted with ILO support in several Member States. These exercises compared existing schemes with the four guarantees of a social protection floor, identified gaps, and estimated the cost of closing them. Where data were missing, the report uses qualitative information from consultations with constituents.

> Box 1.1 A note on the figures in this report
Tables and charts in this report contain illustrative figures. They were chosen to show the kind of comparison that regional monitoring could make possible and must not be read as official statistics of the ILO or of any Member State. Building comparable, regularly updated indicators is itself one of the recommendations of the report.

## 1.5 Structure of the report

Chapter 2 introduces the concepts used in the report and the international and regional frameworks. Chapter 3 reviews health protection. Chapter 4 examines income security at three stages of life: childhood, working age and old age. Chapter 5 is devoted to migrant workers, chapter 6 to financing and fiscal space, and chapter 7 brings the findings together in a way forward for the region.
"""

CH2 = """
## 2.1 What social protection means

Social protection is understood in this report as the set of policies and programmes designed to reduce and prevent poverty, vulnerability and social exclusion throughout the life cycle. It includes benefits for children and families, maternity, unemployment, employment injury, sickness, old age, disability and survivors, as well as health protection. It is delivered through a mix of contributory schemes, usually called social insurance, and non-contributory schemes financed from general taxation, which may be universal, categorical or targeted at the poor.

The term social security is often used interchangeably. In several ASEAN Member States, however, social security refers narrowly to the social insurance institutions that cover employees in the formal sector, while social assistance or social welfare refers to programmes for the poor run by ministries of social affairs. The distinction matters: the two worlds are often governed by different laws, financed by different sources and administered by different agencies, and bridging them is one of the central tasks of a national social protection floor.

## 2.2 International standards

Two ILO instruments frame the discussion. The Social Security (Minimum Standards) Convention, 1952 (No. 102) defines nine branches of social security and sets minimum levels of benefits and coverage for each. It remains the reference for the design of social insurance schemes worldwide. The Social Protection Floors Recommendation, 2012 (No. 202) complements it by asking countries to guarantee, as a priority, at least a basic level of protection for all.

The Recommendation lists four basic social security guarantees that together make up a national social protection floor:

- access to essential health care, including maternity care, that meets the criteria of availability, accessibility, acceptability and quality;
- basic income security for children, providing access to nutrition, education, care and other necessary goods and services;
- basic income security for persons in active age who are unable to earn sufficient income, in particular in cases of sickness, unemployment, maternity and disability;
- basic income security for older persons.

The Recommendation leaves each country free to decide how to provide these guarantees, whether through universal schemes, social insurance, social assistance, public employment programmes or a combination. It also asks countries to build higher levels of protection progressively, for as many people as possible, in line with Convention No. 102. This two-dimensional strategy is often pictured as a staircase: the horizontal dimension extends basic guarantees to everyone, and the vertical dimension raises the level of benefits.

Table 2.1 The four guarantees of a social protection floor and typical instruments
| Guarantee | Typical instruments in ASEAN | Main gaps observed |
| Essential health care | National health insurance, tax-financed health services, fee waivers for the poor | Out-of-pocket payments, uneven quality, informal workers |
| Income security for children | Conditional cash transfers, school feeding, scholarships | Few universal child benefits, low benefit levels |
| Income security in active age | Social insurance for employees, public works, disability allowances | Unemployment protection, self-employed workers |
| Income security in old age | Provident funds, civil service pensions, social pensions | Lump sums instead of pensions, low coverage in rural areas |
Source: compiled for this stand-in report.

## 2.3 The ASEAN Declaration and the regional agenda

The ASEAN Declaration on Strengthening Social Protection of 2013 shares the spirit of Recommendation No. 202 while using the region's own vocabulary. It presents social protection as a right, promotes a life-cycle approach, insists on the participation of stakeholders and encourages the extension of coverage to the informal economy. It also recognises the need for adequate financing, for effective delivery mechanisms and for regional cooperation.

The Declaration is the product of the ASEAN Socio-Cultural Community pillar, in which the ASEAN Senior Officials Meeting on Social Welfare and Development plays a coordinating role. Labour ministries, through the Senior Labour Officials Meeting, are responsible for social insurance for workers, and health ministries for health protection. The Regional Framework and Action Plan adopted in 2015 tries to connect these strands so that each body contributes to a single regional agenda.

## 2.4 Diversity of national systems

National systems in ASEAN can be grouped, with some simplification, into three families. Provident fund systems, found in Malaysia and Singapore and, for part of the workforce, in Brunei Darussalam, rely on individual savings accounts to which employers and employees contribute; members draw on their balances for retirement, housing, health or education. Social insurance systems, found in Indonesia, the Philippines, Thailand and Viet Nam, pool risks and pay defined benefits. Emerging systems, in Cambodia, Lao PDR and Myanmar, have recently adopted social security laws and are building institutions step by step, often starting with employment injury and health benefits.

Alongside these contributory systems, every Member State runs tax-financed programmes, ranging from universal old-age allowances to targeted cash transfers and fee waivers. The result is a patchwork in which the same risk may be covered by several schemes for some groups and by none for others.

Figure 2.1 Breadth of statutory coverage: number of the nine branches of Convention No. 102 covered by law, by type of system (illustrative figures)
Provident fund systems | 6
Social insurance systems | 8
Emerging systems | 4
Note: illustrative figures for a stand-in report; not an official count.

> Box 2.1 Three ways of extending coverage
Experience in the region suggests three complementary routes. The first is to make contributory schemes compulsory for more categories of workers, such as employees of micro-enterprises, and to enforce compliance. The second is to open adapted schemes to the self-employed, with flexible contribution schedules and partial subsidies. The third is to provide universal or categorical benefits financed from taxes, which reach people regardless of their employment status. Most Member States are combining the three, but the balance between them differs widely.

## 2.5 The missing middle

A recurrent finding of national assessments is the so-called missing middle. The poorest households may receive social assistance, and employees of large firms and the civil service are insured, but the large group in between, made up of own-account workers, workers in small enterprises, farmers and domestic workers, is covered by neither. They are too well off to qualify for targeted programmes and too informal to join social insurance. Extending protection to this group, through adapted contribution rules, subsidised membership or universal benefits, is the main challenge for the coming decade.
"""

CH3 = """
## 3.1 Towards universal health coverage

Health protection is the area where ASEAN Member States have made the most visible progress. Illness is the most frequent cause of catastrophic spending for households, and governments have responded by extending coverage of health care costs. Several Member States have formally adopted the goal of universal health coverage, understood as ensuring that all people can use the health services they need, of sufficient quality, without suffering financial hardship.

Thailand introduced its Universal Coverage Scheme in the early 2000s, financed from general taxation, which together with the civil servants' scheme and the social security scheme for private employees covers nearly the whole population. Indonesia launched a single national health insurance programme, Jaminan Kesehatan Nasional, on 1 January 2014, administered by BPJS Kesehatan, with the ambition of covering all residents within a few years. The Philippines has extended the membership of its national health insurance corporation and subsidises premiums for poor households, while Viet Nam has made health insurance compulsory by law and subsidises the contributions of the poor, children under six and other groups.

Other Member States follow different routes. Brunei Darussalam and Malaysia provide tax-financed public health services to citizens at low or no cost. Singapore combines compulsory medical savings, catastrophic insurance and a safety-net fund. Cambodia relies on health equity funds that pay providers for the care of identified poor patients, and Lao PDR and Myanmar are developing national health financing strategies that combine fee exemptions with social health insurance for workers.

Table 3.1 Main mechanisms of health protection in ASEAN Member States
| Country | Main mechanisms | Direction of reform in 2015 |
| Brunei Darussalam | Tax-financed public health services | Maintaining universal access |
| Cambodia | Health equity funds; voluntary community schemes | Consolidating schemes for the poor and informal workers |
| Indonesia | National health insurance (JKN) under BPJS Kesehatan | Enrolling the whole population |
| Lao PDR | Fee exemptions; social health insurance for workers | Moving towards a national health insurance |
| Malaysia | Tax-financed public health services | Financing reform under discussion |
| Myanmar | Tax-financed services; social security for employees | Expanding essential services |
| Philippines | National health insurance with subsidised premiums | Extending benefits and enrolment |
| Singapore | Medical savings, catastrophic insurance, safety net | Universal catastrophic insurance |
| Thailand | Universal Coverage Scheme and two insurance schemes | Harmonising the three schemes |
| Viet Nam | Compulsory social health insurance with subsidies | Enrolling the near-poor and informal workers |
Source: compiled for this stand-in report from public descriptions of national schemes.

## 3.2 Population coverage and its limits

Counting people who hold a health insurance card or are entitled to free care is only the first step. Coverage on paper does not guarantee access. In rural and remote areas, health facilities may be far away, understaffed or short of medicines. Registered members may not know their entitlements, or may be asked to pay informally. Universal health coverage therefore has three dimensions: who is covered, which services are covered and what share of the cost is covered.

Figure 3.1 Share of the population entitled to health protection, selected systems (illustrative figures, per cent)
Tax-financed universal systems | 98
Mature national insurance | 92
National insurance in extension | 65
Emerging schemes | 30
Note: illustrative figures for a stand-in report; they do not describe any specific country.

The figure illustrates a pattern observed across the region: systems that finance health care from general revenue or that have subsidised the enrolment of the informal sector reach near-universal entitlement, whereas systems that rely on voluntary contributions from self-employed workers struggle to move beyond the formal sector and the poor.

## 3.3 Out-of-pocket payments and financial protection

The second dimension of universal health coverage is financial protection. In several Member States, out-of-pocket payments still account for a large share of total health spending. Such payments fall most heavily on the poor and on households with chronic illness, and they can turn an illness into a long-term economic shock. Medicines, outpatient consultations and transport are frequently paid directly by patients even where hospital care is insured.

Reducing out-of-pocket spending requires more than enrolment. Benefit packages must include the services that people use most often; provider payment methods must discourage extra billing; and the supply of good-quality public services must keep pace with demand. Experience in the region shows that capitation payments for primary care, diagnosis-related payments for hospitals and strong purchasing agencies can help contain costs while protecting patients.

## 3.4 Maternity protection and health care

Maternity is a special case in which health protection and income security meet. Access to antenatal care, skilled attendance at birth and postnatal care is part of the first guarantee of the social protection floor, while cash benefits during maternity leave belong to income security. Most Member States provide free or subsidised maternal health services in public facilities, and several have adopted free delivery policies. Maternity cash benefits, by contrast, are usually available only to women in formal employment, and in some countries they are paid directly by employers, which can discourage the hiring of women.

## 3.5 Health protection for workers in the informal economy

The informal economy is the frontier of universal health coverage. Enrolling own-account workers, street vendors, farmers and domestic workers requires simple registration, affordable contributions and visible benefits. Where contributions are voluntary, adverse selection tends to follow: people join when they fall ill and leave when they recover. Countries that have made the most progress have either financed coverage from taxes, subsidised contributions for large parts of the informal sector or linked registration to other services such as civil registration and social assistance databases.

> Box 3.1 Lessons from the region on extending health coverage
Three lessons stand out. First, public subsidies are indispensable: no country in the region has reached universal health coverage through voluntary contributions alone. Second, the fragmentation of schemes is costly, and merging risk pools or harmonising benefits improves equity. Third, coverage must be matched by the supply of services, especially primary care, otherwise entitlements remain unused.

Figure 3.2 Out-of-pocket payments as a share of total health expenditure, by type of financing system (illustrative figures, per cent)
Tax-financed universal systems | 15
Mature national insurance | 25
National insurance in extension | 45
Emerging schemes | 60
Note: illustrative figures for a stand-in report; they do not describe any specific country.

## 3.6 Priorities for health protection

On the road to universal health coverage, three priorities emerge for the coming years: completing population coverage, in particular among informal workers and their families; reducing out-of-pocket payments through broader benefit packages and better purchasing; and strengthening the supply and quality of services. ASEAN cooperation on health financing, the exchange of experience among national insurance agencies and common indicators of financial protection can support these efforts.
"""
