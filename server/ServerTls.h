// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QSslConfiguration>
#include <QSslServer>

namespace Threadline::Server {

/// The server's TLS identity from --tls-cert (a PEM chain, the server's certificate first) and
/// --tls-key (a PEM RSA or EC key, unencrypted): a QSslConfiguration that speaks TLS 1.2 or
/// later and asks clients for no certificate. Fails with "tls_files" saying which file is
/// unreadable or holds nothing usable; a certificate that has expired or is not yet valid is
/// refused too (clients would refuse it anyway, with a less useful message).
Result<QSslConfiguration> loadTls(const QString &certFile, const QString &keyFile);

/// A QSslServer that turns Nagle's algorithm off on each connection before its handshake, so
/// small frames leave at once (see WebSocketListener).
class LowDelaySslServer : public QSslServer
{
    Q_OBJECT
public:
    using QSslServer::QSslServer;

protected:
    void incomingConnection(qintptr descriptor) override;
};

/// The same for plain TCP.
class LowDelayTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr descriptor) override;
};

/// Turns Nagle's algorithm off on a socket descriptor.
void setLowDelay(qintptr descriptor);

} // namespace Threadline::Server
