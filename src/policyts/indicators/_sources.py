"""The publications the claims come from.

Two kinds: the five *seed* documents the catalogue was built from, cited by publication, and
the *primary reports* (official releases, news agencies, think tanks) recorded as SEEN in the
project's research notes on data sources. For a mirror, ``publisher`` names the original
publisher and ``via`` the page where the text was seen.

Titles: the headline where the notes record it or the URL slug spells it (slug words, not
re-punctuated); otherwise a description in square brackets.
"""

from __future__ import annotations

from policyts.indicators._claim import Source

# -- the five seed documents -----------------------------------------------------------------------

IISS_2018 = Source(
    key="iiss-2018",
    publisher="International Institute for Strategic Studies (IISS)",
    title=(
        "[web announcement of the IISS-MERICS China Security Project paper "
        '"China\'s Declassification of Defence Patents"]'
    ),
    author="Meia Nouwens and Helena Legarda (authors of the paper)",
    date="2018",
    kind="seed",
)

MCF_INNOVATION = Source(
    key="mcf-innovation-web",
    publisher="[web publisher not named in the text]",
    title="Military-Civil Fusion and Technological Innovation in China",
    kind="seed",
)

UPPAL = Source(
    key="uppal-idst",
    publisher="International Defense Security & Technology (idstch.com)",
    title=(
        "China's Military-Civil Fusion strategy boosting its technological and Military "
        "Innovation and Defence preparedness"
    ),
    author="Rajesh Uppal (compiled from news reports 2017-2020)",
    kind="seed",
)

CHENG_DRAHOS_2018 = Source(
    key="cheng-drahos-2018",
    publisher="IIC - International Review of Intellectual Property and Competition Law 49, 5-40",
    title="How China Built the World's Biggest Patent Office - The Pressure Driving Mechanism",
    author="Wenting Cheng and Peter Drahos",
    date="2018",
    kind="seed",
)

PATENT_TRANSFORMATION_2025 = Source(
    key="patent-transformation-web-2025",
    publisher="[web publisher not named in the text]",
    title="Accelerating Patent Transformation in China: A Strategic Push Toward Long-Term Mechanisms",
    # Written after the CNIPA notice of 10 June 2025, while the 2023-2025 plan was "ongoing".
    date="2025",
    kind="seed",
)

SEEDS: tuple[Source, ...] = (
    IISS_2018,
    MCF_INNOVATION,
    UPPAL,
    CHENG_DRAHOS_2018,
    PATENT_TRANSFORMATION_2025,
)

# -- primary reports: declassified defence patents ----------------------------------------------------

CHINAMIL_2017_03_06 = Source(
    key="chinamil-2017-03-06",
    publisher="China Military Online",
    title="[report on the first release of declassified national defence patents]",
    author="Yao Jianing",
    date="2017-03-06",
    url="http://eng.chinamil.com.cn/view/2017-03/06/content_7515762.htm",
)

CHINADAILY_2017_03 = Source(
    key="chinadaily-2017-03",
    publisher="China Daily (citing PLA Daily)",
    title="pla patents declassified for civilian use",
    date="2017-03",
    url="http://government-world.com/pla-patents-declassified-for-civilian-use",
    via="mirror at government-world.com",
)

DEFENSEWORLD_2017_03_07 = Source(
    key="defenseworld-2017-03-07",
    publisher="defenseworld.net",
    title="China Declassifies 2346 Military Patents For Civilian Use",
    date="2017-03-07",
    url="https://www.defenseworld.net/news/18627/China_Declassifies_2346_Military_Patents_For_Civilian_Use",
)

CHINAMIL_2018_04_28 = Source(
    key="chinamil-2018-04-28",
    publisher="China Military Online / PLA Daily",
    title="[report on the declassification of national defence patents of 26 April 2018]",
    date="2018-04-28",
    url=(
        "http://www.defense-aerospace.com/cgi-bin/client/modele.pl?shop=dae&modele=release"
        "&prod=192893&cat=3"
    ),
    via="defense-aerospace.com",
)

DEFENSEWORLD_2018_04_30 = Source(
    key="defenseworld-2018-04-30",
    publisher="defenseworld.net",
    title="China Offers 4038 Military Patents for Civilian Use",
    date="2018-04-30",
    url="https://www.defenseworld.net/news/22439/China_Offers_4038_Military_Patents_for_Civilian_Use",
)

MOD_2012_09_05 = Source(
    key="mod-2012-09-05",
    publisher="Ministry of National Defense of the PRC (figures issued 2012-09-05)",
    title="[defence patent application statistics 2002-2011]",
    date="2012-09-05",
    url="http://worlddefensereview.blogspot.com/2012/09/annual-increase-of-chinese-defense.html",
    via="worlddefensereview blog (secondary)",
)

JANES_2012 = Source(
    key="janes-2012",
    publisher="Jane's",
    title="chinas military patents on the increase",
    author="Jon Grevatt",
    url="https://defenceforumindia.com/forum/threads/chinas-military-patents-on-the-increase.41474/",
    via="defenceforumindia.com forum thread (secondary)",
)

# -- primary reports: private defence contractors -------------------------------------------------------

EJINSIGHT_2013_12_13 = Source(
    key="ejinsight-2013-12-13",
    publisher=(
        "Hong Kong Economic Journal (EJ Insight), citing the National Defense University "
        "Military-Civilian Integration Development Report of China 2013"
    ),
    title="500 private firms win licenses to produce weapons report says",
    date="2013-12-13",
    url="http://www.ejinsight.com/20131213-500-private-firms-win-licenses-to-produce-weapons-report-says/",
)

ARMYRECOGNITION_2013_12_13 = Source(
    key="armyrecognition-2013-12-13",
    publisher="Army Recognition (armyrecognition.com), citing the same National Defense University report",
    title="1800 private companies in China have now licenses for research and production of weaponry",
    date="2013-12-13",
    url=(
        "https://armyrecognition.com/december_2013_defense_industry_military_news_uk/"
        "1800_private_companies_in_china_have_now_licenses_for_research_and_production_of_"
        "weaponry_1312138.html"
    ),
)

CHINADAILY_2015_07_20 = Source(
    key="chinadaily-2015-07-20",
    publisher="China Daily",
    title="[report quoting SASTIND deputy director Xu Zhanbin on private defence contractors]",
    author="Zhao Lei",
    date="2015-07-20",
    url="https://global.chinadaily.com.cn/usa/china/2015-07/20/content_21327788.htm",
)

SASTIND_2016_06_30 = Source(
    key="sastind-2016-06-30",
    publisher="State Administration of Science, Technology and Industry for National Defense (SASTIND), via China News",
    title="[SASTIND release on private holders of weapons research and production permits]",
    date="2016-06-30",
    url="http://www.ettaleb.com/News/2016/0701/151237.html",
    via="mirror at ettaleb.com",
)

CHINAMIL_2016_03_15 = Source(
    key="chinamil-2016-03-15",
    publisher="China Military Online (reporting a SASTIND statement of 2016-03-11)",
    title="[report on private enterprises holding weapons permits and certificates]",
    date="2016-03-15",
    url="http://english.chinamil.com.cn/news-channels/china-military-news/2016-03/15/content_6961187.htm",
)

GLOBALTIMES_2017_04_18 = Source(
    key="globaltimes-2017-04-18",
    publisher="Global Times (citing Zhuangbei Keji, a WeChat account affiliated with PLA Daily)",
    title="[report on the CMC Equipment Development Department guideline on civilian research funding]",
    date="2017-04-18",
    url="http://ecns.cn/military/2017/04-18/253768.shtml",
    via="ecns.cn (also PTI / Business Standard)",
)

XINHUA_2017_12_06 = Source(
    key="xinhua-2017-12-06",
    publisher="Xinhua",
    title="[report quoting SASTIND's Long Hongshan on military-civil integration]",
    date="2017-12-06",
    url="http://www.yusrgfq.cn/c/2017-12-07/1892264.shtml",
    via="mirror at yusrgfq.cn",
)

PLADAILY_2018_05_16 = Source(
    key="pladaily-2018-05-16",
    publisher="PLA Daily (English), citing People's Daily",
    title="[report on holders of weapons research and production licences]",
    date="2018-05-16",
    url="http://english.pladaily.com.cn/view/2018-05/16/content_8033210.htm",
)

PROCUREMENT_NETWORK_MIRROR = Source(
    key="procurement-network-mirror",
    publisher="[industry report, undated mirror]",
    title="[registration statistics of the weapons equipment procurement network]",
    url="http://m.lwxqpzq.cn/data/dataview142342.htm",
)

PEOPLESDAILY_APP = Source(
    key="peoplesdaily-app",
    publisher="People's Daily app",
    title="[report on private firms authorised to apply military technologies to civilian use]",
    author="Bai Yuanqi",
    url="https://peoplesdaily.pdnews.cn/er/channel/1027/30001173853",
)

# -- primary reports: MCF funding ---------------------------------------------------------------------

CHINAORG_JP_2016_10_24 = Source(
    key="chinaorg-jp-2016-10-24",
    publisher="China.org.cn (Japanese edition)",
    title="[report on the Changhong and Silicon Valley Paradise MCF achievement-transformation fund]",
    date="2016-10-24",
    url="http://japanese.china.org.cn/business/txt/2016-10/24/content_39554354_2.htm",
)

CSIS_2019_10_02 = Source(
    key="csis-2019-10-02",
    publisher="CSIS China Innovation Policy Series (csis-cips.org)",
    title="chinas military civil fusion funds big but not necessarily effective",
    author="Audrey Fritz and Scott Kennedy",
    date="2019-10-02",
    url=(
        "http://csis-cips.org/blog/2019/10/2/"
        "chinas-military-civil-fusion-funds-big-but-not-necessarily-effective"
    ),
)

# -- primary reports: patent-intensive industries -----------------------------------------------------

XINHUA_2020_PATENT_INTENSIVE = Source(
    key="xinhua-2020-patent-intensive",
    publisher="Xinhua (joint statement of CNIPA and NBS, 13 March 2020)",
    title="[report on the 2018 value added of patent-intensive industries]",
    date="2020",
    url="http://afdip.com/index.php?ac=article&at=read&did=3565",
    via="afdip.com",
)

NBS_CNIPA_2021_12_30 = Source(
    key="nbs-cnipa-2021-12-30",
    publisher="National Bureau of Statistics of China and CNIPA",
    title="Bulletin on the Value-added Data of National Patent Intensive Industry in 2020",
    date="2021-12-30",
    url="http://www.stats.gov.cn/English/PressRelease/202112/t20211231_1825790.html",
)

XINHUA_2023_01_03 = Source(
    key="xinhua-2023-01-03",
    publisher="Xinhua, via People's Daily Online",
    title="[report on the 2021 value added of patent-intensive industries]",
    date="2023-01-03",
    url="http://en.people.cn/n3/2023/0103/c90000-10191184.html",
)

CHINADAILY_2024_10_17 = Source(
    key="chinadaily-2024-10-17",
    publisher="China Daily (reporting a CNIPA monitoring report)",
    title="[report on the 2022 value added of patent-intensive industries]",
    date="2024-10-17",
    url="http://formacion-profesional-a-distancia.com/business/2024-10/17/content_117491322.htm",
    via="mirror",
)

JINGJI_2024_11_30 = Source(
    key="jingji-2024-11-30",
    publisher="Economic Daily (经济日报), reporting the CNIPA press conference of 2024-11-29",
    title="[report on the CNIPA press conference of 29 November 2024]",
    author="李思雨",
    date="2024-11-30",
    url="http://www.jingjiribao.cn/static/detail.jsp?id=558092",
)

XINHUA_2025_01_08 = Source(
    key="xinhua-2025-01-08",
    publisher="Xinhua, via People's Daily Online (CNIPA figures of 2025-01-07)",
    title="[report on valid invention patents and patent-intensive industries]",
    date="2025-01-08",
    url="http://en.people.cn/n3/2025/0108/c90000-20263154.html",
)

XINHUA_2025_12_31 = Source(
    key="xinhua-2025-12-31",
    publisher="Xinhua, via People's Daily Online (NBS and CNIPA figures)",
    title="[report on the 2024 value added of patent-intensive industries]",
    date="2025-12-31",
    url="http://en.people.cn/n3/2025/1231/c90000-20409321.html",
)

MONDAQ_2023_CNIPA_TARGETS = Source(
    key="mondaq-2023-cnipa-targets",
    publisher="China IP Magazine, via mondaq (quoting Shen Changyu, CNIPA)",
    title="cnipa china to promote industrialization of highvalue patents",
    date="2023",
    url="https://www.mondaq.com:443/china/patent/1393220/cnipa-china-to-promote-industrialization-of-highvalue-patents",
)

# -- primary reports: the 2023-2025 special action ---------------------------------------------------

MONDAQ_WANG_PEIZHANG = Source(
    key="mondaq-wang-peizhang",
    publisher="CNIPA press conference, via mondaq",
    title="cnipa to promote patent industrialization in universities and research institutions",
    author="Wang Peizhang (CNIPA)",
    url=(
        "https://www.mondaq.com:443/china/patent/1444464/"
        "cnipa-to-promote-patent-industrialization-in-universities-and-research-institutions"
    ),
)

PPRAG_2024_05_22 = Source(
    key="pprag-2024-05-22",
    publisher="CNIPA (Hu Wenhui), via pprag.com",
    title="the number of effective invention patents in china surpassed 4 million",
    date="2024-05-22",
    url=(
        "https://www.pprag.com/2024/05/22/international-the-number-of-effective-invention-"
        "patents-in-china-surpassed-4-million/"
    ),
)

XINHUA_2024_04_24 = Source(
    key="xinhua-2024-04-24",
    publisher="Xinhua (SCIO press conference of 2024-04-24)",
    title="[report on the inventory of stock patents of universities and research institutes]",
    author="宋晨、张泉",
    date="2024-04-24",
    url="http://103.52.134.50/scripts/wab.php?locKF=F13.html",
    via="mirror; also CCTV mirror https://video-finder.com/html/594f599386.html",
)

CCTV_2024 = Source(
    key="cctv-2024",
    publisher="CCTV",
    title="[report on patents of universities and research institutes, first quarter of 2024]",
    author="王婧",
    date="2024",
    url="https://video-finder.com/html/594f599386.html",
    via="mirror at video-finder.com",
)

SCIO_2025_01_10 = Source(
    key="scio-2025-01-10",
    publisher="State Council Information Office (SCIO), China.org.cn",
    title="[press conference transcript, page dated 2025-01-10]",
    author="Shen Changyu (CNIPA)",
    date="2025-01-10",
    url="http://english.scio.gov.cn/pressroom/2025-01/10/content_117657419_4.html",
)

# -- added from a check against primary sources (issue 15) --------------------------------------------

CNIPA_2025_NOTICE_INTERPRETATION = Source(
    key="cnipa-2025-notice-interpretation",
    publisher="China National Intellectual Property Administration (CNIPA)",
    title=(
        "[interpretation of the notice on deepening the special action on patent transformation "
        "and forming a long-term mechanism (国知发运字〔2025〕16号)]"
    ),
    # The interpretation gives no date of its own; the notice is dated 2025-05-21.
    date="2025",
    url="https://www.gzpscu.com.cn/news/v6018.html",
    via="mirror at gzpscu.com.cn",
)

CHINADAILY_2017_11_30 = Source(
    key="chinadaily-2017-11-30",
    publisher="China Daily",
    title="Military announces declassified patents at Foshan invention expo",
    date="2017-11-30",
    url="http://www.chinadaily.com.cn/cndy/2017-11/30/content_35130433.htm",
)

PEOPLESDAILY_2017_01_23 = Source(
    key="peoplesdaily-2017-01-23",
    publisher="People's Daily Online (Portuguese edition)",
    title=(
        "[Politburo decides to establish the Central Commission for Integrated Military and "
        "Civilian Development]"
    ),
    date="2017-01-23",
    url="http://portuguese.people.cn/n3/2017/0123/c309806-9170415.html",
)
