"""Short portrait documents: opening speech, press releases, recommendations."""

EVENT_EN = (
    "ASEAN–ILO/Japan tripartite seminar “Enhancing Social Protection in an "
    "Integrated ASEAN Community”, Jakarta, Indonesia, 25–26 November 2015"
)
EVENT_ID = (
    "Seminar tripartit ASEAN–ILO/Jepang “Memperkuat Perlindungan Sosial dalam "
    "Komunitas ASEAN yang Terintegrasi”, Jakarta, Indonesia, 25–26 November 2015"
)
LETTERHEAD = "International Labour Organization · ASEAN–ILO/Japan project"

SPEECH = {
    "letterhead": LETTERHEAD,
    "running": "Opening remarks · Jakarta, 25 November 2015",
    "text_size": (12, 7.0),  # speeches are printed large for reading aloud
    "kicker": "OPENING REMARKS · CHECK AGAINST DELIVERY",
    "title": "Enhancing social protection in an integrated ASEAN Community",
    "subtitle": (
        "Opening remarks by the Deputy Regional Director of the ILO Regional Office "
        "for Asia and the Pacific, " + EVENT_EN
    ),
    "body": """
Excellencies, distinguished representatives of the Ministry of Manpower of the Republic of Indonesia, representatives of governments, employers' and workers' organisations of the ASEAN Member States, colleagues from the ASEAN Secretariat and the Embassy of Japan, ladies and gentlemen,

Good morning, and welcome to Jakarta. On behalf of the International Labour Organization, it is a pleasure to open this tripartite seminar. Let me first thank the Government of Indonesia, and the Ministry of Manpower in particular, for hosting us and for the excellent preparations. I would also like to thank the Government of Japan, whose support through the ASEAN–ILO/Japan project has made this meeting possible, as it has made possible many years of cooperation on social protection in this region.

## A community that is about to be born

We meet at a remarkable moment. In a few weeks, at the end of this year, the ASEAN Economic Community will be launched. For the more than six hundred million people of Southeast Asia, integration promises more trade, more investment and, we hope, more and better jobs. It also promises change. Some enterprises will grow and others will have to adapt. Some workers will find new opportunities, sometimes in another country, and others will need to learn new skills. The question before us is a simple one: who will protect the women and men of ASEAN while these changes happen?

For too many of them, the honest answer today is: nobody but their own families. A farmer whose harvest fails, a construction worker who falls from a scaffold, a domestic worker who falls ill far from home, an older woman who has worked all her life in the informal economy and has no pension: these are the people for whom integration must also mean protection.

## Commitments already made

The good news is that ASEAN has already chosen its direction. In October 2013, at the 23rd ASEAN Summit in Bandar Seri Begawan, the leaders of the region adopted the ASEAN Declaration on Strengthening Social Protection. They affirmed that social protection is a right of everyone, and they committed to extend it to those who are still excluded. This year, the Member States adopted a Regional Framework and Action Plan to implement that Declaration.

At the global level, the 2030 Agenda for Sustainable Development, adopted by the United Nations two months ago, has placed social protection at the heart of the first goal, the eradication of poverty. Target 1.3 asks every country to put in place nationally appropriate social protection systems and measures for all, including floors. And the ILO's Social Protection Floors Recommendation of 2012 gives us a practical guide: guarantee at least basic health care and basic income security throughout life, and then build higher levels of protection as economies grow.

## What we have learned

Over the past years, the ASEAN–ILO/Japan project has worked with many of you on assessment-based national dialogues, costing exercises and training for social security institutions. Three lessons stand out.

First, extending social protection is affordable. In every country where we costed a basic floor, the cost turned out to be within reach, provided that benefits are introduced step by step and financed by a fair combination of taxes and contributions.

Second, social protection works best when it is designed together. Where ministries of labour, social welfare, health and finance sit at the same table with employers' and workers' organisations, reforms are better designed, better financed and more durable.

Third, we cannot leave migrant workers behind. Millions of workers move between ASEAN countries. They build roads, harvest crops, care for our children and our parents. Yet many of them lose their contributions when they return home, or have no protection at all when they are injured. The Cebu Declaration of 2007 already called on sending and receiving countries to protect the rights of migrant workers. Making social security benefits portable across borders is the next step, and it is one that only countries acting together can take.

## What we expect from this seminar

Over the next two days, you will hear a report on the state of social protection in ASEAN, presentations on the regional framework and action plan, on measuring progress with the indicators of the Sustainable Development Goals, and on labour migration and social protection for migrant workers. But above all, you will have the opportunity to talk to one another: governments with employers and workers, and countries of origin with countries of destination.

We hope that you will leave Jakarta with concrete ideas for your own countries, and that the seminar will agree on recommendations that can be carried forward to the ASEAN bodies responsible for labour and social welfare. The ILO stands ready to support you in this work.

Integration should not be a race in which the strongest win and the weakest are left behind. It can be a journey that the people of ASEAN make together, protected against the risks they share. I wish you a productive seminar.

Thank you. Terima kasih.
""",
}

PRESS_EN = {
    "letterhead": LETTERHEAD,
    "running": "Press release · Jakarta, 25 November 2015",
    "kicker": "PRESS RELEASE · FOR IMMEDIATE RELEASE · JAKARTA, 25 NOVEMBER 2015",
    "title": "ASEAN governments, employers and workers discuss how to protect people as regional integration deepens",
    "subtitle": "Tripartite seminar in Jakarta looks at social protection floors, migrant workers and measuring progress towards the Sustainable Development Goals",
    "body": """
JAKARTA – Representatives of governments, employers' organisations and workers' organisations from the ten ASEAN Member States are meeting in Jakarta on 25 and 26 November 2015 to discuss how social protection can keep pace with the launch of the ASEAN Economic Community at the end of this year.

The seminar, “Enhancing Social Protection in an Integrated ASEAN Community”, is organised by the International Labour Organization (ILO) together with the Ministry of Manpower of the Republic of Indonesia, with funding from the Government of Japan through the ASEAN–ILO/Japan project.

Participants will review a new ILO background report on the state of social protection in the region. The report finds that health coverage has expanded rapidly, but that workers in the informal economy, children and migrant workers remain poorly protected, and that few countries offer protection against unemployment.

“Regional integration will bring new opportunities, but also new risks for workers and enterprises,” said a senior official of the ILO Regional Office for Asia and the Pacific at the opening. “Social protection is what allows people to take those opportunities without fear of falling into poverty.”

A representative of the host ministry stressed that Indonesia's own reforms, including the national health insurance launched in 2014 and the new pension programme introduced in 2015, showed that ambitious extension of coverage is possible in a large and diverse country.

The seminar builds on the ASEAN Declaration on Strengthening Social Protection, adopted at the 23rd ASEAN Summit in Bandar Seri Begawan in October 2013, and on its Regional Framework and Action Plan, adopted in 2015. Discussions will also cover target 1.3 of the Sustainable Development Goals, which calls on all countries to implement social protection systems and floors for all, and the indicators that will be used to measure progress.

A special session will be devoted to migrant workers, many of whom lose their social security contributions when they return home. Participants will discuss equality of treatment, the portability of benefits and bilateral agreements, in line with the 2007 Cebu Declaration on the Protection and Promotion of the Rights of Migrant Workers.

The seminar is expected to adopt a set of recommendations to be shared with the relevant ASEAN bodies.

## About the ASEAN–ILO/Japan project

The ASEAN–ILO/Japan project supports ASEAN Member States in extending social protection through research, national dialogue, costing of social protection floors and capacity building for social security institutions. It is funded by the Government of Japan.

## For further information

ILO Country Office for Indonesia and Timor-Leste, media and communications. Contact details are omitted in this stand-in document.
""",
}

PRESS_ID = {
    "letterhead": "Organisasi Perburuhan Internasional · Proyek ASEAN–ILO/Jepang",
    "running": "Siaran pers · Jakarta, 25 November 2015",
    "kicker": "SIARAN PERS · UNTUK SEGERA DISIARKAN · JAKARTA, 25 NOVEMBER 2015",
    "title": "Pemerintah, pengusaha dan pekerja ASEAN membahas cara melindungi masyarakat seiring semakin dalamnya integrasi kawasan",
    "subtitle": "Seminar tripartit di Jakarta membahas landasan perlindungan sosial, pekerja migran dan pengukuran kemajuan menuju Tujuan Pembangunan Berkelanjutan",
    "body": """
JAKARTA – Perwakilan pemerintah, organisasi pengusaha dan organisasi pekerja dari sepuluh Negara Anggota ASEAN bertemu di Jakarta pada 25 dan 26 November 2015 untuk membahas bagaimana perlindungan sosial dapat mengimbangi peluncuran Masyarakat Ekonomi ASEAN pada akhir tahun ini.

Seminar bertajuk “Memperkuat Perlindungan Sosial dalam Komunitas ASEAN yang Terintegrasi” ini diselenggarakan oleh Organisasi Perburuhan Internasional (ILO) bersama Kementerian Ketenagakerjaan Republik Indonesia, dengan dukungan dana dari Pemerintah Jepang melalui proyek ASEAN–ILO/Jepang.

Para peserta akan mengkaji laporan latar belakang terbaru ILO mengenai kondisi perlindungan sosial di kawasan ini. Laporan tersebut menemukan bahwa cakupan jaminan kesehatan telah meluas dengan pesat, tetapi pekerja di perekonomian informal, anak-anak dan pekerja migran masih kurang terlindungi, dan hanya sedikit negara yang memberikan perlindungan terhadap pengangguran.

“Integrasi kawasan akan membawa peluang baru, tetapi juga risiko baru bagi pekerja dan perusahaan,” kata seorang pejabat senior Kantor Regional ILO untuk Asia dan Pasifik pada acara pembukaan. “Perlindungan sosial memungkinkan masyarakat meraih peluang tersebut tanpa takut jatuh ke dalam kemiskinan.”

Seorang perwakilan kementerian tuan rumah menegaskan bahwa reformasi yang dilakukan Indonesia sendiri, termasuk Jaminan Kesehatan Nasional yang diluncurkan pada 2014 dan program jaminan pensiun baru yang diperkenalkan pada 2015, menunjukkan bahwa perluasan cakupan yang ambisius dapat dilakukan di negara yang besar dan beragam.

Seminar ini berpijak pada Deklarasi ASEAN tentang Penguatan Perlindungan Sosial, yang diadopsi pada KTT ASEAN ke-23 di Bandar Seri Begawan pada Oktober 2013, serta pada Kerangka Kerja Regional dan Rencana Aksinya yang diadopsi pada 2015. Diskusi juga akan membahas target 1.3 Tujuan Pembangunan Berkelanjutan, yang menyerukan agar semua negara menerapkan sistem dan landasan perlindungan sosial bagi semua, serta indikator yang akan digunakan untuk mengukur kemajuannya.

Sesi khusus akan membahas pekerja migran, yang banyak di antaranya kehilangan iuran jaminan sosial mereka ketika kembali ke kampung halaman. Para peserta akan membahas kesetaraan perlakuan, portabilitas manfaat dan perjanjian bilateral, sejalan dengan Deklarasi Cebu tahun 2007 tentang Perlindungan dan Pemajuan Hak-Hak Pekerja Migran.

Seminar ini diharapkan menyepakati serangkaian rekomendasi yang akan disampaikan kepada badan-badan ASEAN terkait.

## Tentang proyek ASEAN–ILO/Jepang

Proyek ASEAN–ILO/Jepang mendukung Negara Anggota ASEAN dalam memperluas perlindungan sosial melalui penelitian, dialog nasional, penghitungan biaya landasan perlindungan sosial dan peningkatan kapasitas lembaga jaminan sosial. Proyek ini didanai oleh Pemerintah Jepang.

## Informasi lebih lanjut

Kantor ILO untuk Indonesia dan Timor-Leste, bagian media dan komunikasi. Rincian kontak tidak dicantumkan dalam dokumen pengganti ini.
""",
}

RECOMMENDATIONS = {
    "letterhead": LETTERHEAD,
    "running": "Recommendations · Jakarta, 26 November 2015",
    "kicker": "OUTCOME DOCUMENT · ADOPTED ON 26 NOVEMBER 2015",
    "title": "Recommendations of the ASEAN–ILO/Japan tripartite seminar on enhancing social protection in an integrated ASEAN Community",
    "subtitle": EVENT_EN,
    "body": """
## Preamble

We, the participants of the tripartite seminar, representing governments, employers' organisations and workers' organisations of the ten ASEAN Member States, meeting in Jakarta on 25 and 26 November 2015 with the ILO and the ASEAN Secretariat,

Recalling the ASEAN Declaration on Strengthening Social Protection adopted at the 23rd ASEAN Summit in Bandar Seri Begawan in October 2013 and its Regional Framework and Action Plan adopted in 2015; the ASEAN Declaration on the Protection and Promotion of the Rights of Migrant Workers adopted in Cebu in 2007; the Social Protection Floors Recommendation, 2012 (No. 202); and target 1.3 of the Sustainable Development Goals,

Recognising that the launch of the ASEAN Economic Community at the end of 2015 will bring opportunities and risks for workers and enterprises, and that social protection is essential for a fair and inclusive integration,

Adopt the following recommendations, addressed to ASEAN Member States, to the social partners and to ASEAN bodies, for consideration in accordance with national circumstances.

## National social protection floors

1. Member States should define, through tripartite social dialogue, a nationally appropriate social protection floor that guarantees at least essential health care and basic income security for children, persons of working age and older persons, and should anchor these guarantees in national legislation.

2. Member States should adopt or update national social protection strategies with clear priorities, timetables and financing plans, coordinated across the ministries responsible for labour, social welfare, health and finance.

## Extending coverage

3. Member States should extend contributory schemes progressively to workers in micro and small enterprises, own-account workers, agricultural workers and domestic workers, through simplified registration, adapted contribution schedules and, where necessary, public subsidies.

4. Member States should pursue universal health coverage with a focus on financial protection, reducing out-of-pocket payments and ensuring that coverage is matched by available services of good quality.

5. Member States should consider introducing or strengthening unemployment protection linked with employment services and skills development, to help workers adjust to structural change resulting from integration.

6. Member States should give priority to income security for children and older persons, including through child benefits and social pensions, paying particular attention to women and to persons with disabilities.

## Migrant workers

7. Member States should ensure equality of treatment between migrant workers and nationals in social security, starting with employment injury and health care, regardless of the sector in which migrant workers are employed.

8. Countries of origin and destination should take practical steps to improve the portability of social security benefits, including the payment of benefits abroad, the refund or transfer of contributions and, over time, bilateral or multilateral social security agreements providing for totalisation of insurance periods.

9. Governments, employers and workers in countries of origin and destination should inform migrant workers of their social security rights before departure, on arrival and on return, in languages they understand.

## Financing and governance

10. Member States should create fiscal space for social protection through fair and efficient taxation, the reallocation of public expenditure and the extension of contributory coverage, and should protect social protection budgets in times of economic downturn.

11. Social security institutions should be governed with the participation of employers' and workers' representatives, apply prudent and transparent investment policies and carry out regular actuarial valuations.

## Measuring progress

12. Member States, with the support of the ASEAN Secretariat and development partners, should develop a regional set of social protection indicators consistent with SDG indicator 1.3.1, and strengthen national capacities to produce administrative and survey data disaggregated by sex, age and disability.

13. ASEAN should consider publishing a regular regional report on the state of social protection, based on these indicators, to support peer learning among Member States.

## Regional cooperation and follow-up

14. The Senior Labour Officials Meeting and the Senior Officials Meeting on Social Welfare and Development should be invited to take these recommendations into account in implementing the Regional Framework and Action Plan.

15. Employers' and workers' organisations should be closely involved in the follow-up, at national and regional levels, including through the ASEAN Forum on Migrant Labour and cooperation with the ASEAN Social Security Association.

16. The ILO is requested to continue its technical support to Member States and the social partners, including through the ASEAN–ILO/Japan project, in the areas covered by these recommendations.
""",
}

SUMMARY_ID = {
    "letterhead": "Organisasi Perburuhan Internasional · Proyek ASEAN–ILO/Jepang",
    "running": "Ringkasan rekomendasi · Jakarta, 26 November 2015",
    "kicker": "RINGKASAN DALAM BAHASA INDONESIA",
    "title": "Ringkasan rekomendasi seminar tripartit ASEAN–ILO/Jepang tentang perlindungan sosial",
    "subtitle": EVENT_ID,
    "body": """
Seminar tripartit ASEAN–ILO/Jepang di Jakarta mempertemukan perwakilan pemerintah, organisasi pengusaha dan serikat pekerja dari sepuluh Negara Anggota ASEAN. Pada akhir pertemuan, para peserta menyepakati enam belas rekomendasi. Ringkasan ini menyajikan pokok-pokoknya.

## Landasan perlindungan sosial nasional

Setiap negara dianjurkan merumuskan landasan perlindungan sosial yang sesuai dengan kondisi nasional melalui dialog sosial tripartit. Landasan tersebut sekurang-kurangnya menjamin layanan kesehatan dasar serta jaminan pendapatan dasar bagi anak-anak, penduduk usia kerja dan lanjut usia, dan sebaiknya ditetapkan dalam undang-undang.

## Perluasan cakupan

Program jaminan sosial berbasis iuran perlu diperluas secara bertahap kepada pekerja di usaha mikro dan kecil, pekerja mandiri, pekerja pertanian dan pekerja rumah tangga. Cakupan kesehatan semesta harus disertai perlindungan finansial agar pengeluaran langsung dari kantong sendiri berkurang. Para peserta juga menganjurkan perlindungan bagi pekerja yang kehilangan pekerjaan, dikaitkan dengan layanan penempatan kerja dan pelatihan.

## Pekerja migran

Pekerja migran harus mendapat perlakuan yang setara dengan pekerja warga negara dalam jaminan sosial, dimulai dari jaminan kecelakaan kerja dan layanan kesehatan. Negara asal dan negara tujuan diminta mengambil langkah praktis agar manfaat jaminan sosial dapat dibawa lintas batas negara, termasuk melalui perjanjian bilateral atau multilateral.

## Pembiayaan, tata kelola dan pengukuran kemajuan

Ruang fiskal untuk perlindungan sosial dapat diciptakan melalui perpajakan yang adil, realokasi belanja publik dan perluasan kepesertaan. Lembaga jaminan sosial perlu dikelola secara transparan dengan melibatkan wakil pengusaha dan pekerja. ASEAN dianjurkan mengembangkan seperangkat indikator perlindungan sosial regional yang selaras dengan indikator 1.3.1 Tujuan Pembangunan Berkelanjutan.

## Tindak lanjut

Rekomendasi ini akan disampaikan kepada pertemuan pejabat senior ASEAN di bidang ketenagakerjaan serta kesejahteraan sosial dan pembangunan. ILO diminta melanjutkan dukungan teknisnya melalui proyek ASEAN–ILO/Jepang.
""",
}
