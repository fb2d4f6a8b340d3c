// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QtDebug>

namespace Threadline::Testing {

/// A real SMTP server for the email channel's tests: tests/support/smtp-sink (aiosmtpd) on a
/// free loopback port, keeping what it accepts in a folder. Owns the process; stops it on
/// destruction. Use on one thread.
class SmtpSink
{
public:
    /// @p mode: "accept", "tempfail:N" or "permfail" (see the script).
    SmtpSink(QString script, QString dir, QString mode = QStringLiteral("accept"))
        : m_script(std::move(script))
        , m_dir(std::move(dir))
        , m_mode(std::move(mode))
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
    }
    ~SmtpSink()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5'000))
                m_process.kill();
            m_process.waitForFinished(5'000);
        }
    }
    SmtpSink(const SmtpSink &) = delete;
    SmtpSink &operator=(const SmtpSink &) = delete;

    /// Requires STARTTLS with this certificate and key (PEM files).
    void setTls(const QString &certificate, const QString &key)
    {
        m_certificate = certificate;
        m_key = key;
    }

    /// Starts it and waits for its port; false (the output logged) when it does not come up.
    bool start(const QString &user = {}, const QString &password = {})
    {
        QDir().mkpath(m_dir);
        const QString portFile = QDir(m_dir).filePath(QStringLiteral("port"));
        QFile::remove(portFile);
        QStringList args = {QStringLiteral("--port-file"), portFile,
                            QStringLiteral("--maildir"),   QDir(m_dir).filePath(QStringLiteral("mail")),
                            QStringLiteral("--mode"),      m_mode};
        if (!user.isEmpty())
            args << QStringLiteral("--user") << user << QStringLiteral("--password") << password;
        if (!m_certificate.isEmpty())
            args << QStringLiteral("--tls-cert") << m_certificate << QStringLiteral("--tls-key") << m_key;
        m_process.start(m_script, args);
        QElapsedTimer t;
        t.start();
        while (!QFile::exists(portFile)) {
            if (m_process.state() == QProcess::NotRunning || t.elapsed() > 30'000) {
                qWarning().noquote() << "the SMTP sink did not start:" << m_process.readAll();
                return false;
            }
            m_process.waitForReadyRead(50);
        }
        QFile file(portFile);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        m_port = quint16(file.readAll().trimmed().toUInt());
        return m_port != 0;
    }

    quint16 port() const { return m_port; }

    /// The messages accepted so far, oldest first, byte for byte.
    QList<QByteArray> messages() const
    {
        QList<QByteArray> out;
        for (int n = 1;; ++n) {
            QFile file(QDir(m_dir).filePath(QStringLiteral("mail/new/%1.eml").arg(n)));
            if (!file.open(QIODevice::ReadOnly))
                return out;
            out.append(file.readAll());
        }
    }
    /// The envelope of message @p n (1-based): {"mail_from": ..., "rcpt_tos": [...]}.
    QJsonObject envelope(int n) const
    {
        QFile file(QDir(m_dir).filePath(QStringLiteral("mail/new/%1.json").arg(n)));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(file.readAll()).object();
    }

private:
    QString m_script;
    QString m_dir;
    QString m_mode;
    QString m_certificate;
    QString m_key;
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace Threadline::Testing
