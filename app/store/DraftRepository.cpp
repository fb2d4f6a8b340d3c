// SPDX-License-Identifier: GPL-3.0-or-later
#include "DraftRepository.h"

#include "ChangeSet.h"
#include "SqliteDatabase.h"
#include "StoredEnum.h"
#include "Time.h"
#include "Validation.h"

namespace Threadline::Store {

namespace {

constexpr const char *draftColumns
    = "SELECT id, customer_id, case_id, reply_to_id, channel, subject, body, recipients_to, recipients_cc,"
      " language, call_outcome, call_wrap_up_code, call_duration_seconds, author_id, updated_at, version"
      " FROM drafts";

QStringList splitLines(const QString &text)
{
    return text.isEmpty() ? QStringList() : text.split(QLatin1Char('\n'));
}

Draft rowToDraft(const SqliteStatement &s)
{
    Draft d;
    d.id = s.uuid(0);
    d.customerId = s.uuid(1);
    d.caseId = s.uuid(2);
    d.replyToId = s.uuid(3);
    d.channel = storedEnum<Channel>(s, 4, Channel::Note);
    d.subject = s.text(5);
    d.body = s.text(6);
    d.to = splitLines(s.text(7));
    d.cc = splitLines(s.text(8));
    d.language = s.text(9);
    if (!s.isNull(10))
        d.callOutcome = fromString<CallOutcome>(s.text(10));
    d.wrapUpCode = s.text(11);
    d.callDurationSeconds = int(s.int64(12));
    d.authorId = s.uuid(13);
    if (!s.isNull(14))
        d.updatedAt = utcFromMs(s.int64(14));
    d.version = s.int64(15);
    return d;
}

} // namespace

Status DraftRepository::write(const Draft &d, bool savedHere, ChangeSet *changes)
{
    if (Status s = validateAll(QList<Draft> {d}, QStringLiteral("draft"), recordLabel<Draft>(u"draft")); !s)
        return s;
    auto stmt = m_db.prepare(
        "INSERT INTO drafts (id, customer_id, case_id, reply_to_id, channel, subject, body, recipients_to,"
        " recipients_cc, language, call_outcome, call_wrap_up_code, call_duration_seconds, author_id, "
        "updated_at,"
        " version, saved_here_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
        " ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, case_id = excluded.case_id,"
        " reply_to_id = excluded.reply_to_id, channel = excluded.channel, subject = excluded.subject,"
        " body = excluded.body, recipients_to = excluded.recipients_to, recipients_cc = "
        "excluded.recipients_cc,"
        " language = excluded.language, call_outcome = excluded.call_outcome,"
        " call_wrap_up_code = excluded.call_wrap_up_code, call_duration_seconds = "
        "excluded.call_duration_seconds,"
        " author_id = excluded.author_id, updated_at = excluded.updated_at, version = excluded.version,"
        " saved_here_at = coalesce(excluded.saved_here_at, saved_here_at)");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, d.id)
        .bind(2, d.customerId)
        .bind(3, d.caseId)
        .bind(4, d.replyToId)
        .bind(5, toString(d.channel))
        .bind(6, d.subject)
        .bind(7, d.body)
        .bind(8, d.to.join(QLatin1Char('\n')))
        .bind(9, d.cc.join(QLatin1Char('\n')))
        .bind(10, d.language)
        .bind(12, d.wrapUpCode)
        .bind(13, qint64(d.callDurationSeconds))
        .bind(14, d.authorId)
        .bind(16, d.version);
    if (d.callOutcome)
        stmt->bind(11, toString(*d.callOutcome));
    else
        stmt->bindNull(11);
    if (d.updatedAt.isValid())
        stmt->bind(15, d.updatedAt.toMSecsSinceEpoch());
    else
        stmt->bindNull(15);
    if (savedHere)
        stmt->bind(17, QDateTime::currentMSecsSinceEpoch());
    else
        stmt->bindNull(17);
    if (Status s = stmt->run(); !s)
        return s;
    if (changes)
        changes->draftCustomers.insert(d.customerId);
    return {};
}

Status DraftRepository::save(const Draft &draft, ChangeSet *changes)
{
    return write(draft, true, changes);
}

Status DraftRepository::applyRemote(const Draft &draft, ChangeSet *changes)
{
    auto pending = m_db.prepare("SELECT 1 FROM outbox WHERE entity_id = ?1 AND operation = 'draft.save'"
                                " AND state = 'pending' LIMIT 1");
    if (!pending)
        return pending.error();
    pending->bind(1, draft.id);
    auto row = pending->step();
    if (!row)
        return row.error();
    const bool localPending = *row;
    pending->reset();
    if (localPending)
        return {};
    if (draft.discarded)
        return remove(draft.id, changes);
    auto current = find(draft.id);
    if (!current)
        return current.error();
    if (*current && (*current)->version > draft.version)
        return {}; // never move back to an older server copy
    return write(draft, false, changes);
}

Status DraftRepository::remove(const QUuid &id, ChangeSet *changes)
{
    auto found = find(id);
    if (!found)
        return found.error();
    if (!*found)
        return {};
    auto stmt = m_db.prepare("DELETE FROM drafts WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    if (Status s = stmt->run(); !s)
        return s;
    if (changes)
        changes->draftCustomers.insert((*found)->customerId);
    return {};
}

Result<std::optional<Draft>> DraftRepository::find(const QUuid &id)
{
    auto stmt = m_db.prepare(QByteArray(draftColumns) + " WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Draft>();
    Draft d = rowToDraft(*stmt);
    stmt->reset();
    return std::optional<Draft>(std::move(d));
}

Result<QList<Draft>> DraftRepository::forCustomer(const QUuid &customerId)
{
    auto stmt = m_db.prepare(QByteArray(draftColumns)
                             + " WHERE customer_id = ?1 ORDER BY max(coalesce(updated_at, 0),"
                               " coalesce(saved_here_at, 0)) DESC");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, customerId);
    return stmt->collect(rowToDraft);
}

Result<qint64> DraftRepository::count()
{
    return m_db.queryInt("SELECT count(*) FROM drafts");
}

} // namespace Threadline::Store
