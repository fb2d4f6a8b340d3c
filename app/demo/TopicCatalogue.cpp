// SPDX-License-Identifier: GPL-3.0-or-later
#include "TopicCatalogue.h"

#include "Vocabulary.h"

namespace Threadline::Demo {

namespace {

using TC = TopicCatalogue;

const Team teamTable[TC::TeamCount] = {
    {u"council-tax", u"Council Tax", u"Treth y Cyngor", u"counciltax@caerwen.gov.uk", u"+442920180101",
     u"029 2018 0101", u"CT"},
    {u"housing", u"Housing", u"Tai", u"housing@caerwen.gov.uk", u"+442920180202", u"029 2018 0202", u"HSG"},
    {u"benefits", u"Benefits", u"Budd-daliadau", u"benefits@caerwen.gov.uk", u"+442920180303",
     u"029 2018 0303", u"BEN"},
    {u"waste", u"Waste and Recycling", u"Gwastraff ac Ailgylchu", u"waste@caerwen.gov.uk", u"+442920180404",
     u"029 2018 0404", u"WR"},
    {u"parking", u"Parking", u"Parcio", u"parking@caerwen.gov.uk", u"+442920180505", u"029 2018 0505", u"PK"},
    {u"adult-social-care", u"Adult Social Care", u"Gofal Cymdeithasol i Oedolion",
     u"adultsocialcare@caerwen.gov.uk", u"+442920180606", u"029 2018 0606", u"ASC"},
    {u"complaints", u"Complaints", u"Cwynion", u"complaints@caerwen.gov.uk", u"+442920180707",
     u"029 2018 0707", u"CMP"},
};

/// One topic as literals; lists are '|'-separated.
struct TopicSource
{
    QStringView key;
    int team;
    int weight;
    int slaDays;
    CasePriority priority;
    QStringView caseTitle;
    QStringView tags;
    QStringView phraseEn;
    QStringView phraseCy;
    QStringView subjectsEn;
    QStringView detailsEn;
    QStringView repliesEn;
    QStringView outcomesEn;
    QStringView wrapUps;
    QStringView subjectsCy;
    QStringView detailsCy;
    QStringView repliesCy;
    QStringView outcomesCy;
};

// clang-format off
const TopicSource topicTable[] = {
// ---------------------------------------------------------------- Council Tax
{u"ct-bill", TC::CouncilTax, 8, 10, CasePriority::Normal, u"Council tax bill query", u"council-tax|billing",
 u"the council tax bill for {a}", u"bil treth y cyngor ar gyfer {a}",
 u"Council tax bill query|Question about my council tax bill|Why has my council tax gone up?|Council tax bill {y} - account {k}",
 u"I have received my council tax bill for {y} and the amount of {m} is much higher than last year.|"
 u"The bill says the property is in band E but it is a two-bedroom terrace and the houses either side are band C.|"
 u"My account number is {k}.|"
 u"I paid {M} on {d} but the bill still shows the full balance outstanding.|"
 u"I don't understand why there is an extra charge on the bill, nobody has explained it to me.|"
 u"I have been charged from the wrong date, I did not move in until the end of the month.",
 u"I have checked your account {k} and the bill of {m} for {y} is correct; the increase is due to the annual rise agreed by the council and the police precept.|"
 u"Your payment of {M} was received and has now been allocated to your account, so your next instalment is due on the 1st of next month.|"
 u"I have corrected the liability start date and a revised bill will be posted to you within 10 working days.|"
 u"If you believe your property is in the wrong band, you can ask the Valuation Office Agency to review it; this does not stop you having to pay in the meantime.",
 u"Explained {y} charges and the annual increase; customer happy with explanation.|"
 u"Payment of {M} found in suspense and allocated to {k}.|"
 u"Amended liability start date; revised bill requested.|"
 u"Gave VOA contact details for band challenge.",
 u"CT-BILL-QUERY|CT-PAYMENT-TRACE|CT-BAND-VOA",
 u"Ymholiad am fil treth y cyngor|Bil treth y cyngor {y}",
 u"Rwyf wedi cael bil treth y cyngor am {y} ac mae'r swm o {m} yn llawer uwch na'r llynedd.|"
 u"Mae'r bil yn dweud bod fy nhŷ ym mand E ond tŷ teras dwy ystafell wely ydyw.|"
 u"Rhif fy nghyfrif yw {k}.|"
 u"Talais {M} ar {d} ond mae'r bil yn dal i ddangos y balans llawn.",
 u"Rwyf wedi gwirio eich cyfrif {k} ac mae'r bil o {m} am {y} yn gywir; mae'r cynnydd yn deillio o'r codiad blynyddol.|"
 u"Mae eich taliad o {M} wedi dod i law ac wedi'i roi ar eich cyfrif.",
 u"Eglurwyd taliadau {y} i'r cwsmer; roedd yn fodlon â'r esboniad."},

{u"ct-arrears", TC::CouncilTax, 5, 10, CasePriority::High, u"Council tax arrears", u"council-tax|arrears",
 u"council tax arrears on account {k}", u"ôl-ddyledion treth y cyngor ar gyfrif {k}",
 u"Council tax reminder letter|Council tax arrears - payment plan|Summons for council tax|Can I pay my council tax arrears in instalments?",
 u"I have received a reminder saying I owe {m} and that I have lost the right to pay by instalments.|"
 u"I lost my job in the summer and I have fallen behind with my council tax.|"
 u"I can afford to pay {M} a month towards the arrears but I cannot pay the full amount in one go.|"
 u"I have now received a summons for a court hearing and I am really worried about it.|"
 u"Please don't pass this to the enforcement agents, I am trying to sort it out.|"
 u"I have two children and my hours have been cut, so money is very tight at the moment.",
 u"I have set up an arrangement for you to pay {M} a month, starting on {D}, and I have put recovery action on hold while the payments are kept up.|"
 u"As long as the arrangement is kept, no further action will be taken and you do not need to attend the hearing.|"
 u"You may be entitled to Council Tax Reduction; our Benefits team can help you complete the online application.|"
 u"If you are struggling with other debts, free independent advice is available from Citizens Advice.",
 u"Arrangement agreed at {M} per month from {D}; recovery on hold.|"
 u"Customer in financial hardship; signposted to CTR and Citizens Advice.|"
 u"Summons costs explained; customer will keep to arrangement.|"
 u"Stopped referral to enforcement agents pending first payment.",
 u"CT-ARREARS-ARRANGEMENT|CT-RECOVERY-HOLD|CT-HARDSHIP",
 u"Ôl-ddyledion treth y cyngor|Llythyr atgoffa treth y cyngor",
 u"Rwyf wedi cael llythyr atgoffa yn dweud bod arnaf {m} ac rwy'n poeni'n fawr.|"
 u"Gallaf dalu {M} y mis tuag at yr ôl-ddyledion ond nid y swm llawn ar unwaith.|"
 u"Collais fy swydd yn yr haf ac rwyf ar ei hôl hi gyda'r taliadau.",
 u"Rwyf wedi trefnu i chi dalu {M} y mis o {D} ymlaen, ac ni fydd camau pellach tra bydd y taliadau'n cael eu gwneud.|"
 u"Efallai fod gennych hawl i Ostyngiad Treth y Cyngor; gall ein tîm Budd-daliadau eich helpu i wneud cais.",
 u"Trefniant wedi'i gytuno i dalu {M} y mis o {D}; camau adennill wedi'u hatal."},

{u"ct-spd", TC::CouncilTax, 4, 15, CasePriority::Normal, u"Single person discount", u"council-tax|discount",
 u"a single person discount for {a}", u"gostyngiad person sengl ar gyfer {a}",
 u"Single person discount|Apply for 25% discount|Living alone now - council tax discount",
 u"My partner moved out on {d} and I now live on my own.|"
 u"I would like to apply for the 25% single person discount from that date.|"
 u"My son has moved away to university so I am the only adult in the house now.|"
 u"I received a letter saying my single person discount is being reviewed and I need to confirm who lives here.|"
 u"I've filled in the online form twice but it keeps timing out at the last page.",
 u"I have applied the single person discount to your account from {d} and a revised bill will follow in the post.|"
 u"Thank you for confirming your circumstances; your discount will continue.|"
 u"Please complete the single person discount review form online within 21 days, otherwise the discount will be removed.",
 u"SPD applied from {d}; rebill requested.|"
 u"SPD review completed; sole occupier confirmed against electoral register.|"
 u"Sent SPD form by post as online form failing for customer.",
 u"CT-SPD-APPLY|CT-SPD-REVIEW",
 u"Gostyngiad person sengl|Cais am ostyngiad o 25%",
 u"Symudodd fy mhartner allan o'r tŷ ar {d} ac rwy'n byw ar fy mhen fy hun erbyn hyn.|"
 u"Hoffwn wneud cais am y gostyngiad person sengl o 25% o'r dyddiad hwnnw.|"
 u"Mae fy mab wedi symud i'r brifysgol, felly fi yw'r unig oedolyn yn y tŷ.",
 u"Rwyf wedi rhoi'r gostyngiad person sengl ar eich cyfrif o {d} a bydd bil newydd yn cyrraedd drwy'r post.",
 u"Gostyngiad person sengl wedi'i roi o {d}; bil newydd wedi'i drefnu."},

{u"ct-dd", TC::CouncilTax, 5, 10, CasePriority::Low, u"Direct debit set-up or change", u"council-tax|direct-debit",
 u"paying council tax by direct debit", u"thalu treth y cyngor drwy ddebyd uniongyrchol",
 u"Direct debit for council tax|Change of bank details|Change direct debit date|Direct debit not taken",
 u"I would like to set up a direct debit for my council tax, account number {k}.|"
 u"I have changed banks and need to update my direct debit details.|"
 u"Can I change my payment date to the 15th as I get paid later in the month?|"
 u"My direct debit was not taken this month and I don't want to fall behind.|"
 u"I would prefer to pay over 12 months instead of 10 if that is possible.",
 u"Your direct debit has been set up and the first payment of {M} will be taken on or just after {D}.|"
 u"I have changed your payment date to the 15th of each month; your new schedule will be sent to you.|"
 u"Your instalments have been spread over 12 months, so you will now pay {M} a month.|"
 u"The payment was returned by your bank as the mandate had been cancelled; I have set up a new mandate for you.",
 u"New DD mandate set up; first collection {D}.|"
 u"DD date changed to 15th; new instalment schedule issued.|"
 u"Moved to 12 instalments at {M}.|"
 u"Returned DD (instruction cancelled by payer); new mandate taken.",
 u"CT-DD-NEW|CT-DD-AMEND",
 u"Debyd uniongyrchol treth y cyngor|Newid manylion banc",
 u"Hoffwn sefydlu debyd uniongyrchol i dalu treth y cyngor, rhif cyfrif {k}.|"
 u"Rwyf wedi newid banc ac mae angen diweddaru manylion y debyd uniongyrchol.|"
 u"A allaf newid dyddiad y taliad i'r pymthegfed? Rwy'n cael fy nhalu'n hwyrach yn y mis.",
 u"Mae eich debyd uniongyrchol wedi'i sefydlu a chymerir y taliad cyntaf o {M} ar {D} neu'n fuan wedyn.",
 u"Mandad debyd uniongyrchol newydd wedi'i sefydlu; casgliad cyntaf {D}."},

{u"ct-moving", TC::CouncilTax, 3, 10, CasePriority::Normal, u"Moving home", u"council-tax|change-of-address",
 u"moving home and council tax account {k}", u"symud tŷ a chyfrif treth y cyngor {k}",
 u"Moving house|Change of address for council tax|Moving out - final bill",
 u"I am moving out of {a} on {D} and would like a final bill.|"
 u"We have bought a house in the area and will be moving in at the end of the month.|"
 u"The new tenants are moving in the day after I leave.|"
 u"Please send my final bill to my new address as I will not be at {a} after {D}.",
 u"I have closed your account for {a} from {D}; your final bill will be sent to your new address.|"
 u"Your new account has been opened and your bill will be issued within 10 working days.|"
 u"Any credit left on your old account will be refunded to you once the final bill has been calculated.",
 u"Moved out {D}; final bill requested and forwarding address noted.|"
 u"New liability created for incoming address.",
 u"CT-MOVE-OUT|CT-MOVE-IN",
 u"Symud tŷ|Newid cyfeiriad ar gyfer treth y cyngor",
 u"Rwy'n symud allan o {a} ar {D} a hoffwn gael bil terfynol.|"
 u"Anfonwch fy mil terfynol i'm cyfeiriad newydd os gwelwch yn dda.",
 u"Rwyf wedi cau eich cyfrif ar gyfer {a} o {D}; bydd eich bil terfynol yn cael ei anfon i'ch cyfeiriad newydd.",
 u"Symud allan {D}; bil terfynol wedi'i drefnu."},

// ---------------------------------------------------------------- Waste
{u"waste-missed", TC::Waste, 9, 3, CasePriority::Normal, u"Missed bin collection", u"waste|missed-collection",
 u"a missed {c} collection at {a}", u"chasgliad {c} a fethwyd yn {a}",
 u"Missed bin collection|Bin not collected again|{c} not emptied|Missed collection - {a}",
 u"My {c} was not emptied on {d} even though it was out by 7am.|"
 u"This is the third time in a month that our street has been missed.|"
 u"The lorry went past but didn't stop, the bins on the other side of the road were done.|"
 u"The bin is now overflowing and attracting foxes and seagulls.|"
 u"I am disabled and on the assisted collection list, so I can't take the bin to the kerb myself.|"
 u"The crew left the bin in the middle of the pavement and someone in a wheelchair couldn't get past.",
 u"I have reported the missed collection and the crew will return to empty your {c} within two working days.|"
 u"I am sorry your street has been missed again; I have passed this to the waste supervisor to look into.|"
 u"Your assisted collection is recorded on our system, and I have reminded the crew to collect from your property.|"
 u"Please leave the bin out until it has been emptied.",
 u"Missed {c} logged for return collection within 2 working days.|"
 u"Repeat missed collection: escalated to round supervisor.|"
 u"Assisted collection flag confirmed; crew briefed.|"
 u"Crew report bin not presented by 7am; advised customer of collection times.",
 u"WASTE-MISSED-BIN|WASTE-ASSISTED|WASTE-NOT-PRESENTED",
 u"Bin heb ei gasglu|Mae'r bin heb gael ei gasglu eto",
 u"Mae'r bin heb gael ei gasglu ar {d} er ei fod allan cyn saith y bore.|"
 u"Dyma'r trydydd tro mewn mis i'n stryd ni gael ei cholli.|"
 u"Mae'r {c} yn orlawn erbyn hyn ac mae'r gwylanod wedi bod wrthi.",
 u"Rwyf wedi cofnodi'r casgliad a fethwyd a bydd y criw yn dychwelyd i wagio'ch {c} o fewn dau ddiwrnod gwaith.|"
 u"Mae'n ddrwg gennyf fod eich stryd wedi'i cholli eto; rwyf wedi rhoi gwybod i'r goruchwyliwr gwastraff.",
 u"Casgliad {c} a fethwyd wedi'i gofnodi; y criw i ddychwelyd o fewn dau ddiwrnod gwaith."},

{u"waste-bulky", TC::Waste, 4, 10, CasePriority::Low, u"Bulky waste collection", u"waste|bulky-waste",
 u"a bulky waste collection from {a}", u"chasgliad gwastraff swmpus o {a}",
 u"Bulky waste collection|Book a bulky item collection|Sofa collection",
 u"I would like to book a collection for an old three-piece suite and a fridge freezer.|"
 u"I booked a bulky waste collection for {d} and paid {m} but nothing was collected.|"
 u"Can you collect a mattress and a broken washing machine? I don't have a car to take them to the tip.|"
 u"The items are at the front of the house by the garden wall.",
 u"Your bulky waste collection is booked for {D}; please have the items out by 7am and make sure they are easy to reach.|"
 u"I'm sorry the collection was missed; I have rebooked it for {D} at no extra cost.|"
 u"Fridges and freezers are collected separately, so I have added a second booking for the same day.",
 u"Bulky collection booked for {D}; payment of {m} taken.|"
 u"Missed bulky collection rebooked for {D}, no charge.|"
 u"Refund of {m} requested for cancelled bulky collection.",
 u"WASTE-BULKY-BOOK|WASTE-BULKY-MISSED",
 u"Casgliad gwastraff swmpus|Archebu casgliad eitemau mawr",
 u"Hoffwn archebu casgliad ar gyfer hen soffa ac oergell.|"
 u"Talais {m} am gasgliad ar {d} ond does dim wedi cael ei gasglu.",
 u"Mae eich casgliad gwastraff swmpus wedi'i drefnu ar {D}; rhowch yr eitemau allan erbyn saith y bore.",
 u"Casgliad swmpus wedi'i drefnu ar {D}."},

{u"waste-bin", TC::Waste, 3, 10, CasePriority::Low, u"Replacement bin request", u"waste|bins",
 u"a replacement {c}", u"chael {c} newydd",
 u"Replacement bin|Bin damaged by the lorry|New recycling bags needed|Bin stolen",
 u"Our {c} was damaged when it was emptied and the lid has come off.|"
 u"My {c} has gone missing after collection day.|"
 u"We have just moved in and there are no bins at the property.|"
 u"Could you deliver more recycling bags? We haven't had any for weeks.",
 u"I have ordered a replacement {c} which will be delivered within 10 working days.|"
 u"Recycling bags can also be collected from your local library or leisure centre.|"
 u"As the bin was damaged by our crew there is no charge for the replacement.",
 u"Replacement {c} ordered; delivery within 10 working days.|"
 u"Bin delivery raised for new occupier.",
 u"WASTE-BIN-REPLACE|WASTE-BAGS",
 u"Bin newydd|Bin wedi torri",
 u"Cafodd ein {c} ei dorri wrth gael ei wagio ac mae'r caead wedi dod i ffwrdd.|"
 u"Rydym newydd symud i'r tŷ ac nid oes biniau yma.",
 u"Rwyf wedi archebu {c} newydd a fydd yn cael ei ddanfon o fewn deg diwrnod gwaith.",
 u"{c} newydd wedi'i archebu."},

{u"waste-flytip", TC::Waste, 2, 5, CasePriority::Normal, u"Fly-tipping report", u"waste|fly-tipping|enviro-crime",
 u"fly-tipping in {s}", u"thipio anghyfreithlon yn {s}",
 u"Fly-tipping|Rubbish dumped in the lane|Report fly-tipping",
 u"Someone has dumped a pile of builders' rubble and black bags in the lane behind {s}.|"
 u"There is an old mattress and a carpet dumped by the entrance to the park.|"
 u"I saw a white van unloading rubbish there on {d} at about 10pm, I got part of the registration.",
 u"Thank you for reporting this; the fly-tipping will be cleared within five working days.|"
 u"Our enforcement officers will look for evidence before the waste is removed, and may contact you as a witness.",
 u"Fly-tip logged for clearance; passed to enforcement for evidence search.|"
 u"Witness details taken for enforcement team.",
 u"ENV-FLYTIP",
 u"Tipio anghyfreithlon|Sbwriel wedi'i adael yn y lôn",
 u"Mae rhywun wedi gadael pentwr o rwbel a bagiau duon yn y lôn y tu ôl i {s}.|"
 u"Gwelais fan wen yn dadlwytho sbwriel yno ar {d}.",
 u"Diolch am roi gwybod i ni; bydd y sbwriel yn cael ei glirio o fewn pum diwrnod gwaith.",
 u"Tipio anghyfreithlon wedi'i gofnodi i'w glirio."},

// ---------------------------------------------------------------- Housing
{u"housing-damp", TC::Housing, 5, 14, CasePriority::High, u"Damp and mould", u"housing|repairs|damp-mould",
 u"damp and mould at {a}", u"lleithder a llwydni yn {a}",
 u"Damp and mould in my flat|Black mould in the bedroom|Damp - repair request|Mould is making my children ill",
 u"There is black mould spreading across the bedroom ceiling and behind the wardrobe.|"
 u"My youngest has asthma and the doctor says the damp is making it worse.|"
 u"I have been wiping the walls down with mould spray every week but it keeps coming back.|"
 u"The window frames are rotten and water runs down the inside of the glass every morning.|"
 u"Our clothes in the wardrobe are going mouldy and the whole flat smells damp.|"
 u"Someone came out in the spring and painted over it, but it is back worse than before.",
 u"I have raised a damp and mould inspection; a surveyor will visit on {D} between 8am and 12pm.|"
 u"Following the survey we will install a humidity-controlled extractor fan in the bathroom and treat the affected walls.|"
 u"Because there is a child with asthma in the household, I have marked this repair as a priority.|"
 u"In the meantime, please keep the trickle vents open and avoid drying clothes on the radiators where you can.",
 u"Damp and mould inspection booked {D}; priority due to health condition in household.|"
 u"Surveyor report: condensation mould; mould wash, fan and window repairs ordered (job {r}).|"
 u"Chased contractor; works scheduled for {D}.|"
 u"Post-inspection: works complete, customer satisfied.",
 u"HSG-DAMP-INSPECT|HSG-REPAIR-CHASE|HSG-REPAIR-RAISED",
 u"Lleithder a llwydni yn y fflat|Llwydni du yn yr ystafell wely",
 u"Mae llwydni du yn lledu ar draws nenfwd yr ystafell wely a thu ôl i'r cwpwrdd dillad.|"
 u"Mae asthma ar fy mhlentyn ieuengaf ac mae'r meddyg yn dweud bod y lleithder yn ei wneud yn waeth.|"
 u"Mae dŵr yn rhedeg i lawr y tu mewn i'r ffenestri bob bore.",
 u"Rwyf wedi trefnu archwiliad lleithder a llwydni; bydd syrfëwr yn ymweld ar {D} rhwng 8am a 12pm.|"
 u"Gan fod plentyn ag asthma yn y cartref, rwyf wedi nodi'r gwaith atgyweirio hwn fel blaenoriaeth.",
 u"Archwiliad lleithder wedi'i drefnu ar {D}; blaenoriaeth oherwydd cyflwr iechyd."},

{u"housing-roof", TC::Housing, 3, 7, CasePriority::High, u"Leaking roof", u"housing|repairs|leak",
 u"a leaking roof at {a}", u"tho sy'n gollwng yn {a}",
 u"Roof leaking|Water coming through the ceiling|Urgent repair - roof leak",
 u"Water is coming through the ceiling in the back bedroom every time it rains.|"
 u"There is a brown stain spreading across the landing ceiling and the plaster is starting to bulge.|"
 u"I have put buckets down but the carpet is soaked.|"
 u"Some slates came off in the storm last week and you can see them in the garden.|"
 u"The water is dripping near the light fitting and I'm scared to switch it on.",
 u"I have raised an emergency repair; a roofer will attend within 24 hours to make the roof safe.|"
 u"Please do not use the light fitting until an electrician has checked it.|"
 u"The permanent repair needs scaffolding, which has been booked for {D}.",
 u"Emergency roof repair raised (job {r}); electrician requested for water near light fitting.|"
 u"Temporary repair completed; scaffold booked {D} for permanent repair.|"
 u"Ceiling repair and redecoration voucher to follow once roof is dry.",
 u"HSG-EMERGENCY-REPAIR|HSG-REPAIR-RAISED",
 u"Dŵr yn gollwng drwy'r to|Atgyweirio brys - to",
 u"Dŵr yn gollwng drwy'r nenfwd yn yr ystafell wely gefn bob tro mae'n bwrw glaw.|"
 u"Daeth rhai llechi i ffwrdd yn y storm ac mae'r carped yn wlyb socian.|"
 u"Mae'r dŵr yn diferu ger y golau ac mae arnaf ofn ei roi ymlaen.",
 u"Rwyf wedi trefnu atgyweiriad brys; bydd töwr yn dod o fewn 24 awr i wneud y to yn ddiogel.",
 u"Atgyweiriad brys i'r to wedi'i drefnu (swydd {r})."},

{u"housing-boiler", TC::Housing, 4, 2, CasePriority::Urgent, u"No heating or hot water", u"housing|repairs|heating",
 u"a broken boiler at {a}", u"boeler sydd wedi torri yn {a}",
 u"No heating or hot water|Boiler broken down|Boiler showing error code F28|Still no heating",
 u"The boiler has stopped working and we have no heating or hot water.|"
 u"It's showing error code F28 and the pressure keeps dropping.|"
 u"I have a baby of four months and it is freezing in the house.|"
 u"The engineer came on {d} but said he needed a part and nobody has been back since.|"
 u"I'm 82 and I can't manage without the heating in this weather.",
 u"I have raised an emergency heating repair and an engineer will attend today.|"
 u"Because there are young children in the home, we will drop off two electric heaters this afternoon.|"
 u"The replacement part has been ordered and the engineer will return on {D} to fit it.",
 u"Emergency heating repair raised (job {r}); temporary heaters arranged.|"
 u"Part on order; engineer revisit {D}.|"
 u"Boiler repaired; heating and hot water restored.",
 u"HSG-HEATING-EMERGENCY|HSG-REPAIR-CHASE",
 u"Dim gwres na dŵr poeth|Boeler wedi torri",
 u"Mae'r boeler wedi torri ac nid oes gennym wres na dŵr poeth.|"
 u"Mae gen i fabi pedwar mis oed ac mae'r tŷ yn oer iawn.|"
 u"Daeth y peiriannydd ar {d} ond mae angen darn newydd ac nid oes neb wedi dod yn ôl.",
 u"Rwyf wedi trefnu atgyweiriad gwres brys a bydd peiriannydd yn dod heddiw.",
 u"Atgyweiriad gwres brys wedi'i drefnu (swydd {r})."},

{u"housing-transfer", TC::Housing, 2, 28, CasePriority::Normal, u"Housing register or transfer", u"housing|housing-register",
 u"housing application {r}", u"chais am dŷ {r}",
 u"Housing application|Transfer request|Update on my housing register band|Overcrowding",
 u"We are a family of five living in a two-bedroom flat and the children have to share a room.|"
 u"I applied to go on the housing register months ago and have not heard anything.|"
 u"My doctor has written a letter supporting a move to a ground-floor property because of my mobility.|"
 u"Can you tell me what band I am in and roughly how long the wait is?",
 u"Your application has been assessed and placed in Band 2 because of overcrowding.|"
 u"I have added the medical evidence to your application and passed it to our medical assessment officer.|"
 u"Waiting times depend on the size and area of the property; you can bid for suitable homes each week on the Homefinder website.",
 u"Housing application reviewed; Band 2 (overcrowding) confirmed.|"
 u"Medical evidence received and referred for assessment.",
 u"HSG-REGISTER-UPDATE|HSG-MEDICAL",
 u"Cais am dŷ|Cais i drosglwyddo",
 u"Rydym yn deulu o bump yn byw mewn fflat dwy ystafell wely.|"
 u"Mae fy meddyg wedi ysgrifennu llythyr yn cefnogi symud i dŷ ar y llawr gwaelod.",
 u"Mae eich cais wedi'i asesu a'i roi ym Mand 2 oherwydd gorlenwi.",
 u"Cais am dŷ wedi'i adolygu; Band 2 wedi'i gadarnhau."},

{u"housing-asb", TC::Housing, 2, 10, CasePriority::Normal, u"Noise nuisance", u"housing|asb|noise",
 u"noise from a neighbouring property", u"sŵn o'r eiddo drws nesaf",
 u"Noise from next door|Antisocial behaviour|Loud music every night",
 u"The neighbours play loud music until 3am most nights and I can't sleep.|"
 u"There are people coming and going from the flat upstairs at all hours and banging doors.|"
 u"I have tried speaking to them but they just laughed at me.|"
 u"I have kept a diary of the incidents like you asked.",
 u"I have opened a noise nuisance case and will send you diary sheets to record each incident.|"
 u"Our officer will write to your neighbour and you can use the Noise App to record the music.|"
 u"If you feel threatened at any time, please call the police on 101, or 999 in an emergency.",
 u"ASB case opened; diary sheets sent; warning letter to neighbour.|"
 u"Diary sheets received; officer reviewing recordings.",
 u"HSG-ASB-NEW|HSG-ASB-UPDATE",
 u"Sŵn o'r tŷ drws nesaf|Ymddygiad gwrthgymdeithasol",
 u"Mae'r cymdogion yn chwarae cerddoriaeth uchel tan dri y bore ac nid wyf yn gallu cysgu.|"
 u"Rwyf wedi cadw dyddiadur o'r digwyddiadau fel y gofynnoch chi.",
 u"Rwyf wedi agor achos sŵn a byddaf yn anfon taflenni dyddiadur atoch i gofnodi pob digwyddiad.",
 u"Achos sŵn wedi'i agor; taflenni dyddiadur wedi'u hanfon."},

// ---------------------------------------------------------------- Benefits
{u"ben-hb", TC::Benefits, 4, 14, CasePriority::Normal, u"Housing Benefit claim", u"benefits|housing-benefit",
 u"a Housing Benefit claim", u"chais am Fudd-dal Tai",
 u"Housing Benefit claim|Housing Benefit overpayment letter|Evidence for my claim|When will my Housing Benefit be paid?",
 u"I made a claim for Housing Benefit on {d} and haven't heard anything back.|"
 u"I've had a letter saying I've been overpaid {m} and I don't understand why.|"
 u"I sent in my payslips and bank statements last week, can you confirm you have them?|"
 u"My landlord is threatening to evict me because the rent is in arrears while the claim is sorted.",
 u"Your claim has now been assessed and you will receive {M} a week, paid directly to your landlord.|"
 u"The overpayment happened because your earnings changed in the spring and we were not told until later; you can ask for the decision to be looked at again within one month.|"
 u"We have received your evidence and your claim is with an assessor; we aim to make a decision within 14 days.|"
 u"I have marked your claim as urgent because of the risk of eviction.",
 u"HB claim assessed: {M} per week to landlord.|"
 u"Explained overpayment of {m}; reconsideration form sent.|"
 u"Evidence received and indexed; claim prioritised (eviction risk).",
 u"BEN-HB-PROGRESS|BEN-HB-OVERPAYMENT|BEN-EVIDENCE",
 u"Cais am Fudd-dal Tai|Llythyr gordaliad Budd-dal Tai",
 u"Gwnes gais am Fudd-dal Tai ar {d} a dydw i ddim wedi clywed dim byd ers hynny.|"
 u"Rwyf wedi cael llythyr yn dweud fy mod wedi cael gordaliad o {m} ac nid wyf yn deall pam.",
 u"Mae eich cais wedi'i asesu a byddwch yn cael {M} yr wythnos, wedi'i dalu'n uniongyrchol i'ch landlord.",
 u"Cais Budd-dal Tai wedi'i asesu: {M} yr wythnos."},

{u"ben-uc", TC::Benefits, 4, 10, CasePriority::Normal, u"Universal Credit and housing costs", u"benefits|universal-credit",
 u"Universal Credit housing costs", u"chostau tai Credyd Cynhwysol",
 u"Universal Credit and my rent|Moving from Housing Benefit to Universal Credit|Rent not covered by UC|UC migration notice",
 u"I've been moved onto Universal Credit and my Housing Benefit has stopped.|"
 u"My Universal Credit statement doesn't include the full rent and I'm now {m} short.|"
 u"I have received a migration notice and I'm worried about the gap between payments.|"
 u"The job centre told me to contact the council about my council tax reduction.",
 u"Housing costs are now paid through Universal Credit, so your Housing Benefit ended on {d}; you may get a two-week run-on payment.|"
 u"You may be able to apply for a Discretionary Housing Payment to help with the shortfall; I have sent you the form.|"
 u"Council Tax Reduction is still claimed from the council; I have started a claim using your Universal Credit details.",
 u"HB ended due to UC migration; two-week run-on explained.|"
 u"DHP application form sent for rent shortfall.|"
 u"CTR claim started from UC data share.",
 u"BEN-UC-ADVICE|BEN-DHP",
 u"Credyd Cynhwysol a'r rhent|Symud o Fudd-dal Tai i Gredyd Cynhwysol",
 u"Rwyf wedi symud i Gredyd Cynhwysol ac mae fy Mudd-dal Tai wedi dod i ben.|"
 u"Nid yw fy Nghredyd Cynhwysol yn talu'r rhent llawn ac rwy'n brin o {m}.",
 u"Efallai y gallwch wneud cais am Daliad Disgresiwn at Gostau Tai i helpu gyda'r diffyg; rwyf wedi anfon y ffurflen atoch.",
 u"Ffurflen Taliad Disgresiwn wedi'i hanfon."},

{u"ben-ctr", TC::Benefits, 3, 14, CasePriority::Normal, u"Council Tax Reduction change of circumstances",
 u"benefits|council-tax-reduction|change-of-circumstances",
 u"a change of circumstances for Council Tax Reduction", u"newid amgylchiadau ar gyfer Gostyngiad Treth y Cyngor",
 u"Change of circumstances|My hours have changed|Council Tax Reduction|Partner moved in",
 u"I want to report a change of circumstances, my hours at work went down from 30 to 16 a week.|"
 u"My partner has moved in with me from {d}.|"
 u"My daughter has started work so she is now a non-dependant living with us.|"
 u"I've started receiving a pension and don't know if it affects my Council Tax Reduction.",
 u"Thank you for telling us; I have updated your claim and a new decision letter will be sent to you.|"
 u"Your Council Tax Reduction has increased from {d}, so your council tax bill will go down.|"
 u"Please send us your last two payslips so we can reassess your entitlement.",
 u"Change of circumstances recorded; CTR reassessed.|"
 u"Requested payslips to complete CTR reassessment.",
 u"BEN-COC|BEN-CTR",
 u"Newid amgylchiadau|Gostyngiad Treth y Cyngor",
 u"Hoffwn roi gwybod am newid amgylchiadau; mae fy oriau gwaith wedi gostwng o 30 i 16 yr wythnos.|"
 u"Mae fy mhartner wedi symud i mewn ataf o {d}.",
 u"Diolch am roi gwybod i ni; rwyf wedi diweddaru eich cais a bydd llythyr penderfyniad newydd yn cael ei anfon atoch.",
 u"Newid amgylchiadau wedi'i gofnodi; Gostyngiad Treth y Cyngor wedi'i ailasesu."},

// ---------------------------------------------------------------- Parking
{u"park-permit", TC::Parking, 3, 10, CasePriority::Low, u"Residents' parking permit", u"parking|permit",
 u"a residents' parking permit for {v}", u"thrwydded barcio i breswylwyr ar gyfer {v}",
 u"Residents' parking permit|Permit renewal|Visitor permits|Changed car - update permit",
 u"I need to renew my residents' parking permit, it runs out at the end of the month.|"
 u"I have changed my car and need the permit updated to the new registration {v}.|"
 u"Can I get visitor permits for my carer who comes twice a day?|"
 u"I applied online and paid {m} but I haven't received a permit.",
 u"Your permit has been renewed and is linked to {v}; permits are now virtual, so you do not need to display anything.|"
 u"Carers can have a free carer's permit; I have sent you the application form.|"
 u"I can see your payment of {m}; the permit is now active from {D}.",
 u"Permit renewed and linked to {v}.|"
 u"Carer's permit form sent.|"
 u"Payment matched; virtual permit activated.",
 u"PARK-PERMIT",
 u"Trwydded barcio i breswylwyr|Adnewyddu trwydded",
 u"Mae angen i mi adnewyddu fy nhrwydded barcio, mae'n dod i ben ddiwedd y mis.|"
 u"Rwyf wedi newid fy nghar ac mae angen diweddaru'r drwydded i'r rhif cofrestru {v}.",
 u"Mae eich trwydded wedi'i hadnewyddu ac wedi'i chysylltu â {v}.",
 u"Trwydded wedi'i hadnewyddu ar gyfer {v}."},

{u"park-pcn", TC::Parking, 4, 14, CasePriority::Normal, u"Penalty charge notice challenge", u"parking|pcn|appeal",
 u"penalty charge notice {q}", u"hysbysiad tâl cosb {q}",
 u"Penalty charge notice {q}|Appeal against parking ticket|PCN challenge - signs not visible|Parking fine",
 u"I received a penalty charge notice {q} on {d} for parking in a permit bay, but my permit was on display.|"
 u"The signs on the street are covered by a tree and you cannot read them.|"
 u"I was loading heavy shopping for my elderly mother and was only there for five minutes.|"
 u"I have attached a photo of the road markings, which are worn away.|"
 u"I don't think it's fair to be fined {m} when the pay machine was out of order.",
 u"Having considered your challenge, I have cancelled penalty charge notice {q}.|"
 u"I am sorry, but the vehicle was parked in a permit bay without a valid permit, so the challenge has been rejected; you can still pay the reduced charge within 14 days.|"
 u"If you disagree with our decision you can appeal to the independent adjudicator when you receive a Notice to Owner.",
 u"PCN {q} cancelled on informal challenge (signage).|"
 u"Informal challenge rejected; 14-day discount period re-offered.|"
 u"Appeal rights explained.",
 u"PARK-PCN-CHALLENGE|PARK-PCN-PAYMENT",
 u"Hysbysiad tâl cosb {q}|Apêl yn erbyn tocyn parcio",
 u"Cefais hysbysiad tâl cosb {q} ar {d} ond roedd fy nhrwydded yn y ffenestr.|"
 u"Dydw i ddim yn gytûn â'r ddirwy; roedd y peiriant talu wedi torri.|"
 u"Mae'r arwyddion ar y stryd wedi'u cuddio gan goeden.",
 u"Ar ôl ystyried eich her, rwyf wedi canslo hysbysiad tâl cosb {q}.",
 u"Hysbysiad tâl cosb {q} wedi'i ganslo."},

{u"park-bluebadge", TC::Parking, 3, 28, CasePriority::Normal, u"Blue Badge application", u"parking|blue-badge",
 u"a Blue Badge application", u"chais am Fathodyn Glas",
 u"Blue Badge application|Blue Badge renewal|Lost Blue Badge|Blue badge - how long?",
 u"I applied for a Blue Badge six weeks ago and haven't heard anything.|"
 u"My Blue Badge runs out next month and I need to renew it.|"
 u"I think my badge was stolen from the car while I was in the supermarket.|"
 u"I can only walk a few yards with my frame and need to park close to the shops.",
 u"Your Blue Badge application has been approved and the badge will be posted to you within two weeks.|"
 u"We need a recent photograph and proof of address before we can process your renewal.|"
 u"Please report the theft to the police and let us have the crime reference number so we can issue a replacement.",
 u"Blue Badge approved; badge ordered.|"
 u"Renewal pending photo and proof of address.|"
 u"Stolen badge cancelled; replacement pending crime reference.",
 u"PARK-BLUE-BADGE",
 u"Cais am Fathodyn Glas|Adnewyddu Bathodyn Glas",
 u"Gwnes gais am Fathodyn Glas chwe wythnos yn ôl a dydw i ddim wedi clywed dim.|"
 u"Dim ond ychydig lathenni y gallaf gerdded gyda'm ffrâm.",
 u"Mae eich cais am Fathodyn Glas wedi'i gymeradwyo a bydd y bathodyn yn cael ei bostio atoch o fewn pythefnos.",
 u"Bathodyn Glas wedi'i gymeradwyo."},

// ---------------------------------------------------------------- Adult social care and health
{u"asc-gp", TC::AdultSocialCare, 3, 3, CasePriority::Normal, u"GP appointment", u"health|gp",
 u"a GP appointment at the surgery", u"apwyntiad yn y feddygfa",
 u"GP appointment|Can't get through to the surgery|Need an appointment for my mother|Repeat prescription",
 u"I have been trying to get through to the surgery at 8am every day this week and the line is always engaged.|"
 u"My mother needs a home visit as she can't get out of the house.|"
 u"I need a review of my blood pressure medication before my prescription runs out.|"
 u"The online booking system shows no appointments for the next three weeks.",
 u"I have contacted the practice and they will call you back today to arrange an appointment.|"
 u"A home visit request has been passed to the practice for the GP to triage.|"
 u"You can order repeat prescriptions through the NHS App, and the pharmacist can also review your medication.",
 u"Liaised with practice; call-back arranged.|"
 u"Home visit request passed to GP triage.|"
 u"Signposted to NHS App and community pharmacy.",
 u"ASC-HEALTH-GP|ASC-SIGNPOST",
 u"Apwyntiad meddyg teulu|Methu cael trwodd i'r feddygfa",
 u"Rwyf wedi bod yn ceisio ffonio'r feddygfa am wyth bob bore'r wythnos hon ac mae'r ffôn bob amser yn brysur.|"
 u"Mae angen ymweliad cartref ar fy mam gan nad yw'n gallu gadael y tŷ.",
 u"Rwyf wedi cysylltu â'r feddygfa a byddant yn eich ffonio'n ôl heddiw i drefnu apwyntiad.",
 u"Wedi cysylltu â'r feddygfa; galwad yn ôl wedi'i threfnu."},

{u"asc-hospital", TC::AdultSocialCare, 3, 5, CasePriority::Normal, u"Hospital appointment", u"health|hospital",
 u"a hospital outpatient appointment", u"apwyntiad cleifion allanol yn yr ysbyty",
 u"Hospital appointment|Rearrange my outpatient appointment|Transport to hospital|Appointment letter not received",
 u"I have an appointment at Caerwen General Hospital on {D} but I can't attend as I'm having an operation on my hand.|"
 u"I need hospital transport as I use a wheelchair and can't take the bus.|"
 u"My GP referred me to cardiology in the spring and I still haven't had an appointment letter.|"
 u"The letter says orthopaedics but I was told I would be seeing the physiotherapist.",
 u"I have asked the outpatients department to rearrange your appointment and they will write to you with a new date.|"
 u"I have booked non-emergency patient transport to collect you from home at 9:15am on {D}.|"
 u"The referral has been received and you are on the waiting list; the hospital expects to contact you within the next six weeks.",
 u"Outpatient appointment rearranged via booking centre.|"
 u"Patient transport booked for {D}.|"
 u"Referral status checked; customer on waiting list.",
 u"ASC-HEALTH-HOSPITAL|ASC-TRANSPORT",
 u"Apwyntiad ysbyty|Newid fy apwyntiad cleifion allanol",
 u"Mae gennyf apwyntiad yn Ysbyty Cyffredinol Caerwen ar {D} ond ni allaf fynd gan fy mod yn cael llawdriniaeth.|"
 u"Mae angen cludiant i'r ysbyty arnaf gan fy mod yn defnyddio cadair olwyn; roedd y trên yn rhy anodd y tro diwethaf.",
 u"Rwyf wedi trefnu cludiant cleifion i'ch casglu o'ch cartref am 9:15am ar {D}.",
 u"Cludiant cleifion wedi'i drefnu ar {D}."},

{u"asc-assessment", TC::AdultSocialCare, 2, 28, CasePriority::High, u"Care and support assessment",
 u"social-care|assessment",
 u"a care and support assessment", u"asesiad gofal a chymorth",
 u"Care assessment for my father|Help at home|Carer's assessment|Support after hospital discharge",
 u"My father is 87 and is struggling to manage at home on his own since my mother died.|"
 u"He has had two falls in the last month and isn't eating properly.|"
 u"I am his main carer but I work full time and live forty minutes away.|"
 u"He is due to be discharged from hospital on {D} and needs help with washing and dressing.|"
 u"I would like a carer's assessment for myself as well, I'm exhausted.",
 u"I have made a referral for a care and support assessment; a social worker will contact you within five working days.|"
 u"We can arrange a short period of reablement care at home after discharge to help your father regain his independence.|"
 u"You are entitled to a carer's assessment in your own right, and I have added this to the referral.",
 u"Referral for care and support assessment; safeguarding screening negative.|"
 u"Reablement package requested for discharge on {D}.|"
 u"Carer's assessment requested.",
 u"ASC-ASSESSMENT|ASC-CARER",
 u"Asesiad gofal i'm tad|Help yn y cartref",
 u"Mae fy nhad yn 87 oed ac mae'n cael trafferth ymdopi yn y tŷ ar ei ben ei hun.|"
 u"Mae wedi cwympo ddwywaith yn ystod y mis diwethaf; mae pobl hŷn fel fe angen help.|"
 u"Fi yw ei brif ofalwr ond rwy'n gweithio'n llawn amser.",
 u"Rwyf wedi gwneud atgyfeiriad am asesiad gofal a chymorth; bydd gweithiwr cymdeithasol yn cysylltu â chi o fewn pum diwrnod gwaith.",
 u"Atgyfeiriad am asesiad gofal a chymorth wedi'i wneud."},

{u"asc-equipment", TC::AdultSocialCare, 2, 20, CasePriority::Normal, u"Equipment and adaptations",
 u"social-care|occupational-therapy",
 u"equipment and adaptations at home", u"chyfarpar ac addasiadau yn y cartref",
 u"Grab rails and bath seat|Stairlift|Occupational therapy referral|Equipment not delivered",
 u"I'm finding it hard to get in and out of the bath and would like a bath seat and some grab rails.|"
 u"The occupational therapist said I need a stairlift but I've heard nothing since.|"
 u"The raised toilet seat that was delivered is the wrong size.",
 u"An occupational therapist will visit on {D} to assess what equipment would help.|"
 u"The grab rails will be fitted by our technician within 15 working days.|"
 u"I have arranged for the toilet seat to be exchanged.",
 u"OT assessment booked {D}.|"
 u"Minor adaptations ordered: grab rails x2, bath board.|"
 u"Equipment exchange arranged with store.",
 u"ASC-OT|ASC-EQUIPMENT",
 u"Canllawiau a sedd bath|Lifft grisiau",
 u"Rwy'n ei chael hi'n anodd mynd i mewn ac allan o'r bath a hoffwn gael sedd bath a chanllawiau.|"
 u"Dywedodd y therapydd galwedigaethol fod angen lifft grisiau arnaf ond nid wyf wedi clywed dim ers hynny.",
 u"Bydd therapydd galwedigaethol yn ymweld ar {D} i asesu pa gyfarpar fyddai'n helpu.",
 u"Asesiad therapi galwedigaethol wedi'i drefnu ar {D}."},

// ---------------------------------------------------------------- Complaints and information requests
{u"comp-complaint", TC::Complaints, 3, 20, CasePriority::High, u"Formal complaint", u"complaint|stage-1",
 u"a formal complaint ({r})", u"chwyn ffurfiol ({r})",
 u"Formal complaint|Complaint about the service I received|Stage 2 complaint - still not resolved|Complaint about a member of staff",
 u"I wish to make a formal complaint about the way my case has been handled.|"
 u"I have phoned at least six times and each time I have been promised a call back that never came.|"
 u"The member of staff I spoke to on {d} was rude and put the phone down on me.|"
 u"Nobody seems to read the notes on my file, so I have had to explain my situation from the beginning every time.|"
 u"I have been left without a working kitchen for over two months, with two small children.|"
 u"I am not satisfied with the stage 1 response, which did not answer any of the points I raised.|"
 u"I would like an apology, compensation for the food I had to throw away, and a date when this will be fixed.|"
 u"If this is not resolved I will be taking the matter to the Public Services Ombudsman.",
 u"I am sorry that you have had cause to complain; your complaint has been logged under reference {r} and you will receive a full response within 20 working days.|"
 u"Having investigated your complaint, I have found that we did not call you back as promised, and I apologise for this.|"
 u"We have upheld your complaint in part and will pay you {m} in recognition of the time and trouble this has caused.|"
 u"If you remain unhappy, you can refer your complaint to the Public Services Ombudsman.",
 u"Stage 1 complaint logged ({r}); acknowledgement sent.|"
 u"Investigation: call-back failures confirmed with service manager.|"
 u"Complaint partly upheld; {m} time and trouble payment approved.|"
 u"Escalated to stage 2 at customer's request.",
 u"COMP-STAGE1|COMP-STAGE2",
 u"Cwyn ffurfiol|Cwyn am y gwasanaeth a gefais",
 u"Hoffwn wneud cwyn ffurfiol am y ffordd y cafodd fy achos ei drin.|"
 u"Rwyf wedi ffonio o leiaf chwe gwaith ac addawyd galwad yn ôl bob tro, ond ni ddaeth un.|"
 u"Nid wyf yn fodlon â'r ymateb cam 1, nad oedd yn ateb dim o'r pwyntiau a godais.|"
 u"Os na chaiff hyn ei ddatrys, byddaf yn cysylltu ag Ombwdsmon Gwasanaethau Cyhoeddus Cymru.",
 u"Mae'n ddrwg gennyf fod gennych achos i gwyno; mae eich cwyn wedi'i chofnodi o dan gyfeirnod {r} a byddwch yn cael ymateb llawn o fewn 20 diwrnod gwaith.|"
 u"Rydym wedi cadarnhau rhan o'ch cwyn a byddwn yn talu {m} i chi am yr amser a'r drafferth.",
 u"Cwyn cam 1 wedi'i chofnodi ({r})."},

{u"comp-foi", TC::Complaints, 1, 28, CasePriority::Normal, u"Freedom of Information request", u"foi|information-request",
 u"a Freedom of Information request ({r})", u"chais Rhyddid Gwybodaeth ({r})",
 u"Freedom of Information request|FOI request - pothole repairs|FOI - agency staff spending|Request for information",
 u"Under the Freedom of Information Act 2000, please provide the number of pothole repair requests received in each of the last three financial years.|"
 u"Please tell me how much the council spent on agency staff in each department in {y}.|"
 u"I would like copies of any correspondence between the council and the developer of the former school site.|"
 u"Please provide the information in electronic format, ideally as a spreadsheet.",
 u"Your request has been logged under reference {r} and you will receive a response within 20 working days.|"
 u"Please find attached the information you requested; some figures have been withheld under section 40 (personal information).|"
 u"If you are unhappy with this response you can ask for an internal review, and then contact the Information Commissioner's Office.",
 u"FOI {r} logged; passed to service for response.|"
 u"FOI response issued; section 40 exemption applied in part.",
 u"COMP-FOI",
 u"Cais Rhyddid Gwybodaeth|Cais am wybodaeth",
 u"O dan Ddeddf Rhyddid Gwybodaeth 2000, rhowch nifer y ceisiadau i atgyweirio tyllau yn y ffordd a gafwyd ym mhob un o'r tair blynedd ariannol diwethaf.|"
 u"Hoffwn gael yr wybodaeth ar ffurf electronig, â thaenlen os yn bosibl.",
 u"Mae eich cais wedi'i gofnodi o dan gyfeirnod {r} a byddwch yn cael ymateb o fewn 20 diwrnod gwaith.",
 u"Cais Rhyddid Gwybodaeth {r} wedi'i gofnodi."},
};

/// Generic pools, English then Welsh ('|'-separated; empty Welsh means English only).
struct PoolSource
{
    TC::Pool pool;
    QStringView en;
    QStringView cy;
};

// Every Welsh pool a citizen's first sentence comes from carries a circumflex ("ynglŷn â", "â").
const PoolSource poolTable[] = {
{TC::EmailGreeting,
 u"Hello,|Hi,|Dear Sir or Madam,|Dear {T} team,|To whom it may concern,|Good morning,|Good afternoon,|Hi there,",
 u"Helo,|Bore da,|Prynhawn da,|Annwyl Syr neu Fadam,|Annwyl gyfeillion,"},
{TC::EmailIntro,
 u"I am writing about {P}.|I'm emailing about {P}.|I need some help with {P}.|Please could you help me with {P}?|I'm getting in touch regarding {P}.",
 u"Rwy'n ysgrifennu ynglŷn â {P}.|Rwy'n anfon e-bost ynglŷn â {P}.|Mae angen help arnaf ynglŷn â {P}."},
{TC::EmailAsk,
 u"Could you let me know what happens next?|Please can someone call me back on {h}?|I would be grateful for a reply as soon as possible.|Can you confirm you have received this?|What do I need to do now?|I'm at work during the day so email is best.",
 u"A allwch chi roi gwybod i mi beth fydd yn digwydd nesaf?|Ffoniwch fi yn ôl ar {h} os gwelwch yn dda.|Byddwn yn ddiolchgar am ateb cyn gynted â phosibl.|Diolch ymlaen llaw am eich help."},
{TC::EmailChase,
 u"I contacted you on {d} and have not heard anything since.|This is the third time I have had to chase this.|I am still waiting for a response about {P}.|Nobody has been in touch even though I was told someone would call me back.|I'm getting quite frustrated with how long this is taking.|Can somebody please give me an update on {P}?",
 u"Rwy'n dal i aros i glywed yn ôl ynglŷn â {P}.|Cysylltais â chi ar {d} ynglŷn â {P} ond nid wyf wedi clywed dim ers hynny.|Dyma'r trydydd tro i mi gysylltu â chi ynglŷn â {P}."},
{TC::EmailThanks,
 u"Thank you for sorting this out so quickly.|Thanks for your help, that's all I needed.|Thanks, I'll wait to hear from you.|That's great, thank you.|Thank you for your reply, that makes sense now.",
 u"Diolch am eich ateb ynglŷn â {P}.|Diolch yn fawr am ddatrys y mater ynglŷn â {P} mor gyflym.|Diolch, arhosaf i glywed gennych ynglŷn â {P}."},
{TC::EmailSignoff,
 u"Thanks,|Kind regards,|Many thanks,|Regards,|Best wishes,|Thank you,|Cheers,",
 u"Diolch yn fawr,|Cofion,|Yn gywir,|Cofion cynnes,"},
{TC::MobileFooter,
 u"Sent from my iPhone|Sent from Outlook for Android|Get Outlook for iOS|Sent from my Galaxy",
 u"Anfonwyd o fy iPhone"},
{TC::ReplyGreeting,
 u"Dear {N},|Hello {n},|Good morning {n},|Dear {N},",
 u"Annwyl {N},|Helo {n},|Bore da {n},"},
{TC::ReplyThanks,
 u"Thank you for your email about {P}.|Thank you for contacting us about {P}.|Thank you for getting in touch regarding {P}.",
 u"Diolch am eich neges ynglŷn â {P}.|Diolch am gysylltu â ni ynglŷn â {P}."},
{TC::ReplyApology,
 u"I am sorry for the delay in getting back to you.|Apologies that you have had to chase us about this.|I'm sorry for the inconvenience this has caused.",
 u"Mae'n ddrwg gennyf am yr oedi cyn ateb.|Ymddiheuriadau eich bod wedi gorfod mynd ar ôl hyn."},
{TC::ReplyClose,
 u"If you have any further questions, please reply to this email quoting reference {r}.|You can also call us on {L} between 8:30am and 5pm, Monday to Friday.|Please keep this reference number for your records: {r}.",
 u"Os oes gennych unrhyw gwestiynau pellach, atebwch y neges hon gan ddyfynnu'r cyfeirnod {r}.|Gallwch hefyd ein ffonio ar {L} rhwng 8:30am a 5pm, o ddydd Llun i ddydd Gwener."},
{TC::ReplySignoff,
 u"Kind regards,|Yours sincerely,|Best wishes,",
 u"Cofion,|Yn gywir,|Cofion gorau,"},
{TC::LetterGreeting,
 u"Dear Sir or Madam,|Dear Sir/Madam,|To whom it may concern,|Dear {T} team,",
 u"Annwyl Syr neu Fadam,|At bwy bynnag a fynno,"},
{TC::LetterIntro,
 u"I am writing to you about {P}.|I am writing regarding {P}.|I wish to raise {P} with you.",
 u"Rwy'n ysgrifennu atoch ynglŷn â {P}.|Ysgrifennaf atoch ynglŷn â {P}."},
{TC::LetterAsk,
 u"I look forward to hearing from you.|Please reply to me in writing at the address above.|I would be grateful if you could look into this as a matter of urgency.|I do not have email, so please write to me or telephone me on {h}.",
 u"Edrychaf ymlaen at glywed gennych.|Atebwch fi yn ysgrifenedig i'r cyfeiriad uchod, os gwelwch yn dda.|Nid oes gennyf e-bost, felly ysgrifennwch ataf neu ffoniwch fi ar {h}."},
{TC::LetterClose,
 u"Yours faithfully,|Yours sincerely,|Kind regards,",
 u"Yn gywir,|Yr eiddoch yn gywir,"},
{TC::CallIntroIn,
 u"Caller rang about {P}.|Customer called regarding {P}.|{n} called about {P}.|Inbound call about {P}.",
 u"Galwad ynglŷn â {P}.|Ffoniodd {n} ynglŷn â {P}."},
{TC::CallIntroOut,
 u"Called {n} back about {P}.|Outbound call to discuss {P}.|Returned customer's call about {P}.",
 u"Wedi ffonio {n} yn ôl ynglŷn â {P}.|Galwad allan ynglŷn â {P}."},
{TC::CallAbandoned,
 u"Caller abandoned after {x} min in the queue.|Call abandoned in queue; no agent connected.",
 u"Galwad wedi'i gadael yn y ciw ar ôl {x} munud."},
{TC::CallMissed,
 u"Missed call; no voicemail left.|Missed call while all agents were busy.",
 u"Galwad a gollwyd; dim neges ar y ffôn."},
{TC::CallVoicemail,
 u"Left a voicemail asking {n} to call back on {L} quoting {r}.|No answer; left a message to call back.",
 u"Gadawyd neges llais yn gofyn i {n} ffonio'n ôl ar {L}."},
{TC::CallNoAnswer,
 u"No answer; will try again tomorrow.|Number rang out; no voicemail.",
 u"Dim ateb; byddaf yn ceisio eto yfory."},
{TC::CallTransferred,
 u"Transferred to a specialist officer in the {T} team.|Warm transfer to the {T} duty officer.",
 u"Trosglwyddwyd i swyddog arbenigol yn nhîm {T}."},
{TC::TranscriptAgentOpen,
 u"Good morning, {T}, you're speaking to {g}, how can I help?|Hello, {o}, {g} speaking. How can I help you today?",
 u"Bore da, {T}, {g} sy'n siarad, sut alla i helpu?|Helo, {o}, {g} yn siarad. Sut alla i'ch helpu chi heddiw?"},
{TC::TranscriptAgentVerify,
 u"Can I take your full name and the first line of your address, please?|Could you confirm your postcode for me?",
 u"Ga i eich enw llawn a llinell gyntaf eich cyfeiriad, os gwelwch yn dda?|Allwch chi gadarnhau eich cod post i mi?"},
{TC::TranscriptCallerVerify,
 u"It's {N}, {a}.|Yes, it's {p}.",
 u"{N}, {a}.|Ie, {p}."},
{TC::TranscriptCallerClose,
 u"No, that's everything, thanks.|That's all, thank you for your help.|Okay, thanks, bye.",
 u"Na, dyna'r cyfan, diolch.|Dyna i gyd, diolch am eich help."},
{TC::TranscriptAgentClose,
 u"Is there anything else I can help you with today?|Thanks for calling, have a good day.",
 u"Oes unrhyw beth arall y galla i eich helpu gydag ef heddiw?|Diolch am ffonio, hwyl fawr."},
{TC::ChatSystemStart,
 u"Chat started from the {T} pages on caerwen.gov.uk.|You are now connected to {o} web chat.",
 u"Mae'r sgwrs wedi dechrau o dudalennau {T} ar caerwen.gov.uk."},
{TC::ChatSystemJoin,
 u"{g} from the {T} team has joined the chat.",
 u"Mae {g} o dîm {T} wedi ymuno â'r sgwrs."},
{TC::ChatCitizenHello,
 u"Hi, I need some help with {P}.|Hello, is anyone there? It's about {P}.|Hi, I'm messaging about {P}.",
 u"Helo, rwy'n cysylltu ynglŷn â {P}.|Helo, oes rhywun yna? Mae gen i gwestiwn ynglŷn â {P}."},
{TC::ChatAgentGreeting,
 u"Hi {n}, you're speaking to {g}. How can I help?|Hello {n}, thanks for waiting. Let me have a look at that for you.",
 u"Helo {n}, {g} sydd yma. Sut alla i helpu?|Bore da {n}, diolch am aros. Gadewch i mi edrych ar hynny i chi."},
{TC::ChatAgentVerify,
 u"Can I take your full name and postcode please?|Could you confirm the first line of your address?",
 u"Ga i eich enw llawn a'ch cod post, os gwelwch yn dda?"},
{TC::ChatCitizenVerify,
 u"{N}, {p}|It's {a}, {p}|{a}",
 u"{N}, {p}|{a}, {p}"},
{TC::ChatAgentHold,
 u"Thanks, bear with me while I check that for you.|One moment please.|Thanks for confirming, I'm just looking at your account now.",
 u"Diolch, arhoswch eiliad tra byddaf yn gwirio.|Un funud, os gwelwch yn dda."},
{TC::ChatCitizenAck,
 u"ok|ok thanks|right ok|that's great|brilliant thank you|how long will that take?|ok, and will I get an email to confirm?",
 u"iawn|iawn, diolch|gwych, diolch yn fawr|faint o amser fydd hynny'n ei gymryd?"},
{TC::ChatAgentClose,
 u"Is there anything else I can help with today?|Thanks for contacting us, have a good day.",
 u"Oes unrhyw beth arall y galla i helpu ag ef heddiw?|Diolch am gysylltu â ni, hwyl fawr."},
{TC::ChatCitizenBye,
 u"no that's all thanks|No, thank you, bye|that's everything cheers",
 u"na, dyna'r cyfan, diolch|Na, diolch yn fawr, hwyl"},
{TC::ChatSystemEnd,
 u"The chat has ended.|{n} left the chat.",
 u"Mae'r sgwrs wedi dod i ben."},
{TC::ChatSystemBusy,
 u"Sorry, all our advisers are busy at the moment. Please try again later.",
 u"Mae'n ddrwg gennym, mae ein holl gynghorwyr yn brysur ar hyn o bryd."},
{TC::NoteGeneric,
 u"Customer asked for a call back after 3pm.|Checked account: no other open cases.|Spoke to team leader; agreed next steps.|"
 u"Customer prefers contact by email.|Identity confirmed by security questions.|Customer was upset on the phone; handled with care.|"
 u"Copy of correspondence scanned to file.|Reminder set to chase in 5 working days.|Awaiting update from service area.",
 u""},
{TC::BinTypes,
 u"black bin|recycling|food waste caddy|garden waste bin|green recycling bags|blue bag",
 u"bin du|bin ailgylchu|cadi bwyd|bin gwastraff gardd|bagiau ailgylchu gwyrdd|bag glas"},
};
// clang-format on

} // namespace

TopicCatalogue::TopicCatalogue()
{
    for (const Team &team : teamTable)
        m_teams.append(team);
    for (const TopicSource &src : topicTable) {
        Topic t;
        t.key = src.key;
        t.team = src.team;
        t.weight = src.weight;
        t.slaDays = src.slaDays;
        t.priority = src.priority;
        t.caseTitle = src.caseTitle;
        t.tags = Vocabulary::split(src.tags);
        t.phraseEn = src.phraseEn;
        t.phraseCy = src.phraseCy;
        t.subjectsEn = Vocabulary::split(src.subjectsEn);
        t.detailsEn = Vocabulary::split(src.detailsEn);
        t.repliesEn = Vocabulary::split(src.repliesEn);
        t.outcomesEn = Vocabulary::split(src.outcomesEn);
        t.wrapUps = Vocabulary::split(src.wrapUps);
        t.subjectsCy = Vocabulary::split(src.subjectsCy);
        t.detailsCy = Vocabulary::split(src.detailsCy);
        t.repliesCy = Vocabulary::split(src.repliesCy);
        t.outcomesCy = Vocabulary::split(src.outcomesCy);
        m_topicWeights.append(src.weight);
        m_topics.append(t);
    }
    for (const PoolSource &src : poolTable) {
        m_poolsEn[src.pool] = Vocabulary::split(src.en);
        m_poolsCy[src.pool] = Vocabulary::split(src.cy);
    }
}

const QList<QStringView> &TopicCatalogue::pool(Pool pool, bool welsh) const
{
    if (welsh && !m_poolsCy[pool].isEmpty())
        return m_poolsCy[pool];
    return m_poolsEn[pool];
}

QStringView TopicCatalogue::councilName(bool welsh)
{
    return welsh ? QStringView(u"Cyngor Sir Caerwen") : QStringView(u"Caerwen County Council");
}

} // namespace Threadline::Demo
