// SPDX-License-Identifier: GPL-3.0-or-later
// threadline-ui-bench: measures the workstation window over a cache and prints numbers. Not a
// test: nothing here passes or fails on a timing. Runs offscreen (no display needed).
//
//   threadline-ui-bench [--cache FILE] [--customers N --interactions N] [--runs N]
//
// With --cache it measures that cache (e.g. one kept by threadline-cache-bench); without, it
// fills a temporary one with demo data first. Prints: start-up to the first painted window,
// opening the customer with the most contacts to its first rows painted, the cost of scrolling
// per row, search through the search model (typed query to grouped results), and resident memory.

#include "Cache.h"
#include "CacheWriter.h"
#include "CustomerListModel.h"
#include "DemoFill.h"
#include "ItemRoles.h"
#include "MainWindow.h"
#include "ModelHub.h"
#include "SearchModel.h"
#include "SqliteDatabase.h"
#include "SqliteStatement.h"
#include "TimelineModel.h"

#include <KSyntaxHighlighting/Repository>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QListView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>

using namespace Threadline;

namespace {

struct Stats
{
    double p50 = 0, p95 = 0, min = 0, max = 0;
};

Stats summarise(std::vector<double> samples)
{
    if (samples.empty())
        return {};
    std::sort(samples.begin(), samples.end());
    const auto at
        = [&](double q) { return samples[std::min(samples.size() - 1, size_t(q * double(samples.size())))]; };
    return {at(0.50), at(0.95), samples.front(), samples.back()};
}

double ms(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

void row(const char *metric, const QString &value, const char *unit, const char *budget = "")
{
    std::printf("%-48s %14s %-8s %s\n", metric, qPrintable(value), unit, budget);
    std::fflush(stdout);
}

void statsRows(const char *metric, const Stats &s, const char *budget = "")
{
    row(qPrintable(QStringLiteral("%1, p50").arg(QLatin1String(metric))), QString::number(s.p50, 'f', 2),
        "ms");
    row(qPrintable(QStringLiteral("%1, p95").arg(QLatin1String(metric))), QString::number(s.p95, 'f', 2),
        "ms", budget);
    row(qPrintable(QStringLiteral("%1, min-max").arg(QLatin1String(metric))),
        QStringLiteral("%1-%2").arg(s.min, 0, 'f', 2).arg(s.max, 0, 'f', 2), "ms");
}

qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

/// Counts paint events of a widget, so "painted" means painted.
class PaintWatch : public QObject
{
public:
    explicit PaintWatch(QWidget *w) { w->installEventFilter(this); }
    int paints = 0;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return false;
    }
};

// Waits until @p condition, pumping the event loop; false after @p timeoutMs.
template<typename F>
bool waitFor(F condition, int timeoutMs = 30000)
{
    QElapsedTimer t;
    t.start();
    while (!condition()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QElapsedTimer processStart;
    processStart.start();
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures the Threadline window over a cache."));
    parser.addHelpOption();
    const QCommandLineOption cacheOpt(QStringLiteral("cache"), QStringLiteral("Existing cache to measure."),
                                      QStringLiteral("file"));
    const QCommandLineOption customersOpt(QStringLiteral("customers"),
                                          QStringLiteral("Demo customers (no --cache)."), QStringLiteral("N"),
                                          QStringLiteral("1000"));
    const QCommandLineOption interactionsOpt(QStringLiteral("interactions"),
                                             QStringLiteral("Demo interactions (no --cache)."),
                                             QStringLiteral("N"), QStringLiteral("20000"));
    const QCommandLineOption runsOpt(QStringLiteral("runs"), QStringLiteral("Repeats of each measurement."),
                                     QStringLiteral("N"), QStringLiteral("20"));
    parser.addOptions({cacheOpt, customersOpt, interactionsOpt, runsOpt});
    parser.process(app);
    const int runs = std::max(1, parser.value(runsOpt).toInt());

    QTemporaryDir dir;
    QString path = parser.value(cacheOpt);
    if (path.isEmpty()) {
        path = dir.filePath(QStringLiteral("ui-bench.sqlite"));
        auto opened = Store::Cache::open({path, Store::CacheOptions::IntegrityCheck::Never});
        if (!opened) {
            std::fprintf(stderr, "threadline-ui-bench: %s\n", qPrintable(opened.error().message));
            return 1;
        }
        Demo::DemoOptions options;
        options.customers = parser.value(customersOpt).toLongLong();
        options.interactions = parser.value(interactionsOpt).toLongLong();
        DemoFill fill(**opened, options);
        bool done = false, ok = false;
        QObject::connect(&fill, &DemoFill::finished, [&](bool success, const QString &) {
            done = true;
            ok = success;
        });
        fill.start();
        if (!waitFor([&] { return done; }, 600000) || !ok) {
            std::fprintf(stderr, "threadline-ui-bench: filling the demo cache failed\n");
            return 1;
        }
    } else if (!QFile::exists(path)) {
        std::fprintf(stderr, "threadline-ui-bench: %s does not exist\n", qPrintable(path));
        return 2;
    }

    std::printf("Threadline UI benchmark on %s (offscreen, %d runs each)\n\n", qPrintable(path), runs);
    std::printf("%-48s %14s %-8s %s\n", "metric", "value", "unit", "budget");

    // 1. Start-up: open the cache, build the window, show it, until its first paint.
    QElapsedTimer t;
    t.start();
    auto opened = Store::Cache::open({path, Store::CacheOptions::IntegrityCheck::Never});
    if (!opened) {
        std::fprintf(stderr, "threadline-ui-bench: %s\n", qPrintable(opened.error().message));
        return 1;
    }
    std::unique_ptr<Store::Cache> cache = std::move(*opened);
    KSyntaxHighlighting::Repository highlighting;
    const double cacheOpenMs = ms(t);
    auto window = std::make_unique<Ui::MainWindow>(*cache, highlighting);
    window->resize(1920, 1080);
    PaintWatch windowPaints(window.get());
    window->show();
    waitFor([&] { return windowPaints.paints > 0; });
    const double firstPaintMs = ms(t);
    const double processToPaintMs = double(processStart.nsecsElapsed()) / 1e6;
    waitFor([&] { return window->models().customers().rowCount() > 0; });
    const double firstPeopleMs = ms(t);
    row("start-up: cache open + highlighting definitions", QString::number(cacheOpenMs, 'f', 1), "ms");
    row("start-up: to first painted window", QString::number(firstPaintMs, 'f', 1), "ms", "< 500 ms");
    row("start-up: to the people list filled", QString::number(firstPeopleMs, 'f', 1), "ms");
    if (parser.isSet(cacheOpt)) // (with demo data, the fill is in the process's time)
        row("start-up: process start to first paint", QString::number(processToPaintMs, 'f', 1), "ms");

    // The customer with the most contacts (after start-up, which it would disturb).
    QUuid heavy;
    qint64 heavyCount = 0;
    {
        auto db = Store::SqliteDatabase::open(path, Store::SqliteDatabase::Mode::ReadOnly);
        auto stmt = db ? db->prepare("SELECT customer_id, count(*) FROM interactions GROUP BY customer_id"
                                     " ORDER BY 2 DESC LIMIT 1")
                       : Result<Store::SqliteStatement>(db.error());
        if (stmt) {
            (void)stmt->forEach([&](const Store::SqliteStatement &s) {
                heavy = s.uuid(0);
                heavyCount = s.int64(1);
            });
        }
    }
    // 2. Open the heaviest customer: from the call to its first rows painted.
    QListView *timelineView = window->timelineView();
    Models::TimelineModel &timeline = window->models().timeline();
    PaintWatch timelinePaints(timelineView->viewport());
    std::vector<double> openMs, arrivedMs;
    QUuid other = window->models().customers().index(0, 0).data(Models::IdRole).toUuid();
    for (int n = 0; n < runs && !heavy.isNull(); ++n) {
        timeline.open(other); // somewhere else first, so each open is a real change
        waitFor([&] { return !timeline.isLoading(); });
        QCoreApplication::processEvents();
        t.start();
        timeline.open(heavy);
        waitFor([&] { return timeline.rowCount() > 0; });
        arrivedMs.push_back(ms(t));
        const int before = timelinePaints.paints;
        timelineView->viewport()->update();
        waitFor([&] { return timelinePaints.paints > before; });
        openMs.push_back(ms(t));
    }
    row(qPrintable(QStringLiteral("open a customer with %1 contacts").arg(heavyCount)), QString(), "");
    statsRows("  to first rows in the model", summarise(arrivedMs));
    statsRows("  to first rows painted", summarise(openMs));

    // 3. Scrolling: page down through the heavy customer's timeline, paging in as the view asks.
    timeline.open(heavy);
    waitFor([&] { return timeline.rowCount() > 0 && !timeline.isLoading(); });
    timelineView->setFocus();
    timelineView->setCurrentIndex(timeline.index(0, 0));
    const int rowsBefore = timelineView->indexAt(QPoint(4, 4)).row();
    const int steps = std::max(50, runs * 5);
    t.start();
    for (int n = 0; n < steps; ++n) {
        QTest::keyClick(timelineView, Qt::Key_PageDown);
        timelineView->viewport()->repaint();
        QCoreApplication::processEvents();
    }
    const double scrollMs = ms(t);
    const int rowsMoved = std::max(1, timelineView->currentIndex().row() - rowsBefore);
    row("scrolling: rows moved by Page Down", QString::number(rowsMoved), "rows");
    row("scrolling: cost per row (paged in, painted)", QString::number(scrollMs / rowsMoved * 1000, 'f', 1),
        "us");

    // 4. Search through the model: typed query to grouped results on the GUI thread.
    const QStringList queries = {
        QStringLiteral("council tax"),    QStringLiteral("missed bin"), QStringLiteral("damp mould"),
        QStringLiteral("treth y cyngor"), QStringLiteral("Jones"),      QStringLiteral("07700"),
        QStringLiteral("complaint"),      QStringLiteral("blue badge"),
    };
    Models::SearchModel &search = window->models().search();
    std::vector<double> searchMs;
    for (int n = 0; n < runs; ++n) {
        for (const QString &q : queries) {
            search.setQuery(QString());
            QSignalSpy finished(&search, &Models::SearchModel::finished);
            t.start();
            search.setQuery(q);
            if (!finished.wait(30000))
                std::fprintf(stderr, "threadline-ui-bench: no answer for %s\n", qPrintable(q));
            searchMs.push_back(ms(t));
            if (n == 0 && qEnvironmentVariableIsSet("THREADLINE_BENCH_VERBOSE"))
                std::fprintf(stderr, "first run: %s %.2f ms\n", qPrintable(q), searchMs.back());
        }
    }
    statsRows("search model: query to grouped results", summarise(searchMs), "< 20 ms p95");

    row("resident memory", QString::number(double(residentKiB()) / 1024, 'f', 1), "MiB", "< 200 MiB");
    window.reset();
    return 0;
}
