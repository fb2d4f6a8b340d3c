// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Small hand-made records for store tests: each test states the data it relies on.

#include "Case.h"
#include "Customer.h"
#include "Identifier.h"
#include "Ids.h"
#include "Interaction.h"
#include "Time.h"

namespace Fixtures {

using namespace Threadline;

inline QDateTime at(int year, int month, int day, int hour = 10, int minute = 0, int second = 0, int ms = 0)
{
    return utcDateTime(QDate(year, month, day), QTime(hour, minute, second, ms));
}

inline Customer customer(const QString &name, const QString &postcode = QStringLiteral("CF10 1AA"),
                         const QString &language = QStringLiteral("en"))
{
    Customer c;
    c.id = newId();
    c.displayName = name;
    c.preferredLanguage = language;
    c.address.lines = {QStringLiteral("1 Heol y Frenhines")};
    c.address.town = QStringLiteral("Caerdydd");
    c.address.postcode = postcode;
    c.version = 1;
    return c;
}

/// An open case (an enquiry) of @p customerId.
inline Case enquiry(const QUuid &customerId, const QString &title = QStringLiteral("Council tax arrears"),
                    qint64 version = 1, const QString &queue = QStringLiteral("council-tax"))
{
    Case c;
    c.id = newId();
    c.customerId = customerId;
    c.title = title;
    c.queue = queue;
    c.version = version;
    c.createdAt = at(2024, 3, 1);
    c.updatedAt = at(2024, 3, 2);
    return c;
}

inline Interaction note(const QUuid &customerId, const QDateTime &when, const QString &subject,
                        const QString &body = QString())
{
    Interaction i;
    i.id = newId();
    i.customerId = customerId;
    i.direction = Direction::Internal;
    i.occurredAt = when;
    i.subject = subject;
    i.body = body;
    i.details = NoteDetails {};
    return i;
}

inline Interaction email(const QUuid &customerId, const QDateTime &when, const QString &subject,
                         const QString &body, const QString &from)
{
    Interaction i;
    i.id = newId();
    i.customerId = customerId;
    i.direction = Direction::Inbound;
    i.occurredAt = when;
    i.subject = subject;
    i.body = body;
    EmailDetails e;
    e.messageId = i.id.toString(QUuid::WithoutBraces) + QStringLiteral("@mail.example.org");
    e.from = from;
    e.to = {QStringLiteral("contact@council.example.gov.uk")};
    e.headers = QStringLiteral("From: ") + from + QStringLiteral("\nSubject: ") + subject;
    e.rawSource = (e.headers + QStringLiteral("\n\n") + body).toUtf8();
    i.details = e;
    return i;
}

inline Interaction call(const QUuid &customerId, const QDateTime &when, const QString &caller,
                        const QString &notes)
{
    Interaction i;
    i.id = newId();
    i.customerId = customerId;
    i.direction = Direction::Inbound;
    i.occurredAt = when;
    i.subject = QStringLiteral("Phone call");
    i.body = notes;
    i.details = CallDetails {caller,
                             QStringLiteral("+442920872087"),
                             312,
                             CallOutcome::Answered,
                             QStringLiteral("CT-ARREARS"),
                             QStringLiteral("rec-1"),
                             QStringLiteral("Transcript text")};
    return i;
}

} // namespace Fixtures
