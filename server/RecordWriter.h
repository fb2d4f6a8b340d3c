// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Agent.h"
#include "Case.h"
#include "Change.h"
#include "Conflict.h"
#include "Customer.h"
#include "Draft.h"
#include "Identifier.h"
#include "Interaction.h"
#include "RecordColumns.h"
#include "Result.h"

#include <QSqlQuery>

namespace Threadline::Server {

class Database;

/// Writes domain records into the server's tables with prepared statements, one row per record
/// (plus chat messages and attachments of an interaction). Inserts skip records whose key
/// already exists, so that a repeated write is harmless, and say whether they wrote a row.
/// It does not open transactions: the caller groups writes. Owns its prepared queries, so it
/// must be destroyed before the Database is closed (and made again after the Database
/// reconnected); used on the database's thread. Fails with an Error naming the record that
/// could not be written ("server_busy" when the failure is transient).
class RecordWriter
{
public:
    explicit RecordWriter(Database &database);

    /// Prepares the statements; call once before writing.
    Status prepare();

    /// Inserts; true when a row was written, false when the key existed (nothing written).
    Result<bool> write(const Agent &agent);
    Result<bool> write(const Customer &customer);
    Result<bool> write(const Identifier &identifier);
    Result<bool> write(const Case &theCase);
    /// With its chat messages and attachments, which are skipped with an existing interaction.
    Result<bool> write(const Interaction &interaction);
    Result<bool> write(const Conflict &conflict);
    /// Inserts or replaces (drafts are saved whole); always true.
    Result<bool> write(const Draft &draft);

    /// Replaces every column of an existing record (and its field versions).
    Status update(const Customer &customer, const FieldVersions &fieldVersions);
    Status update(const Case &theCase, const FieldVersions &fieldVersions);
    /// Replaces the server-stamped columns (Fields::ServerStamped) of an existing interaction:
    /// an outgoing email's delivery, message id and source.
    Status updateStamped(const Interaction &interaction);
    /// Sets verified and source of an existing identifier.
    Status update(const Identifier &identifier);
    /// Deletes an identifier; true when there was one.
    Result<bool> remove(const IdentifierRemoval &removal);

private:
    Status prepare(QSqlQuery &query, const QString &sql, const QString &table);
    Result<bool> run(QSqlQuery &query, const QString &what);

    Database &m_database;
    QSqlQuery m_agent;
    QSqlQuery m_customer;
    QSqlQuery m_identifier;
    QSqlQuery m_case;
    QSqlQuery m_interaction;
    QSqlQuery m_chatMessage;
    QSqlQuery m_attachment;
    QSqlQuery m_conflict;
    QSqlQuery m_updateCustomer;
    QSqlQuery m_updateCase;
    QSqlQuery m_updateIdentifier;
    QSqlQuery m_updateStamped;
    QSqlQuery m_removeIdentifier;
    QSqlQuery m_draft;
};

} // namespace Threadline::Server
