// SPDX-License-Identifier: GPL-3.0-or-later
#include "RecordLoader.h"

#include "InteractionRepository.h"
#include "QueryThread.h"

namespace Threadline::Models {

struct RecordLoader::Private
{
    explicit Private(QueryThread &q)
        : queries(q)
    { }
    QueryThread &queries;
    std::shared_ptr<int> alive = std::make_shared<int>(0);
    quint64 generation = 0;
};

RecordLoader::RecordLoader(QueryThread &queries, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(queries))
{ }

RecordLoader::~RecordLoader() = default;

void RecordLoader::loadInteraction(const QUuid &id)
{
    const quint64 generation = ++d->generation;
    d->queries.run(
        d->alive, [id](Store::SqliteDatabase &db) { return Store::InteractionRepository(db).find(id); },
        [this, generation, id](Result<std::optional<Interaction>> found) {
            if (generation != d->generation)
                return;
            if (!found)
                Q_EMIT loadFailed(id, found.error().code);
            else if (!found->has_value())
                Q_EMIT interactionMissing(id);
            else
                Q_EMIT interactionLoaded(**found);
        });
}

} // namespace Threadline::Models
