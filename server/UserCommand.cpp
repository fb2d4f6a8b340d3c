// SPDX-License-Identifier: GPL-3.0-or-later
#include "UserCommand.h"

#include "Accounts.h"
#include "Database.h"
#include "Logging.h"
#include "ServerOptions.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace Threadline::Server {

namespace {

void say(QTextStream &stream, const QString &message)
{
    QString line = message;
    if (!line.endsWith(u'.') && !line.endsWith(u'?'))
        line += u'.';
    stream << QStringLiteral("threadline-server user: ") << line << QLatin1Char('\n');
    stream.flush();
}

/// One line from a terminal with echo off, after @p prompt on @p err.
std::optional<QString> askHidden(QTextStream &err, const QString &prompt)
{
    err << prompt;
    err.flush();
    termios saved {};
    const bool canHide = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (canHide) {
        termios hidden = saved;
        hidden.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden);
    }
    QByteArray line;
    for (;;) {
        const int c = std::fgetc(stdin);
        if (c == EOF || c == '\n')
            break;
        line.append(char(c));
    }
    if (canHide)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    err << QLatin1Char('\n');
    err.flush();
    if (line.isEmpty() && std::feof(stdin))
        return std::nullopt;
    if (line.endsWith('\r'))
        line.chop(1);
    return QString::fromLocal8Bit(line);
}

struct Password
{
    std::optional<QString> value;
    int exitCode = UserCommand::exitOk;
    QString problem;
};

Password readPassword(const UserCommand::Io &io, const QString &username)
{
    if (!io.terminal) {
        if (!io.input)
            return {std::nullopt, UserCommand::exitUsage,
                    QStringLiteral("there is no standard input to read the password from")};
        QByteArray line = io.input->readLine();
        if (line.isEmpty())
            return {std::nullopt, UserCommand::exitUsage,
                    QStringLiteral("standard input ended before a password")};
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        return {QString::fromUtf8(line), UserCommand::exitOk, {}};
    }
    const auto first = askHidden(*io.err, QStringLiteral("Password for %1: ").arg(username));
    if (!first)
        return {std::nullopt, UserCommand::exitUsage, QStringLiteral("no password was entered")};
    const auto second = askHidden(*io.err, QStringLiteral("The same password again: "));
    if (!second || *first != *second)
        return {std::nullopt, UserCommand::exitRefused,
                QStringLiteral("the two passwords differ; nothing was changed")};
    return {first, UserCommand::exitOk, {}};
}

/// Refusals (exit 1) versus everything else that went wrong (exit 2).
int exitCodeFor(const Error &error)
{
    static const QStringList refusals = {QStringLiteral("user_exists"), QStringLiteral("invalid_field"),
                                         QStringLiteral("weak_password"), QStringLiteral("not_found")};
    return refusals.contains(error.code) ? UserCommand::exitRefused : UserCommand::exitUsage;
}

} // namespace

bool UserCommand::matches(const QStringList &arguments)
{
    return arguments.size() >= 2 && arguments.at(1) == u"user";
}

int UserCommand::run(const QStringList &arguments)
{
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly))
        return exitUsage;
    QTextStream out(stdout);
    QTextStream err(stderr);
    return run(arguments, Io {&input, isatty(STDIN_FILENO) != 0, &out, &err});
}

int UserCommand::run(const QStringList &arguments, const Io &io)
{
    QTextStream &out = *io.out;
    QTextStream &err = *io.err;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Manage the agents who can log in to threadline-server.\n\n"
        "  user add NAME --team TEAM [--display-name TEXT]   add an agent with a password\n"
        "  user list                                          list the agents\n"
        "  user passwd NAME                                   set an agent's password\n"
        "  user disable NAME                                  stop an agent signing in; their "
        "connections close within seconds\n"
        "  user enable NAME                                   let a disabled agent sign in again\n\n"
        "The password is read from standard input (one line) when it is not a terminal, "
        "else asked for twice.\nExit codes: 0 done, 1 refused, 2 usage or setup error."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption teamOption(
        QStringLiteral("team"), QStringLiteral("The agent's team (user add)."), QStringLiteral("TEAM"));
    const QCommandLineOption displayNameOption(
        QStringLiteral("display-name"), QStringLiteral("The name clients show (user add; default NAME)."),
        QStringLiteral("TEXT"));
    // Passed on to ServerOptions, so they mean what they mean for the daemon.
    const QCommandLineOption shared[] = {
        {QStringLiteral("config"),
         QStringLiteral("Read settings from the INI file FILE, as the server does."), QStringLiteral("FILE")},
        {QStringLiteral("data-dir"), QStringLiteral("The server's data directory."), QStringLiteral("DIR")},
        {QStringLiteral("database"),
         QStringLiteral("The server's database (a postgresql:// URL or a SQLite file)."),
         QStringLiteral("URL")},
        {QStringLiteral("log-level"), QStringLiteral("debug, info or warning (default warning)."),
         QStringLiteral("LEVEL")},
    };
    parser.addOption(teamOption);
    parser.addOption(displayNameOption);
    for (const QCommandLineOption &option : shared)
        parser.addOption(option);
    parser.addPositionalArgument(QStringLiteral("user"),
                                 QStringLiteral("add, list, passwd, disable or enable, and a user name."),
                                 QStringLiteral("user add|list|passwd|disable|enable [NAME]"));

    if (!parser.parse(arguments)) {
        say(err, parser.errorText());
        return exitUsage;
    }
    if (parser.isSet(helpOption)) {
        out << parser.helpText();
        out.flush();
        return exitOk;
    }
    const QStringList words = parser.positionalArguments().mid(1); // after "user"
    const QString action = words.value(0);
    const qsizetype wantedWords = action == u"list" ? 1 : 2;
    const bool switching = action == u"disable" || action == u"enable";
    if (action != u"add" && action != u"list" && action != u"passwd" && !switching) {
        say(err,
            action.isEmpty()
                ? QStringLiteral("say add, list, passwd, disable or enable (see user --help)")
                : QStringLiteral("\"%1\" is not add, list, passwd, disable or enable (see user --help)")
                      .arg(action));
        return exitUsage;
    }
    if (words.size() != wantedWords) {
        say(err,
            words.size() < wantedWords
                ? QStringLiteral("user %1 needs a user name").arg(action)
                : QStringLiteral("unexpected argument \"%1\"").arg(words.value(wantedWords)));
        return exitUsage;
    }
    const QString username = words.value(1);
    if (action == u"add" && (!parser.isSet(teamOption) || parser.value(teamOption).trimmed().isEmpty())) {
        say(err, QStringLiteral("user add needs --team TEAM"));
        return exitUsage;
    }
    if (action != u"add" && (parser.isSet(teamOption) || parser.isSet(displayNameOption))) {
        say(err, QStringLiteral("--team and --display-name belong to user add"));
        return exitUsage;
    }

    QStringList serverArguments = {arguments.value(0)};
    for (const QCommandLineOption &option : shared) {
        if (parser.isSet(option))
            serverArguments << u"--" % option.names().constFirst() << parser.value(option);
    }
    auto options = ServerOptions::parse(serverArguments);
    if (!options) {
        say(err, options.error().message);
        return exitUsage;
    }
    applyLogLevel(parser.isSet(QStringLiteral("log-level")) ? options->logLevel : LogLevel::Warning);
    if (options->database.isEmpty() && !QDir().mkpath(options->dataDir)) {
        say(err, QStringLiteral("cannot create the data directory %1").arg(options->dataDir));
        return exitUsage;
    }

    // Ask for the password before opening the database, so nobody waits on a prompt while the
    // database is open.
    QString password;
    if (action == u"add" || action == u"passwd") {
        Password read = readPassword(io, username);
        if (!read.value) {
            say(err, read.problem);
            return read.exitCode;
        }
        password = *read.value;
    }

    auto database = Database::open(options->databasePath());
    if (!database) {
        say(err, database.error().message);
        return exitUsage;
    }
    Accounts accounts(**database);

    if (action == u"add") {
        auto agent
            = accounts.addUser(username, parser.value(displayNameOption), parser.value(teamOption), password);
        if (!agent) {
            say(err, agent.error().message);
            return exitCodeFor(agent.error());
        }
        out << QStringLiteral("Added %1 (%2, team %3, id %4).\n")
                   .arg(agent->username, agent->displayName, agent->team,
                        agent->id.toString(QUuid::WithoutBraces));
        out.flush();
        return exitOk;
    }
    if (switching) {
        const bool disable = action == u"disable";
        if (Status set = accounts.setDisabled(username, disable); !set) {
            say(err, set.error().message);
            return exitCodeFor(set.error());
        }
        out << (disable ? QStringLiteral("Disabled %1: they cannot sign in, and their sessions have ended.\n")
                        : QStringLiteral("Enabled %1: they can sign in again.\n"))
                   .arg(username);
        out.flush();
        return exitOk;
    }
    if (action == u"passwd") {
        if (Status set = accounts.setPassword(username, password); !set) {
            say(err, set.error().message);
            return exitCodeFor(set.error());
        }
        out << QStringLiteral("Set the password of %1; their sessions have ended.\n").arg(username);
        out.flush();
        return exitOk;
    }

    auto users = accounts.users();
    if (!users) {
        say(err, users.error().message);
        return exitUsage;
    }
    qsizetype nameWidth = 8;
    qsizetype displayWidth = 12;
    for (const Agent &agent : std::as_const(*users)) {
        nameWidth = std::max(nameWidth, agent.username.size());
        displayWidth = std::max(displayWidth, agent.displayName.size());
    }
    // QTextStream has no operator<< for char16_t strings: name every piece a QString.
    const QString gap = QStringLiteral("  ");
    out << QStringLiteral("USERNAME").leftJustified(nameWidth) << gap
        << QStringLiteral("DISPLAY NAME").leftJustified(displayWidth) << gap << QStringLiteral("TEAM\n");
    for (const Agent &agent : std::as_const(*users)) {
        out << agent.username.leftJustified(nameWidth) << gap << agent.displayName.leftJustified(displayWidth)
            << gap << agent.team << QLatin1Char('\n');
    }
    out.flush();
    return exitOk;
}

} // namespace Threadline::Server
