// SPDX-License-Identifier: GPL-3.0-or-later
#include "SignInController.h"

#include "LoginDialog.h"
#include "SyncText.h"
#include "TokenStore.h"

#include <QLoggingCategory>
#include <QSettings>

namespace Threadline::Ui {

namespace {

Q_LOGGING_CATEGORY(lcSignIn, "threadline.ui.signin")

const QString lastUserKey = QStringLiteral("sync/lastUser");

} // namespace

SignInController::SignInController(Sync::SyncEngine &engine, Sync::TokenStore &tokens, QWidget *window,
                                   Options options, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_tokens(tokens)
    , m_window(window)
    , m_server(std::move(options.server))
    , m_username(std::move(options.username))
    , m_password(std::move(options.password))
{
    if (m_username.isEmpty())
        m_username = QSettings().value(lastUserKey).toString();
    connect(&m_tokens, &Sync::TokenStore::readFinished, this,
            [this](const QUrl &server, const QString &username, const QString &token, const Status &) {
                // A token that cannot be read is as good as none: sign in again.
                if (m_reading && server == m_server && username == m_username)
                    onTokenRead(server, username, token);
            });
    connect(&m_tokens, &Sync::TokenStore::writeFinished, this,
            [this](const QUrl &, const QString &, const Status &status) {
                if (!status)
                    Q_EMIT message(tr("You are signed in, but will have to sign in again next time: %1")
                                       .arg(status.error().message));
            });
    connect(&m_tokens, &Sync::TokenStore::backendChanged, this,
            [this](Sync::TokenStore::Backend, const QString &location) {
                if (m_dialog)
                    m_dialog->setTokenLocation(location);
            });
    connect(&m_engine, &Sync::SyncEngine::tokenIssued, this, &SignInController::onTokenIssued);
    connect(&m_engine, &Sync::SyncEngine::credentialsRefused, this, &SignInController::onCredentialsRefused);
    connect(&m_engine, &Sync::SyncEngine::statusChanged, this, &SignInController::onStatusChanged);
}

SignInController::~SignInController()
{
    delete m_dialog;
}

LoginDialog *SignInController::dialog() const
{
    return m_dialog;
}

void SignInController::begin()
{
    if (m_started || m_reading)
        return;
    if (m_username.isEmpty()) {
        if (!m_engine.workOffline())
            askForCredentials();
        return;
    }
    m_reading = true;
    m_tokens.read(m_server, m_username);
}

void SignInController::onTokenRead(const QUrl &, const QString &, const QString &token)
{
    m_reading = false;
    if (!token.isEmpty() || !m_password.isEmpty()) {
        startEngine(token);
        return;
    }
    if (!m_engine.workOffline())
        askForCredentials();
}

void SignInController::startEngine(const QString &token)
{
    m_started = true;
    // Who is signing in stays out of the logs.
    qCInfo(lcSignIn).noquote() << (token.isEmpty() ? QStringLiteral("signing in to %1")
                                                   : QStringLiteral("resuming a saved session on %1"))
                                      .arg(m_server.toDisplayString());
    Sync::Credentials credentials;
    credentials.username = m_username;
    credentials.password = m_password;
    credentials.token = token;
    m_engine.start(credentials);
}

void SignInController::askForCredentials(const QString &problem)
{
    if (!m_dialog) {
        m_dialog = new LoginDialog(m_server, m_window);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        m_dialog->setWindowModality(Qt::WindowModal);
        connect(m_dialog, &LoginDialog::signInRequested, this,
                [this](const QString &username, const QString &password) {
                    m_username = username;
                    m_password = password;
                    QSettings().setValue(lastUserKey, username);
                    if (m_engine.workOffline()) {
                        // Signing in is asking to be online.
                        m_engine.setWorkOffline(false);
                    }
                    startEngine({});
                });
        connect(m_dialog, &QDialog::rejected, this, [this] {
            Q_EMIT workOfflineRequested();
            Q_EMIT message(tr("Not signed in: working from the local cache. Use Sync ▸ Sign in to connect."));
        });
    }
    LoginDialog *dialog = m_dialog.data(); // made above when there was none
    Q_ASSERT(dialog);
    dialog->setUsername(m_username);
    dialog->setTokenLocation(m_tokens.location());
    dialog->setError(problem);
    dialog->open();
}

void SignInController::setWorkOffline(bool offline)
{
    m_engine.setWorkOffline(offline);
    if (!offline && !m_started)
        begin();
}

void SignInController::onStatusChanged(const Sync::SyncStatus &status)
{
    switch (status.state) {
    case Sync::SyncStateKind::CatchingUp:
    case Sync::SyncStateKind::Live:
        if (!m_password.isEmpty() || m_dialog) {
            m_password.clear(); // the session token stands in for it from now on
            if (LoginDialog *dialog = m_dialog.data())
                dialog->accept();
            Q_EMIT message(status.agentName.isEmpty() ? tr("Signed in.")
                                                      : tr("Signed in as %1.").arg(status.agentName));
        }
        break;
    case Sync::SyncStateKind::Backoff:
        if (LoginDialog *dialog = m_dialog.data(); dialog && dialog->isBusy() && !status.lastError.isEmpty())
            dialog->setError(tr("The server cannot be reached: %1 Threadline keeps trying; you can also "
                                "cancel and work offline.")
                                 .arg(SyncText::error(status.lastError)));
        break;
    default:
        break;
    }
}

void SignInController::onCredentialsRefused(const Sync::SyncError &why)
{
    qCInfo(lcSignIn).noquote() << "the server refused the credentials"; // no name in logs
    m_started = false;
    m_password.clear();
    if (!m_username.isEmpty())
        m_tokens.remove(m_server, m_username);
    askForCredentials(SyncText::error(why));
}

void SignInController::onTokenIssued(const QString &token)
{
    if (m_username.isEmpty())
        return;
    if (token.isEmpty()) { // the engine forgets a token the server no longer accepts
        m_tokens.remove(m_server, m_username);
        return;
    }
    QSettings().setValue(lastUserKey, m_username);
    m_tokens.write(m_server, m_username, token);
}

} // namespace Threadline::Ui
