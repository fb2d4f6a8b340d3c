// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Agent.h"
#include "Case.h"
#include "Customer.h"
#include "Identifier.h"
#include "Interaction.h"
#include "Result.h"

#include <QSqlQuery>

namespace Threadline::Server {

class Database;

/// Writes domain records into the server's tables with prepared statements, one row per record
/// (plus chat messages and attachments of an interaction), skipping records whose key already
/// exists so that a repeated write is harmless. It does not open transactions: the caller groups
/// writes. Owns its prepared queries, so it must be destroyed before the Database is closed;
/// used on the database's thread. Fails with an Error naming the record that could not be written.
class RecordWriter
{
public:
    explicit RecordWriter(Database &database);

    /// Prepares the statements; call once before writing.
    Status prepare();

    Status write(const Agent &agent);
    Status write(const Customer &customer);
    Status write(const Identifier &identifier);
    Status write(const Case &theCase);
    Status write(const Interaction &interaction);

private:
    Status prepare(QSqlQuery &query, const QString &table, const QStringList &columns);
    Status run(QSqlQuery &query, const QString &what);

    Database &m_database;
    QSqlQuery m_agent;
    QSqlQuery m_customer;
    QSqlQuery m_identifier;
    QSqlQuery m_case;
    QSqlQuery m_interaction;
    QSqlQuery m_chatMessage;
    QSqlQuery m_attachment;
};

} // namespace Threadline::Server
