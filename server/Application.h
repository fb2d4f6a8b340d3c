// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"
#include "ServerOptions.h"

#include <QObject>
#include <QUuid>

#include <memory>

class QLockFile;

namespace Threadline::Server {

class Accounts;
class Database;
class DemoSeeder;
class SyncHub;
class SyncStore;
class WebSocketListener;
namespace Email {
class MailIntake;
class MaildirSource;
class ImapSource;
class MailOutbox;
} // namespace Email
namespace Chat {
class ChatServer;
} // namespace Chat

/// The threadline-server process minus main(): data directory, database, optional demo seed,
/// the sync store, accounts, live fan-out (SyncHub) and the WebSocket listener with its
/// sessions, and an orderly stop. Owns all of them plus the data directory's lock file.
/// Lives on the main thread, where every database call runs; the seed runs there one batch per
/// event-loop turn, so stop() is honoured between batches, and a request being handled (a
/// mutation) always completes before a stop is. start() fails with an Error (one sentence for
/// stderr) when the data directory, database or address cannot be used; later failures end the
/// run with finished() carrying the Error.
class Application : public QObject
{
    Q_OBJECT

public:
    explicit Application(ServerOptions options, QObject *parent = nullptr);
    ~Application() override;

    /// Prepares the data directory, opens the database and binds the address, then continues on
    /// the event loop: seeding if asked, then accepting clients and announcing itself (port
    /// file, then "threadline-server: listening on ws://ADDR:PORT" on stdout) with ready().
    Status start();
    /// Stops accepting, closes clients with 1001 (pending password checks are abandoned) and the
    /// database, then emits finished().
    /// Safe to call at any point after start(), also more than once.
    void stop();
    /// Reads --tls-cert and --tls-key again (SIGHUP) for new connections; a failure is logged
    /// and the previous certificate stays.
    void reloadTls();

    /// The bound port (useful with port 0), or 0 before start().
    quint16 port() const;

Q_SIGNALS:
    void ready();
    /// The run is over: success after stop(), or the Error that ended it.
    void finished(const Threadline::Status &status);

private:
    Status prepareDataDirectory();
    Status planSeeding();
    void seedNextBatch();
    void becomeReady();
    void fail(const Error &error);
    void finishStop();
    Status writePortFile();
    void releaseAll();

    ServerOptions m_options;
    std::unique_ptr<QLockFile> m_lock;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<DemoSeeder> m_seeder;
    std::unique_ptr<SyncStore> m_store;
    std::unique_ptr<Accounts> m_accounts;
    std::unique_ptr<SyncHub> m_hub;
    std::unique_ptr<Email::MailIntake> m_mailIntake;
    std::unique_ptr<Email::MaildirSource> m_maildir;
    std::unique_ptr<Email::ImapSource> m_imap;
    std::unique_ptr<Chat::ChatServer> m_chat;
    std::unique_ptr<Email::MailOutbox> m_mailOutbox;
    WebSocketListener *m_listener = nullptr; ///< a child; deleted before what its sessions use
    QUuid m_instance = QUuid::createUuid();
    bool m_started = false;
    bool m_stopping = false;
    bool m_portFileWritten = false;
    Status m_outcome;
};

} // namespace Threadline::Server
