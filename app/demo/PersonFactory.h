// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Identifier.h"
#include "Person.h"
#include "Prng.h"

#include <QList>
#include <QSet>

namespace Threadline::Demo {

class Vocabulary;

/// Makes believable UK citizens one at a time: names from the UK's communities (Welsh speakers
/// among them), addresses with valid postcodes, E.164 phone numbers, email addresses, reference
/// numbers, dates of birth, communication needs and vulnerabilities at realistic low rates.
/// Remembers the previous household so the next person can share its landline and address, and
/// the hashes of email addresses handed out so no two unrelated people share one (8 bytes each).
/// Not thread-safe; must be called in customer order for determinism. Never fails.
class PersonFactory
{
public:
    PersonFactory(const Vocabulary &vocabulary, qint64 endUtcMs);

    /// A new person with the given id, drawing every choice from @p rng.
    Person make(Prng &rng, const QUuid &id);
    /// The identifiers to store for @p person. The flags say which services they used, so the
    /// matching reference numbers are (almost) always present.
    QList<Identifier> identifiers(Prng &rng, const Person &person, bool usedCouncilTax, bool usedHealth,
                                  bool usedBenefits, bool usedHousing, bool usedChat) const;

    static QString displayPhone(QStringView e164);

private:
    struct Household
    {
        bool valid = false;
        PostalAddress address;
        QString street;
        QString houseKey;
        QString landline;
        QString landlineDisplay;
        QString surname;
        QString surnameAscii;
        QString councilTaxAccount;
        bool welsh = false;
        int origin = 0;
        int town = 0;
    };

    QString makeEmail(Prng &rng, const QString &first, const QString &last, int birthYear);
    void makeAddress(Prng &rng, Person &p, int townIndex);

    const Vocabulary &m_vocabulary;
    qint64 m_endUtcMs = 0;
    QList<int> m_welshTownWeights;
    Household m_previous;
    QSet<quint64> m_emailHashes;
};

} // namespace Threadline::Demo
