// SPDX-License-Identifier: GPL-3.0-or-later
// Unit tests of threadline-server's command line.
#include "ServerOptions.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Threadline;
using namespace Threadline::Server;

namespace {

Result<ServerOptions> parse(QStringList arguments)
{
    arguments.prepend(QStringLiteral("threadline-server"));
    return ServerOptions::parse(arguments);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestServerOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void everyOption();
    void helpAndVersion();
    void rejects_data();
    void rejects();
    void database();
    void configFile();
    void commandLineWinsOverConfigFile();
    void configFileErrorsNameFileAndKey_data();
    void configFileErrorsNameFileAndKey();
};

void TestServerOptions::defaults()
{
    auto options = parse({});
    QVERIFY(options.ok());
    QCOMPARE(options->action, ServerOptions::Action::Run);
    QCOMPARE(options->listenAddress, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(options->port, quint16(8737));
    QVERIFY(!options->dataDir.isEmpty());
    QVERIFY(QDir::isAbsolutePath(options->dataDir));
    QCOMPARE(options->seedCustomers, 0);
    QVERIFY(!options->demoSeed);
    QVERIFY(!options->demoInteractions);
    QVERIFY(options->portFile.isEmpty());
    QCOMPARE(options->logLevel, LogLevel::Info);
    QVERIFY(options->database.isEmpty());
    QVERIFY(options->configFile.isEmpty());
    QCOMPARE(options->sessionDays, 14);
    QCOMPARE(options->databasePath(),
             QDir(options->dataDir).filePath(QStringLiteral("threadline-server.sqlite")));
    QVERIFY(!ServerOptions::version().isEmpty());
}

void TestServerOptions::everyOption()
{
    auto options = parse({QStringLiteral("--listen"), QStringLiteral("::1"), QStringLiteral("--port=0"),
                          QStringLiteral("--data-dir"), QStringLiteral("/tmp/x/../data"),
                          QStringLiteral("--seed-demo"), QStringLiteral("20"), QStringLiteral("--demo-seed"),
                          QStringLiteral("18446744073709551615"), QStringLiteral("--demo-interactions"),
                          QStringLiteral("0"), QStringLiteral("--port-file"), QStringLiteral("/tmp/port"),
                          QStringLiteral("--log-level"), QStringLiteral("debug")});
    QVERIFY2(options.ok(), options.ok() ? "" : qPrintable(options.error().message));
    QCOMPARE(options->listenAddress, QHostAddress(QHostAddress::LocalHostIPv6));
    QCOMPARE(options->port, quint16(0));
    QCOMPARE(options->dataDir, QStringLiteral("/tmp/data"));
    QCOMPARE(options->databasePath(), QStringLiteral("/tmp/data/threadline-server.sqlite"));
    QCOMPARE(options->seedCustomers, 20);
    QCOMPARE(options->demoSeed.value_or(0), std::numeric_limits<quint64>::max());
    QCOMPARE(options->demoInteractions.value_or(-1), 0);
    QCOMPARE(options->portFile, QStringLiteral("/tmp/port"));
    QCOMPARE(options->logLevel, LogLevel::Debug);

    QCOMPARE(parse({QStringLiteral("--log-level"), QStringLiteral("warning")})->logLevel, LogLevel::Warning);
    auto mail = parse({QStringLiteral("--maildir"), QStringLiteral("relative/mail"),
                       QStringLiteral("--mail-poll-seconds"), QStringLiteral("5")});
    QVERIFY(mail);
    QCOMPARE(mail->maildir, QDir(QStringLiteral("relative/mail")).absolutePath());
    QCOMPARE(mail->mailPollSeconds, 5);
    QCOMPARE(parse({})->maildir, QString());
    QCOMPARE(parse({})->mailPollSeconds, 30);
    // Beyond loopback only with TLS, or with an option that says it is insecure.
    QCOMPARE(
        parse({QStringLiteral("--listen"), QStringLiteral("0.0.0.0"), QStringLiteral("--insecure-no-tls")})
            ->listenAddress,
        QHostAddress(QHostAddress::AnyIPv4));
    auto secure = parse({QStringLiteral("--listen"), QStringLiteral("0.0.0.0"), QStringLiteral("--tls-cert"),
                         QStringLiteral("certs/server.pem"), QStringLiteral("--tls-key"),
                         QStringLiteral("certs/server.key")});
    QVERIFY(secure.ok());
    QCOMPARE(secure->tlsCertFile, QDir(QStringLiteral("certs/server.pem")).absolutePath());
    QCOMPARE(secure->tlsKeyFile, QDir(QStringLiteral("certs/server.key")).absolutePath());
    QVERIFY(!secure->insecureNoTls);
    QCOMPARE(parse({})->maxConnectionsPerAddress, 256);
    QCOMPARE(parse({QStringLiteral("--max-connections-per-address"), QStringLiteral("900")})
                 ->maxConnectionsPerAddress,
             900);

    QVERIFY(!parse({})->smtp);
    QTemporaryDir secrets;
    const QString passwordFile = secrets.filePath(QStringLiteral("smtp-password"));
    QVERIFY(writeFile(passwordFile, "first line is the password\r\nsecond line is not\n"));
    auto smtp
        = parse({QStringLiteral("--smtp-host"), QStringLiteral("smtp.caerwen.gov.uk"),
                 QStringLiteral("--mail-from"), QStringLiteral("\"Cyngor Caerwen\" <cyswllt@caerwen.gov.uk>"),
                 QStringLiteral("--smtp-user"), QStringLiteral("threadline"),
                 QStringLiteral("--smtp-password-file"), passwordFile, QStringLiteral("--smtp-retry-seconds"),
                 QStringLiteral("5"), QStringLiteral("--smtp-max-attempts"), QStringLiteral("2")});
    QVERIFY2(smtp.ok(), smtp.ok() ? "" : qPrintable(smtp.error().message));
    QVERIFY(smtp->smtp);
    QCOMPARE(smtp->smtp->host, QStringLiteral("smtp.caerwen.gov.uk"));
    QCOMPARE(smtp->smtp->port, quint16(587)); // starttls by default
    QCOMPARE(smtp->smtp->security, Email::MailSecurity::StartTls);
    QCOMPARE(smtp->smtp->user, QStringLiteral("threadline"));
    QCOMPARE(smtp->smtp->password, QStringLiteral("first line is the password"));
    QCOMPARE(smtp->mailFromName, QStringLiteral("Cyngor Caerwen"));
    QCOMPARE(smtp->mailFromAddress, QStringLiteral("cyswllt@caerwen.gov.uk"));
    QCOMPARE(smtp->smtpRetrySeconds, 5);
    QCOMPARE(smtp->smtpMaxAttempts, 2);
    auto tls = parse({QStringLiteral("--smtp-host"), QStringLiteral("smtp.caerwen.gov.uk"),
                      QStringLiteral("--mail-from"), QStringLiteral("cyswllt@caerwen.gov.uk"),
                      QStringLiteral("--smtp-security"), QStringLiteral("tls")});
    QVERIFY(tls.ok());
    QCOMPARE(tls->smtp->port, quint16(465));
    QCOMPARE(tls->mailFromName, QString());
    // Clear text is for a mail server on the same machine only.
    auto local = parse({QStringLiteral("--smtp-host"), QStringLiteral("localhost"),
                        QStringLiteral("--mail-from"), QStringLiteral("cyswllt@caerwen.gov.uk"),
                        QStringLiteral("--smtp-security"), QStringLiteral("none")});
    QVERIFY(local.ok());
    QCOMPARE(local->smtp->port, quint16(25));

    QVERIFY(!parse({})->chatPort);
    auto chat = parse({QStringLiteral("--chat-port"), QStringLiteral("8080"), QStringLiteral("--chat-listen"),
                       QStringLiteral("0.0.0.0"), QStringLiteral("--insecure-no-tls")});
    QVERIFY(chat.ok());
    QCOMPARE(chat->chatPort.value_or(0), quint16(8080));
    QCOMPARE(chat->chatAddress, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(chat->chatReassignSeconds, 60);
    QCOMPARE(chat->chatMessagesPerMinute, 20);
    QCOMPARE(chat->chatChatsPerAddress, 5);
    auto tuned = parse({QStringLiteral("--chat-port"), QStringLiteral("0"),
                        QStringLiteral("--chat-reassign-seconds"), QStringLiteral("5"),
                        QStringLiteral("--chat-messages-per-minute"), QStringLiteral("120"),
                        QStringLiteral("--chat-chats-per-address"), QStringLiteral("500")});
    QVERIFY(tuned.ok());
    QCOMPARE(tuned->chatReassignSeconds, 5);
    QCOMPARE(tuned->chatMessagesPerMinute, 120);
    QCOMPARE(tuned->chatChatsPerAddress, 500);
    QVERIFY(!parse({})->imap);
    auto imap = parse({QStringLiteral("--imap-host"), QStringLiteral("imap.caerwen.gov.uk"),
                       QStringLiteral("--imap-user"), QStringLiteral("council-tax"),
                       QStringLiteral("--imap-password-file"), passwordFile, QStringLiteral("--imap-folder"),
                       QStringLiteral("Ymholiadau")});
    QVERIFY2(imap.ok(), imap.ok() ? "" : qPrintable(imap.error().message));
    QCOMPARE(imap->imap->port, quint16(993)); // TLS by default
    QCOMPARE(imap->imap->security, Email::MailSecurity::Tls);
    QCOMPARE(imap->imap->password, QStringLiteral("first line is the password"));
    QCOMPARE(imap->imap->folder, QStringLiteral("Ymholiadau"));
    QCOMPARE(imap->imap->poll, std::chrono::seconds(60));
}

void TestServerOptions::helpAndVersion()
{
    auto help = parse({QStringLiteral("--help")});
    QVERIFY(help.ok());
    QCOMPARE(help->action, ServerOptions::Action::ShowHelp);
    for (const char *option : {"--listen", "--port", "--data-dir", "--seed-demo", "--demo-seed",
                               "--demo-interactions", "--port-file", "--log-level", "--version", "--config",
                               "--database", "--session-days", "user add"}) {
        QVERIFY2(help->helpText.contains(QLatin1StringView(option)), option);
    }
    QCOMPARE(parse({QStringLiteral("--version")})->action, ServerOptions::Action::ShowVersion);
}

void TestServerOptions::rejects_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown option") << QStringList {QStringLiteral("--bogus")} << QStringLiteral("bogus");
    QTest::newRow("host name") << QStringList {QStringLiteral("--listen"), QStringLiteral("example.org")}
                               << QStringLiteral("example.org");
    QTest::newRow("port too large") << QStringList {QStringLiteral("--port"), QStringLiteral("65536")}
                                    << QStringLiteral("65536");
    QTest::newRow("port negative") << QStringList {QStringLiteral("--port"), QStringLiteral("-1")}
                                   << QStringLiteral("-1");
    QTest::newRow("port text") << QStringList {QStringLiteral("--port"), QStringLiteral("http")}
                               << QStringLiteral("http");
    QTest::newRow("seed zero") << QStringList {QStringLiteral("--seed-demo"), QStringLiteral("0")}
                               << QStringLiteral("--seed-demo");
    QTest::newRow("seed text") << QStringList {QStringLiteral("--seed-demo"), QStringLiteral("many")}
                               << QStringLiteral("many");
    QTest::newRow("demo seed negative") << QStringList {QStringLiteral("--seed-demo"), QStringLiteral("5"),
                                                        QStringLiteral("--demo-seed"), QStringLiteral("-3")}
                                        << QStringLiteral("--demo-seed");
    QTest::newRow("demo interactions without seed")
        << QStringList {QStringLiteral("--demo-interactions"), QStringLiteral("5")}
        << QStringLiteral("--seed-demo");
    QTest::newRow("log level") << QStringList {QStringLiteral("--log-level"), QStringLiteral("trace")}
                               << QStringLiteral("trace");
    QTest::newRow("positional") << QStringList {QStringLiteral("extra")} << QStringLiteral("extra");
    QTest::newRow("empty data dir") << QStringList {QStringLiteral("--data-dir=")}
                                    << QStringLiteral("--data-dir");
    QTest::newRow("other URL") << QStringList {QStringLiteral("--database"), QStringLiteral("mysql://db/x")}
                               << QStringLiteral("mysql://db/x");
    QTest::newRow("URL without database")
        << QStringList {QStringLiteral("--database"), QStringLiteral("postgresql://db.example")}
        << QStringLiteral("--database");
    QTest::newRow("empty maildir") << QStringList {QStringLiteral("--maildir=")}
                                   << QStringLiteral("--maildir");
    QTest::newRow("mail poll zero") << QStringList {QStringLiteral("--mail-poll-seconds"),
                                                    QStringLiteral("0")}
                                    << QStringLiteral("--mail-poll-seconds");
    QTest::newRow("mail poll text") << QStringList {QStringLiteral("--mail-poll-seconds"),
                                                    QStringLiteral("often")}
                                    << QStringLiteral("often");
    const QStringList smtp
        = {QStringLiteral("--smtp-host"), QStringLiteral("smtp.caerwen.gov.uk"),
           QStringLiteral("--mail-from"), QStringLiteral("Cyngor Caerwen <cyswllt@caerwen.gov.uk>")};
    QTest::newRow("smtp without mail-from")
        << QStringList {QStringLiteral("--smtp-host"), QStringLiteral("mx.example")}
        << QStringLiteral("--mail-from");
    QTest::newRow("smtp port without host")
        << QStringList {QStringLiteral("--smtp-port"), QStringLiteral("25")} << QStringLiteral("--smtp-host");
    QTest::newRow("mail-from not an address")
        << QStringList {QStringLiteral("--smtp-host"), QStringLiteral("mx.example"),
                        QStringLiteral("--mail-from"), QStringLiteral("Council <council>")}
        << QStringLiteral("Council <council>");
    QTest::newRow("plaintext smtp to another machine")
        << smtp + QStringList {QStringLiteral("--smtp-security"), QStringLiteral("none")}
        << QStringLiteral("only allowed to a mail server on this machine");
    QTest::newRow("smtp security") << smtp
            + QStringList {QStringLiteral("--smtp-security"), QStringLiteral("ssl")}
                                   << QStringLiteral("ssl");
    QTest::newRow("smtp port") << smtp + QStringList {QStringLiteral("--smtp-port"), QStringLiteral("0")}
                               << QStringLiteral("--smtp-port");
    QTest::newRow("smtp password without user")
        << smtp + QStringList {QStringLiteral("--smtp-password-file"), QStringLiteral("/etc/hostname")}
        << QStringLiteral("--smtp-user");
    QTest::newRow("smtp password file missing") << smtp
            + QStringList {QStringLiteral("--smtp-user"), QStringLiteral("tl"),
                           QStringLiteral("--smtp-password-file"), QStringLiteral("/nonexistent/pw")}
                                                << QStringLiteral("/nonexistent/pw");
    const QStringList imap = {QStringLiteral("--imap-host"), QStringLiteral("imap.caerwen.gov.uk"),
                              QStringLiteral("--imap-user"), QStringLiteral("council-tax")};
    QTest::newRow("imap without user")
        << QStringList {QStringLiteral("--imap-host"), QStringLiteral("imap.example")}
        << QStringLiteral("--imap-user");
    QTest::newRow("imap without password") << imap << QStringLiteral("--imap-password-file");
    QTest::newRow("imap folder without host")
        << QStringList {QStringLiteral("--imap-folder"), QStringLiteral("Ymholiadau")}
        << QStringLiteral("--imap-host");
    QTest::newRow("plaintext imap to another machine")
        << imap + QStringList {QStringLiteral("--imap-security"), QStringLiteral("none")}
        << QStringLiteral("only allowed to a mail server on this machine");
    QTest::newRow("imap poll") << imap
            + QStringList {QStringLiteral("--imap-poll-seconds"), QStringLiteral("0")}
                               << QStringLiteral("--imap-poll-seconds");
    QTest::newRow("chat port") << QStringList {QStringLiteral("--chat-port"), QStringLiteral("http")}
                               << QStringLiteral("http");
    QTest::newRow("chat rate of nothing")
        << QStringList {QStringLiteral("--chat-port"), QStringLiteral("0"),
                        QStringLiteral("--chat-messages-per-minute"), QStringLiteral("0")}
        << QStringLiteral("--chat-messages-per-minute");
    QTest::newRow("chat reassign in words")
        << QStringList {QStringLiteral("--chat-port"), QStringLiteral("0"),
                        QStringLiteral("--chat-reassign-seconds"), QStringLiteral("soon")}
        << QStringLiteral("--chat-reassign-seconds");
    QTest::newRow("listening beyond loopback without TLS")
        << QStringList {QStringLiteral("--listen"), QStringLiteral("0.0.0.0")}
        << QStringLiteral("--tls-cert and --tls-key");
    QTest::newRow("web chat beyond loopback without TLS")
        << QStringList {QStringLiteral("--chat-port"), QStringLiteral("0"), QStringLiteral("--chat-listen"),
                        QStringLiteral("192.0.2.7")}
        << QStringLiteral("serving the web chat on 192.0.2.7 without TLS");
    QTest::newRow("certificate without key")
        << QStringList {QStringLiteral("--tls-cert"), QStringLiteral("server.pem")}
        << QStringLiteral("--tls-key");
    QTest::newRow("chat listen without port")
        << QStringList {QStringLiteral("--chat-listen"), QStringLiteral("0.0.0.0")}
        << QStringLiteral("--chat-port");
    QTest::newRow("smtp attempts") << QStringList {QStringLiteral("--smtp-max-attempts"), QStringLiteral("0")}
                                   << QStringLiteral("--smtp-max-attempts");
    QTest::newRow("session days") << QStringList {QStringLiteral("--session-days"), QStringLiteral("0")}
                                  << QStringLiteral("--session-days");
    QTest::newRow("missing config") << QStringList {QStringLiteral("--config"),
                                                    QStringLiteral("/nonexistent/x.ini")}
                                    << QStringLiteral("/nonexistent/x.ini");
}

void TestServerOptions::database()
{
    auto url = parse(
        {QStringLiteral("--database"), QStringLiteral("postgresql://tl:p%40ss@db.example:5433/threadline")});
    QVERIFY2(url.ok(), url.ok() ? "" : qPrintable(url.error().message));
    QCOMPARE(url->databasePath(), QStringLiteral("postgresql://tl:p%40ss@db.example:5433/threadline"));
    auto file = parse({QStringLiteral("--database"), QStringLiteral("/srv/tl/../db/server.sqlite")});
    QVERIFY(file.ok());
    QCOMPARE(file->databasePath(), QStringLiteral("/srv/db/server.sqlite"));
}

void TestServerOptions::configFile()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("server.ini"));
    QVERIFY(writeFile(config,
                      "# Threadline server\n"
                      "listen = 0.0.0.0\n"
                      "insecure_no_tls = true\n"
                      "port = 9000\n"
                      "data_dir = data\n"
                      "database = postgresql://tl:secret@db.example/threadline?sslmode=require\n"
                      "log_level = warning\n"
                      "session_days = 3\n"
                      "maildir = mail\n"
                      "smtp_host = smtp.caerwen.gov.uk\n"
                      "smtp_port = 2525\n"
                      "mail_from = \"Cyngor Caerwen <cyswllt@caerwen.gov.uk>\"\n"));
    auto options = parse({QStringLiteral("--config"), config});
    QVERIFY2(options.ok(), options.ok() ? "" : qPrintable(options.error().message));
    QCOMPARE(options->configFile, config);
    QCOMPARE(options->listenAddress, QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(options->port, quint16(9000));
    QCOMPARE(options->dataDir, dir.filePath(QStringLiteral("data"))); // relative to the file
    QCOMPARE(options->databasePath(),
             QStringLiteral("postgresql://tl:secret@db.example/threadline?sslmode=require"));
    QCOMPARE(options->logLevel, LogLevel::Warning);
    QCOMPARE(options->sessionDays, 3);
    QCOMPARE(options->maildir, dir.filePath(QStringLiteral("mail")));
    QVERIFY(options->smtp);
    QCOMPARE(options->smtp->port, quint16(2525));
    QCOMPARE(options->mailFromAddress, QStringLiteral("cyswllt@caerwen.gov.uk"));

    // A relative SQLite path in the file is relative to the file too.
    QVERIFY(writeFile(config, "database = db/server.sqlite\n"));
    options = parse({QStringLiteral("--config"), config});
    QVERIFY(options.ok());
    QCOMPARE(options->databasePath(), dir.filePath(QStringLiteral("db/server.sqlite")));
}

void TestServerOptions::commandLineWinsOverConfigFile()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("server.ini"));
    QVERIFY(writeFile(config, "port = 9000\nlog_level = warning\ndata_dir = /srv/from-file\n"));
    auto options
        = parse({QStringLiteral("--config"), config, QStringLiteral("--port"), QStringLiteral("9100"),
                 QStringLiteral("--data-dir"), QStringLiteral("/srv/from-command-line")});
    QVERIFY(options.ok());
    QCOMPARE(options->port, quint16(9100));
    QCOMPARE(options->dataDir, QStringLiteral("/srv/from-command-line"));
    QCOMPARE(options->logLevel, LogLevel::Warning); // not given on the command line
}

void TestServerOptions::configFileErrorsNameFileAndKey_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("port") << QByteArray("port = eighty\n") << QStringLiteral("port \"eighty\"");
    QTest::newRow("listen") << QByteArray("listen = example.org\n")
                            << QStringLiteral("listen \"example.org\"");
    QTest::newRow("log level") << QByteArray("log_level = loud\n") << QStringLiteral("log_level \"loud\"");
    QTest::newRow("session days") << QByteArray("session_days = -1\n") << QStringLiteral("session_days");
    QTest::newRow("unknown key") << QByteArray("prot = 9000\n") << QStringLiteral("\"prot\"");
    QTest::newRow("section") << QByteArray("[server]\nport = 9000\n") << QStringLiteral("server/port");
    QTest::newRow("database") << QByteArray("database = ftp://x/y\n") << QStringLiteral("database");
}

void TestServerOptions::configFileErrorsNameFileAndKey()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, mentions);
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("server.ini"));
    QVERIFY(writeFile(config, content));
    auto options = parse({QStringLiteral("--config"), config});
    QVERIFY(!options.ok());
    QCOMPARE(options.error().code, QStringLiteral("usage"));
    QVERIFY2(options.error().message.contains(config), qPrintable(options.error().message));
    QVERIFY2(options.error().message.contains(mentions), qPrintable(options.error().message));
}

void TestServerOptions::rejects()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    auto options = parse(arguments);
    QVERIFY(!options.ok());
    QCOMPARE(options.error().code, QStringLiteral("usage"));
    QVERIFY2(options.error().message.contains(mentions), qPrintable(options.error().message));
}

QTEST_GUILESS_MAIN(TestServerOptions)
#include "tst_server_options.moc"
