// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
#include <QProcess>
#include <QStringList>

namespace Threadline::Testing {

/// A throwaway certificate authority and server certificates made with `openssl` at test time
/// (EC P-256, so it takes well under a second): a good one for 127.0.0.1 and localhost, one for
/// another host name, one that expires the second it is made, and one from an authority nobody
/// trusts. Paths are inside the directory given to make().
struct TestCertificates
{
    QString ca; ///< the test CA's certificate (PEM): what a client is told to trust
    QString cert, key; ///< 127.0.0.1 and localhost, signed by ca
    QString wrongHostCert, wrongHostKey; ///< other.example only, signed by ca
    QString expiredCert, expiredKey; ///< 127.0.0.1, signed by ca, valid for no time at all
    QString unknownCaCert, unknownCaKey; ///< 127.0.0.1, signed by a CA nobody is told about

    /// Makes every file; an empty string on success, else what openssl said.
    QString make(const QString &directory)
    {
        QDir dir(directory);
        dir.mkpath(QStringLiteral("."));
        const auto path = [&](const QString &name) { return dir.filePath(name); };
        QString problem;
        const auto run = [&](const QStringList &arguments) {
            if (!problem.isEmpty())
                return;
            QProcess openssl;
            openssl.setProcessChannelMode(QProcess::MergedChannels);
            openssl.start(QStringLiteral("openssl"), arguments);
            if (!openssl.waitForFinished(60'000) || openssl.exitCode() != 0)
                problem = QStringLiteral("openssl %1: %2")
                              .arg(arguments.join(u' '), QString::fromLocal8Bit(openssl.readAll()));
        };
        const QStringList ecKey
            = {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
               QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
        const auto authority = [&](const QString &name, const QString &subject) {
            run(QStringList {QStringLiteral("req"), QStringLiteral("-x509")} + ecKey
                + QStringList {QStringLiteral("-keyout"), path(name + QStringLiteral(".key")),
                               QStringLiteral("-out"), path(name + QStringLiteral(".pem")),
                               QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                               subject});
        };
        const auto leaf
            = [&](const QString &name, const QString &altNames, const QString &days, const QString &by) {
                  QFile ext(path(name + QStringLiteral(".ext")));
                  if (!ext.open(QIODevice::WriteOnly)
                      || ext.write(QStringLiteral("subjectAltName=%1\n").arg(altNames).toUtf8()) < 0) {
                      problem = QStringLiteral("cannot write %1").arg(ext.fileName());
                      return;
                  }
                  ext.close();
                  run(QStringList {QStringLiteral("req")} + ecKey
                      + QStringList {QStringLiteral("-keyout"), path(name + QStringLiteral(".key")),
                                     QStringLiteral("-out"), path(name + QStringLiteral(".csr")),
                                     QStringLiteral("-subj"), QStringLiteral("/CN=threadline-test")});
                  run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                       path(name + QStringLiteral(".csr")), QStringLiteral("-CA"),
                       path(by + QStringLiteral(".pem")), QStringLiteral("-CAkey"),
                       path(by + QStringLiteral(".key")), QStringLiteral("-CAcreateserial"),
                       QStringLiteral("-out"), path(name + QStringLiteral(".pem")), QStringLiteral("-days"),
                       days, QStringLiteral("-extfile"), ext.fileName()});
              };
        authority(QStringLiteral("ca"), QStringLiteral("/CN=Threadline Test CA"));
        authority(QStringLiteral("other-ca"), QStringLiteral("/CN=Somebody Else's CA"));
        const QString here = QStringLiteral("IP:127.0.0.1,DNS:localhost");
        leaf(QStringLiteral("server"), here, QStringLiteral("2"), QStringLiteral("ca"));
        leaf(QStringLiteral("wrong-host"), QStringLiteral("DNS:other.example"), QStringLiteral("2"),
             QStringLiteral("ca"));
        leaf(QStringLiteral("expired"), here, QStringLiteral("0"), QStringLiteral("ca"));
        leaf(QStringLiteral("unknown-ca"), here, QStringLiteral("2"), QStringLiteral("other-ca"));
        ca = path(QStringLiteral("ca.pem"));
        cert = path(QStringLiteral("server.pem"));
        key = path(QStringLiteral("server.key"));
        wrongHostCert = path(QStringLiteral("wrong-host.pem"));
        wrongHostKey = path(QStringLiteral("wrong-host.key"));
        expiredCert = path(QStringLiteral("expired.pem"));
        expiredKey = path(QStringLiteral("expired.key"));
        unknownCaCert = path(QStringLiteral("unknown-ca.pem"));
        unknownCaKey = path(QStringLiteral("unknown-ca.key"));
        return problem;
    }
};

} // namespace Threadline::Testing
