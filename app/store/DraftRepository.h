// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Draft.h"
#include "Result.h"

#include <QList>

#include <optional>

namespace Threadline::Store {

class SqliteDatabase;
struct ChangeSet;

/// Drafts in the cache: what agents are writing and have not sent. Works on the connection it
/// is given and does not own it; writes run inside the caller's transaction (a writer job).
///
/// Two kinds of write, because a draft has two sources. save() is this device's own keystrokes
/// (LocalEditor), which always win locally. applyRemote() is the server's copy from the feed,
/// which never replaces a draft with an unsent local save in the outbox (the local words are
/// newer, and their save will reach the server after this copy) and removes a discarded draft
/// only when nothing local is pending for it (the server then refuses the late save, and the
/// refused entry keeps its text).
class DraftRepository
{
public:
    explicit DraftRepository(SqliteDatabase &db)
        : m_db(db)
    { }

    /// Inserts or replaces the whole draft, marking it saved on this device now.
    Status save(const Draft &draft, ChangeSet *changes = nullptr);
    /// The server's copy (see the class comment); a discarded one removes the local row.
    Status applyRemote(const Draft &draft, ChangeSet *changes = nullptr);
    Status remove(const QUuid &id, ChangeSet *changes = nullptr);

    Result<std::optional<Draft>> find(const QUuid &id);
    /// The customer's drafts, the most recently saved first.
    Result<QList<Draft>> forCustomer(const QUuid &customerId);
    Result<qint64> count();

private:
    Status write(const Draft &draft, bool savedHere, ChangeSet *changes);

    SqliteDatabase &m_db;
};

} // namespace Threadline::Store
