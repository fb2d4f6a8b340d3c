// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Messages.h"
#include "Result.h"

#include <QObject>
#include <QSet>

namespace Threadline::Server {

class SyncSession;
class SyncStore;

/// The live fan-out: pushes new feed entries to every connection that is caught up.
///
/// Knows every authenticated session (SyncSession registers and unregisters itself) and which
/// of them are live (their catch-up ended with more == false). After a feed write on this
/// instance (feedChanged(), called synchronously by the session that applied the mutation, so
/// the author's own push leaves before its ack) or when another instance committed entries
/// (onChangesCommittedElsewhere(), coalesced into one read per event-loop turn), it reads the
/// new entries once from the last broadcast position, as everyone may see them, and sends each
/// live session a Changes (live = true) with the entries after that session's sent cursor.
/// Entries for one agent only (conflicts, shown to the agent who lost the edit) are left out of
/// that read; as seq numbers are dense the gap shows, and then each live agent's own read of the
/// same range is pushed instead (rare: only when an edit lost).
///
/// Slow readers: a live session whose socket still has more than
/// SyncSession::maxPendingWriteBytes waiting to be written is not pushed to; it is dropped back
/// to catching up and told so with an empty Changes (more = true), and its client pages through
/// the feed with flow control instead of the server buffering without bound. The same happens to
/// every live session when more entries arrive at once than one page holds.
///
/// Lives on the database's thread (the main thread); owns nothing but the registry. Read
/// failures are logged and retried at the next broadcast; no session is lost over them.
class SyncHub : public QObject
{
    Q_OBJECT

public:
    explicit SyncHub(SyncStore &store, QObject *parent = nullptr);
    ~SyncHub() override;

    /// Learns the feed's head: entries up to it count as broadcast ("database_error" and the
    /// like from SyncStore::head()).
    Status start();

    /// A session authenticated / left (logout, close, destruction). Idempotent.
    void add(SyncSession *session);
    void remove(SyncSession *session);
    /// A session just finished catching up at its sent cursor; pushes any gap now.
    void sessionWentLive(SyncSession *session);

    /// Entries were appended on this instance: push them now, before the caller answers.
    void feedChanged();

    /// The feed position up to which entries have been pushed.
    qint64 broadcastSeq() const { return m_broadcastSeq; }
    qsizetype sessionCount() const { return m_sessions.size(); }
    qsizetype liveSessionCount() const;

    /// Whether @p item may be shown to the agent @p agentId (conflicts: only to their agent).
    static bool visibleTo(const Protocol::ChangeItem &item, const QUuid &agentId);

Q_SIGNALS:
    /// feedChanged() was called: this instance appended entries (the email channel looks for
    /// email to send).
    void appended();
    /// A session signed in (its answer is sent) / is gone or signed out.
    void sessionAdded(Threadline::Server::SyncSession *session);
    void sessionRemoved(Threadline::Server::SyncSession *session);

public Q_SLOTS:
    /// The database heard that feed entries were committed up to @p head (0: not said), on
    /// PostgreSQL by any instance: unless this hub pushed up to there already, broadcast them
    /// once the current event-loop turn is over, however many notifications arrived meanwhile.
    void onChangesCommittedElsewhere(qint64 head = 0);

private:
    void broadcast();
    void broadcastQueued();

    SyncStore &m_store;
    QSet<SyncSession *> m_sessions;
    qint64 m_broadcastSeq = 0;
    bool m_started = false;
    bool m_broadcastQueued = false;
    bool m_broadcasting = false;
};

} // namespace Threadline::Server
