// SPDX-License-Identifier: GPL-3.0-or-later
// threadline-mail-bench: measures the email channel's intake and prints numbers. Not a test:
// nothing here passes or fails on a timing.
//
//   threadline-mail-bench [--messages 3000] [--runs 3] [--scenario all|maildir|imap]
//
// A set of realistic messages (a fifth of them from returning senders, a third replies to
// earlier ones, a tenth with an attachment, Welsh and English subjects as encoded words) is
// filed into an empty SQLite server database, the way threadline-server files it:
// maildir: written into a Maildir's new/ and taken by MaildirSource (a few hundred per
//   event-loop turn, each message parsed with GMime and filed in its own transaction);
// imap: delivered into a Dovecot mailbox (a real Dovecot started here on loopback, the same as
//   the tests use) and fetched by ImapSource over IMAP (libetpan, batches of 50).
// Each figure is the median of --runs runs (a fresh database each), with the fastest and
// slowest run.

#include "Database.h"
#include "ImapServer.h"
#include "ImapSource.h"
#include "MailIntake.h"
#include "MaildirSource.h"
#include "SyncStore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>
#include <vector>

using namespace Threadline;
using namespace Threadline::Server;

namespace {

void row(const QString &scenario, const QString &metric, const QString &value, const QString &unit)
{
    std::printf("%-9s %-44s %22s %s\n", qPrintable(scenario), qPrintable(metric), qPrintable(value),
                qPrintable(unit));
    std::fflush(stdout);
}

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "threadline-mail-bench: %s\n", qPrintable(message));
    std::exit(1);
}

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    return true;
}

/// "median (min .. max)" of @p values.
QString spread(std::vector<double> values, int decimals)
{
    std::sort(values.begin(), values.end());
    const double median = values[values.size() / 2];
    return QStringLiteral("%1 (%2 .. %3)")
        .arg(median, 0, 'f', decimals)
        .arg(values.front(), 0, 'f', decimals)
        .arg(values.back(), 0, 'f', decimals);
}

QList<QByteArray> makeMessages(int count)
{
    static const char *subjects[]
        = {"=?UTF-8?Q?Treth_gyngor_=E2=80=94_gostyngiad?=", "Missed bin collection",
           "=?UTF-8?Q?Cais_am_le_parcio_i_bobl_anabl_=C5=B5?=", "Housing repair: damp",
           "Question about my council tax bill"};
    QRandomGenerator random(20261207);
    QList<QByteArray> out;
    const int senders = std::max(1, count / 5);
    for (int n = 0; n < count; ++n) {
        const int sender = int(random.bounded(senders));
        QByteArray m = "From: =?UTF-8?Q?Cwsmer_" + QByteArray::number(sender) + "?= <citizen"
            + QByteArray::number(sender) + "@example.org>\r\nTo: contact@caerwen.gov.uk\r\nSubject: "
            + subjects[n % 5] + "\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\nMessage-ID: <bench-"
            + QByteArray::number(n) + "@example.org>\r\n";
        if (n > 0 && n % 3 == 0)
            m += "In-Reply-To: <bench-" + QByteArray::number(random.bounded(n)) + "@example.org>\r\n";
        const QByteArray text
            = "Bore da,\r\n\r\nRwy'n ysgrifennu ynglyn a fy nghyfrif. I am writing about my account "
              "number "
            + QByteArray::number(100000 + n) + ".\r\n\r\nDiolch\r\n";
        if (n % 10 == 0) {
            m += "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
                 "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
                + text
                + "--b\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; "
                  "filename=\"photo.jpg\"\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n"
                + QByteArray(20'000, 'x').toBase64() + "\r\n--b--\r\n";
        } else {
            m += "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + text;
        }
        out.append(m);
    }
    return out;
}

struct Server
{
    QTemporaryDir dir;
    std::unique_ptr<Database> database;
    std::unique_ptr<SyncStore> store;
    std::unique_ptr<Email::MailIntake> intake;

    Server()
    {
        auto db = Database::open(dir.filePath(QStringLiteral("server.sqlite")));
        if (!db)
            fail(db.error().message);
        database = std::move(*db);
        store = std::make_unique<SyncStore>(*database);
        intake = std::make_unique<Email::MailIntake>(*database, *store);
    }
    qint64 interactions()
    {
        QSqlQuery q(database->connection());
        q.exec(QStringLiteral("SELECT count(*) FROM interactions"));
        return q.next() ? q.value(0).toLongLong() : -1;
    }
};

double runMaildir(const QList<QByteArray> &messages)
{
    Server server;
    QTemporaryDir maildir;
    for (const char *sub : {"new", "cur", "tmp"})
        QDir(maildir.path()).mkdir(QLatin1String(sub));
    for (int n = 0; n < messages.size(); ++n) {
        QFile file(
            QDir(maildir.path()).filePath(QStringLiteral("new/%1.bench").arg(n, 6, 10, QLatin1Char('0'))));
        if (!file.open(QIODevice::WriteOnly) || file.write(messages[n]) != messages[n].size())
            fail(QStringLiteral("cannot write the Maildir"));
    }
    Email::MaildirSource source(maildir.path(), *server.intake, std::chrono::seconds(3600));
    QElapsedTimer clock;
    clock.start();
    if (Status started = source.start(); !started)
        fail(started.error().message);
    if (!waitFor([&] { return server.interactions() >= messages.size(); }, 600'000))
        fail(QStringLiteral("the Maildir was not filed in time"));
    return messages.size() / (clock.nsecsElapsed() / 1e9);
}

double runImap(Testing::ImapServer &imap, const QString &password, const QList<QByteArray> &messages)
{
    Server server;
    Email::ImapSettings settings;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = imap.port();
    settings.security = Email::MailSecurity::None;
    settings.user = QString::fromLatin1(Testing::ImapServer::user);
    settings.password = password;
    settings.poll = std::chrono::seconds(600);
    Email::ImapSource source(settings, *server.intake, *server.database);
    QElapsedTimer clock;
    clock.start();
    if (Status started = source.start(); !started)
        fail(started.error().message);
    if (!waitFor([&] { return server.interactions() >= messages.size(); }, 600'000))
        fail(QStringLiteral("the IMAP mailbox was not filed in time"));
    return messages.size() / (clock.nsecsElapsed() / 1e9);
}

/// Puts @p messages into the Dovecot mailbox: the first through dovecot-lda (which makes the
/// mailbox), the rest written into its Maildir as the LDA would, owned by the mail user.
void fillMailbox(Testing::ImapServer &imap, const QString &dir, const QList<QByteArray> &messages)
{
    if (!imap.deliver(messages.first()))
        fail(QStringLiteral("dovecot-lda failed"));
    const QString fresh = QDir(dir).filePath(QStringLiteral("home/council/Maildir/new"));
    uid_t uid = ::geteuid();
    gid_t gid = ::getegid();
    if (uid == 0) {
        if (const passwd *pw = ::getpwnam("dovecot")) {
            uid = pw->pw_uid;
            gid = pw->pw_gid;
        }
    }
    for (int n = 1; n < messages.size(); ++n) {
        const QString path = QDir(fresh).filePath(
            QStringLiteral("17000%1.M%2P1.bench").arg(n, 5, 10, QLatin1Char('0')).arg(n));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(messages[n]) != messages[n].size())
            fail(QStringLiteral("cannot write into the Dovecot mailbox"));
        file.close();
        if (::chown(QFile::encodeName(path).constData(), uid, gid) != 0)
            fail(QStringLiteral("cannot hand a message to the mail user"));
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption messagesOption(QStringLiteral("messages"), QStringLiteral("Messages per run."),
                                            QStringLiteral("N"), QStringLiteral("3000"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs per scenario."),
                                        QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption scenarioOption(QStringLiteral("scenario"),
                                            QStringLiteral("all, maildir or imap."), QStringLiteral("NAME"),
                                            QStringLiteral("all"));
    parser.addOptions({messagesOption, runsOption, scenarioOption});
    parser.process(app);
    const int count = std::max(1, parser.value(messagesOption).toInt());
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const QString scenario = parser.value(scenarioOption);
    if (scenario != u"all" && scenario != u"maildir" && scenario != u"imap")
        fail(QStringLiteral("--scenario is all, maildir or imap"));

    const QList<QByteArray> messages = makeMessages(count);
    qint64 bytes = 0;
    for (const QByteArray &m : messages)
        bytes += m.size();
    std::printf("Threadline mail benchmark: %d messages (%.1f MiB), %d runs, SQLite\n", count,
                bytes / 1048576.0, runs);
    row(QStringLiteral("scenario"), QStringLiteral("metric"), QStringLiteral("median (min .. max)"),
        QStringLiteral("unit"));

    if (scenario != u"imap") {
        std::vector<double> rates;
        for (int r = 0; r < runs; ++r)
            rates.push_back(runMaildir(messages));
        row(QStringLiteral("maildir"), QStringLiteral("messages filed from new/ to the feed"),
            spread(rates, 0), QStringLiteral("msg/s"));
    }
    if (scenario != u"maildir") {
        QTemporaryDir dir;
        Testing::ImapServer imap(dir.filePath(QStringLiteral("dovecot")));
        if (!imap.start())
            fail(QStringLiteral("Dovecot did not start (is dovecot-imapd installed?)"));
        fillMailbox(imap, dir.filePath(QStringLiteral("dovecot")), messages);
        std::vector<double> rates;
        for (int r = 0; r < runs; ++r)
            rates.push_back(runImap(imap, QString::fromLatin1(Testing::ImapServer::password), messages));
        row(QStringLiteral("imap"), QStringLiteral("messages fetched over IMAP and filed"), spread(rates, 0),
            QStringLiteral("msg/s"));
    }
    return 0;
}
