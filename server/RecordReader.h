// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Agent.h"
#include "Case.h"
#include "Customer.h"
#include "Draft.h"
#include "Identifier.h"
#include "Interaction.h"
#include "PreparedQueries.h"
#include "RecordColumns.h"
#include "Result.h"

#include <optional>

namespace Threadline::Server {

class Database;

/// Reads rows of the server's tables back into domain records: the inverse of RecordWriter,
/// over the same column lists (RecordColumns.h). Owns its prepared queries (see
/// PreparedQueries); used on the database's thread. A record that is not there is nullopt;
/// failures are the Database's classified Errors.
class RecordReader
{
public:
    explicit RecordReader(Database &database);

    /// The customer with @p id; @p fieldVersions (if given) receives its field versions.
    Result<std::optional<Customer>> customer(const QUuid &id, FieldVersions *fieldVersions = nullptr);
    Result<std::optional<Case>> theCase(const QUuid &id, FieldVersions *fieldVersions = nullptr);
    Result<std::optional<Identifier>> identifier(const QUuid &customerId, IdentifierKind kind,
                                                 const QString &value);
    Result<std::optional<Agent>> agent(const QUuid &id);
    /// The interaction with @p id, with its chat messages and attachments.
    Result<std::optional<Interaction>> interaction(const QUuid &id);
    /// The draft with @p id, also when it is a tombstone (discarded).
    Result<std::optional<Draft>> draft(const QUuid &id);
    /// The customers (not merged away) that hold the identifier @p kind / @p value, oldest first.
    Result<QList<QUuid>> customersWithIdentifier(IdentifierKind kind, const QString &value);
    /// Where the email with this Message-ID was filed: its interaction, customer and case (the
    /// case null when none); nullopt when no interaction has that Message-ID.
    struct EmailPlace
    {
        QUuid interaction;
        QUuid customer;
        QUuid theCase;
    };
    Result<std::optional<EmailPlace>> emailByMessageId(const QString &messageId);

    /// Whether a row with this id exists in @p table ("agents", "customers", "cases",
    /// "interactions").
    Result<bool> exists(const QString &table, const QUuid &id);

    /// See PreparedQueries::dropIfStale().
    void dropStaleQueries() { m_queries.dropIfStale(); }

    /// "id, username, display_name, team, languages": the columns agentFromRow() reads.
    static QString agentSelectList();
    /// The Agent in columns @p first .. @p first + 4 of @p query's current row.
    static Agent agentFromRow(const QSqlQuery &query, int first = 0);

private:
    Result<QSqlQuery *> select(const QString &sql, const QVariantList &values);

    PreparedQueries m_queries;
};

} // namespace Threadline::Server
