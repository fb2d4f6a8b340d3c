// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServerOptions.h"

#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>

#include <limits>

namespace Threadline::Server {

namespace {

Error usage(const QString &message)
{
    return Error {QStringLiteral("usage"), message};
}

} // namespace

QString ServerOptions::version()
{
    return QStringLiteral(THREADLINE_VERSION);
}

QString ServerOptions::databasePath() const
{
    return QDir(dataDir).filePath(QStringLiteral("threadline-server.sqlite"));
}

Result<ServerOptions> ServerOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Threadline server: keeps the authoritative customer records that Threadline "
                       "desktop clients will sync with over WebSockets."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption listenOption(QStringLiteral("listen"),
                                          QStringLiteral("IP address to listen on (default 127.0.0.1)."),
                                          QStringLiteral("ADDR"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption portOption(
        QStringLiteral("port"),
        QStringLiteral("TCP port to listen on; 0 picks a free one (default %1).").arg(defaultPort),
        QStringLiteral("N"), QString::number(defaultPort));
    const QCommandLineOption dataDirOption(
        QStringLiteral("data-dir"),
        QStringLiteral("Directory for the database; created if missing "
                       "(default %1).")
            .arg(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)),
        QStringLiteral("DIR"));
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
        QStringLiteral("LEVEL"), QStringLiteral("info"));
    parser.addOptions({listenOption, portOption, dataDirOption, seedOption, demoSeedOption,
                       demoInteractionsOption, portFileOption, logLevelOption});

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

    const QString address = parser.value(listenOption).trimmed();
    if (!options.listenAddress.setAddress(address)) {
        return usage(
            QStringLiteral("--listen \"%1\" is not an IP address; use e.g. 127.0.0.1, 0.0.0.0 or ::1.")
                .arg(address));
    }

    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > std::numeric_limits<quint16>::max()) {
        return usage(QStringLiteral("--port \"%1\" is not a port number from 0 to 65535.")
                         .arg(parser.value(portOption)));
    }
    options.port = static_cast<quint16>(port);

    if (parser.isSet(dataDirOption)) {
        options.dataDir = parser.value(dataDirOption);
        if (options.dataDir.isEmpty())
            return usage(QStringLiteral("--data-dir must not be empty."));
    } else {
        options.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        if (options.dataDir.isEmpty())
            return usage(QStringLiteral("there is no default data directory here; pass --data-dir."));
    }
    options.dataDir = QDir::cleanPath(QDir(options.dataDir).absolutePath());

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

    const QString level = parser.value(logLevelOption);
    if (level == u"debug") {
        options.logLevel = LogLevel::Debug;
    } else if (level == u"info") {
        options.logLevel = LogLevel::Info;
    } else if (level == u"warning") {
        options.logLevel = LogLevel::Warning;
    } else {
        return usage(QStringLiteral("--log-level \"%1\" is not one of debug, info or warning.").arg(level));
    }
    return options;
}

} // namespace Threadline::Server
