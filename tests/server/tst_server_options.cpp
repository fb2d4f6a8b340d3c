// SPDX-License-Identifier: GPL-3.0-or-later
// Unit tests of threadline-server's command line.
#include "ServerOptions.h"

#include <QDir>
#include <QTest>

using namespace Threadline;
using namespace Threadline::Server;

namespace {

Result<ServerOptions> parse(QStringList arguments)
{
    arguments.prepend(QStringLiteral("threadline-server"));
    return ServerOptions::parse(arguments);
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
    QCOMPARE(parse({QStringLiteral("--listen"), QStringLiteral("0.0.0.0")})->listenAddress,
             QHostAddress(QHostAddress::AnyIPv4));
}

void TestServerOptions::helpAndVersion()
{
    auto help = parse({QStringLiteral("--help")});
    QVERIFY(help.ok());
    QCOMPARE(help->action, ServerOptions::Action::ShowHelp);
    for (const char *option : {"--listen", "--port", "--data-dir", "--seed-demo", "--demo-seed",
                               "--demo-interactions", "--port-file", "--log-level", "--version"}) {
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
