// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Agent.h"
#include "Case.h"
#include "Change.h"
#include "Customer.h"
#include "Draft.h"
#include "Identifier.h"
#include "Interaction.h"
#include "Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace Threadline {

/// One thing wrong with a record: which field, and what is wrong, in a sentence for people.
struct Problem
{
    QString field;
    QString message;

    bool operator==(const Problem &) const = default;
};
using Problems = QList<Problem>;

/// Limits every layer enforces on what it accepts (the server on input, the cache on write).
namespace Limits {
inline constexpr qsizetype maxNameChars = 500;
inline constexpr qsizetype maxSubjectChars = 2'000;
inline constexpr qsizetype maxBodyChars = 2'000'000; ///< ~4 MB of UTF-16: a very long letter's OCR text
inline constexpr qsizetype maxRawSourceBytes = 50 * 1024 * 1024; ///< an email with large attachments
inline constexpr qsizetype maxAttachmentBytes
    = 25 * 1024 * 1024; ///< one attachment's bytes, stored by content
inline constexpr qsizetype maxIdentifierChars = 320; ///< the longest legal email address
inline constexpr qsizetype maxChatMessages = 10'000;
inline constexpr qint64 clockSkewSeconds = 5 * 60; ///< how far in the future a timestamp may be
} // namespace Limits

/// Checks of normalised identifier values. They say whether a value is in the stored form;
/// turning what people type into that form is the normalisation module's job.
namespace IdentifierRules {
bool isE164(QStringView value); ///< "+447700900123"
bool isEmailAddress(QStringView value); ///< "local@domain.tld", no spaces, lower-case domain
bool isUkPostcode(QStringView value); ///< "SW1A 1AA": outward code, one space, inward code
bool isNhsNumber(QStringView value); ///< ten digits with a valid modulus-11 check digit
bool isNiNumber(QStringView value); ///< "QQ123456C" without spaces
} // namespace IdentifierRules

/// Validation of whole records. Each returns every problem found (empty when valid), so a
/// person fixing a record sees all of them at once. @p now is injected for testability.
Problems validate(const Customer &customer);
Problems validate(const Identifier &identifier);
Problems validate(const Interaction &interaction, const QDateTime &now = QDateTime::currentDateTimeUtc());
Problems validate(const Case &theCase);
Problems validate(const Agent &agent);
Problems validate(const Draft &draft);
/// Whichever of the above fits @p record; none for conflicts and identifier removals.
Problems validate(const Change::Record &record);

/// "field: message; field: message" for logs and error dialogs.
QString describe(const Problems &problems);

/// A label function for validateAll: "<what> <id>". (Lambdas that concatenate strings must name
/// QString as their return type: with QT_USE_QSTRINGBUILDER a deduced type is a builder that
/// refers to temporaries.)
template<typename T>
auto recordLabel(QStringView what)
{
    return [what](const T &record) -> QString {
        return what.toString() + QLatin1Char(' ') + record.id.toString(QUuid::WithoutBraces);
    };
}

/// Success when every record is valid; otherwise an Error with code "invalid_<kind>" naming the
/// first invalid record (by @p label(record)) and all of its problems. Writers check a whole
/// batch before writing any of it, so an invalid batch writes nothing.
template<typename T, typename Label>
Status validateAll(const QList<T> &records, const QString &kind, Label label)
{
    for (const T &record : records) {
        if (Problems p = validate(record); !p.isEmpty())
            return Error {QStringLiteral("invalid_") + kind,
                          label(record) + QStringLiteral(": ") + describe(p)};
    }
    return {};
}

} // namespace Threadline
