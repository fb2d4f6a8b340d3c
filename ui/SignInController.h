// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SyncEngine.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QWidget;

namespace Threadline::Sync {
class TokenStore;
}

namespace Threadline::Ui {

class LoginDialog;

/// Gets the agent signed in and keeps them signed in: resumes with the session token saved for
/// (server, username) when there is one, else signs in with the password it was given
/// (--password-file), else asks with a LoginDialog. Saves the token the server issues, forgets
/// one the server refuses and asks again, showing the server's reason.
///
/// Working offline is respected: with no saved session it does not ask until the agent goes
/// online. Cancelling the dialog means working offline for now (workOfflineRequested(), not
/// remembered across starts). The last username is remembered in QSettings; passwords are
/// kept in memory only as long as needed and never logged.
///
/// GUI thread only. Does not own the engine, the token store or the window, which must
/// outlive it; owns the dialog while it is open.
class SignInController : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QUrl server;
        QString username; ///< empty: the last one used, else ask
        QString password; ///< from --password-file; empty: ask when there is no saved session
    };

    SignInController(Sync::SyncEngine &engine, Sync::TokenStore &tokens, QWidget *window, Options options,
                     QObject *parent = nullptr);
    ~SignInController() override;

    /// Resumes or signs in, asking only if it must; does nothing but wait while offline.
    void begin();
    /// Shows the sign-in dialog now (e.g. to sign in as someone else).
    void askForCredentials(const QString &problem = {});
    /// The work-offline switch changed: passes it on, and signs in when going online.
    void setWorkOffline(bool offline);

    QString username() const { return m_username; }
    /// The sign-in dialog while it is open, else nullptr.
    LoginDialog *dialog() const;

Q_SIGNALS:
    /// The agent cancelled signing in: work offline until they switch it back.
    void workOfflineRequested();
    /// A sentence for the status bar.
    void message(const QString &text);

private:
    void onTokenRead(const QUrl &server, const QString &username, const QString &token);
    void startEngine(const QString &token);
    void onStatusChanged(const Sync::SyncStatus &status);
    void onCredentialsRefused(const Threadline::Sync::SyncError &why);
    void onTokenIssued(const QString &token);

    Sync::SyncEngine &m_engine;
    Sync::TokenStore &m_tokens;
    QPointer<QWidget> m_window;
    QUrl m_server;
    QString m_username;
    QString m_password;
    QPointer<LoginDialog> m_dialog;
    bool m_started = false; ///< the engine has credentials
    bool m_reading = false; ///< a token read is on its way
};

} // namespace Threadline::Ui
