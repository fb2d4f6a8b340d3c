// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Interaction.h"

#include <QObject>

#include <memory>

namespace Threadline::Models {

class QueryThread;

/// Reads one whole record for the detail pane on a QueryThread. Only the latest request is
/// answered: asking for another interaction before the first arrived drops the first answer.
/// Lives on the GUI thread.
class RecordLoader : public QObject
{
    Q_OBJECT
public:
    explicit RecordLoader(QueryThread &queries, QObject *parent = nullptr);
    ~RecordLoader() override;

    void loadInteraction(const QUuid &id);

Q_SIGNALS:
    void interactionLoaded(const Threadline::Interaction &interaction);
    /// The interaction is not in the cache (any more).
    void interactionMissing(const QUuid &id);
    void loadFailed(const QUuid &id, const QString &errorCode);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Threadline::Models
