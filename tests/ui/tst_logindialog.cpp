// SPDX-License-Identifier: GPL-3.0-or-later
// The sign-in dialog from the keyboard: the cursor starts where typing is needed, Enter signs
// in (and the dialog stays, busy, until told the outcome), empty fields are refused with a
// sentence, a refusal is shown and the password asked again, Esc cancels; every field has an
// accessible name.

#include "LoginDialog.h"
#include "WidgetLookup.h"

#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using Threadline::Ui::LoginDialog;

using Fixtures::named;

namespace {

const QUrl server(QStringLiteral("ws://127.0.0.1:8737"));

} // namespace

class TestLoginDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void enterSignsInAndStaysBusy()
    {
        LoginDialog dialog(server);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.activateWindow();
        auto *username = named<QLineEdit>(&dialog, QStringLiteral("Username"));
        auto *password = named<QLineEdit>(&dialog, QStringLiteral("Password"));
        QVERIFY(username && password);
        QCOMPARE(password->echoMode(), QLineEdit::Password);
        QVERIFY(named<QLabel>(&dialog, QStringLiteral("Server")));
        QCOMPARE(named<QLabel>(&dialog, QStringLiteral("Server"))->text(), server.toDisplayString());
        QTRY_VERIFY(username->hasFocus());

        QSignalSpy requested(&dialog, &LoginDialog::signInRequested);
        QTest::keyClicks(username, QStringLiteral("eleri"));
        QTest::keyClick(username, Qt::Key_Tab);
        QTRY_VERIFY(password->hasFocus());
        QTest::keyClicks(password, QStringLiteral("correct horse battery"));
        QTest::keyClick(password, Qt::Key_Return);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.first().at(0).toString(), QStringLiteral("eleri"));
        QCOMPARE(requested.first().at(1).toString(), QStringLiteral("correct horse battery"));
        QVERIFY(dialog.isVisible()); // waits for the outcome
        QVERIFY(dialog.isBusy());
        QVERIFY(username->isReadOnly());
        QVERIFY(password->isReadOnly());
        // Enter again while busy neither sends twice nor cancels.
        QTest::keyClick(password, Qt::Key_Return);
        QCOMPARE(requested.count(), 1);
        QVERIFY(dialog.isVisible());

        dialog.setError(QStringLiteral("The username or password is not right."));
        QVERIFY(!dialog.isBusy());
        QCOMPARE(dialog.error(), QStringLiteral("The username or password is not right."));
        QVERIFY(!named<QLabel>(&dialog, QStringLiteral("Sign-in problem"))->isHidden());
        QCOMPARE(password->text(), QString()); // asked again
        QVERIFY(dialog.grab().save(QDir::temp().filePath(QStringLiteral("threadline-login.png"))));
        QCOMPARE(username->text(), QStringLiteral("eleri"));
        QTRY_VERIFY(password->hasFocus());
        QTest::keyClicks(password, QStringLiteral("another try here"));
        QTest::keyClick(password, Qt::Key_Enter);
        QCOMPARE(requested.count(), 2);
        QVERIFY(dialog.error().isEmpty());
    }

    void emptyFieldsAreRefusedHere()
    {
        LoginDialog dialog(server);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy requested(&dialog, &LoginDialog::signInRequested);
        auto *username = named<QLineEdit>(&dialog, QStringLiteral("Username"));
        QTest::keyClick(username, Qt::Key_Return);
        QCOMPARE(requested.count(), 0);
        QCOMPARE(dialog.error(), QStringLiteral("Enter your username."));
        QTest::keyClicks(username, QStringLiteral("eleri"));
        QTest::keyClick(username, Qt::Key_Return);
        QCOMPARE(requested.count(), 0);
        QCOMPARE(dialog.error(), QStringLiteral("Enter your password."));
    }

    void knownUsernamePutsTheCursorInThePassword()
    {
        LoginDialog dialog(server);
        dialog.setUsername(QStringLiteral("demo"));
        dialog.setTokenLocation(QStringLiteral("the file /home/demo/.config/Threadline/session-tokens.json"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.activateWindow();
        QTRY_VERIFY(named<QLineEdit>(&dialog, QStringLiteral("Password"))->hasFocus());
        QVERIFY(named<QLabel>(&dialog, QStringLiteral("Where the session is kept"))
                    ->text()
                    .contains(QStringLiteral("session-tokens.json")));
    }

    void escapeCancels()
    {
        LoginDialog dialog(server);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy rejected(&dialog, &QDialog::rejected);
        QTest::keyClick(named<QLineEdit>(&dialog, QStringLiteral("Username")), Qt::Key_Escape);
        QCOMPARE(rejected.count(), 1);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }
};

QTEST_MAIN(TestLoginDialog)
#include "tst_logindialog.moc"
