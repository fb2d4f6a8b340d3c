// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QUrl>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace Threadline::Ui {

/// Asks the agent for a username and password to sign in to the server it names.
///
/// Keyboard-first: the first empty field has focus, Enter signs in, Esc cancels. Signing in
/// does not close the dialog: it emits signInRequested() and shows that it is busy until the
/// owner closes it (accept(): signed in) or reports why not (setError(), which also makes it
/// usable again and puts the cursor where the fix goes). Empty fields are refused here with a
/// sentence, never sent. Staying signed in is implied: the note says where the session is kept.
/// GUI thread only; owns only its child widgets; never logs the password.
class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    explicit LoginDialog(const QUrl &server, QWidget *parent = nullptr);
    ~LoginDialog() override;

    void setUsername(const QString &username);
    QString username() const;
    QString password() const;
    /// Shows @p message (empty hides it) and ends the busy state.
    void setError(const QString &message);
    QString error() const;
    /// Where the session will be kept (TokenStore::location()), for the note under the fields.
    void setTokenLocation(const QString &location);
    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void signInRequested(const QString &username, const QString &password);

private:
    void submit();
    void focusFirstEmpty();

    QLineEdit *m_username = nullptr;
    QLineEdit *m_password = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_note = nullptr;
    QLabel *m_progress = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_busy = false;
};

} // namespace Threadline::Ui
