// SPDX-License-Identifier: GPL-3.0-or-later
#include "OutboxReplay.h"

#include "CacheWriter.h"
#include "Outbox.h"
#include "SqliteDatabase.h"
#include "SyncLogging.h"
#include "SyncState.h"
#include "UnsentEdits.h"
#include "WriterJobs.h"

#include <QCborValue>

namespace Threadline::Sync {

OutboxReplay::OutboxReplay(Store::CacheWriter &writer, Store::SqliteDatabase &reader, QObject *parent)
    : QObject(parent)
    , m_writer(writer)
    , m_reader(reader)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        if (m_retryFromSeq > 0)
            m_lastSentSeq = std::min(m_lastSentSeq, m_retryFromSeq - 1);
        m_retryFromSeq = 0;
        flush();
    });
}

void OutboxReplay::begin(Send send, qint64 maxFrameBytes, std::chrono::milliseconds initialRetry,
                         std::chrono::milliseconds maxRetry)
{
    end();
    m_send = std::move(send);
    m_maxFrameBytes = maxFrameBytes;
    m_initialRetry = std::max(initialRetry, std::chrono::milliseconds(1));
    m_maxRetry = std::max(maxRetry, m_initialRetry);
    flush();
}

void OutboxReplay::end()
{
    m_send = nullptr;
    m_retryTimer.stop();
    m_inFlight.clear();
    m_lastSentSeq = 0;
    m_retryFromSeq = 0;
    m_retriesInARow = 0;
}

void OutboxReplay::flush()
{
    if (!m_send || m_retryTimer.isActive() || !m_reader.isOpen())
        return;
    const int room = Protocol::Limits::maxMutationsInFlight - int(m_inFlight.size());
    if (room <= 0)
        return;
    auto entries = Store::Outbox(m_reader).pendingAfter(m_lastSentSeq, room);
    if (!entries) {
        qCWarning(lcSync) << "cannot read the outbox:" << entries.error().message;
        return;
    }
    for (const Store::OutboxEntry &entry : std::as_const(*entries)) {
        m_lastSentSeq = std::max(m_lastSentSeq, entry.seq);
        if (m_inFlight.contains(entry.mutationId))
            continue;
        auto mutation = Protocol::Mutate::fromMap(QCborValue::fromCbor(entry.payload).toMap());
        if (!mutation) {
            setAside(entry.mutationId, QStringLiteral("unreadable: ") + mutation.error().message);
            continue;
        }
        mutation->mutationId = entry.mutationId;
        const QByteArray frame = mutation->toFrame().encode();
        if (frame.size() > m_maxFrameBytes) {
            setAside(entry.mutationId,
                     QStringLiteral("too_large: the change is %1 bytes, more than the server accepts (%2)")
                         .arg(frame.size())
                         .arg(m_maxFrameBytes));
            continue;
        }
        m_inFlight.insert(entry.mutationId, entry.seq);
        m_send(frame);
    }
}

template<typename Change>
void OutboxReplay::settle(const QUuid &mid, Change change, std::optional<qint64> ackSeq)
{
    auto job = [mid, change = std::move(change), ackSeq](Store::CacheWriter::Context &ctx) -> Status {
        Store::Outbox outbox(ctx.db);
        auto entry = outbox.find(mid);
        if (!entry)
            return entry.error();
        if (!entry->has_value())
            return {}; // answered before: an answer can arrive again after a reconnect
        if (Status s = change(outbox, mid, ctx.changes); !s)
            return s;
        bool rebuild = true;
        if (ackSeq && *ackSeq > 0) {
            // The server sends the record's feed entry before the ack; when it has not been
            // applied yet (the connection fell back to catching up), the feed will rebuild it.
            auto cursor = Store::SyncState(ctx.db).cursor();
            if (!cursor)
                return cursor.error();
            rebuild = *cursor >= *ackSeq;
        }
        return UnsentEdits(ctx.db, &ctx.changes).settle((*entry)->entityId, rebuild);
    };
    whenDone(this, m_writer.submit(std::move(job)), [this, mid](const Status &s) {
        if (!s)
            qCWarning(lcSync) << "cannot record the server's answer to" << mid << ":" << s.error().message;
        Q_EMIT recorded();
        flush();
    });
}

void OutboxReplay::setAside(const QUuid &mid, const QString &reason)
{
    qCWarning(lcSync) << "outbox entry" << mid << "cannot be sent:" << reason;
    settle(
        mid,
        [reason](Store::Outbox &outbox, const QUuid &id, Store::ChangeSet &changes) {
            return outbox.reject(id, reason, &changes);
        },
        std::nullopt);
    Q_EMIT attentionNeeded(
        QStringLiteral("One of your changes could not be sent to the server and was set aside (%1).")
            .arg(reason));
}

void OutboxReplay::handle(const Protocol::Ack &ack)
{
    m_inFlight.remove(ack.mutationId);
    m_retriesInARow = 0;
    settle(
        ack.mutationId,
        [](Store::Outbox &outbox, const QUuid &id, Store::ChangeSet &changes) -> Status {
            auto removed = outbox.ack(id, &changes);
            return removed ? Status() : Status(removed.error());
        },
        std::optional<qint64>(ack.seq));
    if (!ack.conflicts.isEmpty()) {
        QStringList fields;
        for (const Conflict &c : ack.conflicts)
            fields.append(c.field);
        Q_EMIT attentionNeeded(
            QStringLiteral("Another agent changed the same details first, so your edit of %1 "
                           "did not take effect.")
                .arg(fields.join(QStringLiteral(", "))));
    }
}

void OutboxReplay::handle(const Protocol::Reject &reject)
{
    m_inFlight.remove(reject.mutationId);
    const QString reason = reject.code + QStringLiteral(": ") + reject.message;
    settle(
        reject.mutationId,
        [reason](Store::Outbox &outbox, const QUuid &id, Store::ChangeSet &changes) {
            return outbox.reject(id, reason, &changes);
        },
        std::nullopt);
    Q_EMIT attentionNeeded(QStringLiteral("The server refused one of your changes: %1").arg(reject.message));
}

void OutboxReplay::handle(const Protocol::ErrorMessage &error)
{
    // Not applied, and may be sent again with the same mutation id (docs/protocol.md, 5).
    const qint64 seq = m_inFlight.take(error.mutationId);
    const QString why = error.code + QStringLiteral(": ") + error.message;
    whenDone(this, m_writer.submit([mid = error.mutationId, why](Store::CacheWriter::Context &ctx) {
        return Store::Outbox(ctx.db).recordAttempt(mid, why, &ctx.changes);
    }),
             [this](const Status &) { Q_EMIT recorded(); });
    if (seq > 0)
        m_retryFromSeq = m_retryFromSeq > 0 ? std::min(m_retryFromSeq, seq) : seq;
    const qint64 grown = m_initialRetry.count() << std::min(m_retriesInARow, 20);
    const qint64 delay
        = error.retryAfterMs > 0 ? error.retryAfterMs : std::min<qint64>(m_maxRetry.count(), grown);
    ++m_retriesInARow;
    qCInfo(lcSync).noquote() << "mutation" << error.mutationId.toString(QUuid::WithoutBraces) << "deferred ("
                             << error.code << "), sending again in" << delay << "ms";
    m_retryTimer.start(std::chrono::milliseconds(delay));
}

} // namespace Threadline::Sync
