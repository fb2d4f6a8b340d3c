// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ImapSource.h"
#include "Logging.h"
#include "Result.h"
#include "SmtpClient.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

#include <optional>

namespace Threadline::Server {

/// The server's configuration from its command line and, with --config FILE, an INI file
/// (keys: the long options with _ for -, e.g. data_dir, smtp_host; without a section); the
/// command line wins over the file, the file over the defaults.
/// A value type; parse() is pure apart from reading QStandardPaths for the default data
/// directory and the config file, and reports a bad command line or file as an Error (code
/// "usage") whose message is one sentence for the operator naming the option, or the file and
/// key, never by exiting.
struct ServerOptions
{
    enum class Action
    {
        Run,
        ShowHelp,
        ShowVersion
    };

    static constexpr quint16 defaultPort = 8737;
    static constexpr int defaultSessionDays = 14;

    Action action = Action::Run;
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = defaultPort; ///< 0: any free port
    QString dataDir; ///< absolute; created if missing
    QString database; ///< --database: a postgresql:// URL or an absolute file path; empty: the default
    QString configFile; ///< --config, absolute; empty: none
    int sessionDays = defaultSessionDays; ///< how long a login session lasts
    qint64 seedCustomers = 0; ///< --seed-demo; 0: do not seed
    std::optional<quint64> demoSeed; ///< --demo-seed; unset: the generator's default
    std::optional<qint64> demoInteractions; ///< --demo-interactions; unset: 10 x seedCustomers
    QString portFile; ///< --port-file; empty: none
    QString maildir; ///< --maildir: absolute path of a Maildir to take inbound email from; empty: none
    int mailPollSeconds = 30; ///< --mail-poll-seconds: how often the Maildir is looked at besides watching it
    /// --chat-port: where the citizens' web chat page is served (HTTP); unset: no web chat.
    std::optional<quint16> chatPort;
    QHostAddress chatAddress = QHostAddress(QHostAddress::LocalHost); ///< --chat-listen
    int chatReassignSeconds = 60; ///< --chat-reassign-seconds
    int chatMessagesPerMinute = 20; ///< --chat-messages-per-minute
    int chatChatsPerAddress = 5; ///< --chat-chats-per-address
    QString tlsCertFile; ///< --tls-cert (absolute); empty: plain ws:// and http://
    QString tlsKeyFile; ///< --tls-key (absolute)
    bool insecureNoTls = false; ///< --insecure-no-tls: beyond loopback without TLS
    int maxConnectionsPerAddress = 256; ///< --max-connections-per-address
    /// --imap-*: a mailbox to take inbound email from; unset: none.
    std::optional<Email::ImapSettings> imap;
    /// --smtp-*: where agents' emails are sent; unset: not sent (they wait, queued, until the
    /// server is started with a mail server).
    std::optional<Email::SmtpSettings> smtp;
    QString mailFromName; ///< --mail-from's display name ("Caerwen Council"); may be empty
    QString mailFromAddress; ///< --mail-from's address; required with --smtp-host
    int smtpRetrySeconds = 60; ///< --smtp-retry-seconds: the first retry's delay (then doubling)
    int smtpMaxAttempts = 8; ///< --smtp-max-attempts
    LogLevel logLevel = LogLevel::Info;
    QString helpText; ///< set when action is ShowHelp

    /// Parses @p arguments (arguments[0] is the program). Needs a QCoreApplication.
    static Result<ServerOptions> parse(const QStringList &arguments);

    /// The server's version, the project version ("0.1.0").
    static QString version();
    /// Where the database is, as Database::open takes it: the --database value (a PostgreSQL
    /// URL or a file path) or else the SQLite file inside dataDir.
    QString databasePath() const;
};

} // namespace Threadline::Server
