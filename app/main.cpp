// SPDX-License-Identifier: GPL-3.0-or-later
// The threadline executable: the composition root that wires cache, UI and server connection.

#include "Cache.h"
#include "CustomerRepository.h"
#include "DemoFill.h"
#include "MainWindow.h"
#include "ServerProbe.h"

#include <KSyntaxHighlighting/Repository>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QStandardPaths>
#include <QThreadPool>
#include <QTimer>

#include <cstdio>

using namespace Threadline;

namespace {

/// Qt aborts when it cannot reach a display; say what to do instead, before it gets there.
bool haveDisplay()
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (!platform.isEmpty() && !platform.startsWith("xcb") && !platform.startsWith("wayland"))
        return true; // offscreen, minimal, vnc...: no display needed
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

} // namespace

int main(int argc, char **argv)
{
    if (!haveDisplay()) {
        std::fprintf(stderr,
                     "threadline: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                     "Run it under a virtual X server instead, for example:\n"
                     "  xvfb-run -a scripts/run\n"
                     "or render without any display with QT_QPA_PLATFORM=offscreen.\n");
        return 2;
    }

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Threadline"));
    QApplication::setOrganizationName(QStringLiteral("Threadline"));
    QApplication::setApplicationVersion(QStringLiteral(THREADLINE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Threadline: every call, chat, email and letter on one timeline."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(QStringLiteral("server"),
                                          QStringLiteral("threadline-server address."), QStringLiteral("url"),
                                          QStringLiteral("ws://127.0.0.1:8737"));
    const QCommandLineOption cacheOption(
        QStringLiteral("cache"), QStringLiteral("Local cache file."), QStringLiteral("path"),
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
            .filePath(QStringLiteral("cache.sqlite")));
    const QCommandLineOption demoOption(
        QStringLiteral("demo-fill"),
        QStringLiteral("Fill an empty cache with N generated demo customers (10 "
                       "interactions each) until sync can fill it."),
        QStringLiteral("N"));
    const QCommandLineOption seedOption(QStringLiteral("demo-seed"), QStringLiteral("Seed of the demo data."),
                                        QStringLiteral("seed"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"), QStringLiteral("Save a PNG of the window once it is ready, then quit."),
        QStringLiteral("file"));
    parser.addOptions({serverOption, cacheOption, demoOption, seedOption, screenshotOption});
    parser.process(app);

    auto opened = Store::Cache::open({parser.value(cacheOption), Store::CacheOptions::IntegrityCheck::Auto});
    if (!opened) {
        QMessageBox::critical(
            nullptr, QObject::tr("Threadline cannot start"),
            QObject::tr("The local cache could not be opened.\n\n%1").arg(opened.error().message));
        return 1;
    }
    std::unique_ptr<Store::Cache> cache = std::move(*opened);

    KSyntaxHighlighting::Repository highlighting; // one for the whole application: loading it is costly
    Ui::MainWindow window(*cache, highlighting);
    window.show();

    if (const QString message = cache->openReport().userMessage(); !message.isEmpty()) {
        auto *box = new QMessageBox(QMessageBox::Warning, QObject::tr("The local cache was repaired"),
                                    message, QMessageBox::Ok, &window);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }

    Ui::ServerProbe probe(QUrl(parser.value(serverOption)));
    QObject::connect(&probe, &Ui::ServerProbe::statusChanged, &window, &Ui::MainWindow::setServerStatus);
    probe.start();

    std::unique_ptr<DemoFill> fill;
    bool filling = false;
    if (parser.isSet(demoOption)) {
        const qint64 customers = parser.value(demoOption).toLongLong();
        auto reader = cache->openReader();
        const auto existing
            = reader ? Store::CustomerRepository(*reader).count() : Result<qint64>(reader.error());
        const bool empty = existing && *existing == 0;
        if (customers > 0 && empty) {
            Demo::DemoOptions options;
            options.customers = customers;
            options.interactions = customers * 10;
            if (parser.isSet(seedOption))
                options.seed = parser.value(seedOption).toULongLong();
            fill = std::make_unique<DemoFill>(*cache, options);
            QObject::connect(fill.get(), &DemoFill::progress, &window, [&window](qint64 done, qint64 total) {
                window.setProgress(QObject::tr("Filling cache"), done, total);
            });
            QObject::connect(fill.get(), &DemoFill::finished, &window,
                             [&window, &filling](bool, const QString &message) {
                                 filling = false;
                                 window.setProgress(QString(), 1, 1);
                                 window.showMessage(message);
                             });
            filling = true;
            fill->start();
        }
    }

    if (parser.isSet(screenshotOption)) {
        const QString file = parser.value(screenshotOption);
        auto *poll = new QTimer(&window);
        poll->setInterval(200);
        QObject::connect(poll, &QTimer::timeout, &window, [&, file, poll] {
            if (filling)
                return;
            poll->stop();
            QTimer::singleShot(800, &window, [&window, file] {
                if (!window.grab().save(file))
                    std::fprintf(stderr, "threadline: cannot write %s\n", qPrintable(file));
                QApplication::quit();
            });
        });
        poll->start();
    }

    const int rc = QApplication::exec();
    if (fill)
        fill->cancel();
    QThreadPool::globalInstance()->waitForDone();
    return rc;
}
