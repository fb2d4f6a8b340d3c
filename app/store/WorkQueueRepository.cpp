// SPDX-License-Identifier: GPL-3.0-or-later
#include "WorkQueueRepository.h"

#include "RecordRows.h"
#include "SqliteDatabase.h"
#include "StoredEnum.h"
#include "Time.h"

#include <algorithm>

namespace Threadline::Store {

namespace {

/// The customer's vulnerabilities, read as the customer's own field reads them.
Vulnerabilities vulnerabilitiesIn(const SqliteStatement &s, int column)
{
    static const Fields::Field<Customer> *const field = Fields::byWire<Customer>(u"vulnerabilities");
    Customer c;
    const QVariant value = Rows::readValue(s, column, field->type, field->names, field->column);
    if (value.isValid())
        field->set(c, value);
    return c.vulnerabilities;
}

} // namespace

Result<QList<WorkItem>> WorkQueueRepository::items(const QUuid &agentId, int limit)
{
    auto awaiting = m_db.prepare(
        "SELECT a.customer_id, c.display_name, c.preferred_language, c.vulnerabilities, a.awaiting_id,"
        " a.awaiting_channel, coalesce(i.subject, ''), a.awaiting_since, a.awaiting_due, a.awaiting_count"
        " FROM customer_activity a JOIN customers c ON c.id = a.customer_id"
        " LEFT JOIN interactions i ON i.id = a.awaiting_id"
        " WHERE a.awaiting_count > 0 AND c.merged_into IS NULL"
        " ORDER BY a.awaiting_due LIMIT ?1");
    if (!awaiting)
        return awaiting.error();
    awaiting->bind(1, limit);
    auto waiting = awaiting->collect([](const SqliteStatement &s) {
        WorkItem w;
        w.kind = WorkItem::Kind::AwaitingResponse;
        w.customerId = s.uuid(0);
        w.customerName = s.text(1);
        w.preferredLanguage = s.text(2);
        w.vulnerabilities = vulnerabilitiesIn(s, 3);
        w.interactionId = s.uuid(4);
        w.channel = storedEnum<Channel>(s, 5, Channel::Email);
        w.title = s.text(6);
        w.since = utcFromMs(s.int64(7));
        w.due = utcFromMs(s.int64(8));
        w.count = int(s.int64(9));
        return w;
    });
    if (!waiting)
        return waiting.error();

    auto cases = m_db.prepare(
        "SELECT k.customer_id, c.display_name, c.preferred_language, c.vulnerabilities, k.id, k.title,"
        " k.created_at, k.due_at, k.priority"
        " FROM cases k JOIN customers c ON c.id = k.customer_id"
        " WHERE k.due_at IS NOT NULL AND k.status IN ('open', 'pending') AND c.merged_into IS NULL"
        " AND (?2 IS NULL OR k.assignee_id IS NULL OR k.assignee_id = ?2)"
        " ORDER BY k.due_at LIMIT ?1");
    if (!cases)
        return cases.error();
    cases->bind(1, limit).bind(2, agentId);
    auto due = cases->collect([](const SqliteStatement &s) {
        WorkItem w;
        w.kind = WorkItem::Kind::CaseDue;
        w.customerId = s.uuid(0);
        w.customerName = s.text(1);
        w.preferredLanguage = s.text(2);
        w.vulnerabilities = vulnerabilitiesIn(s, 3);
        w.caseId = s.uuid(4);
        w.title = s.text(5);
        w.since = utcFromMs(s.int64(6));
        w.due = utcFromMs(s.int64(7));
        w.priority = storedEnum<CasePriority>(s, 8, CasePriority::Normal);
        return w;
    });
    if (!due)
        return due.error();

    QList<WorkItem> out = std::move(*waiting);
    out.append(*due);
    std::stable_sort(out.begin(), out.end(),
                     [](const WorkItem &a, const WorkItem &b) { return a.due < b.due; });
    if (out.size() > limit)
        out.resize(limit);
    return out;
}

Result<qint64> WorkQueueRepository::awaitingCount()
{
    return m_db.queryInt("SELECT count(*) FROM customer_activity a JOIN customers c ON c.id = a.customer_id"
                         " WHERE a.awaiting_count > 0 AND c.merged_into IS NULL");
}

Result<QDateTime> WorkQueueRepository::lastResponse(const QUuid &customerId)
{
    auto stmt = m_db.prepare("SELECT last_response_at FROM customer_activity WHERE customer_id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, customerId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    const QDateTime at = *row && !stmt->isNull(0) ? utcFromMs(stmt->int64(0)) : QDateTime();
    stmt->reset();
    return at;
}

} // namespace Threadline::Store
