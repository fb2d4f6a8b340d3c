// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace Threadline::Demo {

/// The word lists people and places are made from: first names and surnames of the communities
/// living in the UK (Welsh among them), towns with their postcode districts and dialling codes,
/// streets in English and Welsh, house names and email providers. Built once from literals at
/// construction (views into static storage plus ASCII foldings for email addresses); read-only
/// afterwards, so one instance may be shared between threads. Never fails.
class Vocabulary
{
public:
    /// Where a person's names come from; weights in PersonFactory decide how often.
    enum Origin
    {
        English,
        Welsh,
        ScottishIrish,
        SouthAsian,
        AfricanCaribbean,
        EastAsian,
        EasternEuropean,
        MiddleEasternSomali,
        OriginCount,
    };

    struct NamePool
    {
        QList<QStringView> firstNames;
        QList<QString> firstNamesAscii; ///< lower-case, letters and digits only, for email addresses
        QList<QStringView> surnames;
        QList<QString> surnamesAscii;
    };

    struct Town
    {
        QStringView name; ///< English name, e.g. "Cardiff"
        QStringView nameCy; ///< Welsh name when there is one, e.g. "Caerdydd", else empty
        QList<QStringView> outwardCodes; ///< postcode districts, e.g. "CF10"
        QList<QStringView> phonePrefixes; ///< national number prefixes; '#' stands for a digit 2-8
        bool inWales = false;
        int weight = 1;
    };

    Vocabulary();

    const NamePool &names(Origin origin) const { return m_names[origin]; }
    const QList<Town> &towns() const { return m_towns; }
    const QList<int> &townWeights() const { return m_townWeights; }
    const QList<QStringView> &streetsEn() const { return m_streetsEn; }
    const QList<QStringView> &streetsCy() const { return m_streetsCy; }
    const QList<QStringView> &houseNames() const { return m_houseNames; }
    const QList<QStringView> &emailDomains() const { return m_emailDomains; }
    const QList<int> &emailDomainWeights() const { return m_emailDomainWeights; }

    /// Lower-case ASCII letters and digits of @p text: "Siân ap Gruffudd" -> "sianapgruffudd".
    static QString asciiFold(QStringView text);
    /// Splits a static literal at @p separator into views of it (the literal must outlive them).
    static QList<QStringView> split(QStringView text, QChar separator = QLatin1Char('|'));

private:
    NamePool m_names[OriginCount];
    QList<Town> m_towns;
    QList<int> m_townWeights;
    QList<QStringView> m_streetsEn;
    QList<QStringView> m_streetsCy;
    QList<QStringView> m_houseNames;
    QList<QStringView> m_emailDomains;
    QList<int> m_emailDomainWeights;
};

} // namespace Threadline::Demo
