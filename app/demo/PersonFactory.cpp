// SPDX-License-Identifier: GPL-3.0-or-later
#include "PersonFactory.h"

#include "OfficeClock.h"
#include "Vocabulary.h"

#include <array>

namespace Threadline::Demo {

namespace {

using V = Vocabulary;

// Name origins, by where a person lives and whether they prefer Welsh (order of Vocabulary::Origin).
constexpr std::array<int, V::OriginCount> originsWelshSpeaker = {14, 80, 2, 1, 1, 0, 1, 1};
constexpr std::array<int, V::OriginCount> originsInWales = {45, 32, 4, 7, 4, 2, 4, 2};
constexpr std::array<int, V::OriginCount> originsElsewhere = {52, 4, 9, 14, 8, 3, 6, 4};
// Ages by band: 18-29, 30-44, 45-64, 65-79, 80-98.
constexpr std::array<int, 5> ageBands = {18, 26, 30, 18, 8};
constexpr std::array<int, 5> ageBandStart = {18, 30, 45, 65, 80};
constexpr std::array<int, 5> ageBandWidth = {12, 15, 20, 15, 19};

constexpr QStringView inwardLetters = u"ABDEFGHJLNPQRSTUWXYZ";
constexpr QStringView plateLetters = u"ABCDEFGHJKLMNOPRSTUVWXY";
constexpr QStringView niFirst = u"ABCEGHJKLMNOPRSTWXYZ";
constexpr QStringView niSecond = u"ABCEGHJKLMNPRSTWXYZ";
constexpr std::array<QStringView, 7> niNeverIssued = {u"BG", u"GB", u"KN", u"NK", u"NT", u"TN", u"ZZ"};
constexpr std::array<QStringView, 8> plateAreas = {u"CA", u"CE", u"CF", u"CK", u"CN", u"CY", u"WN", u"WR"};

quint64 fnv1a(QStringView s)
{
    quint64 h = 0xCBF29CE484222325ULL;
    for (QChar c : s) {
        h ^= c.unicode();
        h *= 0x100000001B3ULL;
    }
    return h;
}

QChar letter(Prng &rng, QStringView alphabet)
{
    return alphabet[rng.bounded(quint32(alphabet.size()))];
}

QStringView pickView(Prng &rng, const QList<QStringView> &list)
{
    return list[rng.bounded(quint32(list.size()))];
}

QString phoneNumber(Prng &rng, QStringView prefix)
{
    QString nsn;
    nsn.reserve(13);
    nsn.append(u"+44");
    for (QChar c : prefix) {
        if (c == QLatin1Char('#'))
            nsn.append(QChar(u'2' + char16_t(rng.bounded(7))));
        else
            nsn.append(c);
    }
    while (nsn.size() < 13) // +44 and ten digits
        nsn.append(QChar(u'0' + char16_t(rng.bounded(10))));
    return nsn;
}

QString nhsNumber(Prng &rng)
{
    for (;;) {
        QString n = QStringLiteral("999");
        rng.appendDigits(n, 6);
        int sum = 0;
        for (int i = 0; i < 9; ++i)
            sum += (n[i].unicode() - u'0') * (10 - i);
        int check = 11 - sum % 11;
        if (check == 11)
            check = 0;
        if (check == 10)
            continue;
        n.append(QChar(u'0' + char16_t(check)));
        return n;
    }
}

QString niNumber(Prng &rng)
{
    for (;;) {
        QString n;
        n.append(letter(rng, niFirst));
        n.append(letter(rng, niSecond));
        bool bad = false;
        for (QStringView never : niNeverIssued)
            bad = bad || QStringView(n) == never;
        if (bad)
            continue;
        rng.appendDigits(n, 6);
        n.append(QChar(u'A' + char16_t(rng.bounded(4))));
        return n;
    }
}

} // namespace

PersonFactory::PersonFactory(const Vocabulary &vocabulary, qint64 endUtcMs)
    : m_vocabulary(vocabulary)
    , m_endUtcMs(endUtcMs)
{
    for (const Vocabulary::Town &town : vocabulary.towns())
        m_welshTownWeights.append(town.inWales ? town.weight : 0);
}

QString PersonFactory::displayPhone(QStringView e164)
{
    if (!e164.startsWith(u"+44") || e164.size() != 13)
        return e164.toString();
    const QString national = QLatin1Char('0') + e164.mid(3);
    int first = 5; // 07xxx xxxxxx and 01xxx xxxxxx
    int second = 0;
    if (national[1] == QLatin1Char('2')) {
        first = 3; // 029 2018 0123
        second = 4;
    } else if (national[1] == QLatin1Char('1')
               && (national[2] == QLatin1Char('1') || national[3] == QLatin1Char('1'))) {
        first = 4; // 0121 496 0000
        second = 3;
    }
    QString out = national.left(first) + QLatin1Char(' ');
    if (second > 0)
        out += national.mid(first, second) + QLatin1Char(' ') + national.mid(first + second);
    else
        out += national.mid(first);
    return out;
}

QString PersonFactory::makeEmail(Prng &rng, const QString &first, const QString &last, int birthYear)
{
    const QString f = first.isEmpty() ? QStringLiteral("user") : first;
    const QString l = last.isEmpty() ? QStringLiteral("mail") : last;
    const QString year = QString::number(birthYear % 100 + 100).mid(1);
    static constexpr std::array<int, 10> patterns = {28, 12, 15, 10, 4, 8, 4, 8, 5, 6};
    QString local;
    switch (rng.weighted(patterns)) {
    case 0:
        local = f + QLatin1Char('.') + l;
        break;
    case 1:
        local = f + l;
        break;
    case 2:
        local = f + QLatin1Char('.') + l + year;
        break;
    case 3:
        local = f + l + QString::number(rng.range(1, 99));
        break;
    case 4:
        local = f + QLatin1Char('_') + l;
        break;
    case 5:
        local = f.left(1) + QLatin1Char('.') + l;
        break;
    case 6:
        local = l + QLatin1Char('.') + f;
        break;
    case 7:
        local = f + QString::number(rng.range(1, 9) == 1 ? birthYear : rng.range(1, 999));
        break;
    case 8:
        local = l + f.left(1) + year;
        break;
    default:
        local = f.left(1) + l + QString::number(rng.range(10, 99));
        break;
    }
    local.truncate(40);
    const QString domain
        = m_vocabulary.emailDomains()[rng.weighted(m_vocabulary.emailDomainWeights())].toString();
    QString address = local + QLatin1Char('@') + domain;
    while (m_emailHashes.contains(fnv1a(address)))
        address = local + QString::number(rng.range(1, 9999)) + QLatin1Char('@') + domain;
    m_emailHashes.insert(fnv1a(address));
    return address;
}

void PersonFactory::makeAddress(Prng &rng, Person &p, int townIndex)
{
    const Vocabulary::Town &town = m_vocabulary.towns()[townIndex];
    const bool welshStreet = town.inWales && rng.chance(p.welsh ? 800 : 450);
    p.street = pickView(rng, welshStreet ? m_vocabulary.streetsCy() : m_vocabulary.streetsEn()).toString();
    const int kind = rng.chance(100) ? 1 : (rng.chance(50) ? 2 : 0); // 1 flat, 2 named house
    const QString number = QString::number(rng.range(1, 180));
    PostalAddress &a = p.customer.address;
    a.lines.clear();
    if (kind == 1) {
        const QString flat = QStringLiteral("Flat ") + QString::number(rng.range(1, 24));
        a.lines = {flat, number + QLatin1Char(' ') + p.street};
        p.houseKey = flat + QStringLiteral(", ") + number;
        p.addressLine = flat + QStringLiteral(", ") + number + QLatin1Char(' ') + p.street;
    } else if (kind == 2) {
        const QString name = pickView(rng, m_vocabulary.houseNames()).toString();
        a.lines = {name, p.street};
        p.houseKey = name;
        p.addressLine = name + QStringLiteral(", ") + p.street;
    } else {
        a.lines = {number + QLatin1Char(' ') + p.street};
        p.houseKey = number;
        p.addressLine = a.lines.first();
    }
    a.town = (p.welsh && !town.nameCy.isEmpty() && town.inWales ? town.nameCy : town.name).toString();
    a.postcode = pickView(rng, town.outwardCodes).toString() + QLatin1Char(' ')
        + QChar(u'0' + char16_t(rng.bounded(10))) + letter(rng, inwardLetters) + letter(rng, inwardLetters);
}

Person PersonFactory::make(Prng &rng, const QUuid &id)
{
    Person p;
    Customer &c = p.customer;
    c.id = id;
    c.version = 1;
    const bool household = m_previous.valid && rng.chance(30);
    p.welsh = household ? (rng.chance(900) ? m_previous.welsh : !m_previous.welsh) : rng.chance(100);
    c.preferredLanguage = p.welsh ? QStringLiteral("cy") : QStringLiteral("en");

    const QList<Vocabulary::Town> &towns = m_vocabulary.towns();
    int townIndex = household ? m_previous.town : 0;
    if (!household) {
        const bool inWales = p.welsh && rng.chance(920);
        townIndex = int(rng.weighted(inWales ? m_welshTownWeights : m_vocabulary.townWeights()));
    }

    // Names.
    int origin = 0;
    QString surnameAscii;
    if (household && rng.chance(700)) {
        origin = m_previous.origin;
        p.surname = m_previous.surname;
        surnameAscii = m_previous.surnameAscii;
    } else {
        origin = int(rng.weighted(p.welsh ? originsWelshSpeaker
                                          : (towns[townIndex].inWales ? originsInWales : originsElsewhere)));
        const Vocabulary::NamePool &pool = m_vocabulary.names(Vocabulary::Origin(origin));
        const quint32 si = rng.bounded(quint32(pool.surnames.size()));
        p.surname = pool.surnames[si].toString();
        surnameAscii = pool.surnamesAscii[si];
    }
    int firstOrigin = origin;
    if (rng.chance(100)) // mixed families, names given across traditions
        firstOrigin = rng.chance(500) ? Vocabulary::English : Vocabulary::Welsh;
    const Vocabulary::NamePool &firstPool = m_vocabulary.names(Vocabulary::Origin(firstOrigin));
    const quint32 fi = rng.bounded(quint32(firstPool.firstNames.size()));
    p.firstName = firstPool.firstNames[fi].toString();
    c.displayName = p.firstName + QLatin1Char(' ') + p.surname;

    // Age and date of birth.
    const OfficeClock::CivilTime end = OfficeClock::civil(m_endUtcMs);
    const qsizetype band = rng.weighted(ageBands);
    const int age = ageBandStart[band] + int(rng.bounded(quint32(ageBandWidth[band])));
    const int birthYear = end.year - age - 1;
    if (rng.chance(850)) {
        c.dateOfBirth = QDate(birthYear, 1, 1).addDays(rng.range(0, 364));
        p.age = age;
    }

    // Contact details.
    const QString &firstAscii = firstPool.firstNamesAscii[fi];
    p.email = makeEmail(rng, firstAscii, surnameAscii, birthYear);
    if (rng.chance(70))
        p.secondEmail = makeEmail(rng, firstAscii, surnameAscii, birthYear);
    if (rng.chance(age >= 75 ? 600 : 900)) {
        static constexpr std::array<QStringView, 6> mobilePrefixes
            = {u"74", u"75", u"77", u"78", u"79", u"73"};
        p.mobile = phoneNumber(rng, mobilePrefixes[rng.bounded(mobilePrefixes.size())]);
        p.mobileDisplay = displayPhone(p.mobile);
    }
    if (household) {
        c.address = m_previous.address;
        p.street = m_previous.street;
        p.houseKey = m_previous.houseKey;
        p.addressLine = c.address.lines.join(QStringLiteral(", "));
        if (!m_previous.landline.isEmpty()) {
            p.landline = m_previous.landline;
            p.landlineDisplay = m_previous.landlineDisplay;
            p.sharedLandline = true;
        }
    } else {
        makeAddress(rng, p, townIndex);
    }
    if (p.landline.isEmpty() && (p.mobile.isEmpty() || rng.chance(age >= 65 ? 550 : 220))) {
        p.landline = phoneNumber(rng, pickView(rng, towns[townIndex].phonePrefixes));
        p.landlineDisplay = displayPhone(p.landline);
    }

    // Reference numbers (only emitted as identifiers when relevant; see identifiers()).
    p.councilTaxAccount
        = household ? m_previous.councilTaxAccount : QString::number(rng.range(300'000'000, 499'999'999));
    p.nhsNumber = nhsNumber(rng);
    p.niNumber = niNumber(rng);
    p.tenancyRef = QStringLiteral("TEN/") + QString::number(rng.range(100'000, 199'999));
    p.chatHandle = QStringLiteral("webchat-");
    rng.appendHex(p.chatHandle, 12);
    p.vehicle = plateAreas[rng.bounded(plateAreas.size())].toString()
        + QString::number(rng.range(15, 25) + (rng.chance(500) ? 50 : 0)) + QLatin1Char(' ')
        + letter(rng, plateLetters) + letter(rng, plateLetters) + letter(rng, plateLetters);

    // Vulnerabilities and communication needs, at low realistic rates.
    Vulnerabilities v;
    if (age >= 80 && rng.chance(300))
        v |= Vulnerability::Elderly;
    if (rng.chance(30))
        v |= Vulnerability::FinancialHardship;
    if (rng.chance(15))
        v |= Vulnerability::MentalHealth;
    if (rng.chance(age >= 65 ? 40 : 12))
        v |= Vulnerability::PhysicalDisability;
    if (rng.chance(10))
        v |= Vulnerability::Bereavement;
    if (rng.chance(4))
        v |= Vulnerability::DomesticAbuse;
    if (age > 0 && age < 25 && rng.chance(30))
        v |= Vulnerability::CareLeaver;
    if (!p.welsh && rng.chance(10))
        v |= Vulnerability::LimitedEnglish;
    c.vulnerabilities = v;

    CommunicationNeeds n;
    if (rng.chance(age >= 70 ? 80 : 8))
        n |= CommunicationNeed::LargePrint;
    if (rng.chance(2))
        n |= CommunicationNeed::Braille;
    if (rng.chance(6))
        n |= CommunicationNeed::Bsl;
    if (rng.chance(5))
        n |= CommunicationNeed::EasyRead;
    if (v.testFlag(Vulnerability::LimitedEnglish))
        n |= CommunicationNeed::Interpreter;
    if (rng.chance(age >= 70 ? 40 : 4))
        n |= CommunicationNeed::HearingLoop;
    if (rng.chance(3))
        n |= CommunicationNeed::TextRelay;
    if (rng.chance(3))
        n |= CommunicationNeed::AudioFormat;
    c.communicationNeeds = n;

    if (rng.chance(450)) {
        static constexpr std::array<int, 4> channelWeights = {36, 14, 40, 10}; // call, chat, email, letter
        c.preferredChannel = Channel(rng.weighted(channelWeights));
        if (n.testFlag(CommunicationNeed::Bsl) || n.testFlag(CommunicationNeed::TextRelay))
            c.preferredChannel = Channel::Email;
    }

    QStringList notes;
    if (p.welsh)
        notes.append(QStringLiteral("Prefers correspondence in Welsh (Gohebiaeth yn Gymraeg)."));
    if (n.testFlag(CommunicationNeed::Bsl))
        notes.append(
            QStringLiteral("BSL user: book a BSL interpreter for visits; prefers email or video relay."));
    if (n.testFlag(CommunicationNeed::Interpreter))
        notes.append(QStringLiteral(
            "Needs an interpreter for calls and visits; use the telephone interpreting line."));
    if (n.testFlag(CommunicationNeed::LargePrint))
        notes.append(QStringLiteral("All letters in large print (16pt)."));
    if (v.testFlag(Vulnerability::DomesticAbuse))
        notes.append(QStringLiteral("Do not disclose address or contact details to third parties."));
    if (v.testFlag(Vulnerability::Bereavement))
        notes.append(QStringLiteral("Recently bereaved; please be sensitive."));
    if (rng.chance(60))
        notes.append(rng.chance(500)
                         ? QStringLiteral("Works nights; best to call after 1pm.")
                         : QStringLiteral("Daughter helps with correspondence (consent on file)."));
    c.notes = notes.join(QLatin1Char(' '));

    m_previous.valid = !household; // households have two members: no chains
    m_previous.address = c.address;
    m_previous.street = p.street;
    m_previous.houseKey = p.houseKey;
    m_previous.landline = p.landline;
    m_previous.landlineDisplay = p.landlineDisplay;
    m_previous.surname = p.surname;
    m_previous.surnameAscii = surnameAscii;
    m_previous.welsh = p.welsh;
    m_previous.councilTaxAccount = p.councilTaxAccount;
    m_previous.origin = origin;
    m_previous.town = townIndex;
    return p;
}

QList<Identifier> PersonFactory::identifiers(Prng &rng, const Person &p, bool usedCouncilTax, bool usedHealth,
                                             bool usedBenefits, bool usedHousing, bool usedChat) const
{
    QList<Identifier> out;
    const QUuid &id = p.customer.id;
    const auto add
        = [&](IdentifierKind kind, const QString &value, int verifiedPerMille, QStringView source) {
              out.append(Identifier {id, kind, value, rng.chance(verifiedPerMille), source.toString()});
          };
    static constexpr std::array<QStringView, 3> emailSources = {u"email", u"import", u"agent"};
    static constexpr std::array<QStringView, 3> phoneSources = {u"call", u"import", u"agent"};
    add(IdentifierKind::Email, p.email, 750, emailSources[rng.bounded(3)]);
    if (!p.secondEmail.isEmpty())
        add(IdentifierKind::Email, p.secondEmail, 200, u"email");
    if (!p.mobile.isEmpty())
        add(IdentifierKind::Phone, p.mobile, 600, phoneSources[rng.bounded(3)]);
    if (!p.landline.isEmpty())
        add(IdentifierKind::Phone, p.landline, 500, p.sharedLandline ? u"agent" : u"import");
    if (!p.customer.address.postcode.isEmpty())
        add(IdentifierKind::PostalAddress, p.customer.address.postcode + QLatin1Char('|') + p.houseKey, 800,
            rng.chance(700) ? u"import" : u"letter");
    if (usedCouncilTax || rng.chance(450))
        add(IdentifierKind::CouncilTaxAccount, p.councilTaxAccount, 950, u"import");
    if (rng.chance(usedHealth ? 700 : 60))
        add(IdentifierKind::NhsNumber, p.nhsNumber, 900, u"agent");
    if (rng.chance(usedBenefits ? 750 : 80))
        add(IdentifierKind::NiNumber, p.niNumber, 850, u"agent");
    if (rng.chance(usedHousing ? 800 : 50))
        add(IdentifierKind::OtherReference, p.tenancyRef, 950, u"import");
    if (usedChat)
        add(IdentifierKind::ChatHandle, p.chatHandle, 0, u"chat");
    return out;
}

} // namespace Threadline::Demo
