// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Messages.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace Threadline::Store {
class CacheWriter;
class SqliteDatabase;
} // namespace Threadline::Store

namespace Threadline::Sync {

/// Sends the outbox to the server on a live connection and records the answers: entries go in
/// outbox order, at most Limits::maxMutationsInFlight unanswered; an ack deletes the entry, a
/// reject keeps it marked rejected with the reason (and its edit leaves the cache, see
/// UnsentEdits), an error carrying the mutation id records the attempt and sends the same
/// mutation again after retry_after_ms or a growing delay. An entry that cannot be sent at all
/// (unreadable, or larger than the server accepts) is set aside as rejected.
///
/// Lives on the GUI thread with the engine that owns it; reads the outbox on the engine's read
/// connection and writes through writer jobs. Answers from an earlier connection are harmless:
/// the server answers a mutation id once, and resending after a reconnect is how delivery is
/// guaranteed.
class OutboxReplay : public QObject
{
    Q_OBJECT
public:
    using Send = std::function<void(const QByteArray &frame)>;

    OutboxReplay(Store::CacheWriter &writer, Store::SqliteDatabase &reader, QObject *parent = nullptr);

    /// The connection is live: send through @p send, frames up to @p maxFrameBytes.
    void begin(Send send, qint64 maxFrameBytes, std::chrono::milliseconds initialRetry,
               std::chrono::milliseconds maxRetry);
    /// The connection is gone: whatever was in flight is sent again on the next one.
    void end();
    bool active() const { return bool(m_send); }
    qsizetype inFlight() const { return m_inFlight.size(); }

    /// Sends what the window allows; call when the outbox may have grown.
    void flush();
    void handle(const Protocol::Ack &ack);
    void handle(const Protocol::Reject &reject);
    /// An error frame with a mutation id.
    void handle(const Protocol::ErrorMessage &error);

Q_SIGNALS:
    /// A rejected mutation or a lost edit: tell the agent.
    void attentionNeeded(const QString &message);
    /// An answer was recorded in the cache (counts may have changed).
    void recorded();

private:
    template<typename Change>
    void settle(const QUuid &mid, Change change, std::optional<qint64> ackSeq);
    void setAside(const QUuid &mid, const QString &reason);

    Store::CacheWriter &m_writer;
    Store::SqliteDatabase &m_reader;
    Send m_send;
    qint64 m_maxFrameBytes = Protocol::Limits::maxClientFrameBytes;
    std::chrono::milliseconds m_initialRetry {500};
    std::chrono::milliseconds m_maxRetry {60'000};
    QHash<QUuid, qint64> m_inFlight; ///< mutation id -> outbox seq, sent and not yet answered
    qint64 m_lastSentSeq = 0; ///< the window starts after this outbox seq
    qint64 m_retryFromSeq = 0; ///< the oldest entry waiting to be sent again (0: none)
    int m_retriesInARow = 0;
    QTimer m_retryTimer;
};

} // namespace Threadline::Sync
