"""Chapter 4 of the stand-in report: income security over the life cycle."""

CH4 = """
## 4.1 Income security for children

Children make up a large share of the population in most ASEAN Member States, and child poverty rates are typically higher than those of adults. Poverty in childhood has lasting effects: stunting, early school leaving and child labour reduce a person's earnings for the rest of his or her life. Income security for children is therefore both a matter of rights and an investment in the future workforce of the region.

### Family and child benefits

Few Member States provide a universal child benefit or child allowance of the kind found in many European countries. Where family benefits exist in social insurance, they are usually limited to the children of employees in the formal sector and paid at low rates. Civil servants often receive child supplements as part of their salaries. Families in the informal economy, where most poor children live, rarely receive any regular cash support linked to the presence of children.

### Conditional cash transfers

The most important instruments for poor families with children are conditional cash transfer programmes. The Philippines operates the Pantawid Pamilyang Pilipino Program, which pays grants to poor households on condition that children attend school and undergo health check-ups, and Indonesia runs the Program Keluarga Harapan on a similar model. Both have grown into large national programmes. Evaluations in the region and elsewhere suggest that such transfers increase school enrolment and the use of maternal and child health services, although their effects on learning and nutrition depend on the quality of schools and clinics.

Table 4.1 Main cash transfer programmes benefiting children (illustrative figures)
| Programme type | Countries using it | Households reached (illustrative, thousands) | Typical conditions |
| Conditional cash transfer | Indonesia, Philippines | 3,000 | School attendance, health visits |
| Scholarships and stipends | Cambodia, Lao PDR, Myanmar, Viet Nam | 800 | Enrolment, attendance |
| School feeding | Several Member States | 1,500 | Enrolment |
| Child supplements in social insurance | Several Member States | 600 | Parent insured as employee |
Source: illustrative figures compiled for a stand-in report; not official data.

### Gaps and options

The main gaps concern young children before school age, children in families that are poor but not selected by targeting mechanisms, and the children of migrant workers, who may be excluded from programmes in both the country of origin and the country of destination. Targeting errors are significant in programmes that rely on proxy means tests, and the poorest families are often those least able to complete registration. Options discussed in the region include categorical benefits for young children, starting with the first thousand days of life, the progressive extension of child benefits in social insurance to all insured workers, and stronger links between cash transfers, birth registration and nutrition services.

## 4.2 Income security for people of working age

People of working age face several risks that interrupt earnings: sickness, maternity, employment injury, disability and unemployment. In most Member States, protection against these risks is organised through social insurance for employees, while workers in the informal economy depend on family solidarity, savings or debt.

### Employment injury

Employment injury protection is the oldest and most widespread branch in the region. Every Member State has legislation that makes employers liable for work accidents and occupational diseases, and most have moved from direct employer liability to collective insurance managed by a public institution. Cambodia, for example, started its national social security fund with an employment injury scheme before extending it to health care. Collective insurance gives injured workers more secure compensation and encourages investment in prevention.

### Sickness and maternity cash benefits

Cash benefits during sickness and maternity leave are provided through social insurance in several countries and by employers in others. Where the employer pays the full cost, compliance tends to be weak in small enterprises and the risk of discrimination against women of childbearing age is real. Pooling the cost through social insurance, as recommended by ILO standards on maternity protection, protects both workers and employers.

### Unemployment protection

Unemployment protection is the least developed branch. Only a minority of Member States operate an unemployment insurance scheme: Thailand introduced one within its social security system in 2004, and Viet Nam has operated unemployment insurance since 2009. In other countries, workers who lose their jobs receive severance pay from the employer, if anything. Severance pay is a lump sum that is often unpaid when an enterprise closes, and it offers no support to workers on fixed-term contracts.

As integration accelerates restructuring, the absence of unemployment protection becomes a serious gap. Unemployment insurance combined with employment services and training helps workers to move to new jobs rather than accepting the first informal opportunity. Several Member States are now studying unemployment insurance schemes, and employers' and workers' organisations have a central role in designing contribution rates, benefit levels and links with active labour market policies.

Figure 4.1 Share of the labour force legally covered by unemployment protection, by type of system (illustrative figures, per cent)
Unemployment insurance in place | 38
Severance pay only | 12
No statutory protection | 0
Note: illustrative figures for a stand-in report.

### Disability

Persons with disabilities face higher costs of living and lower chances of employment. Disability benefits in social insurance cover insured workers who lose their capacity to work, while tax-financed disability allowances exist in several Member States for poor persons with disabilities, often at low levels. The ASEAN Decade of Persons with Disabilities and the regional commitments on inclusion call for benefits that support participation in work and community life rather than dependency.

### Public employment programmes

Public works and employment guarantee programmes can provide income security to working-age people who are able to work but lack opportunities, especially in rural areas and after disasters. Such programmes are used in several Member States, mostly on a temporary basis. Their value for social protection depends on their predictability, the wage they pay and whether they create useful assets for communities.

## 4.3 Income security for older persons

Southeast Asia is ageing. Fertility has fallen sharply in most Member States, and life expectancy continues to rise. Singapore and Thailand are already among the most rapidly ageing societies in the developing world, and Viet Nam is following. In the space of one or two decades, the region will have many more older persons and proportionally fewer people of working age to support them through family transfers. Income security in old age is therefore a pressing policy question.

### Contributory pensions and provident funds

Contributory old-age protection takes two forms in the region. Social insurance pension schemes, such as those of the Philippines, Thailand and Viet Nam, pay periodic pensions based on earnings and years of contribution. Provident funds, such as the Employees Provident Fund in Malaysia and the Central Provident Fund in Singapore, accumulate savings in individual accounts. Indonesia launched a new pension programme for private-sector employees in July 2015, alongside its older old-age savings programme, and Lao PDR and Myanmar have legislated for pension schemes that are still being phased in.

Provident funds have achieved wide coverage of formal-sector employees and accumulated large reserves, but they face two difficulties. Balances at retirement are often insufficient because of low wages, interrupted careers and pre-retirement withdrawals, and lump sums expose retirees to the risk of outliving their savings. Several funds have therefore introduced annuities or minimum sums that must be kept for monthly payments in old age.

### Social pensions

Non-contributory social pensions have spread rapidly. Brunei Darussalam pays a universal old-age pension to residents above a certain age. Thailand introduced a universal old-age allowance in 2009 for older persons without another public pension. Viet Nam pays a social pension to persons aged 80 and above without a contributory pension and to poor older persons at younger ages, and the Philippines provides a social pension to indigent senior citizens. Social pensions are simple to administer, reach older women who rarely have contributory entitlements, and have a marked effect on poverty among older persons, even when benefit levels are modest.

Table 4.2 Old-age protection in ASEAN Member States: main schemes
| Country | Contributory scheme(s) | Non-contributory scheme |
| Brunei Darussalam | Employees trust fund and supplementary contributory pension | Universal old-age pension |
| Cambodia | Civil service and armed forces pensions | None at national level |
| Indonesia | Old-age savings and new pension programme (2015) | Programmes for neglected older persons |
| Lao PDR | Social security pensions being phased in | None at national level |
| Malaysia | Employees Provident Fund; civil service pensions | Assistance for poor older persons |
| Myanmar | Civil service pensions; social security law of 2012 | Pilot social pension under discussion |
| Philippines | Social security and government service insurance systems | Social pension for indigent senior citizens |
| Singapore | Central Provident Fund | Targeted support schemes |
| Thailand | Social security old-age pension; civil service pensions | Universal old-age allowance |
| Viet Nam | Social insurance pensions | Social pension from age 80 and for the poor |
Source: compiled for this stand-in report from public descriptions of national schemes.

Figure 4.2 Share of persons above statutory retirement age receiving a pension, by type of system (illustrative figures, per cent)
Universal social pension in place | 85
Targeted social pension | 40
Contributory schemes only | 20
Note: illustrative figures for a stand-in report.

### Adequacy and sustainability

Coverage is only one side of old-age protection. Benefits must also be adequate to prevent poverty and must keep their value over time, which requires regular indexation. At the same time, contributory schemes must remain financially sustainable as populations age. Parametric reforms, such as gradual increases in retirement ages, better links between contributions and benefits and the extension of contribution periods, need to be discussed with the social partners well in advance, so that workers can plan their careers. A combination of a basic social pension and contributory schemes built on top of it offers a robust structure for the region.
"""
