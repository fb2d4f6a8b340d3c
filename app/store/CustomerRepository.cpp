// SPDX-License-Identifier: GPL-3.0-or-later
#include "CustomerRepository.h"

#include "ChangeSet.h"
#include "RecordRows.h"
#include "SqliteDatabase.h"
#include "Validation.h"

namespace Threadline::Store {

Status CustomerRepository::upsert(const QList<Customer> &customers, ChangeSet *changes)
{
    if (Status s = validateAll(customers, QStringLiteral("customer"), recordLabel<Customer>(u"customer")); !s)
        return s;
    static const QByteArray sql = "INSERT INTO customers (" + Rows::columnList<Customer>() + ") VALUES ("
        + Rows::parameterList<Customer>() + ") ON CONFLICT (id) DO UPDATE SET "
        + Rows::excludedAssignments<Customer>() + " WHERE excluded.version >= customers.version";
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    Rows::Binder<Customer> binder(*stmt);
    for (const Customer &c : customers) {
        binder.bind(c);
        if (Status r = stmt->run(); !r)
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
    static const QByteArray sql = "INSERT INTO identifiers (" + Rows::columnList<Identifier>() + ") VALUES ("
        + Rows::parameterList<Identifier>()
        + ") ON CONFLICT (customer_id, kind, value) DO UPDATE"
          " SET verified = excluded.verified, source = excluded.source"
          " WHERE verified <> excluded.verified OR source <> excluded.source";
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    Rows::Binder<Identifier> binder(*stmt);
    for (const Identifier &i : identifiers) {
        binder.bind(i);
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
    static const QByteArray sql = "SELECT " + Rows::columnList<Customer>() + " FROM customers WHERE id = ?1";
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Customer>();
    return std::optional<Customer>(Rows::Reader<Customer>(*stmt).read());
}

Result<QList<Identifier>> CustomerRepository::identifiers(const QUuid &customerId)
{
    static const QByteArray sql = "SELECT " + Rows::columnList<Identifier>()
        + " FROM identifiers WHERE customer_id = ?1 ORDER BY kind, value";
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    stmt->bind(1, customerId);
    const Rows::Reader<Identifier> reader(*stmt);
    return stmt->collect([&reader](const SqliteStatement &) { return reader.read(); });
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
    auto stmt = m_db.prepare("SELECT c.id, c.display_name, c.address_postcode, c.preferred_language,"
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
    auto stmt = m_db.prepare("SELECT c.id, c.display_name, c.address_postcode, c.preferred_language,"
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
