// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServerOptions.h"

#include "Database.h"
#include "Validation.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

#include <functional>
#include <limits>

namespace Threadline::Server {

namespace {

Error usage(const QString &message)
{
    return Error {QStringLiteral("usage"), message};
}

/// The keys a config file may hold.
const QStringList &configKeys()
{
    static const QStringList keys = {
        QStringLiteral("listen"),
        QStringLiteral("port"),
        QStringLiteral("data_dir"),
        QStringLiteral("database"),
        QStringLiteral("log_level"),
        QStringLiteral("session_days"),
        QStringLiteral("maildir"),
        QStringLiteral("mail_poll_seconds"),
        QStringLiteral("smtp_host"),
        QStringLiteral("smtp_port"),
        QStringLiteral("smtp_security"),
        QStringLiteral("smtp_user"),
        QStringLiteral("smtp_password_file"),
        QStringLiteral("smtp_ca_file"),
        QStringLiteral("mail_from"),
        QStringLiteral("smtp_retry_seconds"),
        QStringLiteral("smtp_max_attempts"),
        QStringLiteral("imap_host"),
        QStringLiteral("imap_port"),
        QStringLiteral("imap_security"),
        QStringLiteral("imap_user"),
        QStringLiteral("imap_password_file"),
        QStringLiteral("imap_folder"),
        QStringLiteral("imap_ca_file"),
        QStringLiteral("imap_poll_seconds"),
        QStringLiteral("chat_port"),
        QStringLiteral("chat_listen"),
        QStringLiteral("chat_reassign_seconds"),
        QStringLiteral("chat_messages_per_minute"),
        QStringLiteral("chat_chats_per_address"),
        QStringLiteral("tls_cert"),
        QStringLiteral("tls_key"),
        QStringLiteral("insecure_no_tls"),
        QStringLiteral("max_connections_per_address"),
    };
    return keys;
}

/// One setting's value and where it came from, for messages: "--port" or "FILE: port".
struct Setting
{
    QString value;
    QString label;
    bool set = false;
    bool fromFile = false;
};

/// The config file's values by key; "usage" naming the file for an unreadable file or an
/// unknown key.
Result<QHash<QString, QString>> readConfig(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return usage(QStringLiteral("the config file %1 does not exist.").arg(path));
    if (!info.isFile() || !info.isReadable())
        return usage(QStringLiteral("the config file %1 cannot be read.").arg(path));
    QSettings settings(path, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError)
        return usage(QStringLiteral("the config file %1 is not a valid INI file.").arg(path));
    QHash<QString, QString> values;
    for (const QString &key : settings.allKeys()) {
        if (!configKeys().contains(key)) {
            return usage(QStringLiteral("%1: unknown key \"%2\" (known keys: %3).")
                             .arg(path, key, configKeys().join(QStringLiteral(", "))));
        }
        const QVariant value = settings.value(key);
        // QSettings splits unquoted values at commas.
        values.insert(key,
                      value.metaType().id() == QMetaType::QStringList
                          ? value.toStringList().join(QStringLiteral(", "))
                          : value.toString());
    }
    return values;
}

bool isLoopbackHost(const QString &host)
{
    if (host.compare(u"localhost", Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

/// "Name <address>" or a bare address; false when there is no usable address.
bool parseMailbox(const QString &text, QString *name, QString *address)
{
    const QString trimmed = text.trimmed();
    const qsizetype open = trimmed.lastIndexOf(u'<');
    if (open >= 0 && trimmed.endsWith(u'>')) {
        *address = trimmed.mid(open + 1, trimmed.size() - open - 2).trimmed();
        *name = trimmed.left(open).trimmed();
        if (name->size() >= 2 && name->startsWith(u'"') && name->endsWith(u'"'))
            *name = name->mid(1, name->size() - 2);
    } else {
        *address = trimmed;
        name->clear();
    }
    return IdentifierRules::isEmailAddress(*address);
}

/// The first line of the password file @p setting names (its line end dropped).
Result<QString> readPassword(const Setting &setting,
                             const std::function<QString(const Setting &)> &absolutePath)
{
    QFile file(absolutePath(setting));
    if (!file.open(QIODevice::ReadOnly))
        return usage(QStringLiteral("%1: cannot read %2 (%3).")
                         .arg(setting.label, file.fileName(), file.errorString()));
    return QString::fromUtf8(file.readLine()).remove(u'\n').remove(u'\r');
}

/// Where a mail server is and how to reach it, as --smtp-* and --imap-* say it.
struct MailServer
{
    QString host;
    quint16 port = 0;
    Email::MailSecurity security = Email::MailSecurity::Tls;
    QString caFile;
};

/// The default port of each security mode.
struct MailPorts
{
    quint16 startTls;
    quint16 tls;
    quint16 none;
};

/// HOST, PORT, SECURITY (starttls, tls or none, @p defaultMode when not given; none only to a
/// loopback host: citizens' mail and the password would cross the network in clear text) and
/// CA-FILE of one mail server.
Result<MailServer> parseMailServer(const Setting &host, const Setting &port, const Setting &security,
                                   const Setting &caFile, const QString &defaultMode, MailPorts ports,
                                   const std::function<QString(const Setting &)> &absolutePath)
{
    MailServer server;
    server.host = host.value.trimmed();
    if (server.host.isEmpty() || server.host.contains(u' ') || server.host.contains(u'/'))
        return usage(QStringLiteral("%1 \"%2\" is not a host name or address.").arg(host.label, host.value));
    const QString mode = security.set ? security.value.trimmed() : defaultMode;
    if (mode == u"starttls") {
        server.security = Email::MailSecurity::StartTls;
        server.port = ports.startTls;
    } else if (mode == u"tls") {
        server.security = Email::MailSecurity::Tls;
        server.port = ports.tls;
    } else if (mode == u"none") {
        server.security = Email::MailSecurity::None;
        server.port = ports.none;
        if (!isLoopbackHost(server.host))
            return usage(
                QStringLiteral("%1 none would carry citizens' email and the password in clear text; it "
                               "is only allowed to a mail server on this machine (localhost); use "
                               "starttls or tls for %2.")
                    .arg(security.label, server.host));
    } else {
        return usage(QStringLiteral("%1 \"%2\" is not one of starttls, tls or none.")
                         .arg(security.label, security.value));
    }
    if (port.set) {
        bool ok = false;
        const uint number = port.value.trimmed().toUInt(&ok);
        if (!ok || number < 1 || number > std::numeric_limits<quint16>::max())
            return usage(QStringLiteral("%1 \"%2\" is not a port number from 1 to 65535.")
                             .arg(port.label, port.value));
        server.port = quint16(number);
    }
    if (caFile.set) {
        server.caFile = absolutePath(caFile);
        if (!QFileInfo(server.caFile).isReadable())
            return usage(QStringLiteral("%1: cannot read %2.").arg(caFile.label, server.caFile));
    }
    return server;
}

/// The first of @p others that is set without @p host: "--x needs --y-host".
Status needsHost(const Setting &host, std::initializer_list<const Setting *> others)
{
    if (host.set)
        return Status::success();
    for (const Setting *other : others) {
        if (other->set)
            return usage(QStringLiteral("%1 needs %2.").arg(other->label, host.label));
    }
    return Status::success();
}

/// --imap-* into @p options.
Status parseMailIn(ServerOptions &options, const Setting &host, const Setting &port, const Setting &security,
                   const Setting &user, const Setting &passwordFile, const Setting &folder,
                   const Setting &caFile, const Setting &poll,
                   const std::function<QString(const Setting &)> &absolutePath)
{
    if (Status alone = needsHost(host, {&port, &security, &user, &passwordFile, &folder, &caFile, &poll});
        !alone)
        return alone;
    if (!host.set)
        return Status::success();
    auto server
        = parseMailServer(host, port, security, caFile, QStringLiteral("tls"), {143, 993, 143}, absolutePath);
    if (!server)
        return server.error();
    Email::ImapSettings imap;
    imap.host = server->host;
    imap.port = server->port;
    imap.security = server->security;
    imap.caFile = server->caFile;
    if (poll.set) {
        bool ok = false;
        const int seconds = poll.value.trimmed().toInt(&ok);
        if (!ok || seconds < 1 || seconds > 1500)
            return usage(QStringLiteral("%1 \"%2\" is not a number of seconds from 1 to 1500.")
                             .arg(poll.label, poll.value));
        imap.poll = std::chrono::seconds(seconds);
    }
    if (!user.set || user.value.trimmed().isEmpty())
        return usage(QStringLiteral("%1 needs --imap-user, the mailbox to sign in to.").arg(host.label));
    imap.user = user.value.trimmed();
    if (!passwordFile.set)
        return usage(
            QStringLiteral("%1 needs --imap-password-file, the mailbox's password.").arg(host.label));
    auto password = readPassword(passwordFile, absolutePath);
    if (!password)
        return password.error();
    imap.password = *password;
    if (folder.set) {
        imap.folder = folder.value.trimmed();
        if (imap.folder.isEmpty())
            return usage(QStringLiteral("%1 must not be empty.").arg(folder.label));
    }
    options.imap = imap;
    return Status::success();
}

/// The --smtp-* and --mail-from settings into @p options.
Status parseMailOut(ServerOptions &options, const Setting &host, const Setting &port, const Setting &security,
                    const Setting &user, const Setting &passwordFile, const Setting &caFile,
                    const Setting &from, const Setting &retry, const Setting &attempts,
                    const std::function<QString(const Setting &)> &absolutePath)
{
    bool ok = false;
    if (retry.set) {
        options.smtpRetrySeconds = retry.value.trimmed().toInt(&ok);
        if (!ok || options.smtpRetrySeconds < 1 || options.smtpRetrySeconds > 86'400)
            return usage(QStringLiteral("%1 \"%2\" is not a number of seconds from 1 to 86400.")
                             .arg(retry.label, retry.value));
    }
    if (attempts.set) {
        options.smtpMaxAttempts = attempts.value.trimmed().toInt(&ok);
        if (!ok || options.smtpMaxAttempts < 1 || options.smtpMaxAttempts > 100)
            return usage(QStringLiteral("%1 \"%2\" is not a number from 1 to 100.")
                             .arg(attempts.label, attempts.value));
    }
    if (Status alone = needsHost(host, {&port, &security, &user, &passwordFile, &caFile, &from}); !alone)
        return alone;
    if (!host.set)
        return Status::success();
    auto server = parseMailServer(host, port, security, caFile, QStringLiteral("starttls"), {587, 465, 25},
                                  absolutePath);
    if (!server)
        return server.error();
    Email::SmtpSettings smtp;
    smtp.host = server->host;
    smtp.port = server->port;
    smtp.security = server->security;
    smtp.caFile = server->caFile;
    if (user.set)
        smtp.user = user.value.trimmed();
    if (passwordFile.set) {
        if (smtp.user.isEmpty())
            return usage(QStringLiteral("%1 needs --smtp-user.").arg(passwordFile.label));
        auto password = readPassword(passwordFile, absolutePath);
        if (!password)
            return password.error();
        smtp.password = *password;
    }
    if (!from.set)
        return usage(QStringLiteral("%1 needs --mail-from, the From of the email it sends.").arg(host.label));
    if (!parseMailbox(from.value, &options.mailFromName, &options.mailFromAddress))
        return usage(
            QStringLiteral("%1 \"%2\" is not an address such as \"Caerwen Council <contact@caerwen.gov.uk>\" "
                           "(domain in lower case).")
                .arg(from.label, from.value));
    options.smtp = smtp;
    return Status::success();
}

} // namespace

QString ServerOptions::version()
{
    return QStringLiteral(THREADLINE_VERSION);
}

QString ServerOptions::databasePath() const
{
    if (!database.isEmpty())
        return database;
    return QDir(dataDir).filePath(QStringLiteral("threadline-server.sqlite"));
}

Result<ServerOptions> ServerOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Threadline server: keeps the authoritative customer records that Threadline "
        "desktop clients sync with over WebSockets.\n"
        "Also: threadline-server user add|list|passwd ... (see threadline-server user --help)."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption configOption(
        QStringLiteral("config"),
        QStringLiteral("Read settings from the INI file FILE: the long options below with _ for - "
                       "(listen, port, data_dir, database, log_level, session_days, maildir, "
                       "mail_poll_seconds, smtp_host, smtp_port, smtp_security, smtp_user, "
                       "smtp_password_file, smtp_ca_file, mail_from, smtp_retry_seconds, "
                       "smtp_max_attempts, imap_host, imap_port, imap_security, imap_user, "
                       "imap_password_file, imap_folder, imap_ca_file, imap_poll_seconds, chat_port, "
                       "chat_listen, chat_reassign_seconds, chat_messages_per_minute, "
                       "chat_chats_per_address); options given here win over it."),
        QStringLiteral("FILE"));
    const QCommandLineOption listenOption(QStringLiteral("listen"),
                                          QStringLiteral("IP address to listen on (default 127.0.0.1)."),
                                          QStringLiteral("ADDR"));
    const QCommandLineOption portOption(
        QStringLiteral("port"),
        QStringLiteral("TCP port to listen on; 0 picks a free one (default %1).").arg(defaultPort),
        QStringLiteral("N"));
    const QCommandLineOption dataDirOption(
        QStringLiteral("data-dir"),
        QStringLiteral("Directory for the server's files; created if missing "
                       "(default %1).")
            .arg(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)),
        QStringLiteral("DIR"));
    const QCommandLineOption databaseOption(
        QStringLiteral("database"),
        QStringLiteral("The database: postgresql://user:password@host:port/dbname, or the path of a SQLite "
                       "file (default: threadline-server.sqlite in the data directory)."),
        QStringLiteral("URL"));
    const QCommandLineOption maildirOption(
        QStringLiteral("maildir"),
        QStringLiteral("Take inbound email from this Maildir: each message in new/ is filed as an "
                       "interaction, then moved to cur/."),
        QStringLiteral("DIR"));
    const QCommandLineOption mailPollOption(
        QStringLiteral("mail-poll-seconds"),
        QStringLiteral("How often to look at the Maildir besides watching it "
                       "(default 30)."),
        QStringLiteral("N"));
    const QCommandLineOption smtpHostOption(
        QStringLiteral("smtp-host"),
        QStringLiteral("Send the emails agents write through this mail server (needs --mail-from)."),
        QStringLiteral("HOST"));
    const QCommandLineOption smtpPortOption(
        QStringLiteral("smtp-port"),
        QStringLiteral("The mail server's port (default 587 with starttls, 465 with tls, 25 with none)."),
        QStringLiteral("N"));
    const QCommandLineOption smtpSecurityOption(
        QStringLiteral("smtp-security"),
        QStringLiteral("starttls (default), tls, or none; none only to a mail server on this machine."),
        QStringLiteral("MODE"));
    const QCommandLineOption smtpUserOption(QStringLiteral("smtp-user"),
                                            QStringLiteral("Sign in to the mail server as NAME."),
                                            QStringLiteral("NAME"));
    const QCommandLineOption smtpPasswordFileOption(
        QStringLiteral("smtp-password-file"),
        QStringLiteral("Read the mail server's password from the first line of FILE."),
        QStringLiteral("FILE"));
    const QCommandLineOption smtpCaFileOption(
        QStringLiteral("smtp-ca-file"),
        QStringLiteral(
            "Trust the mail server's certificate if this CA (PEM) signed it, besides the system's."),
        QStringLiteral("FILE"));
    const QCommandLineOption mailFromOption(
        QStringLiteral("mail-from"),
        QStringLiteral("The From of sent email: \"Caerwen Council <contact@caerwen.gov.uk>\"."),
        QStringLiteral("MAILBOX"));
    const QCommandLineOption smtpRetryOption(
        QStringLiteral("smtp-retry-seconds"),
        QStringLiteral("Wait this long before trying a temporarily refused email again, doubling each "
                       "time up to an hour (default 60)."),
        QStringLiteral("N"));
    const QCommandLineOption smtpAttemptsOption(
        QStringLiteral("smtp-max-attempts"),
        QStringLiteral("Give an email up as failed after this many attempts (default 8)."),
        QStringLiteral("N"));
    const QCommandLineOption imapHostOption(
        QStringLiteral("imap-host"),
        QStringLiteral("Take inbound email from a mailbox on this IMAP server (needs --imap-user and "
                       "--imap-password-file); new mail is fetched as it arrives (IDLE)."),
        QStringLiteral("HOST"));
    const QCommandLineOption imapPortOption(
        QStringLiteral("imap-port"),
        QStringLiteral("The IMAP server's port (default 993 with tls, 143 otherwise)."), QStringLiteral("N"));
    const QCommandLineOption imapSecurityOption(
        QStringLiteral("imap-security"),
        QStringLiteral("tls (default), starttls, or none; none only to a mail server on this machine."),
        QStringLiteral("MODE"));
    const QCommandLineOption imapUserOption(QStringLiteral("imap-user"),
                                            QStringLiteral("Sign in to the mailbox as NAME."),
                                            QStringLiteral("NAME"));
    const QCommandLineOption imapPasswordFileOption(
        QStringLiteral("imap-password-file"),
        QStringLiteral("Read the mailbox's password from the first line of FILE."), QStringLiteral("FILE"));
    const QCommandLineOption imapFolderOption(QStringLiteral("imap-folder"),
                                              QStringLiteral("The folder to read (default INBOX)."),
                                              QStringLiteral("NAME"));
    const QCommandLineOption imapCaFileOption(
        QStringLiteral("imap-ca-file"),
        QStringLiteral(
            "Trust the IMAP server's certificate if this CA (PEM) signed it, besides the system's."),
        QStringLiteral("FILE"));
    const QCommandLineOption imapPollOption(
        QStringLiteral("imap-poll-seconds"),
        QStringLiteral("How often to look for mail when the server cannot tell (no IDLE), and to renew "
                       "IDLE (default 60)."),
        QStringLiteral("N"));
    const QCommandLineOption chatPortOption(
        QStringLiteral("chat-port"),
        QStringLiteral(
            "Serve the citizens' web chat page (http://ADDR:N/chat) on this port; 0 picks a free one."),
        QStringLiteral("N"));
    const QCommandLineOption chatListenOption(
        QStringLiteral("chat-listen"),
        QStringLiteral("IP address the web chat listens on (default 127.0.0.1)."), QStringLiteral("ADDR"));
    const QCommandLineOption chatReassignOption(
        QStringLiteral("chat-reassign-seconds"),
        QStringLiteral("Give a live chat to another agent when its agent has been signed out of every "
                       "device this long (default 60)."),
        QStringLiteral("N"));
    const QCommandLineOption tlsCertOption(
        QStringLiteral("tls-cert"),
        QStringLiteral("Serve wss:// (and the web chat over https://) with this certificate chain (PEM, the "
                       "server's certificate first); reread on SIGHUP."),
        QStringLiteral("FILE"));
    const QCommandLineOption tlsKeyOption(
        QStringLiteral("tls-key"), QStringLiteral("The private key (PEM) of --tls-cert; reread on SIGHUP."),
        QStringLiteral("FILE"));
    const QCommandLineOption insecureOption(
        QStringLiteral("insecure-no-tls"),
        QStringLiteral("Listen on an address other than loopback without TLS: citizens' data would cross the "
                       "network readable by anyone on the way. Only behind a TLS-terminating proxy."));
    const QCommandLineOption perAddressOption(
        QStringLiteral("max-connections-per-address"),
        QStringLiteral("Clients connected at once from one IP address (default 256; raise it when a whole "
                       "contact centre reaches the server through one address)."),
        QStringLiteral("N"));
    const QCommandLineOption chatRateOption(
        QStringLiteral("chat-messages-per-minute"),
        QStringLiteral("How many messages one citizen may send in a chat per minute (default 20)."),
        QStringLiteral("N"));
    const QCommandLineOption chatPerAddressOption(
        QStringLiteral("chat-chats-per-address"),
        QStringLiteral("How many chats may be open at once from one IP address (default 5; raise it when "
                       "citizens share an address, e.g. behind a library's or a proxy's)."),
        QStringLiteral("N"));
    const QCommandLineOption seedOption(
        QStringLiteral("seed-demo"),
        QStringLiteral("Load N demo customers (and 10 x N interactions) when the "
                       "database holds no customers yet."),
        QStringLiteral("N"));
    const QCommandLineOption demoSeedOption(QStringLiteral("demo-seed"),
                                            QStringLiteral("Random seed of the demo data (default: the "
                                                           "generator's)."),
                                            QStringLiteral("S"));
    const QCommandLineOption demoInteractionsOption(QStringLiteral("demo-interactions"),
                                                    QStringLiteral("Number of demo interactions instead of "
                                                                   "10 x N."),
                                                    QStringLiteral("M"));
    const QCommandLineOption portFileOption(QStringLiteral("port-file"),
                                            QStringLiteral("Once listening, write the port number to FILE "
                                                           "(atomically)."),
                                            QStringLiteral("FILE"));
    const QCommandLineOption logLevelOption(
        QStringLiteral("log-level"),
        QStringLiteral("Log messages of this level and above: debug, info "
                       "or warning (default info)."),
        QStringLiteral("LEVEL"));
    const QCommandLineOption sessionDaysOption(
        QStringLiteral("session-days"),
        QStringLiteral("Days a login session lasts before the agent logs in again (default %1).")
            .arg(defaultSessionDays),
        QStringLiteral("DAYS"));
    parser.addOptions({configOption,           listenOption,       portOption,         dataDirOption,
                       databaseOption,         maildirOption,      mailPollOption,     smtpHostOption,
                       smtpPortOption,         smtpSecurityOption, smtpUserOption,     smtpPasswordFileOption,
                       smtpCaFileOption,       mailFromOption,     smtpRetryOption,    smtpAttemptsOption,
                       imapHostOption,         imapPortOption,     imapSecurityOption, imapUserOption,
                       imapPasswordFileOption, imapFolderOption,   imapCaFileOption,   imapPollOption,
                       chatPortOption,         chatListenOption,   chatReassignOption, chatRateOption,
                       chatPerAddressOption,   seedOption,         demoSeedOption,     demoInteractionsOption,
                       portFileOption,         logLevelOption,     sessionDaysOption});
    parser.addOptions({tlsCertOption, tlsKeyOption, insecureOption, perAddressOption});

    if (!parser.parse(arguments)) {
        QString text = parser.errorText();
        if (text.endsWith(u'.'))
            text.chop(1);
        return usage(text % QStringLiteral(" (see --help)."));
    }

    ServerOptions options;
    if (parser.isSet(helpOption) || parser.isSet(QStringLiteral("help-all"))) {
        options.action = Action::ShowHelp;
        options.helpText = parser.helpText();
        return options;
    }
    if (parser.isSet(versionOption)) {
        options.action = Action::ShowVersion;
        return options;
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usage(QStringLiteral("unexpected argument \"%1\" (see --help).")
                         .arg(parser.positionalArguments().constFirst()));
    }

    QHash<QString, QString> config;
    QDir configDir = QDir::current();
    if (parser.isSet(configOption)) {
        if (parser.value(configOption).isEmpty())
            return usage(QStringLiteral("--config must not be empty."));
        options.configFile = QFileInfo(parser.value(configOption)).absoluteFilePath();
        auto read = readConfig(options.configFile);
        if (!read)
            return read.error();
        config = std::move(read).value();
        configDir = QFileInfo(options.configFile).absoluteDir();
    }
    // The command line's value, else the config file's, each labelled for messages.
    const auto setting = [&](const QCommandLineOption &option, const QString &key) {
        if (parser.isSet(option))
            return Setting {parser.value(option), u"--" % option.names().constFirst(), true, false};
        if (config.contains(key))
            return Setting {config.value(key), options.configFile % u": " % key, true, true};
        return Setting {QString(), u"--" % option.names().constFirst(), false, false};
    };
    // A path from the config file is relative to the file's directory.
    const auto absolutePath = [&](const Setting &s) {
        return QDir::cleanPath(s.fromFile ? configDir.absoluteFilePath(s.value)
                                          : QDir(s.value).absolutePath());
    };

    const Setting listen = setting(listenOption, QStringLiteral("listen"));
    const QString address = listen.set ? listen.value.trimmed() : QStringLiteral("127.0.0.1");
    if (!options.listenAddress.setAddress(address)) {
        return usage(QStringLiteral("%1 \"%2\" is not an IP address; use e.g. 127.0.0.1, 0.0.0.0 or ::1.")
                         .arg(listen.label, address));
    }

    const Setting tlsCert = setting(tlsCertOption, QStringLiteral("tls_cert"));
    const Setting tlsKey = setting(tlsKeyOption, QStringLiteral("tls_key"));
    if (tlsCert.set != tlsKey.set)
        return usage(QStringLiteral("%1 needs %2.")
                         .arg(tlsCert.set ? tlsCert.label : tlsKey.label,
                              tlsCert.set ? QStringLiteral("--tls-key") : QStringLiteral("--tls-cert")));
    if (tlsCert.set) {
        options.tlsCertFile = absolutePath(tlsCert);
        options.tlsKeyFile = absolutePath(tlsKey);
    }
    const Setting insecure = setting(insecureOption, QStringLiteral("insecure_no_tls"));
    options.insecureNoTls = insecure.set
        && (!insecure.fromFile || insecure.value.trimmed() == u"true" || insecure.value.trimmed() == u"1");

    bool ok = false;
    const Setting port = setting(portOption, QStringLiteral("port"));
    if (port.set) {
        const uint number = port.value.trimmed().toUInt(&ok);
        if (!ok || number > std::numeric_limits<quint16>::max())
            return usage(QStringLiteral("%1 \"%2\" is not a port number from 0 to 65535.")
                             .arg(port.label, port.value));
        options.port = static_cast<quint16>(number);
    }

    const Setting dataDir = setting(dataDirOption, QStringLiteral("data_dir"));
    if (dataDir.set) {
        if (dataDir.value.isEmpty())
            return usage(QStringLiteral("%1 must not be empty.").arg(dataDir.label));
        options.dataDir = absolutePath(dataDir);
    } else {
        options.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        if (options.dataDir.isEmpty())
            return usage(QStringLiteral("there is no default data directory here; pass --data-dir."));
        options.dataDir = QDir::cleanPath(QDir(options.dataDir).absolutePath());
    }

    const Setting maildir = setting(maildirOption, QStringLiteral("maildir"));
    if (maildir.set) {
        if (maildir.value.trimmed().isEmpty())
            return usage(QStringLiteral("%1 must not be empty.").arg(maildir.label));
        options.maildir = absolutePath(maildir);
    }
    const Setting mailPoll = setting(mailPollOption, QStringLiteral("mail_poll_seconds"));
    if (mailPoll.set) {
        const int seconds = mailPoll.value.trimmed().toInt(&ok);
        if (!ok || seconds < 1 || seconds > 86'400)
            return usage(QStringLiteral("%1 \"%2\" is not a number of seconds from 1 to 86400.")
                             .arg(mailPoll.label, mailPoll.value));
        options.mailPollSeconds = seconds;
    }

    if (Status mail
        = parseMailOut(options, setting(smtpHostOption, QStringLiteral("smtp_host")),
                       setting(smtpPortOption, QStringLiteral("smtp_port")),
                       setting(smtpSecurityOption, QStringLiteral("smtp_security")),
                       setting(smtpUserOption, QStringLiteral("smtp_user")),
                       setting(smtpPasswordFileOption, QStringLiteral("smtp_password_file")),
                       setting(smtpCaFileOption, QStringLiteral("smtp_ca_file")),
                       setting(mailFromOption, QStringLiteral("mail_from")),
                       setting(smtpRetryOption, QStringLiteral("smtp_retry_seconds")),
                       setting(smtpAttemptsOption, QStringLiteral("smtp_max_attempts")), absolutePath);
        !mail)
        return mail.error();

    if (Status mail = parseMailIn(options, setting(imapHostOption, QStringLiteral("imap_host")),
                                  setting(imapPortOption, QStringLiteral("imap_port")),
                                  setting(imapSecurityOption, QStringLiteral("imap_security")),
                                  setting(imapUserOption, QStringLiteral("imap_user")),
                                  setting(imapPasswordFileOption, QStringLiteral("imap_password_file")),
                                  setting(imapFolderOption, QStringLiteral("imap_folder")),
                                  setting(imapCaFileOption, QStringLiteral("imap_ca_file")),
                                  setting(imapPollOption, QStringLiteral("imap_poll_seconds")), absolutePath);
        !mail)
        return mail.error();

    const Setting chatPort = setting(chatPortOption, QStringLiteral("chat_port"));
    const Setting chatListen = setting(chatListenOption, QStringLiteral("chat_listen"));
    if (chatPort.set) {
        const uint number = chatPort.value.trimmed().toUInt(&ok);
        if (!ok || number > std::numeric_limits<quint16>::max())
            return usage(QStringLiteral("%1 \"%2\" is not a port number from 0 to 65535.")
                             .arg(chatPort.label, chatPort.value));
        options.chatPort = quint16(number);
    }
    if (chatListen.set) {
        if (!chatPort.set)
            return usage(QStringLiteral("%1 needs --chat-port.").arg(chatListen.label));
        if (!options.chatAddress.setAddress(chatListen.value.trimmed()))
            return usage(
                QStringLiteral("%1 \"%2\" is not an IP address.").arg(chatListen.label, chatListen.value));
    }
    if (const Setting reassign = setting(chatReassignOption, QStringLiteral("chat_reassign_seconds"));
        reassign.set) {
        const int seconds = reassign.value.trimmed().toInt(&ok);
        if (!ok || seconds < 1 || seconds > 86'400)
            return usage(QStringLiteral("%1 \"%2\" is not a number of seconds from 1 to 86400.")
                             .arg(reassign.label, reassign.value));
        options.chatReassignSeconds = seconds;
    }
    if (const Setting rate = setting(chatRateOption, QStringLiteral("chat_messages_per_minute")); rate.set) {
        options.chatMessagesPerMinute = rate.value.trimmed().toInt(&ok);
        if (!ok || options.chatMessagesPerMinute < 1 || options.chatMessagesPerMinute > 6000)
            return usage(
                QStringLiteral("%1 \"%2\" is not a number from 1 to 6000.").arg(rate.label, rate.value));
    }
    if (const Setting perAddress = setting(chatPerAddressOption, QStringLiteral("chat_chats_per_address"));
        perAddress.set) {
        options.chatChatsPerAddress = perAddress.value.trimmed().toInt(&ok);
        if (!ok || options.chatChatsPerAddress < 1 || options.chatChatsPerAddress > 100'000)
            return usage(QStringLiteral("%1 \"%2\" is not a number from 1 to 100000.")
                             .arg(perAddress.label, perAddress.value));
    }

    if (const Setting perAddress = setting(perAddressOption, QStringLiteral("max_connections_per_address"));
        perAddress.set) {
        bool isNumber = false;
        options.maxConnectionsPerAddress = perAddress.value.trimmed().toInt(&isNumber);
        if (!isNumber || options.maxConnectionsPerAddress < 1 || options.maxConnectionsPerAddress > 100'000)
            return usage(QStringLiteral("%1 \"%2\" is not a number from 1 to 100000.")
                             .arg(perAddress.label, perAddress.value));
    }
    // Citizens' data never crosses a network in clear by accident.
    if (options.tlsCertFile.isEmpty() && !options.insecureNoTls) {
        if (!options.listenAddress.isLoopback())
            return usage(
                QStringLiteral("listening on %1 without TLS would send citizens' data across the network "
                               "readable by anyone on the way: give --tls-cert and --tls-key (or, only "
                               "behind a TLS-terminating proxy, --insecure-no-tls).")
                    .arg(options.listenAddress.toString()));
        if (options.chatPort && !options.chatAddress.isLoopback())
            return usage(
                QStringLiteral("serving the web chat on %1 without TLS would send citizens' words across "
                               "the network readable by anyone on the way: give --tls-cert and --tls-key "
                               "(or, only behind a TLS-terminating proxy, --insecure-no-tls).")
                    .arg(options.chatAddress.toString()));
    }

    const Setting database = setting(databaseOption, QStringLiteral("database"));
    if (database.set) {
        const QString value = database.value.trimmed();
        if (value.isEmpty())
            return usage(QStringLiteral("%1 must not be empty.").arg(database.label));
        if (Database::isPostgresUrl(value)) {
            const QUrl url(value, QUrl::StrictMode);
            if (!url.isValid() || url.path().size() < 2) {
                return usage(QStringLiteral("%1 is not a PostgreSQL URL of the form "
                                            "postgresql://user:password@host:port/dbname.")
                                 .arg(database.label));
            }
            options.database = value;
        } else if (value.contains(u"://")) {
            return usage(QStringLiteral("%1 \"%2\" is neither a postgresql:// URL nor a file path.")
                             .arg(database.label, QUrl(value).toString(QUrl::RemovePassword)));
        } else {
            options.database = absolutePath(Setting {value, database.label, true, database.fromFile});
        }
    }

    if (parser.isSet(seedOption)) {
        options.seedCustomers = parser.value(seedOption).toLongLong(&ok);
        if (!ok || options.seedCustomers < 1) {
            return usage(QStringLiteral("--seed-demo \"%1\" is not a positive number of customers.")
                             .arg(parser.value(seedOption)));
        }
    }
    if (parser.isSet(demoSeedOption)) {
        options.demoSeed = parser.value(demoSeedOption).toULongLong(&ok);
        if (!ok) {
            return usage(QStringLiteral("--demo-seed \"%1\" is not a non-negative whole number.")
                             .arg(parser.value(demoSeedOption)));
        }
    }
    if (parser.isSet(demoInteractionsOption)) {
        options.demoInteractions = parser.value(demoInteractionsOption).toLongLong(&ok);
        if (!ok || *options.demoInteractions < 0) {
            return usage(QStringLiteral("--demo-interactions \"%1\" is not a non-negative number.")
                             .arg(parser.value(demoInteractionsOption)));
        }
    }
    if ((options.demoSeed || options.demoInteractions) && options.seedCustomers == 0)
        return usage(QStringLiteral("--demo-seed and --demo-interactions need --seed-demo."));

    if (parser.isSet(portFileOption)) {
        options.portFile = parser.value(portFileOption);
        if (options.portFile.isEmpty())
            return usage(QStringLiteral("--port-file must not be empty."));
        options.portFile = QDir(options.portFile).absolutePath();
    }

    const Setting logLevel = setting(logLevelOption, QStringLiteral("log_level"));
    const QString level = logLevel.set ? logLevel.value.trimmed() : QStringLiteral("info");
    if (level == u"debug") {
        options.logLevel = LogLevel::Debug;
    } else if (level == u"info") {
        options.logLevel = LogLevel::Info;
    } else if (level == u"warning") {
        options.logLevel = LogLevel::Warning;
    } else {
        return usage(QStringLiteral("%1 \"%2\" is not one of debug, info or warning.")
                         .arg(logLevel.label, logLevel.value));
    }

    const Setting sessionDays = setting(sessionDaysOption, QStringLiteral("session_days"));
    if (sessionDays.set) {
        options.sessionDays = sessionDays.value.trimmed().toInt(&ok);
        if (!ok || options.sessionDays < 1 || options.sessionDays > 3650) {
            return usage(QStringLiteral("%1 \"%2\" is not a number of days from 1 to 3650.")
                             .arg(sessionDays.label, sessionDays.value));
        }
    }
    return options;
}

} // namespace Threadline::Server
