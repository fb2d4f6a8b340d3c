// SPDX-License-Identifier: GPL-3.0-or-later
#include "MailIntake.h"

#include "Change.h"
#include "Database.h"
#include "MailParser.h"
#include "RecordFields.h"
#include "SyncStore.h"
#include "Validation.h"

#include <QCryptographicHash>
#include <QHash>

namespace Threadline::Server::Email {

namespace {

/// The namespace of the ids the email channel derives (UUID version 5).
const QUuid &idNamespace()
{
    static const QUuid ns = QUuid::fromString(u"6f1d8f3e-3c1b-5a4e-9d4a-0c7d2f1e8b01");
    return ns;
}

QUuid derivedId(const QString &name)
{
    return QUuid::createUuidV5(idNamespace(), name);
}

void addDefect(QStringList &defects, const QString &name)
{
    if (!defects.contains(name))
        defects.append(name);
}

/// @p text with NUL characters (which no database text column can hold) replaced by U+FFFD and
/// cut to @p max characters, noting each repair in @p defects.
QString capped(QString text, qsizetype max, QStringList &defects, const QString &defect)
{
    if (text.contains(QChar(0))) {
        text.replace(QChar(0), QChar::ReplacementCharacter);
        addDefect(defects, QStringLiteral("nul_characters"));
    }
    if (text.size() <= max)
        return text;
    addDefect(defects, defect);
    return text.left(max);
}

QStringList addresses(const QList<Mailbox> &boxes, QStringList &defects)
{
    QStringList out;
    for (const Mailbox &box : boxes) {
        if (out.size() == Fields::Caps::listItems) {
            addDefect(defects, QStringLiteral("too_many_recipients"));
            break;
        }
        if (!box.address.isEmpty())
            out.append(
                capped(box.address, Limits::maxIdentifierChars, defects, QStringLiteral("address_too_long")));
    }
    return out;
}

/// A message id as an interaction field holds it; one too long or with NUL in it is dropped and noted.
QString messageIdField(const QString &id, QStringList &defects)
{
    if (id.size() <= 998 && !id.contains(QChar(0))) // RFC 5322's line limit; no NUL
        return id;
    addDefect(defects, QStringLiteral("unusable_message_id"));
    return {};
}

} // namespace

QString normalisedAddress(const QString &address)
{
    const QString trimmed = address.trimmed();
    const qsizetype at = trimmed.lastIndexOf(QLatin1Char('@'));
    if (at < 0)
        return trimmed;
    return trimmed.left(at + 1) + trimmed.mid(at + 1).toLower();
}

MailIntake::MailIntake(Database &database, SyncStore &store)
    : m_store(store)
    , m_database(database)
    , m_reader(database)
    , m_queries(database)
{ }

Result<IntakeResult> MailIntake::ingest(const QByteArray &raw)
{
    ParsedMail mail = parseMail(raw);
    IntakeResult result;
    QStringList defects = mail.defects;

    const QString messageId = messageIdField(mail.messageId, defects);
    result.interactionId = messageId.isEmpty()
        ? derivedId(QStringLiteral("email-sha256:")
                    + QString::fromLatin1(QCryptographicHash::hash(raw, QCryptographicHash::Sha256).toHex()))
        : derivedId(QStringLiteral("email:") + messageId);
    auto stored = m_reader.exists(QStringLiteral("interactions"), result.interactionId);
    if (!stored)
        return stored.error();
    if (*stored) {
        result.alreadyStored = true;
        result.defects = defects;
        return result;
    }

    QList<Change::Record> records;
    QUuid caseId;
    // 1. The conversation it belongs to.
    QStringList parents;
    if (!mail.inReplyTo.isEmpty())
        parents.append(mail.inReplyTo);
    for (auto it = mail.references.crbegin(); it != mail.references.crend(); ++it) {
        if (!parents.contains(*it))
            parents.append(*it);
    }
    for (const QString &parent : std::as_const(parents)) {
        auto place = m_reader.emailByMessageId(parent.left(998));
        if (!place)
            return place.error();
        if (*place) {
            result.customerId = (*place)->customer;
            caseId = (*place)->theCase;
            result.threaded = true;
            break;
        }
    }
    // 2. The sender.
    const QString sender = normalisedAddress(mail.from.address);
    const bool usableSender = IdentifierRules::isEmailAddress(sender);
    if (result.customerId.isNull() && usableSender) {
        auto known = m_reader.customersWithIdentifier(IdentifierKind::Email, sender);
        if (!known)
            return known.error();
        if (!known->isEmpty())
            result.customerId = known->first(); // several: identity review (issue "identity") sorts them
    }
    if (result.customerId.isNull()) {
        Customer customer;
        customer.preferredLanguage = QStringLiteral("en");
        customer.version = 1;
        customer.updatedAt = QDateTime::currentDateTimeUtc();
        if (usableSender && !mail.automatic) {
            customer.id = derivedId(QStringLiteral("email-sender:") + sender);
            const QString name = capped(mail.from.name.trimmed(), Limits::maxNameChars, defects,
                                        QStringLiteral("name_too_long"));
            customer.displayName
                = (name.isEmpty() ? sender.section(QLatin1Char('@'), 0, 0) : name).left(Limits::maxNameChars);
            records.append(customer);
            records.append(
                Identifier {customer.id, IdentifierKind::Email, sender, false, QStringLiteral("email")});
        } else if (mail.automatic) {
            // A bounce or a list nobody asked about: no customer of its own (no new enquiry).
            customer.id = derivedId(QStringLiteral("email-automatic"));
            customer.displayName = QStringLiteral("Automatic email");
            customer.notes
                = QStringLiteral("Bounces, automatic replies and list mail that answer nothing on file.");
            records.append(customer);
        } else {
            customer.id = derivedId(QStringLiteral("email-unknown-sender"));
            customer.displayName = QStringLiteral("Unknown sender");
            customer.notes
                = QStringLiteral("Email whose sender could not be read is filed here for a person to sort.");
            records.append(customer);
            addDefect(defects, QStringLiteral("sender_not_an_address"));
        }
        result.customerId = customer.id;
        result.newCustomer = true;
    }

    // 3. The interaction.
    QHash<QByteArray, QByteArray> blobs; ///< attachment bytes by SHA-256
    Interaction interaction;
    interaction.id = result.interactionId;
    interaction.customerId = result.customerId;
    interaction.caseId = caseId;
    interaction.direction = Direction::Inbound;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    interaction.occurredAt = mail.date.isValid() ? mail.date : now;
    if (interaction.occurredAt > now.addSecs(Limits::clockSkewSeconds)) {
        addDefect(defects, QStringLiteral("date_in_future"));
        interaction.occurredAt = now;
    }
    interaction.occurredAt
        = QDateTime::fromMSecsSinceEpoch(interaction.occurredAt.toMSecsSinceEpoch(), Qt::UTC);
    interaction.subject
        = capped(mail.subject, Limits::maxSubjectChars, defects, QStringLiteral("subject_too_long"));
    interaction.body = capped(mail.text, Limits::maxBodyChars, defects, QStringLiteral("body_too_long"));
    EmailDetails email;
    email.messageId = messageId;
    email.inReplyTo = messageIdField(mail.inReplyTo, defects);
    for (const QString &reference : std::as_const(mail.references)) {
        if (email.references.size() == Fields::Caps::listItems) {
            addDefect(defects, QStringLiteral("too_many_references"));
            break;
        }
        if (const QString id = messageIdField(reference, defects); !id.isEmpty())
            email.references.append(id);
    }
    email.from
        = capped(mail.from.address, Limits::maxIdentifierChars, defects, QStringLiteral("address_too_long"));
    email.to = addresses(mail.to, defects);
    email.cc = addresses(mail.cc, defects);
    email.headers = capped(mail.headers, Limits::maxBodyChars, defects, QStringLiteral("headers_too_long"));
    email.html = capped(mail.html, Limits::maxBodyChars, defects, QStringLiteral("html_too_long"));
    if (raw.size() <= Limits::maxRawSourceBytes)
        email.rawSource = raw;
    else
        addDefect(defects, QStringLiteral("source_too_large"));
    for (const MailAttachment &file : std::as_const(mail.attachments)) {
        if (interaction.attachments.size() == Fields::Caps::listItems) {
            addDefect(defects, QStringLiteral("too_many_attachments"));
            break;
        }
        Attachment attachment;
        attachment.fileName = file.fileName.isEmpty()
            ? QStringLiteral("attachment-%1").arg(interaction.attachments.size() + 1)
            : capped(file.fileName, 255, defects, QStringLiteral("file_name_too_long"));
        attachment.mimeType = capped(file.mimeType, 255, defects, QStringLiteral("mime_type_too_long"));
        attachment.size = file.content.size();
        attachment.sha256 = QCryptographicHash::hash(file.content, QCryptographicHash::Sha256);
        interaction.attachments.append(attachment);
        if (file.content.size() > Limits::maxAttachmentBytes)
            addDefect(defects, QStringLiteral("attachment_too_large"));
        else
            blobs.insert(attachment.sha256, file.content);
    }
    email.defects = defects;
    email.automatic = mail.automatic;
    interaction.details = std::move(email);
    records.append(interaction);

    for (const Change::Record &record : std::as_const(records)) {
        if (const Problems problems = validate(record); !problems.isEmpty())
            return Error {
                QStringLiteral("invalid_mail_record"),
                QStringLiteral("the message could not be made into a valid record (%1 problems, first in %2)")
                    .arg(problems.size())
                    .arg(problems.first().field)};
    }
    const auto storeBlobs = [this, &blobs]() -> Status {
        if (blobs.isEmpty())
            return Status::success();
        auto insert = m_queries.get(m_database.dialect().insertIgnoringExisting(
            QStringLiteral("attachment_blobs"),
            {QStringLiteral("sha256"), QStringLiteral("size"), QStringLiteral("data")}));
        if (!insert)
            return insert.error();
        for (auto it = blobs.cbegin(); it != blobs.cend(); ++it) {
            (*insert)->addBindValue(QString::fromLatin1(it.key().toHex()));
            (*insert)->addBindValue(qint64(it.value().size()));
            (*insert)->addBindValue(it.value());
            if (Status ran = m_queries.exec(**insert, QStringLiteral("storing an attachment")); !ran)
                return ran;
            (*insert)->finish();
        }
        return Status::success();
    };
    if (Status appended = m_store.appendRecords(records, {}, storeBlobs); !appended)
        return appended.error();
    result.defects = defects;
    return result;
}

} // namespace Threadline::Server::Email
