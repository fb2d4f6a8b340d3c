// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace Threadline::Server::Email {

/// How a connection to a mail server (SMTP or IMAP) is protected.
enum class MailSecurity
{
    StartTls, ///< a plain connection upgraded with STARTTLS, which must succeed (SMTP 587, IMAP 143)
    Tls, ///< TLS from the first byte (SMTP 465, IMAP 993)
    None, ///< no TLS: only for a mail server on the same machine (loopback)
};

} // namespace Threadline::Server::Email
