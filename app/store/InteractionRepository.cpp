// SPDX-License-Identifier: GPL-3.0-or-later
#include "InteractionRepository.h"

#include "ChangeSet.h"
#include "RecordRows.h"
#include "SqliteDatabase.h"
#include "StoredEnum.h"
#include "Time.h"
#include "Validation.h"

#include <algorithm>

namespace Threadline::Store {

namespace {

/// Names, addresses and numbers of everyone involved, for search. UK numbers are added in
/// national form too, since that is how people type them.
QString participantsOf(const Interaction &i)
{
    QStringList parts;
    const auto addNumber = [&parts](const QString &e164) {
        if (e164.isEmpty())
            return;
        parts.append(e164);
        if (e164.startsWith(QLatin1String("+44")))
            parts.append(QLatin1Char('0') + e164.mid(3));
    };
    if (const auto *email = std::get_if<EmailDetails>(&i.details)) {
        parts.append(email->from);
        parts.append(email->to);
        parts.append(email->cc);
    } else if (const auto *call = std::get_if<CallDetails>(&i.details)) {
        addNumber(call->callerNumber);
        addNumber(call->calledLine);
    } else if (const auto *chat = std::get_if<ChatDetails>(&i.details)) {
        QStringList authors;
        for (const ChatMessage &m : chat->messages) {
            if (!m.author.isEmpty() && !authors.contains(m.author))
                authors.append(m.author);
        }
        parts.append(authors);
    } else if (const auto *letter = std::get_if<LetterDetails>(&i.details)) {
        parts.append(letter->postalAddress);
    }
    parts.removeAll(QString());
    return parts.join(QLatin1Char(' '));
}

/// For search: the channel's long text (call transcript, chat messages, OCR text) that the body
/// does not already contain. Indexing text twice would double the cost of every insert.
QString detailsTextOf(const Interaction &i)
{
    if (const auto *call = std::get_if<CallDetails>(&i.details))
        return i.body.contains(call->transcript) ? QString() : call->transcript;
    if (const auto *chat = std::get_if<ChatDetails>(&i.details)) {
        const bool inBody = std::all_of(chat->messages.cbegin(), chat->messages.cend(),
                                        [&](const ChatMessage &m) { return i.body.contains(m.text); });
        if (inBody)
            return {};
        QString out;
        for (const ChatMessage &m : chat->messages) {
            if (!out.isEmpty())
                out += QLatin1Char('\n');
            out += m.author + QLatin1String(": ") + m.text;
        }
        return out;
    }
    if (const auto *letter = std::get_if<LetterDetails>(&i.details))
        return i.body.contains(letter->ocrText) ? QString() : letter->ocrText;
    return {};
}

QDateTime fromMs(qint64 ms)
{
    return utcFromMs(ms);
}

} // namespace

Status InteractionRepository::upsert(const QList<Interaction> &interactions, ChangeSet *changes,
                                     qint64 *inserted)
{
    if (Status s
        = validateAll(interactions, QStringLiteral("interaction"), recordLabel<Interaction>(u"interaction"));
        !s)
        return s;
    // Besides the fields: columns the cache derives for lists and search.
    static const QByteArray sql = "INSERT INTO interactions (" + Rows::columnList<Interaction>()
        + ", attachment_count, participants, details_text) VALUES (" + Rows::parameterList<Interaction>()
        + ", :attachment_count, :participants, :details_text) ON CONFLICT (id) DO NOTHING";
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    SqliteStatement &s = *stmt;
    Rows::Binder<Interaction> binder(s);
    const int attachmentCount = s.parameterIndex(":attachment_count");
    const int participants = s.parameterIndex(":participants");
    const int detailsText = s.parameterIndex(":details_text");
    const int ocrText = s.parameterIndex(":letter_ocr_text");
    qint64 added = 0;
    for (const Interaction &i : interactions) {
        binder.bind(i);
        s.bind(attachmentCount, int(i.attachments.size()))
            .bind(participants, participantsOf(i))
            .bind(detailsText, detailsTextOf(i));
        if (const auto *letter = std::get_if<LetterDetails>(&i.details); letter && letter->ocrText == i.body)
            s.bindNull(ocrText); // NULL: the OCR text is the body, stored once
        if (Status r = s.run(); !r)
            return r;
        if (m_db.changes() == 0) {
            // Already in the cache: interactions are append-only, except what the server stamps
            // on an outgoing email after it was written (its delivery, id and source).
            if (Status r = updateStamped(i, changes); !r)
                return r;
            continue;
        }
        ++added;
        if (Status r = insertDetails(m_db.lastInsertRowId(), i); !r)
            return r;
        if (changes) {
            changes->customers.insert(i.customerId);
            changes->interactionsInserted.append(i.id);
        }
    }
    if (inserted)
        *inserted = added;
    return {};
}

Status InteractionRepository::updateStamped(const Interaction &i, ChangeSet *changes)
{
    const auto *email = std::get_if<EmailDetails>(&i.details);
    if (!email || !email->delivery)
        return {};
    static const QByteArray sql = "UPDATE interactions SET "
        + Rows::assignments<Interaction>(Fields::ServerStamped) + " WHERE id = :id AND ("
        + Rows::differences<Interaction>(Fields::ServerStamped) + ") RETURNING row_id";
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    Rows::Binder<Interaction>(*stmt).bind(i);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return {}; // nothing new
    const qint64 rowId = stmt->int64(0);
    stmt->reset();
    if (!email->rawSource.isNull() || !email->headers.isEmpty()) {
        auto source
            = m_db.prepare("INSERT INTO email_sources (interaction_row, headers, raw) VALUES (?1, ?2, ?3)"
                           " ON CONFLICT (interaction_row) DO UPDATE SET headers = excluded.headers,"
                           " raw = excluded.raw");
        if (!source)
            return source.error();
        source->bind(1, rowId).bind(2, email->headers).bindBlob(3, email->rawSource);
        if (Status r = source->run(); !r)
            return r;
    }
    if (changes)
        changes->customers.insert(i.customerId);
    return {};
}

Status InteractionRepository::insertDetails(qint64 row, const Interaction &i)
{
    if (const auto *chat = std::get_if<ChatDetails>(&i.details); chat && !chat->messages.isEmpty()) {
        auto stmt
            = m_db.prepare("INSERT INTO chat_messages (interaction_row, position, at, role, author, text)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!stmt)
            return stmt.error();
        for (int n = 0; n < chat->messages.size(); ++n) {
            const ChatMessage &m = chat->messages[n];
            stmt->bind(1, row)
                .bind(2, n)
                .bind(3, m.at.toMSecsSinceEpoch())
                .bind(4, toString(m.role))
                .bind(5, m.author)
                .bind(6, m.text);
            if (Status r = stmt->run(); !r)
                return r;
        }
    }
    if (const auto *email = std::get_if<EmailDetails>(&i.details);
        email && (!email->rawSource.isNull() || !email->headers.isEmpty() || !email->html.isEmpty())) {
        auto stmt = m_db.prepare(
            "INSERT INTO email_sources (interaction_row, headers, raw, html) VALUES (?1, ?2, ?3, ?4)");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, row).bind(2, email->headers).bindBlob(3, email->rawSource);
        if (email->html.isEmpty())
            stmt->bindNull(4);
        else
            stmt->bind(4, email->html);
        if (Status r = stmt->run(); !r)
            return r;
    }
    if (!i.attachments.isEmpty()) {
        auto stmt
            = m_db.prepare("INSERT INTO attachments (interaction_row, position, file_name, mime_type, size,"
                           " sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (!stmt)
            return stmt.error();
        for (int n = 0; n < i.attachments.size(); ++n) {
            const Attachment &a = i.attachments[n];
            stmt->bind(1, row)
                .bind(2, n)
                .bind(3, a.fileName)
                .bind(4, a.mimeType)
                .bind(5, a.size)
                .bindBlob(6, a.sha256);
            if (Status r = stmt->run(); !r)
                return r;
        }
    }
    return {};
}

namespace {

// The columns a timeline row reads, in the order rowToEntry() expects. The outbox's newest entry
// about the row says whether it is still on its way (outbox_entity index).
constexpr const char *timelineColumns
    = "SELECT id, customer_id, channel, direction, occurred_at, agent_id, case_id, subject,"
      " substr(body, 1, 300), attachment_count, call_duration_seconds, call_outcome,"
      " coalesce(email_defects, '[]') <> '[]', coalesce(email_from, call_caller_number, ''), "
      "chat_session_id, letter_scan_ref IS NOT NULL AND "
      "letter_scan_ref <> '',"
      " (SELECT state || char(31) || coalesce(last_error, '') FROM outbox o WHERE o.entity_id = "
      "interactions.id"
      "  ORDER BY o.seq DESC LIMIT 1),"
      " email_delivery, email_delivery_detail, email_delivery_attempts"
      " FROM interactions";

void readSyncMark(const QString &text, SyncMark &mark, QString &error)
{
    if (text.isEmpty())
        return;
    const qsizetype sep = text.indexOf(QChar(31));
    const QStringView state = QStringView(text).left(sep);
    mark = state == u"rejected" ? SyncMark::Rejected : SyncMark::Pending;
    if (mark == SyncMark::Rejected && sep >= 0)
        error = text.mid(sep + 1);
}

TimelineEntry rowToEntry(const SqliteStatement &s)
{
    TimelineEntry e;
    e.id = s.uuid(0);
    e.customerId = s.uuid(1);
    e.channel = storedEnum<Channel>(s, 2, Channel::Note);
    e.direction = storedEnum<Direction>(s, 3, Direction::Inbound);
    e.occurredAt = fromMs(s.int64(4));
    e.agentId = s.uuid(5);
    e.caseId = s.uuid(6);
    e.subject = s.text(7);
    e.preview = s.text(8);
    e.attachmentCount = int(s.int64(9));
    e.callDurationSeconds = int(s.int64(10));
    if (!s.isNull(11))
        e.callOutcome = fromString<CallOutcome>(s.text(11));
    e.hasDefects = s.int64(12) != 0;
    e.counterpart = s.text(13);
    e.chatSessionId = s.text(14);
    e.hasScan = s.int64(15) != 0;
    readSyncMark(s.text(16), e.syncMark, e.syncError);
    if (!s.isNull(17))
        e.delivery = fromString<MailDelivery>(s.text(17));
    e.deliveryDetail = s.text(18);
    e.deliveryAttempts = int(s.int64(19));
    return e;
}

/// " AND channel IN (...) AND case_id = ?5" for @p filter (parameters ?5 and up).
QByteArray filterClause(const TimelineFilter &filter)
{
    QByteArray sql;
    if (!filter.channels.isEmpty()) {
        QByteArrayList names;
        for (Channel c : filter.channels)
            names.append('\'' + toString(c).toLatin1() + '\'');
        std::sort(names.begin(), names.end());
        sql += " AND channel IN (" + names.join(", ") + ')';
    }
    if (!filter.caseId.isNull())
        sql += " AND case_id = ?5";
    return sql;
}

} // namespace

Result<QList<TimelineEntry>> InteractionRepository::page(const QUuid &customerId,
                                                         const std::optional<TimelineKey> &from,
                                                         PageDirection direction, int limit,
                                                         const TimelineFilter &filter)
{
    static_assert(previewChars == 300);
    QByteArray sql = QByteArray(timelineColumns) + " WHERE customer_id = ?1" + filterClause(filter);
    if (!from)
        sql += " ORDER BY occurred_at DESC, id DESC LIMIT ?4";
    else if (direction == PageDirection::Older)
        sql += " AND (occurred_at, id) < (?2, ?3) ORDER BY occurred_at DESC, id DESC LIMIT ?4";
    else
        sql += " AND (occurred_at, id) > (?2, ?3) ORDER BY occurred_at ASC, id ASC LIMIT ?4";
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    stmt->bind(1, customerId).bind(4, limit);
    if (from)
        stmt->bind(2, from->occurredAtMs).bind(3, from->id);
    if (!filter.caseId.isNull())
        stmt->bind(5, filter.caseId);
    auto rows = stmt->collect(rowToEntry);
    if (rows && from && direction == PageDirection::Newer)
        std::reverse(rows->begin(), rows->end());
    return rows;
}

Result<QList<TimelineEntry>> InteractionRepository::entries(const QList<QUuid> &ids)
{
    auto stmt = m_db.prepare(QByteArray(timelineColumns) + " WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    QList<TimelineEntry> out;
    out.reserve(ids.size());
    for (const QUuid &id : ids) {
        stmt->bind(1, id);
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (*row)
            out.append(rowToEntry(*stmt));
        stmt->reset();
    }
    return out;
}

Result<QHash<QUuid, QPair<SyncMark, QString>>> InteractionRepository::syncMarks(const QList<QUuid> &ids)
{
    auto stmt = m_db.prepare("SELECT state || char(31) || coalesce(last_error, '') FROM outbox"
                             " WHERE entity_id = ?1 ORDER BY seq DESC LIMIT 1");
    if (!stmt)
        return stmt.error();
    QHash<QUuid, QPair<SyncMark, QString>> out;
    for (const QUuid &id : ids) {
        stmt->bind(1, id);
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (*row) {
            SyncMark mark = SyncMark::Synced;
            QString error;
            readSyncMark(stmt->text(0), mark, error);
            out.insert(id, {mark, error});
        }
        stmt->reset();
    }
    return out;
}

Result<std::optional<Interaction>> InteractionRepository::find(const QUuid &id)
{
    // The email header block, raw source and HTML part live in email_sources (Fields::SideTable).
    static const QByteArray sql = "SELECT i.row_id, " + Rows::columnList<Interaction>(Fields::SideTable, "i.")
        + ", e.headers AS email_headers, e.raw AS email_raw_source, e.html AS email_html"
          " FROM interactions i LEFT JOIN email_sources e ON e.interaction_row = i.row_id WHERE i.id = ?1";
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto found = stmt->step();
    if (!found)
        return found.error();
    if (!*found)
        return std::optional<Interaction>();
    const qint64 row = stmt->int64(0);
    Interaction i = Rows::Reader<Interaction>(*stmt).read();
    if (auto *letter = std::get_if<LetterDetails>(&i.details);
        letter && stmt->isNull(stmt->columnIndex("letter_ocr_text")))
        letter->ocrText = i.body; // stored once, as the body
    stmt->reset();

    if (auto *chat = std::get_if<ChatDetails>(&i.details)) {
        auto m = m_db.prepare(
            "SELECT at, role, author, text FROM chat_messages WHERE interaction_row = ?1 ORDER BY position");
        if (!m)
            return m.error();
        m->bind(1, row);
        auto messages = m->collect([](const SqliteStatement &r) {
            return ChatMessage {fromMs(r.int64(0)), storedEnum<ChatRole>(r, 1, ChatRole::System), r.text(2),
                                r.text(3)};
        });
        if (!messages)
            return messages.error();
        chat->messages = std::move(*messages);
    }
    auto att
        = m_db.prepare("SELECT file_name, mime_type, size, sha256 FROM attachments WHERE interaction_row = ?1"
                       " ORDER BY position");
    if (!att)
        return att.error();
    att->bind(1, row);
    auto attachments = att->collect([](const SqliteStatement &r) {
        return Attachment {r.text(0), r.text(1), r.int64(2), r.blob(3)};
    });
    if (!attachments)
        return attachments.error();
    i.attachments = std::move(*attachments);
    return std::optional<Interaction>(std::move(i));
}

Result<qint64> InteractionRepository::count()
{
    return m_db.queryInt("SELECT count(*) FROM interactions");
}

Result<qint64> InteractionRepository::countForCustomer(const QUuid &customerId, const TimelineFilter &filter)
{
    auto stmt
        = m_db.prepare("SELECT count(*) FROM interactions WHERE customer_id = ?1" + filterClause(filter));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, customerId);
    if (!filter.caseId.isNull())
        stmt->bind(5, filter.caseId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    return stmt->int64(0);
}

Result<QHash<Channel, qint64>> InteractionRepository::channelCounts(const QUuid &customerId,
                                                                    const QDateTime &since)
{
    auto stmt = m_db.prepare("SELECT channel, count(*) FROM interactions WHERE customer_id = ?1"
                             " AND occurred_at >= ?2 GROUP BY channel");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, customerId).bind(2, since.toMSecsSinceEpoch());
    QHash<Channel, qint64> counts;
    QString unknown;
    auto done = stmt->forEach([&](const SqliteStatement &s) {
        if (const auto channel = fromString<Channel>(s.text(0)))
            counts.insert(*channel, s.int64(1));
        else
            unknown = s.text(0);
    });
    if (!done)
        return done.error();
    if (!unknown.isEmpty())
        return Error {QStringLiteral("unknown_channel"),
                      QStringLiteral("the cache holds a channel this version does not know: ")
                          + unknown.left(32)};
    return counts;
}

Status InteractionRepository::remove(const QUuid &id, ChangeSet *changes)
{
    auto owner = m_db.prepare("SELECT customer_id FROM interactions WHERE id = ?1");
    if (!owner)
        return owner.error();
    owner->bind(1, id);
    auto row = owner->step();
    if (!row)
        return row.error();
    if (!*row)
        return {};
    const QUuid customer = owner->uuid(0);
    owner->reset();
    auto stmt = m_db.prepare("DELETE FROM interactions WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    if (auto done = stmt->step(); !done)
        return done.error();
    stmt->reset();
    if (changes)
        changes->customers.insert(customer);
    return {};
}

} // namespace Threadline::Store
