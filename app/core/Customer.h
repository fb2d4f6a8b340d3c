// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"

#include <QDate>
#include <QDateTime>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace Threadline {

/// A postal address as people write it, plus its normalised postcode (e.g. "SW1A 1AA").
struct PostalAddress
{
    QStringList lines; ///< house and street lines, first line first
    QString town;
    QString postcode;

    bool isEmpty() const { return lines.isEmpty() && town.isEmpty() && postcode.isEmpty(); }
    bool operator==(const PostalAddress &) const = default;
};

/// One person the organisation serves. A value type; the cache and the server own the records.
struct Customer
{
    QUuid id;
    QString displayName;
    QString preferredLanguage = QStringLiteral("en"); ///< BCP 47 primary tag: "en", "cy", ...
    std::optional<Channel> preferredChannel;
    CommunicationNeeds communicationNeeds;
    Vulnerabilities vulnerabilities;
    PostalAddress address;
    QDate dateOfBirth; ///< null when unknown
    QString notes;
    QUuid mergedInto; ///< null unless this record was merged into another
    qint64 version = 0; ///< server version of the mutable fields; 0 before the server saw it
    QDateTime updatedAt;

    bool operator==(const Customer &) const = default;
};

} // namespace Threadline
