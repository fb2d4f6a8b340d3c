// SPDX-License-Identifier: GPL-3.0-or-later
#include "RecordJson.h"

#include <QJsonArray>

namespace Threadline::Ui {

namespace {

QJsonValue time(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonValue id(const QUuid &u)
{
    return u.isNull() ? QJsonValue() : QJsonValue(u.toString(QUuid::WithoutBraces));
}

QJsonObject details(const CallDetails &c)
{
    return {{QStringLiteral("callerNumber"), c.callerNumber},
            {QStringLiteral("calledLine"), c.calledLine},
            {QStringLiteral("durationSeconds"), c.durationSeconds},
            {QStringLiteral("outcome"), toString(c.outcome)},
            {QStringLiteral("wrapUpCode"), c.wrapUpCode},
            {QStringLiteral("recordingRef"), c.recordingRef},
            {QStringLiteral("transcript"), c.transcript}};
}

QJsonObject details(const ChatDetails &c)
{
    QJsonArray messages;
    for (const ChatMessage &m : c.messages)
        messages.append(QJsonObject {{QStringLiteral("at"), time(m.at)},
                                     {QStringLiteral("role"), toString(m.role)},
                                     {QStringLiteral("author"), m.author},
                                     {QStringLiteral("text"), m.text}});
    return {{QStringLiteral("sessionId"), c.sessionId}, {QStringLiteral("messages"), messages}};
}

QJsonObject details(const EmailDetails &e)
{
    return {{QStringLiteral("messageId"), e.messageId},
            {QStringLiteral("inReplyTo"), e.inReplyTo},
            {QStringLiteral("references"), QJsonArray::fromStringList(e.references)},
            {QStringLiteral("from"), e.from},
            {QStringLiteral("to"), QJsonArray::fromStringList(e.to)},
            {QStringLiteral("cc"), QJsonArray::fromStringList(e.cc)},
            {QStringLiteral("defects"), QJsonArray::fromStringList(e.defects)},
            {QStringLiteral("rawSourceBytes"), qint64(e.rawSource.size())}};
}

QJsonObject details(const LetterDetails &l)
{
    return {{QStringLiteral("postalAddress"), l.postalAddress},
            {QStringLiteral("scanRef"), l.scanRef},
            {QStringLiteral("ocrText"), l.ocrText},
            {QStringLiteral("pdfRef"), l.pdfRef}};
}

QJsonObject details(const NoteDetails &n)
{
    return {{QStringLiteral("pinned"), n.pinned}};
}

} // namespace

QJsonObject recordJson(const Interaction &i)
{
    QJsonArray attachments;
    for (const Attachment &a : i.attachments)
        attachments.append(QJsonObject {{QStringLiteral("fileName"), a.fileName},
                                        {QStringLiteral("mimeType"), a.mimeType},
                                        {QStringLiteral("size"), a.size},
                                        {QStringLiteral("sha256"), QString::fromLatin1(a.sha256.toHex())}});
    return {{QStringLiteral("id"), id(i.id)},
            {QStringLiteral("customerId"), id(i.customerId)},
            {QStringLiteral("channel"), toString(i.channel())},
            {QStringLiteral("direction"), toString(i.direction)},
            {QStringLiteral("occurredAt"), time(i.occurredAt)},
            {QStringLiteral("agentId"), id(i.agentId)},
            {QStringLiteral("caseId"), id(i.caseId)},
            {QStringLiteral("subject"), i.subject},
            {QStringLiteral("body"), i.body},
            {toString(i.channel()), std::visit([](const auto &d) { return details(d); }, i.details)},
            {QStringLiteral("attachments"), attachments}};
}

} // namespace Threadline::Ui
