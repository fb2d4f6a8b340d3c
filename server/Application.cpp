// SPDX-License-Identifier: GPL-3.0-or-later
#include "Application.h"

#include "Accounts.h"
#include "ChatServer.h"
#include "Database.h"
#include "DemoSeeder.h"
#include "ImapSource.h"
#include "Logging.h"
#include "MailIntake.h"
#include "MailOutbox.h"
#include "MaildirSource.h"
#include "ServerTls.h"
#include "SyncHub.h"
#include "SyncStore.h"
#include "WebSocketListener.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QSaveFile>

#include <cstdio>

namespace Threadline::Server {

namespace {

Error startError(const QString &message)
{
    return Error {QStringLiteral("startup_failed"), message};
}

} // namespace

Application::Application(ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{ }

Application::~Application()
{
    releaseAll();
}

void Application::releaseAll()
{
    // Sessions (in the listener) before what they call into; queries (the seeder's, the
    // store's) before the connection; the connection before the lock.
    delete m_listener;
    m_listener = nullptr;
    m_chat.reset(); // files the chats still open
    m_mailOutbox.reset(); // cancels a transfer in progress; the email stays queued
    m_maildir.reset();
    m_imap.reset(); // leaves IDLE, signs out, joins its thread
    m_mailIntake.reset();
    m_hub.reset();
    m_accounts.reset();
    m_store.reset();
    m_seeder.reset();
    m_database.reset();
}

quint16 Application::port() const
{
    return m_listener ? m_listener->port() : 0;
}

Status Application::start()
{
    Q_ASSERT(!m_started);
    m_started = true;
    qCInfo(lcServer).noquote() << "threadline-server" << ServerOptions::version()
                               << "starting; data directory" << m_options.dataDir;
    if (Status status = prepareDataDirectory(); !status)
        return status;
    std::optional<QSslConfiguration> tls;
    if (!m_options.tlsCertFile.isEmpty()) {
        auto loaded = loadTls(m_options.tlsCertFile, m_options.tlsKeyFile);
        if (!loaded)
            return loaded.error();
        tls = *loaded;
    } else if (m_options.insecureNoTls) {
        qCWarning(lcServer).noquote() << "--insecure-no-tls: clients and citizens are served without TLS";
    }

    auto database = Database::open(m_options.databasePath());
    if (!database)
        return database.error();
    m_database = std::move(database).value();
    m_store = std::make_unique<SyncStore>(*m_database);
    m_accounts = std::make_unique<Accounts>(*m_database);
    m_accounts->setSessionLifetime(std::chrono::hours(24) * m_options.sessionDays);
    m_hub = std::make_unique<SyncHub>(*m_store);
    // Other instances on the same PostgreSQL database: their commits reach our live clients.
    connect(m_database.get(), &Database::changesCommittedElsewhere, m_hub.get(),
            &SyncHub::onChangesCommittedElsewhere);

    SyncServices services;
    services.store = m_store.get();
    services.accounts = m_accounts.get();
    services.hub = m_hub.get();
    services.instance = m_instance;
    if (m_options.chatPort) {
        // Made before the sessions, which hand it their agents' chat actions; it listens later.
        Chat::ChatLimits limits;
        limits.reassignAfter = std::chrono::seconds(m_options.chatReassignSeconds);
        limits.messagesPerMinute = m_options.chatMessagesPerMinute;
        limits.sessionsPerAddress = m_options.chatChatsPerAddress;
        m_chat = std::make_unique<Chat::ChatServer>(*m_database, *m_store, limits);
        connect(m_chat.get(), &Chat::ChatServer::filed, m_hub.get(), [this] { m_hub->feedChanged(); });
        connect(m_hub.get(), &SyncHub::sessionAdded, m_chat.get(), &Chat::ChatServer::agentJoined);
        connect(m_hub.get(), &SyncHub::sessionRemoved, m_chat.get(), &Chat::ChatServer::agentLeft);
        services.chat = m_chat.get();
        if (tls)
            m_chat->setTls(*tls);
    }
    m_listener = new WebSocketListener(services, this);
    if (tls)
        m_listener->setTls(*tls);
    m_listener->setMaxConnectionsPerAddress(m_options.maxConnectionsPerAddress);
    m_listener->setMaxHandshakesPerAddress(
        std::min(m_options.maxConnectionsPerAddress, WebSocketListener::defaultMaxConnections / 2));
    // Queued: finishStop() deletes the listener, which must not happen inside its own signal.
    connect(m_listener, &WebSocketListener::shutDown, this, &Application::finishStop, Qt::QueuedConnection);
    if (Status status = m_listener->listen(m_options.listenAddress, m_options.port); !status)
        return status;

    if (Status status = planSeeding(); !status)
        return status;
    if (m_seeder)
        QMetaObject::invokeMethod(this, &Application::seedNextBatch, Qt::QueuedConnection);
    else
        QMetaObject::invokeMethod(this, &Application::becomeReady, Qt::QueuedConnection);
    return Status::success();
}

void Application::reloadTls()
{
    if (m_options.tlsCertFile.isEmpty()) {
        qCInfo(lcServer).noquote() << "SIGHUP: no --tls-cert to reload";
        return;
    }
    auto loaded = loadTls(m_options.tlsCertFile, m_options.tlsKeyFile);
    if (!loaded) {
        qCWarning(lcServer).noquote()
            << "SIGHUP: the certificate was not reloaded, the previous one stays:" << loaded.error().message;
        return;
    }
    if (m_listener)
        m_listener->setTls(*loaded);
    if (m_chat)
        m_chat->setTls(*loaded);
    qCInfo(lcServer).noquote() << "SIGHUP: new connections get the certificate from" << m_options.tlsCertFile;
}

Status Application::prepareDataDirectory()
{
    const QString &dir = m_options.dataDir;
    const QFileInfo info(dir);
    if (info.exists() && !info.isDir())
        return startError(QStringLiteral("the data directory %1 exists but is not a directory").arg(dir));
    if (!info.exists() && !QDir().mkpath(dir))
        return startError(QStringLiteral("cannot create the data directory %1").arg(dir));

    // One server per data directory; a lock left by a killed server is recognised by its pid.
    const QString lockPath = QDir(dir).filePath(QStringLiteral("threadline-server.lock"));
    m_lock = std::make_unique<QLockFile>(lockPath);
    m_lock->setStaleLockTime(0); // never "stale" by age: a server may run for months
    if (m_lock->tryLock(0))
        return Status::success();
    switch (m_lock->error()) {
    case QLockFile::LockFailedError: {
        qint64 pid = 0;
        QString host;
        QString app;
        m_lock->getLockInfo(&pid, &host, &app);
        return startError(
            QStringLiteral("the data directory %1 is in use by another threadline-server (pid %2)")
                .arg(dir)
                .arg(pid));
    }
    case QLockFile::PermissionError:
        return startError(QStringLiteral("the data directory %1 is not writable").arg(dir));
    case QLockFile::NoError:
    case QLockFile::UnknownError:
        break;
    }
    return startError(QStringLiteral("cannot create the lock file %1").arg(lockPath));
}

Status Application::planSeeding()
{
    if (m_options.seedCustomers == 0) {
        auto unfinished = DemoSeeder::hasUnfinishedSeed(*m_database);
        if (!unfinished)
            return unfinished.error();
        if (*unfinished) {
            qCWarning(lcServerSeed).noquote()
                << "an earlier demo seed was interrupted; run with --seed-demo to "
                   "finish it";
        }
        return Status::success();
    }

    Demo::DemoOptions requested;
    requested.customers = m_options.seedCustomers;
    requested.interactions = m_options.demoInteractions.value_or(10 * m_options.seedCustomers);
    if (m_options.demoSeed)
        requested.seed = *m_options.demoSeed;

    auto plan = DemoSeeder::plan(*m_database, requested);
    if (!plan)
        return plan.error();
    if (plan->decision == DemoSeeder::Decision::Skip) {
        qCInfo(lcServerSeed).noquote() << plan->reason;
        return Status::success();
    }
    qCInfo(lcServerSeed).noquote() << plan->reason;
    m_seeder = std::make_unique<DemoSeeder>(*m_database, plan->options);
    return m_seeder->start();
}

void Application::seedNextBatch()
{
    if (m_stopping || !m_seeder)
        return;
    auto more = m_seeder->step();
    if (!more) {
        fail(more.error());
        return;
    }
    if (*more) {
        QMetaObject::invokeMethod(this, &Application::seedNextBatch, Qt::QueuedConnection);
        return;
    }
    m_seeder.reset();
    becomeReady();
}

void Application::becomeReady()
{
    if (m_stopping)
        return;
    if (Status status = m_hub->start(); !status) {
        fail(status.error());
        return;
    }
    if (Status status = writePortFile(); !status) {
        fail(status.error());
        return;
    }
    m_listener->resumeAccepting();
    // Channels start once the feed is ready: what they file is pushed to live clients.
    if (!m_options.maildir.isEmpty() || m_options.imap)
        m_mailIntake = std::make_unique<Email::MailIntake>(*m_database, *m_store);
    if (m_options.imap) {
        m_imap = std::make_unique<Email::ImapSource>(*m_options.imap, *m_mailIntake, *m_database);
        connect(m_imap.get(), &Email::ImapSource::filed, m_hub.get(), [this] { m_hub->feedChanged(); });
        if (Status status = m_imap->start(); !status) {
            fail(status.error());
            return;
        }
    }
    if (!m_options.maildir.isEmpty()) {
        m_maildir = std::make_unique<Email::MaildirSource>(m_options.maildir, *m_mailIntake,
                                                           std::chrono::seconds(m_options.mailPollSeconds));
        connect(m_maildir.get(), &Email::MaildirSource::filed, m_hub.get(), [this] { m_hub->feedChanged(); });
        if (Status status = m_maildir->start(); !status) {
            fail(status.error());
            return;
        }
    }
    if (m_chat) {
        if (auto listening = m_chat->listen(m_options.chatAddress, *m_options.chatPort); !listening) {
            fail(listening.error());
            return;
        }
    }
    if (m_options.smtp) {
        Email::OutboxSettings settings;
        settings.smtp = *m_options.smtp;
        settings.from = {m_options.mailFromName, m_options.mailFromAddress};
        settings.retryDelay = std::chrono::seconds(m_options.smtpRetrySeconds);
        settings.maxAttempts = m_options.smtpMaxAttempts;
        m_mailOutbox = std::make_unique<Email::MailOutbox>(*m_database, *m_store, settings);
        connect(m_mailOutbox.get(), &Email::MailOutbox::stamped, m_hub.get(),
                [this] { m_hub->feedChanged(); });
        connect(m_hub.get(), &SyncHub::appended, m_mailOutbox.get(), &Email::MailOutbox::wake);
        m_mailOutbox->start();
    }
    auto counts = m_database->counts();
    if (counts) {
        qCInfo(lcServer).noquote() << QStringLiteral("ready: %1 customers, %2 interactions")
                                          .arg(counts->customers)
                                          .arg(counts->interactions);
    }
    const QByteArray line = (u"threadline-server: listening on " % m_listener->url() % u'\n').toLocal8Bit();
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stdout);
    std::fflush(stdout);
    Q_EMIT ready();
}

Status Application::writePortFile()
{
    if (m_options.portFile.isEmpty())
        return Status::success();
    QSaveFile file(m_options.portFile);
    if (!file.open(QIODevice::WriteOnly) || file.write(QByteArray::number(m_listener->port()) + '\n') < 0
        || !file.commit()) {
        return startError(
            QStringLiteral("cannot write the port file %1 (%2)").arg(m_options.portFile, file.errorString()));
    }
    m_portFileWritten = true;
    return Status::success();
}

void Application::fail(const Error &error)
{
    qCCritical(lcServer).noquote() << error.message;
    if (m_outcome.ok())
        m_outcome = Status(error);
    stop();
}

void Application::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    qCInfo(lcServer) << "stopping";
    if (m_listener)
        m_listener->shutdown();
    else
        QMetaObject::invokeMethod(this, &Application::finishStop, Qt::QueuedConnection);
}

void Application::finishStop()
{
    releaseAll();
    if (m_portFileWritten) {
        QFile::remove(m_options.portFile);
        m_portFileWritten = false;
    }
    m_lock.reset();
    qCInfo(lcServer) << "stopped";
    Q_EMIT finished(m_outcome);
}

} // namespace Threadline::Server
