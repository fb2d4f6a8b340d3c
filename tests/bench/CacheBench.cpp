// SPDX-License-Identifier: GPL-3.0-or-later
// threadline-cache-bench: measures the client cache on generated demo data and prints numbers.
// Not a test: nothing here passes or fails on a timing.
//
//   threadline-cache-bench [--customers 100000] [--interactions 1000000] [--cache FILE] [--keep]
//
// Prints: bulk insert rate, a 10,000-interaction customer's first timeline page, search latency
// p50/p95 over realistic queries, and the cache's size on disk.

#include "Cache.h"
#include "CacheWriter.h"
#include "CaseRepository.h"
#include "CustomerRepository.h"
#include "DemoGenerator.h"
#include "InteractionRepository.h"
#include "SearchRepository.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace Threadline;

namespace {

struct Stats
{
    double p50 = 0, p95 = 0, max = 0;
};

Stats summarise(std::vector<double> samples)
{
    if (samples.empty())
        return {};
    std::sort(samples.begin(), samples.end());
    const auto at
        = [&](double q) { return samples[std::min(samples.size() - 1, size_t(q * double(samples.size())))]; };
    return {at(0.50), at(0.95), samples.back()};
}

double ms(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

void row(const char *metric, const QString &value, const char *unit, const char *budget = "")
{
    std::printf("%-44s %14s %-8s %s\n", metric, qPrintable(value), unit, budget);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures the Threadline client cache on demo data."));
    parser.addHelpOption();
    const QCommandLineOption customersOpt(QStringLiteral("customers"), QStringLiteral("Customers."),
                                          QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption interactionsOpt(QStringLiteral("interactions"), QStringLiteral("Interactions."),
                                             QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption cacheOpt(
        QStringLiteral("cache"), QStringLiteral("Cache file (default: temporary)."), QStringLiteral("file"));
    const QCommandLineOption keepOpt(QStringLiteral("keep"), QStringLiteral("Keep the temporary cache."));
    const QCommandLineOption reuseOpt(
        QStringLiteral("reuse"),
        QStringLiteral("Measure reads on the existing --cache file (made by an earlier run with --keep or "
                       "--cache) instead of filling a new one; bulk insert is not measured."));
    parser.addOptions({customersOpt, interactionsOpt, cacheOpt, keepOpt, reuseOpt});
    parser.process(app);

    Demo::DemoOptions options;
    options.customers = parser.value(customersOpt).toLongLong();
    options.interactions = parser.value(interactionsOpt).toLongLong();
    if (options.customers <= 0 || options.interactions < 0) {
        std::fprintf(
            stderr, "threadline-cache-bench: --customers must be positive and --interactions not negative\n");
        return 2;
    }

    QTemporaryDir dir;
    dir.setAutoRemove(!parser.isSet(keepOpt));
    const QString path
        = parser.isSet(cacheOpt) ? parser.value(cacheOpt) : dir.filePath(QStringLiteral("bench.sqlite"));
    const bool reuse = parser.isSet(reuseOpt);
    if (reuse && !parser.isSet(cacheOpt)) {
        std::fprintf(stderr, "threadline-cache-bench: --reuse needs --cache FILE\n");
        return 2;
    }
    if (QFileInfo::exists(path) != reuse) {
        std::fprintf(stderr,
                     reuse ? "threadline-cache-bench: %s does not exist\n"
                           : "threadline-cache-bench: %s exists; give a new file (or --reuse it)\n",
                     qPrintable(path));
        return 2;
    }
    auto opened = Store::Cache::open({path, Store::CacheOptions::IntegrityCheck::Never});
    if (!opened) {
        std::fprintf(stderr, "threadline-cache-bench: %s\n", qPrintable(opened.error().message));
        return 1;
    }
    std::unique_ptr<Store::Cache> cache = std::move(*opened);

    std::printf("Threadline cache benchmark: %lld customers, %lld interactions, SQLite cache at %s\n\n",
                static_cast<long long>(options.customers), static_cast<long long>(options.interactions),
                qPrintable(path));
    std::printf("%-44s %14s %-8s %s\n", "metric", "value", "unit", "budget");

    // 1. Bulk insert: generation is timed apart, so the rate is the cache's alone. One writer
    // job per generated batch (~5,000 interactions), as sync applies a page.
    Demo::DemoGenerator generator(options);
    Demo::DemoBatch batch;
    double generateMs = 0, insertMs = 0;
    qint64 rows = 0;
    QElapsedTimer t;
    for (;;) {
        if (reuse)
            break;
        t.start();
        const bool more = generator.next(batch);
        generateMs += ms(t);
        if (!more)
            break;
        rows += batch.customers.size() + batch.identifiers.size() + batch.cases.size()
            + batch.interactions.size();
        t.start();
        auto done = cache->writer().submit([&batch](Store::CacheWriter::Context &ctx) -> Status {
            Store::CaseRepository cases(ctx.db);
            Store::CustomerRepository customers(ctx.db);
            if (Status s = cases.upsertAgents(batch.agents); !s)
                return s;
            if (Status s = customers.upsert(batch.customers); !s)
                return s;
            if (Status s = customers.upsertIdentifiers(batch.identifiers); !s)
                return s;
            if (Status s = cases.upsert(batch.cases); !s)
                return s;
            return Store::InteractionRepository(ctx.db).upsert(batch.interactions);
        });
        done.waitForFinished();
        insertMs += ms(t);
        if (Status s = done.result(); !s) {
            std::fprintf(stderr, "threadline-cache-bench: insert failed: %s\n",
                         qPrintable(s.error().message));
            return 1;
        }
    }
    if (!reuse) {
        row("demo data generation",
            QString::number(double(options.interactions) / (generateMs / 1000), 'f', 0), "items/s");
        row("bulk insert (interactions, with FTS)",
            QString::number(double(options.interactions) / (insertMs / 1000), 'f', 0), "items/s",
            "(reference for first sync)");
        row("bulk insert (all rows)", QString::number(double(rows) / (insertMs / 1000), 'f', 0), "rows/s");
        row("bulk insert total", QString::number(insertMs / 1000, 'f', 1), "s");
    }

    auto reader = cache->openReader();
    if (!reader) {
        std::fprintf(stderr, "threadline-cache-bench: %s\n", qPrintable(reader.error().message));
        return 1;
    }

    // 2. The heaviest customer's first timeline page: the first query on a fresh connection
    // (statement preparation included), then warm repeats.
    const QUuid heavy = generator.heavyCustomerId();
    if (!heavy.isNull()) {
        auto count = Store::InteractionRepository(*reader).countForCustomer(heavy);
        auto fresh = cache->openReader();
        t.start();
        auto first = Store::InteractionRepository(*fresh).page(
            heavy, std::nullopt, Store::InteractionRepository::PageDirection::Older, 50);
        const double firstMs = ms(t);
        std::vector<double> samples;
        for (int n = 0; n < 200; ++n) {
            t.start();
            auto page = Store::InteractionRepository(*reader).page(
                heavy, std::nullopt, Store::InteractionRepository::PageDirection::Older, 50);
            samples.push_back(ms(t));
            if (!page || page->size() != std::min<qint64>(50, count ? *count : 0))
                std::fprintf(stderr, "threadline-cache-bench: unexpected timeline page\n");
        }
        const Stats s = summarise(samples);
        row(qPrintable(QStringLiteral("customer with %1 interactions").arg(count ? *count : -1)), QString(),
            "");
        row("  first page of 50, new connection", QString::number(firstMs, 'f', 3), "ms", "< 5 ms");
        row("  first page of 50, warm p50", QString::number(s.p50, 'f', 3), "ms", "< 5 ms");
        row("  first page of 50, warm p95", QString::number(s.p95, 'f', 3), "ms");
        Q_UNUSED(first)
        // Deep paging: keyset pages stay as cheap at the end as at the start.
        std::optional<Store::TimelineKey> from;
        std::vector<double> deep;
        for (;;) {
            t.start();
            auto page = Store::InteractionRepository(*reader).page(
                heavy, from, Store::InteractionRepository::PageDirection::Older, 50);
            deep.push_back(ms(t));
            if (!page || page->isEmpty())
                break;
            from = page->last().key();
        }
        const Stats d = summarise(deep);
        row("  every page to the oldest, p95", QString::number(d.p95, 'f', 3), "ms");
    }

    // 3. Search: realistic queries, as typed, run warm 20 times each.
    const QStringList queries = {
        QStringLiteral("council tax"),  QStringLiteral("missed bin"),
        QStringLiteral("damp mould"),   QStringLiteral("parking permit"),
        QStringLiteral("blue badge"),   QStringLiteral("universal credit"),
        QStringLiteral("complaint"),    QStringLiteral("treth y cyngor"),
        QStringLiteral("dwr"),          QStringLiteral("atgyweir"),
        QStringLiteral("direct debit"), QStringLiteral("boiler"),
        QStringLiteral("appointment"),  QStringLiteral("Jones"),
        QStringLiteral("Siân"),         QStringLiteral("07700"),
        QStringLiteral("CF10"),         QStringLiteral("freedom of information"),
    };
    std::vector<double> interactionMs, customerMs;
    std::vector<std::pair<double, QString>> perQuery; // median per query, to name the slowest
    Store::SearchRepository search(*reader);
    for (const QString &q : queries) {
        (void)search.interactions(q); // warm-up
        std::vector<double> mine;
        for (int n = 0; n < 20; ++n) {
            t.start();
            auto hits = search.interactions(q, 50);
            mine.push_back(ms(t));
            interactionMs.push_back(mine.back());
            t.start();
            auto people = search.customers(q, 10);
            customerMs.push_back(ms(t));
            if (!hits || !people)
                std::fprintf(stderr, "threadline-cache-bench: search failed for %s\n", qPrintable(q));
        }
        perQuery.emplace_back(summarise(mine).p50, q);
    }
    std::sort(perQuery.rbegin(), perQuery.rend());
    const Stats si = summarise(interactionMs);
    const Stats sc = summarise(customerMs);
    row("search interactions, top 50 + snippets, p50", QString::number(si.p50, 'f', 2), "ms");
    row("search interactions, top 50 + snippets, p95", QString::number(si.p95, 'f', 2), "ms", "< 20 ms");
    row("search interactions, max", QString::number(si.max, 'f', 2), "ms");
    for (size_t n = 0; n < std::min<size_t>(3, perQuery.size()); ++n)
        row(qPrintable(QStringLiteral("  slowest: \"%1\" p50").arg(perQuery[n].second)),
            QString::number(perQuery[n].first, 'f', 2), "ms");
    row("search customers, top 10, p50", QString::number(sc.p50, 'f', 2), "ms");
    row("search customers, top 10, p95", QString::number(sc.p95, 'f', 2), "ms");

    // 4. Size on disk, after a checkpoint folds the WAL into the file.
    reader->close();
    cache->writer().submit([](Store::CacheWriter::Context &) { return Status(); }).waitForFinished();
    cache.reset(); // closing the last connection checkpoints and removes the WAL
    const qint64 bytes = QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
    row("cache size on disk", QString::number(double(bytes) / (1024 * 1024), 'f', 1), "MiB");
    row("  per interaction",
        QString::number(options.interactions ? double(bytes) / double(options.interactions) : 0, 'f', 0),
        "bytes");
    return 0;
}
