// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyncHub.h"

#include "Logging.h"
#include "RecordCodec.h"
#include "SyncSession.h"
#include "SyncStore.h"

#include <QHash>
#include <QScopeGuard>

#include <algorithm>

namespace Threadline::Server {

using namespace Protocol;

namespace {

/// Whether @p page holds every entry it covers (none was left out for being another agent's).
/// Feed positions are dense: each append takes max(seq) + 1 under the feed lock.
bool holdsEveryEntry(const Changes &page)
{
    return page.items.size() == page.to - page.from;
}

} // namespace

SyncHub::SyncHub(SyncStore &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{ }

SyncHub::~SyncHub() = default;

Status SyncHub::start()
{
    auto head = m_store.head();
    if (!head)
        return head.error();
    m_broadcastSeq = *head;
    m_started = true;
    return Status::success();
}

void SyncHub::add(SyncSession *session)
{
    if (m_sessions.contains(session))
        return;
    m_sessions.insert(session);
    Q_EMIT sessionAdded(session);
}

void SyncHub::remove(SyncSession *session)
{
    if (m_sessions.remove(session))
        Q_EMIT sessionRemoved(session);
}

qsizetype SyncHub::liveSessionCount() const
{
    return std::count_if(m_sessions.cbegin(), m_sessions.cend(),
                         [](const SyncSession *session) { return session->isLive(); });
}

bool SyncHub::visibleTo(const ChangeItem &item, const QUuid &agentId)
{
    if (item.entity != u"conflict")
        return true;
    auto record = decodeRecord(item.entity, item.data);
    if (!record)
        return false; // unreadable: nobody's to see, rather than everybody's
    const auto *conflict = std::get_if<Conflict>(&*record);
    return conflict && conflict->agentId == agentId;
}

void SyncHub::sessionWentLive(SyncSession *session)
{
    if (!m_sessions.contains(session) || !session->isLive())
        return;
    // Its last page ended before entries this hub already pushed to others (entries committed
    // between the page's read and now cannot be missed: the page read them or the next
    // broadcast will). Rare; the client simply pages on.
    if (session->sentCursor() < m_broadcastSeq)
        session->fallBehind(m_broadcastSeq, QStringLiteral("its catch-up ended behind the live feed"));
}

void SyncHub::feedChanged()
{
    broadcast();
    Q_EMIT appended();
}

void SyncHub::onChangesCommittedElsewhere(qint64 head)
{
    // This instance's own commits are announced too; they were pushed already. 0: unknown.
    if (head > 0 && head <= m_broadcastSeq)
        return;
    if (m_broadcastQueued)
        return;
    m_broadcastQueued = true;
    QMetaObject::invokeMethod(this, &SyncHub::broadcastQueued, Qt::QueuedConnection);
}

void SyncHub::broadcastQueued()
{
    m_broadcastQueued = false;
    broadcast();
}

void SyncHub::broadcast()
{
    if (!m_started || m_broadcasting)
        return;
    m_broadcasting = true;
    const auto done = qScopeGuard([this] { m_broadcasting = false; });

    QList<SyncSession *> live;
    for (SyncSession *session : std::as_const(m_sessions)) {
        if (session->isLive())
            live.append(session);
    }
    if (live.isEmpty()) {
        // Nobody to push to: just move on, sessions catching up read the entries themselves.
        if (auto head = m_store.head(); head)
            m_broadcastSeq = std::max(m_broadcastSeq, *head);
        return;
    }

    // One read for everybody. A null agent id asks for the entries everyone may see; entries
    // meant for one agent only (conflicts) may or may not be among them, see below.
    auto page = m_store.changesAfter(m_broadcastSeq, Limits::maxPageItems, Limits::maxPageBytes, QUuid());
    if (!page) {
        qCWarning(lcServerNet).noquote()
            << "reading new feed entries for the live push failed:" << page.error().message;
        return; // the next broadcast reads them
    }
    if (page->to <= m_broadcastSeq)
        return;
    if (page->more) {
        // More than one page arrived at once (a bulk import elsewhere): pushing it all would
        // buffer without bound, so every live client pages through it with flow control.
        for (SyncSession *session : std::as_const(live))
            session->fallBehind(page->head, QStringLiteral("more new entries than one push holds"));
        m_broadcastSeq = page->head;
        return;
    }

    QHash<QUuid, Changes> perAgent; // pages read for one agent when the shared read left some out
    const bool complete = holdsEveryEntry(*page);
    Changes shared = *page;
    shared.live = true;
    shared.more = false;
    const bool restricted = std::any_of(shared.items.cbegin(), shared.items.cend(),
                                        [](const ChangeItem &item) { return item.entity == u"conflict"; });
    QByteArray sharedFrame;

    for (SyncSession *session : std::as_const(live)) {
        if (!m_sessions.contains(session) || !session->isLive())
            continue; // closed or fell behind while we were sending
        const qint64 sent = session->sentCursor();
        if (sent >= page->to)
            continue; // its catch-up already read these
        if (sent < page->from) {
            session->fallBehind(page->head, QStringLiteral("it missed entries before the push"));
            continue;
        }
        if (session->pendingWriteBytes() > SyncSession::maxPendingWriteBytes) {
            session->fallBehind(page->head,
                                QStringLiteral("%1 bytes still unsent").arg(session->pendingWriteBytes()));
            continue;
        }

        const Changes *source = &shared;
        if (!complete) {
            const QUuid agentId = session->agent().id;
            auto it = perAgent.find(agentId);
            if (it == perAgent.end()) {
                auto own
                    = m_store.changesAfter(page->from, Limits::maxPageItems, Limits::maxPageBytes, agentId);
                if (!own) {
                    qCWarning(lcServerNet).noquote()
                        << "reading new feed entries for the live push failed:" << own.error().message;
                    session->fallBehind(page->head, QStringLiteral("the live read failed"));
                    continue;
                }
                if (own->more) {
                    session->fallBehind(own->head, QStringLiteral("more new entries than one push holds"));
                    continue;
                }
                own->live = true;
                it = perAgent.insert(agentId, std::move(own).value());
            }
            source = &*it;
        } else if (!restricted && sent == page->from) {
            if (sharedFrame.isEmpty())
                sharedFrame = shared.toFrame().encode();
            session->sendLive(sharedFrame, page->to);
            continue;
        }

        Changes mine = *source;
        mine.from = sent;
        mine.items.clear();
        for (const ChangeItem &item : std::as_const(source->items)) {
            if (item.seq > sent && (!complete || visibleTo(item, session->agent().id)))
                mine.items.append(item);
        }
        session->sendLive(mine.toFrame().encode(), mine.to);
    }
    m_broadcastSeq = page->to;
}

} // namespace Threadline::Server
