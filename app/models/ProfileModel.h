// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Case.h"
#include "Customer.h"
#include "Identifier.h"

#include <QHash>
#include <QObject>

#include <memory>

namespace Threadline::Store {
struct ChangeSet;
}

namespace Threadline::Models {

class QueryThread;

/// Everything the single customer view shows about one person, as values.
struct CustomerProfile
{
    Customer customer;
    QList<Identifier> identifiers; ///< every identifier, verified ones first
    QList<Case> cases; ///< open and pending first (earliest due first), then the rest, newest first
    QHash<Channel, qint64> channelMix; ///< contacts per channel in the last channelMixDays
    qint64 contactCount = 0; ///< every contact on the timeline
};

/// The single customer view of one customer: the record, its identifiers, its cases and the
/// channel mix of recent contacts, read on a QueryThread and read again (throttled) whenever a
/// commit touches that customer. Emits profileChanged() with each new read; a customer that is
/// not (or no longer) in the cache gives customerMissing(). Lives on the GUI thread.
class ProfileModel : public QObject
{
    Q_OBJECT
public:
    static constexpr int channelMixDays = 90;

    explicit ProfileModel(QueryThread &queries, QObject *parent = nullptr);
    ~ProfileModel() override;

    void open(const QUuid &customerId);
    void clear();
    QUuid customerId() const;
    /// The last read (empty customer id before the first one arrives).
    const CustomerProfile &profile() const;

public Q_SLOTS:
    void applyChanges(const Threadline::Store::ChangeSet &changes);

Q_SIGNALS:
    void profileChanged();
    void customerMissing(const QUuid &customerId);
    void loadFailed(const QString &errorCode);

private:
    void load();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Threadline::Models
