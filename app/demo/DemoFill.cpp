// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoFill.h"

#include "Cache.h"
#include "CacheWriter.h"
#include "CaseRepository.h"
#include "CustomerRepository.h"
#include "InteractionRepository.h"

#include <QElapsedTimer>
#include <QtConcurrent>

namespace Threadline {

DemoFill::DemoFill(Store::Cache &cache, Demo::DemoOptions options, QObject *parent)
    : QObject(parent)
    , m_cache(cache)
    , m_options(std::move(options))
{ }

DemoFill::~DemoFill()
{
    cancel();
    m_task.waitForFinished();
}

void DemoFill::start()
{
    m_task = QtConcurrent::run([this] {
        QElapsedTimer timer;
        timer.start();
        Demo::DemoGenerator generator(m_options);
        Demo::DemoBatch batch;
        while (!m_cancelled && generator.next(batch)) {
            auto done = m_cache.writer().submit([&batch](Store::CacheWriter::Context &ctx) -> Status {
                Store::CaseRepository cases(ctx.db);
                Store::CustomerRepository customers(ctx.db);
                if (Status s = cases.upsertAgents(batch.agents, &ctx.changes); !s)
                    return s;
                if (Status s = customers.upsert(batch.customers, &ctx.changes); !s)
                    return s;
                if (Status s = customers.upsertIdentifiers(batch.identifiers, &ctx.changes); !s)
                    return s;
                if (Status s = cases.upsert(batch.cases, &ctx.changes); !s)
                    return s;
                return Store::InteractionRepository(ctx.db).upsert(batch.interactions, &ctx.changes);
            });
            done.waitForFinished();
            if (Status s = done.result(); !s) {
                Q_EMIT finished(false,
                                tr("Filling the cache with demo data failed: %1").arg(s.error().message));
                return;
            }
            Q_EMIT progress(generator.interactionsProduced(), m_options.interactions);
        }
        Q_EMIT finished(!m_cancelled,
                        tr("Demo data: %1 customers and %2 interactions in %3 s")
                            .arg(generator.customersProduced())
                            .arg(generator.interactionsProduced())
                            .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1));
    });
}

} // namespace Threadline
