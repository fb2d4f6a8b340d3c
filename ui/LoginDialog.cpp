// SPDX-License-Identifier: GPL-3.0-or-later
#include "LoginDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Threadline::Ui {

LoginDialog::LoginDialog(const QUrl &server, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Sign in to Threadline"));
    setAccessibleName(tr("Sign in"));

    auto *intro
        = new QLabel(tr("Sign in with your Threadline account to sync with the contact centre."), this);
    intro->setWordWrap(true);

    auto *serverLabel = new QLabel(server.toDisplayString(), this);
    serverLabel->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    serverLabel->setAccessibleName(tr("Server"));

    m_username = new QLineEdit(this);
    m_username->setAccessibleName(tr("Username"));
    m_username->setInputMethodHints(Qt::ImhNoAutoUppercase | Qt::ImhNoPredictiveText);
    m_password = new QLineEdit(this);
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);

    auto *form = new QFormLayout;
    form->addRow(tr("Server:"), serverLabel);
    form->addRow(tr("&Username:"), m_username);
    form->addRow(tr("&Password:"), m_password);

    m_error = new QLabel(this);
    m_error->setAccessibleName(tr("Sign-in problem"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xb0, 0x00, 0x20));
    m_error->setPalette(errorPalette);
    m_error->hide();

    m_progress = new QLabel(tr("Signing in…"), this);
    m_progress->setAccessibleName(tr("Sign-in progress"));
    m_progress->hide();

    m_note = new QLabel(this);
    m_note->setAccessibleName(tr("Where the session is kept"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    setTokenLocation({});

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton *signIn = m_buttons->button(QDialogButtonBox::Ok);
    signIn->setText(tr("Sign in"));
    signIn->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Work offline"));
    m_buttons->button(QDialogButtonBox::Cancel)
        ->setToolTip(tr("Keep working from the local cache without signing in (Esc)."));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &LoginDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_progress);
    layout->addWidget(m_note);
    layout->addWidget(m_buttons);
    setMinimumWidth(420);
    focusFirstEmpty();
}

LoginDialog::~LoginDialog() = default;

void LoginDialog::setUsername(const QString &username)
{
    m_username->setText(username);
    focusFirstEmpty();
}

QString LoginDialog::username() const
{
    return m_username->text().trimmed();
}

QString LoginDialog::password() const
{
    return m_password->text();
}

void LoginDialog::setError(const QString &message)
{
    setBusy(false);
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    setAccessibleDescription(message);
    if (!message.isEmpty() && !username().isEmpty()) {
        // Most refusals are a mistyped password: start it again.
        m_password->clear();
        m_password->setFocus();
    } else {
        focusFirstEmpty();
    }
}

QString LoginDialog::error() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void LoginDialog::setTokenLocation(const QString &location)
{
    if (location.isEmpty())
        m_note->setText(tr("You stay signed in on this computer until the server ends the session."));
    else
        m_note->setText(tr("You stay signed in on this computer until the server ends the session. The "
                           "session is kept in %1.")
                            .arg(location));
}

void LoginDialog::setBusy(bool busy)
{
    m_busy = busy;
    // Read-only rather than disabled: the focus stays where it was, so Enter cannot fall
    // through to Cancel, and Esc still cancels.
    m_username->setReadOnly(busy);
    m_password->setReadOnly(busy);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    m_progress->setVisible(busy);
    if (busy)
        m_error->hide();
}

void LoginDialog::submit()
{
    if (m_busy)
        return;
    if (username().isEmpty()) {
        setError(tr("Enter your username."));
        m_username->setFocus();
        return;
    }
    if (password().isEmpty()) {
        setError(tr("Enter your password."));
        m_password->setFocus();
        return;
    }
    setBusy(true);
    Q_EMIT signInRequested(username(), password());
}

void LoginDialog::focusFirstEmpty()
{
    if (m_username->text().isEmpty())
        m_username->setFocus();
    else
        m_password->setFocus();
}

} // namespace Threadline::Ui
