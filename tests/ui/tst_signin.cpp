// SPDX-License-Identifier: GPL-3.0-or-later
// Signing in against the real threadline-server (started on a free loopback port with demo data
// and one agent): a password signs in and its session token is kept, the next start resumes with
// the token and never asks, a wrong password brings up the dialog with the server's reason and
// the agent can fix it from the keyboard, a token the server no longer knows is forgotten, and
// working offline with no saved session waits instead of asking.

#include "Cache.h"
#include "CustomerRepository.h"
#include "LoginDialog.h"
#include "ServerProcess.h"
#include "SignInController.h"
#include "SyncEngine.h"
#include "TokenStore.h"

#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

using namespace Threadline;
using Sync::SyncStateKind;
using Testing::ServerProcess;

namespace {

const QString agent = QStringLiteral("eleri");
const QString agentPassword = QStringLiteral("pont-y-cwrt-2026");

/// One client start: a cache, a token store over a file, an engine and the sign-in controller.
struct Client
{
    std::unique_ptr<Store::Cache> cache;
    std::unique_ptr<Sync::TokenStore> tokens;
    std::unique_ptr<Sync::SyncEngine> engine;
    QWidget window;
    std::unique_ptr<Ui::SignInController> signIn;

    Client(const QString &cachePath, const QString &tokenFile, const QUrl &server, const QString &username,
           const QString &password, bool offline = false)
    {
        auto opened = Store::Cache::open({cachePath, Store::CacheOptions::IntegrityCheck::Auto});
        if (!opened)
            return;
        cache = std::move(*opened);
        tokens = std::make_unique<Sync::TokenStore>(
            Sync::TokenStore::Options {Sync::TokenStore::Backend::File, tokenFile});
        Sync::SyncEngine::Options options;
        options.server = server;
        options.initialBackoff = std::chrono::milliseconds(100);
        engine = std::make_unique<Sync::SyncEngine>(cache->writer(), cache->path(), options);
        engine->setWorkOffline(offline);
        signIn = std::make_unique<Ui::SignInController>(
            *engine, *tokens, &window, Ui::SignInController::Options {server, username, password});
    }
    ~Client()
    {
        signIn.reset();
        engine.reset();
    }

    Ui::LoginDialog *visibleDialog() const
    {
        Ui::LoginDialog *dialog = signIn->dialog();
        return dialog && dialog->isVisible() ? dialog : nullptr;
    }
};

QString savedToken(const QString &tokenFile, const QUrl &server, const QString &username)
{
    Sync::TokenStore store({Sync::TokenStore::Backend::File, tokenFile});
    QSignalSpy read(&store, &Sync::TokenStore::readFinished);
    store.read(server, username);
    if (!read.wait(10000))
        return QStringLiteral("<no answer>");
    return read.first().at(2).toString();
}

} // namespace

class TestSignIn : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    int m_clients = 0;

    QString tokenFile() const { return m_dir.filePath(QStringLiteral("session-tokens.json")); }
    QString nextCache() { return m_dir.filePath(QStringLiteral("cache-%1.sqlite").arg(++m_clients)); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        ServerProcess::Options options;
        options.binary = QStringLiteral(THREADLINE_SERVER_BINARY);
        options.dataDir = m_dir.filePath(QStringLiteral("server"));
        options.extra = {QStringLiteral("--seed-demo"), QStringLiteral("30")};
        m_server = std::make_unique<ServerProcess>(options);
        const QString failed = m_server->addUser(agent, QStringLiteral("Contact centre"), agentPassword);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QVERIFY(m_server->start());
    }

    void cleanupTestCase()
    {
        if (m_server)
            QVERIFY(m_server->stop());
    }

    void passwordSignsInAndTheNextStartResumes()
    {
        QFile::remove(tokenFile());
        {
            Client client(nextCache(), tokenFile(), m_server->url(), agent, agentPassword);
            QVERIFY(client.cache);
            client.signIn->begin();
            QTRY_COMPARE_WITH_TIMEOUT(Sync::toString(client.engine->state()),
                                      Sync::toString(SyncStateKind::Live), 60000);
            QVERIFY(!client.signIn->dialog()); // never asked
            QTRY_VERIFY(!savedToken(tokenFile(), m_server->url(), agent).isEmpty());
            auto reader = client.cache->openReader();
            QVERIFY(reader);
            auto customers = Store::CustomerRepository(*reader).count();
            QVERIFY(customers && *customers > 0); // the demo data came by sync
        }
        // The next start knows only the username (the last one used, from the settings).
        Client next(nextCache(), tokenFile(), m_server->url(), QString(), QString());
        QCOMPARE(next.signIn->username(), agent);
        next.signIn->begin();
        QTRY_COMPARE_WITH_TIMEOUT(Sync::toString(next.engine->state()), Sync::toString(SyncStateKind::Live),
                                  60000);
        QVERIFY(!next.signIn->dialog());
        QVERIFY(!next.engine->status().agentName.isEmpty());
    }

    void wrongPasswordAsksWithTheReasonAndTheKeyboardFixesIt()
    {
        QFile::remove(tokenFile());
        Client client(nextCache(), tokenFile(), m_server->url(), agent, QStringLiteral("not-the-password"));
        client.window.show();
        client.signIn->begin();
        QTRY_VERIFY_WITH_TIMEOUT(client.visibleDialog(), 60000);
        Ui::LoginDialog *dialog = client.visibleDialog();
        QVERIFY(!dialog->error().isEmpty());
        QCOMPARE(dialog->username(), agent);
        QCOMPARE(Sync::toString(client.engine->state()), Sync::toString(SyncStateKind::Offline));

        QLineEdit *password = nullptr;
        const QList<QLineEdit *> fields = dialog->findChildren<QLineEdit *>();
        for (QLineEdit *field : fields) {
            if (field->accessibleName() == QStringLiteral("Password"))
                password = field;
        }
        QTRY_VERIFY(password && password->hasFocus()); // the cursor waits in the password field
        QVERIFY(password && password->echoMode() == QLineEdit::Password);
        QTest::keyClicks(password, agentPassword);
        QTest::keyClick(password, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(Sync::toString(client.engine->state()), Sync::toString(SyncStateKind::Live),
                                  60000);
        QTRY_VERIFY(!client.visibleDialog()); // closed once signed in
        QTRY_VERIFY(!savedToken(tokenFile(), m_server->url(), agent).isEmpty());
    }

    void tokenTheServerDoesNotKnowIsForgotten()
    {
        QFile::remove(tokenFile());
        {
            Sync::TokenStore store({Sync::TokenStore::Backend::File, tokenFile()});
            QSignalSpy written(&store, &Sync::TokenStore::writeFinished);
            store.write(m_server->url(), agent, QStringLiteral("AAAAbm90LWEtcmVhbC10b2tlbg"));
            QVERIFY(written.wait(10000));
        }
        Client client(nextCache(), tokenFile(), m_server->url(), agent, QString());
        client.window.show();
        client.signIn->begin();
        QTRY_VERIFY_WITH_TIMEOUT(client.visibleDialog(), 60000);
        QVERIFY(!client.visibleDialog()->error().isEmpty());
        QTRY_COMPARE(savedToken(tokenFile(), m_server->url(), agent), QString());
    }

    void offlineWithoutSessionWaitsThenAsksWhenGoingOnline()
    {
        QFile::remove(tokenFile());
        Client client(nextCache(), tokenFile(), m_server->url(), agent, QString(), true);
        client.window.show();
        QSignalSpy read(client.tokens.get(), &Sync::TokenStore::readFinished);
        client.signIn->begin();
        QVERIFY(read.wait(10000));
        QVERIFY(!client.signIn->dialog()); // offline: no question yet
        QCOMPARE(Sync::toString(client.engine->state()), Sync::toString(SyncStateKind::Offline));
        client.signIn->setWorkOffline(false);
        QTRY_VERIFY_WITH_TIMEOUT(client.visibleDialog(), 10000);

        // Cancelling means working offline for now.
        QSignalSpy offline(client.signIn.get(), &Ui::SignInController::workOfflineRequested);
        QTest::keyClick(client.visibleDialog(), Qt::Key_Escape);
        QCOMPARE(offline.count(), 1);
    }
};

QTEST_MAIN(TestSignIn)
#include "tst_signin.moc"
