// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>

namespace Threadline::Server::Email {

class MailIntake;

/// Counts of one pass over a Maildir.
struct MaildirPass
{
    int filed = 0; ///< new interactions
    int duplicates = 0; ///< messages filed before (moved on, nothing stored)
    int withDefects = 0; ///< filed, with defects recorded
    int kept = 0; ///< left in new/ to try again (the database failed)
    int unfileable = 0; ///< left in new/ for a person: no valid record can be made of them
    bool more = false; ///< messages are left for the next event-loop turn
};

/// Takes inbound email from a Maildir (new/, cur/, tmp/; the layout every MTA and fetchmail
/// write): each message in new/ is filed through MailIntake and then moved to cur/ with the
/// ":2,S" flags, the Maildir way of saying "seen by a reader". Nothing is deleted; a message that
/// could not be filed stays in new/ and is tried again on the next pass (one that can never be
/// made into a record is logged once and left there for a person). Passes run when new/
/// changes (QFileSystemWatcher) and every poll interval, on the database's thread, and take at
/// most messagesPerTurn() messages each: a backlog is worked through over several event-loop
/// turns, so clients keep being served meanwhile.
class MaildirSource : public QObject
{
    Q_OBJECT
public:
    MaildirSource(QString path, MailIntake &intake, std::chrono::seconds poll, QObject *parent = nullptr);

    /// Checks the folder ("maildir_missing" when it is not a Maildir), then runs a first pass
    /// and starts watching.
    Status start();
    /// Files up to messagesPerTurn() messages now in new/, oldest name first; schedules another
    /// pass when more are left.
    MaildirPass pass();

    int messagesPerTurn() const { return m_perTurn; }
    void setMessagesPerTurn(int count) { m_perTurn = std::max(1, count); }

Q_SIGNALS:
    /// Interactions were filed: the feed grew.
    void filed(int count);

private:
    void schedulePass();

    QString m_path;
    MailIntake &m_intake;
    QFileSystemWatcher m_watcher;
    QTimer m_poll;
    bool m_passQueued = false;
    int m_perTurn = 200;
    QSet<QString> m_unfileable; ///< names logged once and skipped until a restart
};

} // namespace Threadline::Server::Email
