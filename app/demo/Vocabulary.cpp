// SPDX-License-Identifier: GPL-3.0-or-later
#include "Vocabulary.h"

namespace Threadline::Demo {

namespace {

struct NameSource
{
    QStringView firstNames;
    QStringView surnames;
};

// Names by origin. Kept as one '|'-separated literal each so the lists stay readable.
const NameSource nameSources[Vocabulary::OriginCount] = {
    // English
    {u"Oliver|George|Harry|Jack|Jacob|Noah|Charlie|Thomas|Oscar|William|James|Henry|Leo|Alfie|Joshua|Freddie|"
     u"Archie|Ethan|Isaac|Alexander|Joseph|Edward|Samuel|Max|Daniel|Arthur|Lucas|Mason|Theo|Harrison|"
     u"Benjamin|"
     u"Adam|Liam|Ryan|Luke|Matthew|Michael|David|Paul|Mark|Andrew|Stephen|Peter|John|Richard|Robert|"
     u"Christopher|Simon|Ian|Gary|Kevin|Neil|Lee|Craig|Dean|Wayne|Darren|Stuart|Keith|Graham|Brian|Colin|"
     u"Derek|Trevor|Malcolm|Roy|Kenneth|Dennis|Olivia|Amelia|Ava|Emily|Sophie|Grace|Lily|Mia|Poppy|Ella|Evie|"
     u"Chloe|Jessica|Charlotte|Freya|Ruby|Daisy|Alice|Florence|Sarah|Emma|Laura|Rebecca|Hannah|Amy|Rachel|"
     u"Claire|Lisa|Karen|Julie|Helen|Nicola|Joanne|Michelle|Kelly|Donna|Tracey|Angela|Susan|Margaret|"
     u"Patricia|"
     u"Linda|Barbara|Jean|Maureen|Brenda|Pauline|Sheila|Dorothy|Joan|Carol|Janet|Lesley|Wendy|Gemma|Stacey|"
     u"Jade|Leanne|Natalie|Zoe|Abigail|Lucy|Katie|Megan|Holly|Bethany|Phoebe|Imogen|Harriet|Matilda|Elsie|"
     u"Rosie|Maisie|Ivy|Willow|Reginald|Doreen|Gladys|Norman|Sylvia|Terence|Beryl",
     u"Smith|Johnson|Brown|Taylor|Wilson|Wright|Walker|White|Green|Hall|Wood|Harris|Martin|Jackson|Clarke|"
     u"Turner|Hill|Cooper|Ward|Moore|King|Watson|Baker|Harrison|Morris|Cook|Bell|Parker|Bennett|Shaw|Collins|"
     u"Cox|Richardson|Marshall|Bailey|Chapman|Webb|Mills|Hunt|Barnes|Knight|Butler|Russell|Fisher|Holmes|"
     u"Stevens|Palmer|Payne|Dixon|Armstrong|Pearce|Lawrence|Hudson|Fletcher|Gibson|Spencer|Atkinson|Booth|"
     u"Wells|Webster|Barker|Hayes|Holt|Newman|Sutton|Fox|Bradley|Rose|Burton|Lucas|Foster|Kent|Lambert|Nash|"
     u"Saunders|Whitehouse|Ashworth|Bird|Crossley|Hargreaves|Pickering|Thornton|Winterbottom|Cartwright"},
    // Welsh
    {u"Siân|Dafydd|Gwenllian|Rhys|Cerys|Ffion|Eleri|Gareth|Huw|Ioan|Iolo|Llinos|Lowri|Meinir|Nia|Owain|"
     u"Rhiannon|Sioned|Tomos|Bethan|Carys|Dylan|Elin|Geraint|Gethin|Hywel|Iwan|Mared|Morgan|Osian|Seren|"
     u"Catrin|Angharad|Aled|Alun|Bryn|Emyr|Glesni|Gwyneth|Heledd|Ifan|Manon|Mererid|Nerys|Rhodri|Steffan|"
     u"Tegan|Trystan|Gwion|Cadi|Efa|Elis|Gruffydd|Gwenno|Hefin|Ieuan|Lleucu|Mabli|Math|Nanw|Non|Rhian|Siôn|"
     u"Siwan|Tesni|Wil|Deiniol|Dewi|Eirlys|Eluned|Branwen|Arwel|Idris|Llŷr|Mali|Aneurin|Ceri|Gwilym|Eurig|"
     u"Gwawr|Dwynwen|Tudur|Meirion",
     u"Jones|Williams|Davies|Evans|Thomas|Roberts|Hughes|Lewis|Morgan|Griffiths|Price|Pritchard|Powell|"
     u"Llewellyn|Llywelyn|Parry|Pugh|Bowen|Vaughan|Rees|Prosser|Meredith|Jenkins|Owen|Howells|Probert|"
     u"ap Gruffudd|ap Rhys|ab Owain|Gruffydd|Bevan|Ellis|Humphreys|Lloyd|Maddocks|Cadwaladr|Tudur|Wyn|Glyn|"
     u"Puw|Watkins|Gwynne|Madoc|Rowlands|Phillips|Harries|Beynon|Mathias|Hopkins|Prydderch|Emlyn|Ifans"},
    // Scottish and Irish
    {u"Callum|Fiona|Iain|Mhairi|Eilidh|Hamish|Ailsa|Catriona|Ewan|Morag|Siobhan|Niamh|Ciarán|Aoife|Seán|"
     u"Róisín|Declan|Orla|Pádraig|Eoin|Caoimhe|Fergus|Kirsty|Lachlan|Isla|Rory|Finlay|Sinéad|Bríd|Alasdair|"
     u"Kenny|Shona|Euan|Gráinne|Ruairí|Aisling",
     u"MacDonald|Campbell|Stewart|Robertson|Fraser|McLeod|Murray|Ross|Paterson|Cameron|Sinclair|MacKenzie|"
     u"O'Brien|Murphy|Kelly|O'Neill|McCarthy|Byrne|Doyle|Gallagher|Quinn|O'Connor|Brennan|Donnelly|"
     u"McLaughlin|MacLean|Buchanan|Ferguson|Reid|Gilmour|Ó Sé|Mac Giolla"},
    // South Asian
    {u"Mohammed|Muhammad|Aisha|Fatima|Imran|Priya|Rajesh|Sunita|Amir|Zainab|Harpreet|Gurpreet|Arjun|Nadia|"
     u"Farhan|Yusuf|Ayesha|Hamza|Sana|Anjali|Ravi|Deepak|Tariq|Samira|Bilal|Hassan|Maryam|Ibrahim|Rukhsana|"
     u"Shabana|Nasreen|Kiran|Manpreet|Jaspreet|Sandeep|Vikram|Neha|Pooja|Anil|Asif|Faisal|Rahim|Shazia|"
     u"Tahmina|Abdul|Raheem|Rizwan|Saima|Iqra|Zara|Aryan|Dev|Meera|Harjit|Balvinder|Nusrat|Shamima",
     u"Patel|Khan|Ahmed|Hussain|Begum|Ali|Singh|Kaur|Shah|Iqbal|Rahman|Chowdhury|Miah|Sharma|Gupta|Malik|"
     u"Akhtar|Bibi|Uddin|Mistry|Choudhury|Islam|Mahmood|Siddiqui|Qureshi|Butt|Kumar|Parmar|Chauhan|Sandhu|"
     u"Gill|Dhillon|Bhatti|Nawaz|Rashid|Hossain|Joshi|Desai|Bains"},
    // African and Caribbean
    {u"Chidi|Ngozi|Kwame|Ama|Femi|Tunde|Olumide|Abena|Kofi|Chiamaka|Tendai|Amara|Jermaine|Marcus|Shanice|"
     u"Tyrone|Delroy|Precious|Blessing|Chinedu|Adaeze|Yaw|Akosua|Kemi|Segun|Folasade|Themba|Kezia|Leon|"
     u"Winston|Claudette|Beverley|Desmond|Marcia|Andre|Kayode|Funmi|Emeka|Ifeoma|Nkechi|Tafadzwa",
     u"Adebayo|Okafor|Mensah|Osei|Boateng|Okonkwo|Adeyemi|Campbell|Francis|Clarke|Oyelaran|Nwosu|Asante|"
     u"Owusu|Adjei|Eze|Ogunleye|Bakare|Afolabi|Grant|Henry|Thompson|Baptiste|Joseph|Charles|Alleyne|Forde|"
     u"McKenzie|Ncube|Moyo|Dube|Chikwanha|Achebe|Oduya"},
    // East and South-East Asian
    {u"Wei|Mei|Jun|Xin|Li|Hui|Ling|Jian|Yan|Ming|Hiroshi|Yuki|Minh|Thanh|Linh|Tuan|Hoa|Jia|Kai|Ying|Siu|"
     u"Ka-Wai|Wing|Lok|Sze|Haruka|Ji-woo|Min-jun",
     u"Chen|Wong|Li|Zhang|Wang|Liu|Lam|Cheung|Chan|Leung|Ho|Ng|Tang|Yeung|Lin|Zhao|Huang|Nguyen|Tran|Pham|Le|"
     u"Tanaka|Sato|Kim|Park"},
    // Central and Eastern European
    {u"Agnieszka|Katarzyna|Piotr|Tomasz|Łukasz|Małgorzata|Anna|Marta|Paweł|Krzysztof|Magdalena|Joanna|Michał|"
     u"Andrzej|Ewa|Zofia|Jakub|Andrei|Ioana|Elena|Mihai|Alexandru|Maria|Cristina|Bogdan|Jānis|Tomas|Rūta|"
     u"Darius|Jurgita|Ivana|Petra|Vasyl|Olena|Oksana|Dmytro|Iryna|Szymon|Wiktoria",
     u"Kowalski|Nowak|Wiśniewska|Wójcik|Kamińska|Lewandowski|Zieliński|Szymańska|Woźniak|Dąbrowski|"
     u"Kozłowska|Jankowski|Mazur|Krawczyk|Popescu|Ionescu|Popa|Radu|Dumitru|Stan|Kazlauskas|Petrauskienė|"
     u"Bērziņš|Ozola|Horvat|Kovalenko|Shevchenko|Bondarenko|Melnyk|Novák|Svoboda"},
    // Middle Eastern, Turkish and Somali
    {u"Abdirahman|Fadumo|Hodan|Ayaan|Mohamed|Amina|Hawa|Abdullahi|Khadija|Omar|Yasmin|Layla|Karim|Rania|"
     u"Tarek|Mustafa|Noor|Hana|Reza|Shirin|Dariush|Mehmet|Emine|Ayşe|Murat|Elif|Ahmet|Zeynep|Samir|Dalia|"
     u"Youssef|Salma|Farah|Idil|Warsan",
     u"Mohamed|Abdi|Hassan|Farah|Ali|Warsame|Osman|Jama|Hersi|Abdullahi|Yusuf|Ibrahim|Nur|Aden|Haddad|"
     u"Khalil|Mansour|Nasser|Karimi|Hosseini|Rahimi|Yılmaz|Kaya|Demir|Şahin|Çelik|Öztürk|Aydın|Doğan|"
     u"Hamdan|Saleh"},
};

struct TownSource
{
    QStringView name;
    QStringView nameCy;
    QStringView outward; // space-separated
    QStringView phone; // space-separated national-number prefixes
    bool wales;
    int weight;
};

const TownSource townSources[] = {
    {u"Cardiff", u"Caerdydd", u"CF10 CF11 CF14 CF23 CF24 CF3 CF5", u"292", true, 60},
    {u"Swansea", u"Abertawe", u"SA1 SA2 SA3 SA5 SA6 SA7", u"1792#", true, 30},
    {u"Newport", u"Casnewydd", u"NP10 NP19 NP20", u"1633#", true, 18},
    {u"Wrexham", u"Wrecsam", u"LL11 LL12 LL13 LL14", u"1978#", true, 14},
    {u"Aberystwyth", u"", u"SY23", u"1970#", true, 8},
    {u"Bangor", u"", u"LL57", u"1248#", true, 8},
    {u"Carmarthen", u"Caerfyrddin", u"SA31 SA32 SA33", u"1267#", true, 9},
    {u"Bridgend", u"Pen-y-bont ar Ogwr", u"CF31 CF32 CF35", u"1656#", true, 11},
    {u"Merthyr Tydfil", u"Merthyr Tudful", u"CF47 CF48", u"1685#", true, 8},
    {u"Llanelli", u"", u"SA14 SA15", u"1554#", true, 9},
    {u"Caernarfon", u"", u"LL54 LL55", u"1286#", true, 6},
    {u"Pontypridd", u"", u"CF37 CF38", u"1443#", true, 8},
    {u"Neath", u"Castell-nedd", u"SA10 SA11", u"1639#", true, 7},
    {u"Barry", u"Y Barri", u"CF62 CF63", u"1446#", true, 8},
    {u"Rhyl", u"Y Rhyl", u"LL18", u"1745#", true, 6},
    {u"Brecon", u"Aberhonddu", u"LD3", u"1874#", true, 4},
    {u"London", u"Llundain", u"E1 E8 N1 N7 SE1 SE15 SW2 SW9 W3 NW10 E17 N15", u"207 208 203", false, 40},
    {u"Birmingham", u"", u"B1 B5 B11 B15 B23 B29 B44", u"121#", false, 18},
    {u"Manchester", u"Manceinion", u"M1 M4 M13 M14 M20 M40", u"161#", false, 14},
    {u"Leeds", u"", u"LS1 LS6 LS8 LS11 LS17", u"113#", false, 10},
    {u"Bristol", u"Bryste", u"BS1 BS3 BS5 BS7 BS16", u"117#", false, 12},
    {u"Liverpool", u"Lerpwl", u"L1 L4 L8 L15 L18", u"151#", false, 10},
    {u"Sheffield", u"", u"S1 S2 S7 S10 S11", u"114#", false, 7},
    {u"Leicester", u"", u"LE1 LE2 LE3 LE4 LE5", u"116#", false, 7},
    {u"Bradford", u"", u"BD1 BD3 BD7 BD8 BD9", u"1274#", false, 6},
    {u"Newcastle upon Tyne", u"", u"NE1 NE4 NE6 NE15", u"191#", false, 6},
    {u"Nottingham", u"", u"NG1 NG3 NG5 NG7", u"115#", false, 6},
    {u"Chester", u"Caer", u"CH1 CH2 CH3 CH4", u"1244#", false, 7},
    {u"Shrewsbury", u"Amwythig", u"SY1 SY2 SY3", u"1743#", false, 5},
    {u"Hereford", u"Henffordd", u"HR1 HR2 HR4", u"1432#", false, 4},
    {u"Gloucester", u"Caerloyw", u"GL1 GL2 GL4", u"1452#", false, 5},
    {u"Plymouth", u"", u"PL1 PL2 PL4 PL6", u"1752#", false, 5},
    {u"Norwich", u"", u"NR1 NR2 NR3", u"1603#", false, 4},
    {u"Luton", u"", u"LU1 LU2 LU3 LU4", u"1582#", false, 5},
    {u"Coventry", u"", u"CV1 CV2 CV3 CV6", u"247", false, 6},
    {u"Southampton", u"", u"SO14 SO15 SO16", u"238", false, 5},
    {u"Glasgow", u"", u"G1 G3 G11 G12 G20 G31", u"141#", false, 9},
    {u"Edinburgh", u"Caeredin", u"EH1 EH3 EH6 EH7 EH11", u"131#", false, 8},
    {u"Aberdeen", u"", u"AB10 AB11 AB24", u"1224#", false, 3},
    {u"Dundee", u"", u"DD1 DD2 DD4", u"1382#", false, 3},
    {u"Belfast", u"", u"BT1 BT5 BT7 BT9 BT12 BT15", u"2890", false, 6},
    {u"Derry", u"", u"BT47 BT48", u"2871", false, 3},
};

constexpr QStringView streetsEnText
    = u"High Street|Station Road|Church Street|Church Lane|Victoria Road|Queen Street|King Street|Mill Lane|"
      u"Park Avenue|Park Road|The Crescent|Albert Road|Manor Way|Orchard Close|Windsor Gardens|London Road|"
      u"Green Lane|Chapel Street|School Lane|New Road|North Street|South Street|Springfield Road|Grange Road|"
      u"Highfield Road|Mount Pleasant|Alexandra Road|York Road|George Street|Kingsway|Broadway|Meadow View|"
      u"Elm Grove|Oak Avenue|Beech Drive|Willow Close|Cherry Tree Walk|Ash Grove|Cedar Court|Maple Drive|"
      u"Rosemary Lane|Hawthorn Road|Brook Street|Riverside|Canal Street|Market Street|Bridge Street|"
      u"Castle Street|Commercial Street|Wellington Road|Nelson Street|Cromwell Road|Stanley Road|"
      u"Shakespeare Road|Milton Avenue|Tennyson Close|Hillside Avenue|Woodland Road|Forest Road|Heather "
      u"Close|"
      u"Primrose Hill|Clifton Terrace|Regent Street|Gladstone Road|Belle Vue Terrace|Jubilee Close|"
      u"Coronation Street|Foundry Lane|Colliery Row|Tanyard Lane|Cowbridge Road East|Albany Road|"
      u"Cathays Terrace|Walter Road|Mumbles Road|Newport Road|Merthyr Road|Caerphilly Road|Holton Road";

constexpr QStringView streetsCyText
    = u"Heol y Parc|Stryd Fawr|Ffordd yr Orsaf|Heol Eglwys|Lôn Las|Heol y Frenhines|Ffordd Bangor|"
      u"Rhodfa'r Môr|Heol Maes-y-Coed|Cae Glas|Heol Tŷ Gwyn|Stryd y Bont|Llys Derwen|Maes yr Ysgol|"
      u"Heol Llanisien|Heol y Felin|Ffordd Caerdydd|Heol y Capel|Stryd y Castell|Lôn y Wern|Maes y Dderwen|"
      u"Heol Penlan|Ffordd Glan yr Afon|Bryn Hyfryd|Heol Hir|Stryd Newydd|Heol y Bryn|Ffordd Pentre|"
      u"Teras y Rheilffordd|Clos y Coed|Llwyn Onn|Maes Glas|Pen y Groes|Heol Dewi Sant|Heol Gwenallt|"
      u"Rhes Fictoria|Heol Pant-y-Celyn|Cwrt yr Efail|Lôn Ddu|Ffordd Tŷ Coch|Heol y Cwm|Heol Crwys|"
      u"Ffordd y Brenin|Heol Aberteifi|Stryd y Dŵr|Maes Owain|Parc y Felin|Ystâd Glan-y-Môr|Heol Caerffili|"
      u"Lôn Bedw|Heol yr Ysgol|Ffordd Llanbadarn|Heol Gwyndy|Cilgant y Gorlan";

constexpr QStringView houseNamesText
    = u"Bryn Awel|Tŷ Gwyn|Rose Cottage|The Old Rectory|Hafod|Min-y-Don|Glan yr Afon|Ivy Cottage|Hillcrest|"
      u"Penrhyn|Tŷ Newydd|The Laurels|Maes-y-Coed|Orchard House|Bwthyn Bach|Brynteg|Highfield|Woodlands|"
      u"Gwêl-y-Môr|Hafan Deg|The Coach House|Swn-y-Nant";

constexpr QStringView emailDomainsText
    = u"gmail.com|hotmail.co.uk|outlook.com|yahoo.co.uk|btinternet.com|icloud.com|live.co.uk|sky.com|"
      u"hotmail.com|aol.com|virginmedia.com|talktalk.net|outlook.co.uk|yahoo.com|me.com|ntlworld.com";
constexpr int domainWeights[] = {32, 14, 12, 8, 8, 7, 5, 4, 4, 2, 2, 2, 2, 2, 1, 1};

} // namespace

QList<QStringView> Vocabulary::split(QStringView text, QChar separator)
{
    QList<QStringView> out;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == separator) {
            if (i > start)
                out.append(text.mid(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

QString Vocabulary::asciiFold(QStringView text)
{
    const QString decomposed = text.toString().normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    for (QChar c : decomposed) {
        const char16_t u = c.unicode();
        if ((u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9'))
            out.append(c);
        else if (u >= u'A' && u <= u'Z')
            out.append(QChar(char16_t(u - u'A' + u'a')));
        else if (u == u'ł' || u == u'Ł')
            out.append(QLatin1Char('l'));
        else if (u == u'ı')
            out.append(QLatin1Char('i'));
        else if (u == u'ø' || u == u'Ø')
            out.append(QLatin1Char('o'));
        else if (u == u'ß')
            out.append(u"ss");
        else if (u == u'æ' || u == u'Æ')
            out.append(u"ae");
        else if (u == u'đ' || u == u'Đ')
            out.append(QLatin1Char('d'));
    }
    return out;
}

Vocabulary::Vocabulary()
{
    for (int o = 0; o < OriginCount; ++o) {
        NamePool &pool = m_names[o];
        pool.firstNames = split(nameSources[o].firstNames);
        pool.surnames = split(nameSources[o].surnames);
        pool.firstNamesAscii.reserve(pool.firstNames.size());
        for (QStringView n : pool.firstNames)
            pool.firstNamesAscii.append(asciiFold(n));
        pool.surnamesAscii.reserve(pool.surnames.size());
        for (QStringView n : pool.surnames)
            pool.surnamesAscii.append(asciiFold(n));
    }
    for (const TownSource &src : townSources) {
        Town town;
        town.name = src.name;
        town.nameCy = src.nameCy;
        town.outwardCodes = split(src.outward, QLatin1Char(' '));
        town.phonePrefixes = split(src.phone, QLatin1Char(' '));
        town.inWales = src.wales;
        town.weight = src.weight;
        m_towns.append(town);
        m_townWeights.append(src.weight);
    }
    m_streetsEn = split(streetsEnText);
    m_streetsCy = split(streetsCyText);
    m_houseNames = split(houseNamesText);
    m_emailDomains = split(emailDomainsText);
    for (int w : domainWeights)
        m_emailDomainWeights.append(w);
}

} // namespace Threadline::Demo
