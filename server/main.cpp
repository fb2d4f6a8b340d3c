// SPDX-License-Identifier: GPL-3.0-or-later
// threadline-server: see Application.h. Exit codes: 0 after a clean stop (SIGTERM, SIGINT), 2 when
// the command line, config file, data directory, database or address cannot be used (one
// sentence on stderr). `threadline-server user ...` manages accounts instead (UserCommand.h).
#include "Application.h"
#include "Logging.h"
#include "ServerOptions.h"
#include "UnixSignalWatcher.h"
#include "UserCommand.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>

using namespace Threadline;
using namespace Threadline::Server;

namespace {

constexpr int exitFailure = 2;

void printLine(FILE *stream, const QString &text)
{
    const QByteArray bytes = (text % u'\n').toLocal8Bit();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stream);
    std::fflush(stream);
}

int reportError(const Error &error)
{
    QString message = error.message;
    if (!message.endsWith(u'.'))
        message += u'.';
    printLine(stderr, u"threadline-server: " % message);
    return exitFailure;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("threadline-server"));
    QCoreApplication::setApplicationVersion(ServerOptions::version());
    installLogPattern();

    if (UserCommand::matches(QCoreApplication::arguments()))
        return UserCommand::run(QCoreApplication::arguments());

    auto options = ServerOptions::parse(QCoreApplication::arguments());
    if (!options)
        return reportError(options.error());
    switch (options->action) {
    case ServerOptions::Action::ShowHelp:
        printLine(stdout, options->helpText.trimmed());
        return 0;
    case ServerOptions::Action::ShowVersion:
        printLine(stdout, u"threadline-server " % ServerOptions::version());
        return 0;
    case ServerOptions::Action::Run:
        break;
    }
    applyLogLevel(options->logLevel);

    // Before anything slow, so a signal during start-up or seeding is queued, not fatal.
    UnixSignalWatcher signalWatcher;
    if (Status watching = signalWatcher.watch({SIGTERM, SIGINT, SIGHUP}); !watching)
        return reportError(watching.error());

    Application server(std::move(options).value());
    int exitCode = 0;
    QObject::connect(
        &signalWatcher, &UnixSignalWatcher::signalReceived, &server, [&server](int signalNumber) {
            if (signalNumber == SIGHUP) {
                server.reloadTls();
                return;
            }
            qCInfo(lcServer).noquote() << "received" << (signalNumber == SIGTERM ? "SIGTERM" : "SIGINT");
            server.stop();
        });
    QObject::connect(&server, &Application::finished, &app, [&exitCode](const Status &status) {
        exitCode = status.ok() ? 0 : reportError(status.error());
        QCoreApplication::exit(exitCode);
    });
    if (Status started = server.start(); !started)
        return reportError(started.error());
    app.exec();
    return exitCode;
}
