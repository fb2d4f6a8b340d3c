// SPDX-License-Identifier: GPL-3.0-or-later
// The session token store: tokens round-trip per (server, username) through the owner-only
// file, a damaged file is reported and replaced, and a keychain that cannot be reached (no
// session bus) falls back to the file and says where the tokens went.

#include "TokenStore.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Threadline;
using Sync::TokenStore;

namespace {

const QUrl server(QStringLiteral("ws://127.0.0.1:8737"));
const QUrl otherServer(QStringLiteral("ws://contact.example.org:8737"));

/// The file's permission bits, as ls shows them (-1 when it cannot be read).
int fileMode(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

/// Runs one operation and waits for its answer; returns the signal's arguments.
template<typename Signal, typename Call>
QList<QVariant> answer(TokenStore &store, Signal signal, Call call)
{
    QSignalSpy spy(&store, signal);
    call();
    if (!spy.wait(20000))
        return {};
    return spy.takeFirst();
}

QString readToken(TokenStore &store, const QUrl &url, const QString &user, Status *status = nullptr)
{
    const QList<QVariant> args = answer(store, &TokenStore::readFinished, [&] { store.read(url, user); });
    if (args.size() != 4)
        return QStringLiteral("<no answer>");
    if (status)
        *status = args.at(3).value<Status>();
    return args.at(2).toString();
}

Status writeToken(TokenStore &store, const QUrl &url, const QString &user, const QString &token)
{
    const QList<QVariant> args
        = answer(store, &TokenStore::writeFinished, [&] { store.write(url, user, token); });
    return args.size() == 3 ? args.at(2).value<Status>() : Status(Error {QStringLiteral("no_answer"), {}});
}

Status removeToken(TokenStore &store, const QUrl &url, const QString &user)
{
    const QList<QVariant> args = answer(store, &TokenStore::removeFinished, [&] { store.remove(url, user); });
    return args.size() == 3 ? args.at(2).value<Status>() : Status(Error {QStringLiteral("no_answer"), {}});
}

} // namespace

class TestTokenStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // No session bus, no display to autolaunch one: the keychain cannot be reached.
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qunsetenv("DISPLAY");
        qunsetenv("WAYLAND_DISPLAY");
        qputenv("XDG_RUNTIME_DIR", m_runtime.path().toLocal8Bit());
    }

    void fileKeepsTokensPerServerAndUser()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("config/session-tokens.json"));
        TokenStore store({TokenStore::Backend::File, path});
        QCOMPARE(store.backend(), TokenStore::Backend::File);
        QVERIFY(store.location().contains(path));

        QCOMPARE(readToken(store, server, QStringLiteral("demo")), QString()); // nothing saved yet
        QVERIFY(writeToken(store, server, QStringLiteral("demo"), QStringLiteral("token-a")));
        QVERIFY(writeToken(store, server, QStringLiteral("eleri"), QStringLiteral("token-b")));
        QVERIFY(writeToken(store, otherServer, QStringLiteral("demo"), QStringLiteral("token-c")));
        QCOMPARE(fileMode(path), 0600);

        Status status;
        QCOMPARE(readToken(store, server, QStringLiteral("demo"), &status), QStringLiteral("token-a"));
        QVERIFY(status);
        QCOMPARE(readToken(store, server, QStringLiteral("eleri")), QStringLiteral("token-b"));
        QCOMPARE(readToken(store, otherServer, QStringLiteral("demo")), QStringLiteral("token-c"));
        // A trailing slash is the same server.
        QCOMPARE(readToken(store, QUrl(QStringLiteral("ws://127.0.0.1:8737/")), QStringLiteral("demo")),
                 QStringLiteral("token-a"));

        // Replacing, then removing (twice: removing what is gone is not an error).
        QVERIFY(writeToken(store, server, QStringLiteral("demo"), QStringLiteral("token-a2")));
        QCOMPARE(readToken(store, server, QStringLiteral("demo")), QStringLiteral("token-a2"));
        QVERIFY(removeToken(store, server, QStringLiteral("demo")));
        QVERIFY(removeToken(store, server, QStringLiteral("demo")));
        QCOMPARE(readToken(store, server, QStringLiteral("demo")), QString());
        QCOMPARE(readToken(store, server, QStringLiteral("eleri")), QStringLiteral("token-b"));

        // Another store over the same file (the next start) sees what is left.
        TokenStore again({TokenStore::Backend::File, path});
        QCOMPARE(readToken(again, otherServer, QStringLiteral("demo")), QStringLiteral("token-c"));
        QCOMPARE(fileMode(path), 0600);
    }

    void widePermissionsAreNarrowedOnWrite()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("session-tokens.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{}");
        file.close();
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                    | QFileDevice::ReadOther));
        TokenStore store({TokenStore::Backend::File, path});
        QVERIFY(writeToken(store, server, QStringLiteral("demo"), QStringLiteral("token-a")));
        QCOMPARE(fileMode(path), 0600);
    }

    void damagedFileIsReportedThenReplaced()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("session-tokens.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\x00\xff not json {", 14);
        file.close();

        TokenStore store({TokenStore::Backend::File, path});
        Status status;
        QCOMPARE(readToken(store, server, QStringLiteral("demo"), &status), QString());
        QVERIFY(!status);
        QCOMPARE(status.error().code, QStringLiteral("token_file_unreadable"));
        QVERIFY(status.error().message.contains(path));

        QVERIFY(writeToken(store, server, QStringLiteral("demo"), QStringLiteral("token-a")));
        QCOMPARE(readToken(store, server, QStringLiteral("demo"), &status), QStringLiteral("token-a"));
        QVERIFY(status);
    }

    void unwritableFolderIsAnError()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("not-a-folder")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        TokenStore store(
            {TokenStore::Backend::File, dir.filePath(QStringLiteral("not-a-folder/tokens.json"))});
        const Status status = writeToken(store, server, QStringLiteral("demo"), QStringLiteral("token-a"));
        QVERIFY(!status);
        QCOMPARE(status.error().code, QStringLiteral("token_file_unwritable"));
    }

    void unreachableKeychainFallsBackToTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("session-tokens.json"));
        TokenStore store({TokenStore::Backend::Keychain, path});
        QCOMPARE(store.backend(), TokenStore::Backend::Keychain);
        QVERIFY(store.location().contains(QStringLiteral("keychain")));
        QSignalSpy switched(&store, &TokenStore::backendChanged);

        QVERIFY(writeToken(store, server, QStringLiteral("demo"), QStringLiteral("token-a")));
        QCOMPARE(switched.count(), 1);
        QCOMPARE(store.backend(), TokenStore::Backend::File);
        QVERIFY(switched.first().at(1).toString().contains(path));
        QVERIFY(store.location().contains(path));
        QVERIFY(QFile::exists(path));
        QCOMPARE(readToken(store, server, QStringLiteral("demo")), QStringLiteral("token-a"));

        // The next start tries the keychain again, fails the same way, and finds the token.
        TokenStore next({TokenStore::Backend::Keychain, path});
        QCOMPARE(readToken(next, server, QStringLiteral("demo")), QStringLiteral("token-a"));
        QCOMPARE(next.backend(), TokenStore::Backend::File);
    }

private:
    QTemporaryDir m_runtime;
};

QTEST_GUILESS_MAIN(TestTokenStore)
#include "tst_tokenstore.moc"
