// SPDX-License-Identifier: GPL-3.0-or-later
// The threadline executable: the composition root that wires cache, UI and server connection.

#include "AttachmentSaver.h"
#include "Cache.h"
#include "CacheRecoveryText.h"
#include "CustomerRepository.h"
#include "DemoFill.h"
#include "DetailPane.h"
#include "LiveChatModel.h"
#include "MainWindow.h"
#include "ModelHub.h"
#include "SignInController.h"
#include "SyncEngine.h"
#include "SyncStatusWidget.h"
#include "TokenStore.h"

#include <KSyntaxHighlighting/Repository>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QSslCertificate>
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

[[noreturn]] void usageError(const QString &message)
{
    std::fprintf(stderr, "threadline: %s\n", qPrintable(message));
    std::exit(2);
}

/// The password in @p path: its first line, read once. Never logged.
QString readPasswordFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        usageError(QStringLiteral("cannot read the password file %1: %2").arg(path, file.errorString()));
    const QByteArray firstLine = file.readLine(4096);
    QString password = QString::fromUtf8(firstLine);
    while (password.endsWith(QLatin1Char('\n')) || password.endsWith(QLatin1Char('\r')))
        password.chop(1);
    if (password.isEmpty())
        usageError(QStringLiteral("the password file %1 is empty").arg(path));
    return password;
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
    const QCommandLineOption serverOption(
        QStringLiteral("server"),
        QStringLiteral("threadline-server to sync with (default ws://127.0.0.1:8737). The cache is "
                       "filled and kept current from it."),
        QStringLiteral("url"));
    const QCommandLineOption userOption(
        QStringLiteral("user"),
        QStringLiteral("Sign in as this agent (default: the last one). A saved session is resumed; "
                       "otherwise the password comes from --password-file or is asked for."),
        QStringLiteral("name"));
    const QCommandLineOption passwordFileOption(
        QStringLiteral("password-file"),
        QStringLiteral("Read the password from the first line of this file (scripts and demos). "
                       "Needs --user."),
        QStringLiteral("file"));
    const QCommandLineOption offlineOption(
        QStringLiteral("work-offline"),
        QStringLiteral("Start without connecting, for this run only (Sync > Work offline switches "
                       "it, and remembers)."));
    const QCommandLineOption cacheOption(
        QStringLiteral("cache"), QStringLiteral("Local cache file."), QStringLiteral("path"),
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
            .filePath(QStringLiteral("cache.sqlite")));
    const QCommandLineOption demoOption(
        QStringLiteral("demo-fill"),
        QStringLiteral("Run without a server: fill an empty cache with N generated demo customers "
                       "(10 interactions each) and do not sync. Cannot be combined with --server."),
        QStringLiteral("N"));
    const QCommandLineOption seedOption(
        QStringLiteral("demo-seed"), QStringLiteral("Seed of the --demo-fill data."), QStringLiteral("seed"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral("Save a PNG of the window once it is ready (demo fill done, or synced and "
                       "live), then quit."),
        QStringLiteral("file"));
    const QCommandLineOption caFileOption(
        QStringLiteral("ca-file"),
        QStringLiteral("Also trust the certificate authorities in this PEM file for the server's certificate "
                       "(an organisation's own CA). Remembered in the settings as sync/caFile."),
        QStringLiteral("file"));
    const QCommandLineOption pinOption(
        QStringLiteral("server-sha256"),
        QStringLiteral(
            "Accept only the server certificate whose SHA-256 fingerprint (hex, colons allowed) this "
            "is. Remembered in the settings as sync/serverSha256."),
        QStringLiteral("hex"));
    parser.addOptions({serverOption, userOption, passwordFileOption, offlineOption, cacheOption, demoOption,
                       seedOption, screenshotOption, caFileOption, pinOption});
    parser.process(app);

    const bool serverless = parser.isSet(demoOption);
    if (serverless
        && (parser.isSet(serverOption) || parser.isSet(userOption) || parser.isSet(passwordFileOption)))
        usageError(QStringLiteral("--demo-fill runs without a server; leave out --server, --user and "
                                  "--password-file (the server's own demo data comes by sync)"));
    if (parser.isSet(passwordFileOption) && !parser.isSet(userOption))
        usageError(QStringLiteral("--password-file needs --user"));
    const QUrl server(parser.isSet(serverOption) ? parser.value(serverOption)
                                                 : QStringLiteral("ws://127.0.0.1:8737"));
    if (!serverless && (!server.isValid() || (server.scheme() != u"ws" && server.scheme() != u"wss")))
        usageError(QStringLiteral("--server must be a ws:// or wss:// address, e.g. ws://127.0.0.1:8737"));
    const QString password
        = parser.isSet(passwordFileOption) ? readPasswordFile(parser.value(passwordFileOption)) : QString();
    // The server's certificate: an organisation's CA and an optional pin, from the command line
    // (and then remembered) or from the settings.
    QSettings settings;
    if (parser.isSet(caFileOption))
        settings.setValue(QStringLiteral("sync/caFile"),
                          QFileInfo(parser.value(caFileOption)).absoluteFilePath());
    if (parser.isSet(pinOption))
        settings.setValue(QStringLiteral("sync/serverSha256"), parser.value(pinOption));
    QList<QSslCertificate> caCertificates;
    if (const QString caFile = settings.value(QStringLiteral("sync/caFile")).toString(); !caFile.isEmpty()) {
        QFile file(caFile);
        if (!file.open(QIODevice::ReadOnly))
            usageError(QStringLiteral("cannot read the CA file %1 (%2)").arg(caFile, file.errorString()));
        caCertificates = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
        if (caCertificates.isEmpty())
            usageError(QStringLiteral("the CA file %1 holds no PEM certificate").arg(caFile));
    }
    const QString pinText
        = settings.value(QStringLiteral("sync/serverSha256")).toString().remove(u':').trimmed();
    const QByteArray pin = QByteArray::fromHex(pinText.toLatin1());
    if (!pinText.isEmpty() && pin.size() != 32)
        usageError(QStringLiteral("--server-sha256 must be a SHA-256 fingerprint: 64 hexadecimal digits"));

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
    if (parser.isSet(offlineOption))
        window.setWorkOffline(true, false);
    window.setSyncAvailable(!serverless);
    window.show();

    if (const Store::CacheOpenReport &report = cache->openReport(); report.recovered) {
        const QString message = Ui::CacheRecoveryText::message(
            {report.damage.code, report.damage.message, report.damagedFileKeptAs, report.outboxCarriedOver,
             report.outboxFullyRead, report.outboxReadError.message});
        auto *box = new QMessageBox(QMessageBox::Warning, QObject::tr("The local cache was repaired"),
                                    message, QMessageBox::Ok, &window);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }

    // Sync: the engine fills and refreshes the cache; the window follows its status. (With
    // --demo-fill there is no server, so no engine.)
    std::unique_ptr<Sync::TokenStore> tokens;
    std::unique_ptr<Sync::SyncEngine> engine;
    std::unique_ptr<Ui::SignInController> signIn;
    std::unique_ptr<Ui::AttachmentSaver> attachments;
    bool live = false;
    if (!serverless) {
        tokens = std::make_unique<Sync::TokenStore>();
        Sync::SyncEngine::Options syncOptions;
        syncOptions.server = server;
        syncOptions.caCertificates = caCertificates;
        syncOptions.pinnedSha256 = pin;
        engine = std::make_unique<Sync::SyncEngine>(cache->writer(), cache->path(), syncOptions);
        Ui::SyncStatusWidget *status = window.syncStatus();
        QObject::connect(engine.get(), &Sync::SyncEngine::statusChanged, status,
                         &Ui::SyncStatusWidget::setStatus);
        QObject::connect(engine.get(), &Sync::SyncEngine::progress, status,
                         &Ui::SyncStatusWidget::setProgress);
        QObject::connect(engine.get(), &Sync::SyncEngine::attentionNeeded, &window,
                         &Ui::MainWindow::showMessage);
        QObject::connect(engine.get(), &Sync::SyncEngine::signedIn, &window,
                         [&window](const Agent &agent) { window.models().setAgent(agent.id); });
        QObject::connect(engine.get(), &Sync::SyncEngine::statusChanged, &window,
                         [&live](const Sync::SyncStatus &s) { live = s.state == Sync::SyncStateKind::Live; });
        status->setStatus(engine->status());
        engine->setWorkOffline(window.workOffline());

        signIn = std::make_unique<Ui::SignInController>(
            *engine, *tokens, &window,
            Ui::SignInController::Options {server, parser.value(userOption), password});
        QObject::connect(&window, &Ui::MainWindow::workOfflineChanged, signIn.get(),
                         &Ui::SignInController::setWorkOffline);
        QObject::connect(&window, &Ui::MainWindow::signInRequested, signIn.get(),
                         [&signIn] { signIn->askForCredentials(); });
        QObject::connect(signIn.get(), &Ui::SignInController::workOfflineRequested, &window,
                         [&window] { window.setWorkOffline(true, false); });
        QObject::connect(signIn.get(), &Ui::SignInController::message, &window, &Ui::MainWindow::showMessage);
        signIn->begin();

        // Attachments are fetched from the server when the agent saves one.
        attachments = std::make_unique<Ui::AttachmentSaver>(&window);
        QObject::connect(window.detailPane(), &Ui::DetailPane::saveAttachmentRequested, attachments.get(),
                         &Ui::AttachmentSaver::save);
        QObject::connect(attachments.get(), &Ui::AttachmentSaver::fetchRequested, engine.get(),
                         &Sync::SyncEngine::fetchAttachment);
        QObject::connect(engine.get(), &Sync::SyncEngine::attachmentFetched, attachments.get(),
                         &Ui::AttachmentSaver::onFetched);
        QObject::connect(engine.get(), &Sync::SyncEngine::attachmentUnavailable, attachments.get(),
                         &Ui::AttachmentSaver::onUnavailable);
        QObject::connect(attachments.get(), &Ui::AttachmentSaver::message, &window,
                         &Ui::MainWindow::showMessage);

        // Live web chats: the server's news in, the agent's replies out.
        Models::LiveChatModel &chats = window.liveChats();
        QObject::connect(engine.get(), &Sync::SyncEngine::liveChat, &chats, &Models::LiveChatModel::apply);
        QObject::connect(&chats, &Models::LiveChatModel::actionRequested, engine.get(),
                         &Sync::SyncEngine::actInChat);
        QObject::connect(engine.get(), &Sync::SyncEngine::statusChanged, &chats,
                         [&chats](const Sync::SyncStatus &s) {
                             chats.setConnected(s.state == Sync::SyncStateKind::Live
                                                || s.state == Sync::SyncStateKind::CatchingUp);
                         });
    }

    std::unique_ptr<DemoFill> fill;
    bool filling = false;
    if (serverless) {
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
        QElapsedTimer waiting;
        waiting.start();
        QObject::connect(poll, &QTimer::timeout, &window, [&, file, poll, waiting] {
            // Ready: the demo fill is done, or sync reached Live (or the agent chose offline, or
            // must sign in). After two minutes, show whatever state it is in.
            const bool syncing = engine && !live && !engine->workOffline() && !signIn->dialog();
            if ((filling || syncing) && waiting.elapsed() < 120000)
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
