// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "MailSecurity.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <atomic>
#include <chrono>

namespace Threadline::Server::Email {

/// Where and how to hand mail over.
struct SmtpSettings
{
    QString host;
    quint16 port = 587;
    MailSecurity security = MailSecurity::StartTls;
    QString user; ///< empty: no authentication
    QString password;
    QString caFile; ///< a private certificate authority; empty: the system's
    std::chrono::seconds connectTimeout {30};
    std::chrono::seconds timeout {120}; ///< the whole transaction
};

/// What one attempt to hand a message over came to.
struct SmtpOutcome
{
    enum class Kind
    {
        Sent, ///< the server accepted the message
        Transient, ///< worth trying again: no connection, a timeout, a 4xx answer, a TLS or sign-in failure
        Permanent, ///< refused with a 5xx answer (but for sign-in): sending it again would be refused again
    };
    Kind kind = Kind::Transient;
    int code = 0; ///< the server's last reply code; 0 when it never answered
    /// The server's last reply ("550 5.1.1 <x@example.org>: Recipient address rejected") or,
    /// without one, what went wrong ("could not connect to smtp.example.org port 587"). May
    /// quote addresses: stored with the email for the agent, never logged.
    QString detail;
    /// A code for logs: "sent", "smtp_<code>", or the transport failure ("connect_failed",
    /// "timeout", "tls_failed", "login_denied", ...). Never personal data.
    QString logCode;
};

/// Hands @p message (complete RFC 5322 bytes with CRLF line ends) to the mail server for
/// @p recipients, with @p envelopeFrom as the return path, over libcurl's SMTP. Blocks until the
/// server answered or the timeouts ran out, so it runs on a worker thread; @p cancel (checked
/// while the transfer runs) aborts it early, giving a Transient outcome. Call
/// initialiseSmtp() once on the main thread before any worker calls this.
SmtpOutcome sendMail(const SmtpSettings &settings, const QString &envelopeFrom, const QStringList &recipients,
                     const QByteArray &message, const std::atomic<bool> *cancel = nullptr);

/// libcurl's global set-up; idempotent; call on the main thread before threads use sendMail().
void initialiseSmtp();

} // namespace Threadline::Server::Email
