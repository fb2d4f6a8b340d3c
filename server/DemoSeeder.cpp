// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoSeeder.h"

#include "Database.h"
#include "Logging.h"
#include "SyncStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

namespace Threadline::Server {

namespace {

const QString metaKey = QStringLiteral("demo_seed");

QString describeOptions(const Demo::DemoOptions &options)
{
    return QStringLiteral("%1 customers, %2 interactions, seed %3")
        .arg(options.customers)
        .arg(options.interactions)
        .arg(options.seed);
}

QString toJson(const Demo::DemoOptions &options, bool complete)
{
    QJsonObject object {
        {QStringLiteral("state"), complete ? QStringLiteral("complete") : QStringLiteral("in_progress")},
        {QStringLiteral("seed"), QString::number(options.seed)}, // a quint64 does not fit a JSON double
        {QStringLiteral("customers"), options.customers},
        {QStringLiteral("interactions"), options.interactions},
        {QStringLiteral("heavy_customer_interactions"), options.heavyCustomerInteractions},
        {QStringLiteral("years"), options.years},
    };
    if (options.end.isValid())
        object.insert(QStringLiteral("end"), options.end.toMSecsSinceEpoch());
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

struct StoredSeed
{
    bool complete = false;
    Demo::DemoOptions options;
};

Result<StoredSeed> fromJson(const QString &path, const QString &json)
{
    const QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    bool seedOk = false;
    StoredSeed stored;
    stored.complete = object.value(QStringLiteral("state")).toString() == u"complete";
    stored.options.seed = object.value(QStringLiteral("seed")).toString().toULongLong(&seedOk);
    stored.options.customers = object.value(QStringLiteral("customers")).toInteger(-1);
    stored.options.interactions = object.value(QStringLiteral("interactions")).toInteger(-1);
    stored.options.heavyCustomerInteractions
        = object.value(QStringLiteral("heavy_customer_interactions")).toInteger(-1);
    if (object.contains(QStringLiteral("end"))) {
        stored.options.end = QDateTime::fromMSecsSinceEpoch(object.value(QStringLiteral("end")).toInteger(),
                                                            QTimeZone::utc());
    }
    stored.options.years = object.value(QStringLiteral("years")).toInt(-1);
    if (!seedOk || stored.options.customers < 0 || stored.options.interactions < 0
        || stored.options.heavyCustomerInteractions < 0 || stored.options.years < 0) {
        return Error {
            QStringLiteral("database_error"),
            QStringLiteral("%1: the record of an earlier demo seed is unreadable: %2").arg(path, json)};
    }
    return stored;
}

} // namespace

Result<bool> DemoSeeder::hasUnfinishedSeed(Database &database)
{
    auto meta = database.metaValue(metaKey);
    if (!meta)
        return meta.error();
    if (!meta->has_value())
        return false;
    auto stored = fromJson(database.path(), **meta);
    if (!stored)
        return stored.error();
    return !stored->complete;
}

Result<DemoSeeder::Plan> DemoSeeder::plan(Database &database, const Demo::DemoOptions &requested)
{
    auto meta = database.metaValue(metaKey);
    if (!meta)
        return meta.error();
    if (meta->has_value()) {
        auto stored = fromJson(database.path(), **meta);
        if (!stored)
            return stored.error();
        if (stored->complete) {
            return Plan {
                Decision::Skip, stored->options,
                QStringLiteral("the database is already seeded with demo data (%1); not seeding again")
                    .arg(describeOptions(stored->options))};
        }
        QString reason
            = QStringLiteral("finishing an interrupted demo seed (%1)").arg(describeOptions(stored->options));
        if (stored->options.seed != requested.seed || stored->options.customers != requested.customers
            || stored->options.interactions != requested.interactions) {
            reason += QStringLiteral(" rather than starting the one asked for (%1)")
                          .arg(describeOptions(requested));
        }
        return Plan {Decision::Resume, stored->options, reason};
    }
    auto counts = database.counts();
    if (!counts)
        return counts.error();
    if (counts->customers > 0) {
        return Plan {Decision::Skip, requested,
                     QStringLiteral("the database already holds %1 customers; not seeding demo data")
                         .arg(counts->customers)};
    }
    return Plan {Decision::Seed, requested,
                 QStringLiteral("seeding demo data (%1)").arg(describeOptions(requested))};
}

DemoSeeder::DemoSeeder(Database &database, const Demo::DemoOptions &options, qint64 batchInteractions)
    : m_database(database)
    , m_options(options)
    , m_batchInteractions(batchInteractions)
    , m_generator(std::make_unique<Demo::DemoGenerator>(options))
    , m_store(std::make_unique<SyncStore>(database))
{ }

DemoSeeder::~DemoSeeder() = default;

Status DemoSeeder::start()
{
    m_timer.start();
    return Status::success();
}

Result<bool> DemoSeeder::step()
{
    m_batch.clear();
    const bool more = m_generator->next(m_batch, m_batchInteractions);
    m_records.clear();
    m_records.reserve(m_batch.agents.size() + m_batch.customers.size() + m_batch.identifiers.size()
                      + m_batch.cases.size() + m_batch.interactions.size());
    qint64 rows = 0;
    for (const Interaction &interaction : std::as_const(m_batch.interactions)) {
        rows += interaction.attachments.size();
        if (const auto *chat = std::get_if<ChatDetails>(&interaction.details))
            rows += chat->messages.size();
    }
    const auto take = [this](auto &list) {
        for (auto &record : list)
            m_records.append(std::move(record));
    };
    take(m_batch.agents);
    take(m_batch.customers);
    take(m_batch.identifiers);
    take(m_batch.cases);
    take(m_batch.interactions);
    rows += m_records.size();
    if (Status status
        = m_store->appendRecords(m_records, QUuid(), [this, more] { return recordProgress(!more); });
        !status) {
        return status.error();
    }
    m_started = true;
    m_rows += rows + m_store->lastAppendedCount();

    m_agents += m_batch.agents.size();
    m_customers += m_batch.customers.size();
    m_identifiers += m_batch.identifiers.size();
    m_cases += m_batch.cases.size();
    m_interactions += m_batch.interactions.size();
    if (more) {
        logProgress();
        return true;
    }
    const double seconds = std::max<qint64>(m_timer.elapsed(), 1) / 1000.0;
    qCInfo(lcServerSeed).noquote()
        << QStringLiteral("seeded %1 customers, %2 interactions, %3 identifiers, %4 cases and %5 agents in "
                          "%6 s (%7 interactions/s; %8 rows/s counting chat messages, attachments and feed "
                          "entries)")
               .arg(m_customers)
               .arg(m_interactions)
               .arg(m_identifiers)
               .arg(m_cases)
               .arg(m_agents)
               .arg(seconds, 0, 'f', 2)
               .arg(qRound64(static_cast<double>(m_interactions) / seconds))
               .arg(qRound64(static_cast<double>(m_rows) / seconds));
    if (const QUuid heavy = m_generator->heavyCustomerId(); !heavy.isNull()) {
        qCInfo(lcServerSeed).noquote()
            << "the demo customer with the long history is" << heavy.toString(QUuid::WithoutBraces);
    }
    return false;
}

Status DemoSeeder::recordProgress(bool last)
{
    if (!m_started) {
        // In the first batch's transaction: from now on the database says a seed is under way.
        if (Status status = m_database.setMetaValue(metaKey, toJson(m_options, last)); !status)
            return status;
    } else if (last) {
        return m_database.setMetaValue(metaKey, toJson(m_options, true));
    }
    return Status::success();
}

void DemoSeeder::logProgress()
{
    const qint64 total = std::max<qint64>(m_options.interactions, 1);
    const int decile = static_cast<int>(std::min<qint64>(m_interactions * 10 / total, 9));
    if (decile <= m_loggedDecile)
        return;
    m_loggedDecile = decile;
    const double seconds = std::max<qint64>(m_timer.elapsed(), 1) / 1000.0;
    qCInfo(lcServerSeed).noquote() << QStringLiteral(
                                          "seeding: %1% (%2 of %3 interactions, %4 customers; %5 rows/s)")
                                          .arg(decile * 10)
                                          .arg(m_interactions)
                                          .arg(m_options.interactions)
                                          .arg(m_customers)
                                          .arg(qRound64(static_cast<double>(m_rows) / seconds));
}

} // namespace Threadline::Server
