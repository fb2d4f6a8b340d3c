// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServerTls.h"

#include <QDateTime>
#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace Threadline::Server {

namespace {

Error tlsError(const QString &message)
{
    return Error {QStringLiteral("tls_files"), message};
}

} // namespace

Result<QSslConfiguration> loadTls(const QString &certFile, const QString &keyFile)
{
    QFile certs(certFile);
    if (!certs.open(QIODevice::ReadOnly))
        return tlsError(
            QStringLiteral("cannot read the certificate file %1 (%2)").arg(certFile, certs.errorString()));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certs.readAll(), QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return tlsError(QStringLiteral("the certificate file %1 holds no PEM certificate").arg(certFile));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (chain.first().expiryDate() < now)
        return tlsError(QStringLiteral("the certificate in %1 expired on %2")
                            .arg(certFile, chain.first().expiryDate().toString(Qt::ISODate)));
    if (chain.first().effectiveDate() > now)
        return tlsError(QStringLiteral("the certificate in %1 is not valid before %2")
                            .arg(certFile, chain.first().effectiveDate().toString(Qt::ISODate)));

    QFile keys(keyFile);
    if (!keys.open(QIODevice::ReadOnly))
        return tlsError(QStringLiteral("cannot read the key file %1 (%2)").arg(keyFile, keys.errorString()));
    const QByteArray pem = keys.readAll();
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        key = QSslKey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return tlsError(
            QStringLiteral("the key file %1 holds no unencrypted PEM RSA or EC private key").arg(keyFile));

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // clients sign in with passwords
    return configuration;
}

void setLowDelay(qintptr descriptor)
{
    const int on = 1;
    ::setsockopt(int(descriptor), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

void LowDelaySslServer::incomingConnection(qintptr descriptor)
{
    setLowDelay(descriptor);
    QSslServer::incomingConnection(descriptor);
}

void LowDelayTcpServer::incomingConnection(qintptr descriptor)
{
    setLowDelay(descriptor);
    QTcpServer::incomingConnection(descriptor);
}

} // namespace Threadline::Server
