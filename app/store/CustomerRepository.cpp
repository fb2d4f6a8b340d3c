// SPDX-License-Identifier: GPL-3.0-or-later
#include "CustomerRepository.h"

#include "ChangeSet.h"
#include "SqliteDatabase.h"
#include "StoredEnum.h"
#include "Time.h"
#include "Validation.h"

namespace Threadline::Store {

namespace {
qint64 toMs(const QDateTime &t)
{
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}
} // namespace

Status CustomerRepository::upsert(const QList<Customer> &customers, ChangeSet *changes)
{
    if (Status s = validateAll(customers, QStringLiteral("customer"), recordLabel<Customer>(u"customer")); !s)
        return s;
    auto stmt = m_db.prepare(
        "INSERT INTO customers (id, display_name, preferred_language, preferred_channel, communication_needs,"
        " vulnerabilities, address_lines, town, postcode, date_of_birth, notes, merged_into, version, "
        "updated_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
        " ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name,"
        " preferred_language = excluded.preferred_language, preferred_channel = excluded.preferred_channel,"
        " communication_needs = excluded.communication_needs, vulnerabilities = excluded.vulnerabilities,"
        " address_lines = excluded.address_lines, town = excluded.town, postcode = excluded.postcode,"
        " date_of_birth = excluded.date_of_birth, notes = excluded.notes, merged_into = excluded.merged_into,"
        " version = excluded.version, updated_at = excluded.updated_at"
        " WHERE excluded.version >= customers.version");
    if (!stmt)
        return stmt.error();
    for (const Customer &c : customers) {
        SqliteStatement &s = *stmt;
        s.bind(1, c.id).bind(2, c.displayName).bind(3, c.preferredLanguage);
        if (c.preferredChannel)
            s.bind(4, toString(*c.preferredChannel));
        else
            s.bindNull(4);
        s.bind(5, qint64(c.communicationNeeds.toInt()))
            .bind(6, qint64(c.vulnerabilities.toInt()))
            .bind(7, c.address.lines.join(QLatin1Char('\n')))
            .bind(8, c.address.town)
            .bind(9, c.address.postcode);
        if (c.dateOfBirth.isValid())
            s.bind(10, c.dateOfBirth.toString(Qt::ISODate));
        else
            s.bindNull(10);
        s.bind(11, c.notes).bind(12, c.mergedInto).bind(13, c.version);
        if (c.updatedAt.isValid())
            s.bind(14, toMs(c.updatedAt));
        else
            s.bindNull(14);
        if (Status r = s.run(); !r)
            return r;
        if (changes)
            changes->customers.insert(c.id);
    }
    return {};
}

Status CustomerRepository::upsertIdentifiers(const QList<Identifier> &identifiers, ChangeSet *changes)
{
    if (Status s = validateAll(identifiers, QStringLiteral("identifier"),
                               [](const Identifier &i) -> QString {
                                   return QStringLiteral("identifier of customer ")
                                       + i.customerId.toString(QUuid::WithoutBraces);
                               });
        !s)
        return s;
    auto stmt = m_db.prepare("INSERT INTO identifiers (customer_id, kind, value, verified, source)"
                             " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (customer_id, kind, value) DO UPDATE"
                             " SET verified = excluded.verified, source = excluded.source"
                             " WHERE verified <> excluded.verified OR source <> excluded.source");
    if (!stmt)
        return stmt.error();
    for (const Identifier &i : identifiers) {
        stmt->bind(1, i.customerId)
            .bind(2, toString(i.kind))
            .bind(3, i.value)
            .bind(4, i.verified)
            .bind(5, i.source);
        if (Status r = stmt->run(); !r)
            return r;
        if (changes)
            changes->customers.insert(i.customerId);
    }
    return {};
}

Status CustomerRepository::removeIdentifier(const Identifier &i, ChangeSet *changes)
{
    auto stmt = m_db.prepare("DELETE FROM identifiers WHERE customer_id = ?1 AND kind = ?2 AND value = ?3");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, i.customerId).bind(2, toString(i.kind)).bind(3, i.value);
    if (Status r = stmt->run(); !r)
        return r;
    if (changes)
        changes->customers.insert(i.customerId);
    return {};
}

Result<std::optional<Customer>> CustomerRepository::find(const QUuid &id)
{
    auto stmt
        = m_db.prepare("SELECT id, display_name, preferred_language, preferred_channel, communication_needs,"
                       " vulnerabilities, address_lines, town, postcode, date_of_birth, notes, merged_into,"
                       " version, updated_at FROM customers WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Customer>();
    const SqliteStatement &s = *stmt;
    Customer c;
    c.id = s.uuid(0);
    c.displayName = s.text(1);
    c.preferredLanguage = s.text(2);
    if (!s.isNull(3))
        c.preferredChannel = fromString<Channel>(s.text(3));
    c.communicationNeeds = CommunicationNeeds::fromInt(int(s.int64(4)));
    c.vulnerabilities = Vulnerabilities::fromInt(int(s.int64(5)));
    const QString lines = s.text(6);
    if (!lines.isEmpty())
        c.address.lines = lines.split(QLatin1Char('\n'));
    c.address.town = s.text(7);
    c.address.postcode = s.text(8);
    if (!s.isNull(9))
        c.dateOfBirth = QDate::fromString(s.text(9), Qt::ISODate);
    c.notes = s.text(10);
    c.mergedInto = s.uuid(11);
    c.version = s.int64(12);
    if (!s.isNull(13))
        c.updatedAt = utcFromMs(s.int64(13));
    return std::optional<Customer>(std::move(c));
}

Result<QList<Identifier>> CustomerRepository::identifiers(const QUuid &customerId)
{
    auto stmt = m_db.prepare(
        "SELECT kind, value, verified, source FROM identifiers WHERE customer_id = ?1 ORDER BY kind, value");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, customerId);
    return stmt->collect([&customerId](const SqliteStatement &row) {
        return Identifier {customerId, storedEnum<IdentifierKind>(row, 0, IdentifierKind::OtherReference),
                           row.text(1), row.int64(2) != 0, row.text(3)};
    });
}

Result<QList<QUuid>> CustomerRepository::findByIdentifier(IdentifierKind kind, const QString &value)
{
    auto stmt = m_db.prepare("SELECT customer_id FROM identifiers WHERE kind = ?1 AND value = ?2");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, toString(kind)).bind(2, value);
    return stmt->collect([](const SqliteStatement &row) { return row.uuid(0); });
}

Result<QList<CustomerSummary>> CustomerRepository::list(int limit, int offset)
{
    auto stmt = m_db.prepare("SELECT c.id, c.display_name, c.postcode, c.preferred_language,"
                             " (SELECT count(*) FROM interactions i WHERE i.customer_id = c.id)"
                             " FROM customers c WHERE c.merged_into IS NULL"
                             " ORDER BY c.display_name COLLATE NOCASE, c.id LIMIT ?1 OFFSET ?2");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, limit).bind(2, offset);
    return stmt->collect([](const SqliteStatement &row) {
        return CustomerSummary {row.uuid(0), row.text(1), row.text(2), row.text(3), row.int64(4)};
    });
}

Result<QList<CustomerSummary>> CustomerRepository::listAfter(const QString &name, const QUuid &id, int limit)
{
    auto stmt = m_db.prepare("SELECT c.id, c.display_name, c.postcode, c.preferred_language,"
                             " (SELECT count(*) FROM interactions i WHERE i.customer_id = c.id)"
                             " FROM customers c WHERE c.merged_into IS NULL"
                             " AND (c.display_name COLLATE NOCASE, c.id) > (?1, ?2)"
                             " ORDER BY c.display_name COLLATE NOCASE, c.id LIMIT ?3");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, name).bind(2, id).bind(3, limit);
    return stmt->collect([](const SqliteStatement &row) {
        return CustomerSummary {row.uuid(0), row.text(1), row.text(2), row.text(3), row.int64(4)};
    });
}

Result<qint64> CustomerRepository::count()
{
    return m_db.queryInt("SELECT count(*) FROM customers");
}

} // namespace Threadline::Store
