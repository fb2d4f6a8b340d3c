// SPDX-License-Identifier: GPL-3.0-or-later
#include "FeedApplier.h"

#include "Messages.h"
#include "QuarantineRepository.h"
#include "RecordCodec.h"
#include "SqliteDatabase.h"
#include "SyncLogging.h"
#include "SyncState.h"
#include "UnsentEdits.h"

#include <QElapsedTimer>

#include <limits>

namespace Threadline::Sync {

namespace {

constexpr qint64 int64Max = std::numeric_limits<qint64>::max();

void addItem(DecodedPage &out, qint64 seq, const QString &entity, const QByteArray &data)
{
    auto record = Protocol::decodeRecord(entity, data);
    if (record) {
        out.page.changes.append(Change {seq, std::move(record).value()});
        out.page.raw.append(data);
    } else {
        out.page.quarantined.append(QuarantinedChange {seq, entity, data, record.error().message});
    }
}

/// The envelope of a frame whose items are not all well-formed: the good items are decoded,
/// each malformed one is quarantined (at its own seq when it has a usable one).
Result<DecodedPage> decodeLeniently(const Protocol::Frame &frame, const Error &whyStrictFailed)
{
    Protocol::FieldReader r(frame.body, QStringLiteral("changes"));
    DecodedPage out;
    out.page.from = r.integer(u"from", 0, int64Max);
    out.page.to = r.integer(u"to", 0, int64Max);
    out.head = r.integer(u"head", 0, int64Max);
    out.more = r.boolean(u"more", false);
    out.live = r.boolean(u"live", false);
    const QCborArray items = r.array(u"items", Protocol::Limits::maxPageItems);
    if (!r.ok() || out.page.to < out.page.from || out.head < out.page.to || (out.live && out.more))
        return whyStrictFailed;
    qint64 previous = out.page.from;
    for (qsizetype n = 0; n < items.size(); ++n) {
        const QCborValue value = items.at(n);
        const QString label = QStringLiteral("items[%1]").arg(n);
        if (value.isMap()) {
            Protocol::FieldReader item(value.toMap(), label);
            const qint64 seq = item.integer(u"seq", 1, int64Max);
            const QString entity = item.text(u"entity", 64);
            const bool hasData = item.has(u"data");
            const QByteArray data = item.bytes(u"data", Protocol::Limits::maxServerFrameBytes);
            if (item.ok() && hasData && seq > previous && seq <= out.page.to) {
                previous = seq;
                addItem(out, seq, entity, data);
                continue;
            }
            if (item.ok() && seq > previous && seq <= out.page.to) {
                previous = seq;
                out.page.quarantined.append(
                    QuarantinedChange {seq, entity, value.toCbor(), QStringLiteral("the item has no data")});
                continue;
            }
        }
        // No usable position: kept under the page's end, named by its place in the page.
        out.page.quarantined.append(QuarantinedChange {
            out.page.to, label, value.toCbor(),
            QStringLiteral("malformed item in the page (%1, %2]").arg(out.page.from).arg(out.page.to)});
    }
    return out;
}

} // namespace

Result<DecodedPage> FeedApplier::decode(const QByteArray &bytes)
{
    auto frame = Protocol::Frame::decode(bytes);
    if (!frame)
        return frame.error();
    if (frame->type != Protocol::MessageType::Changes)
        return Error {QStringLiteral("unexpected_type"),
                      QStringLiteral("expected a changes frame, got %1").arg(toString(frame->type))};
    auto changes = Protocol::Changes::fromFrame(*frame);
    if (!changes)
        return decodeLeniently(*frame, changes.error());
    DecodedPage out;
    out.page.from = changes->from;
    out.page.to = changes->to;
    out.head = changes->head;
    out.more = changes->more;
    out.live = changes->live;
    out.page.changes.reserve(changes->items.size());
    out.page.raw.reserve(changes->items.size());
    for (const Protocol::ChangeItem &item : std::as_const(changes->items))
        addItem(out, item.seq, item.entity, item.data);
    return out;
}

Status FeedApplier::apply(Store::SqliteDatabase &db, Store::ChangeSet *changes, const QByteArray &frame,
                          PageOutcome &outcome)
{
    QElapsedTimer timer;
    timer.start();
    auto decoded = decode(frame);
    const qint64 decodeNs = timer.nsecsElapsed();
    if (!decoded) {
        // Kept whole at the cursor it arrived at; a frame sent again there replaces nothing.
        auto cursor = Store::SyncState(db).cursor();
        if (!cursor)
            return cursor.error();
        outcome.readable = false;
        outcome.problem = decoded.error().message;
        outcome.cursor = *cursor;
        return Store::QuarantineRepository(db).add(
            {QuarantinedChange {*cursor, QString(), frame, decoded.error().message}}, changes);
    }
    outcome.readable = true;
    outcome.from = decoded->page.from;
    outcome.to = decoded->page.to;
    outcome.head = decoded->head;
    outcome.more = decoded->more;
    outcome.live = decoded->live;
    auto report = Store::RemoteChanges(db).apply(decoded->page, changes);
    if (!report)
        return report.error();
    const qint64 applyNs = timer.nsecsElapsed() - decodeNs;
    outcome.outcome = report->outcome;
    outcome.cursor = report->cursorAfter;
    outcome.applied = report->applied;
    outcome.quarantined = report->quarantined;
    if (report->outcome != Store::RemoteChanges::Outcome::Applied)
        return {};
    Status rebased = UnsentEdits(db, changes).serverRecordsArrived(report->customers, report->cases);
    qCDebug(lcSync).noquote() << QStringLiteral(
                                     "page (%1, %2]: %3 items, decode %4 ms, apply %5 ms, rebase %6 ms")
                                     .arg(outcome.from)
                                     .arg(outcome.to)
                                     .arg(decoded->page.changes.size())
                                     .arg(double(decodeNs) / 1e6, 0, 'f', 1)
                                     .arg(double(applyNs) / 1e6, 0, 'f', 1)
                                     .arg(double(timer.nsecsElapsed() - decodeNs - applyNs) / 1e6, 0, 'f', 1);
    return rebased;
}

} // namespace Threadline::Sync
