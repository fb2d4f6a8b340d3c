// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Customer.h"
#include "Identifier.h"
#include "Result.h"

#include <QList>

#include <optional>

namespace Threadline::Store {

class SqliteDatabase;
struct ChangeSet;

/// A short row for customer lists.
struct CustomerSummary
{
    QUuid id;
    QString displayName;
    QString postcode;
    QString preferredLanguage;
    qint64 interactionCount = 0;
};

/// Customers and their identifiers in the cache. Works on the connection it is given (the
/// writer's for upserts, a reader's for queries); does not own it. Upserts must run inside the
/// caller's transaction; they validate every record first and write nothing of an invalid batch.
class CustomerRepository
{
public:
    explicit CustomerRepository(SqliteDatabase &db)
        : m_db(db)
    { }

    /// Inserts or updates by id. An update never moves a record back to an older version.
    Status upsert(const QList<Customer> &customers, ChangeSet *changes = nullptr);
    /// Inserts or updates (verified, source) by (customer, kind, value).
    Status upsertIdentifiers(const QList<Identifier> &identifiers, ChangeSet *changes = nullptr);
    Status removeIdentifier(const Identifier &identifier, ChangeSet *changes = nullptr);

    Result<std::optional<Customer>> find(const QUuid &id);
    Result<QList<Identifier>> identifiers(const QUuid &customerId);
    /// Customers sharing this exact normalised identifier.
    Result<QList<QUuid>> findByIdentifier(IdentifierKind kind, const QString &value);
    /// Customers by name, then id; @p limit rows from @p offset.
    Result<QList<CustomerSummary>> list(int limit, int offset = 0);
    /// The next @p limit customers by name after (@p name, @p id) in the same order as list(): a
    /// keyset page, as cheap at the end of 100,000 names as at the start.
    Result<QList<CustomerSummary>> listAfter(const QString &name, const QUuid &id, int limit);
    Result<qint64> count();

private:
    SqliteDatabase &m_db;
};

} // namespace Threadline::Store
