// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QtDebug>

#include <unistd.h>

namespace Threadline::Testing {

/// A real IMAP server for the email channel's tests: Dovecot (Debian's dovecot-imapd) with a
/// config file of its own in a folder of the caller's, on a free loopback port, one mailbox
/// (user "council", Maildir) and plain-text sign-in. As root the mail processes run as the
/// "dovecot" user (Dovecot refuses mail as root), otherwise unprivileged as the caller. Mail
/// arrives the way an MTA delivers it: through dovecot-lda. Owns the process; stops it on
/// destruction.
class ImapServer
{
public:
    static constexpr const char *user = "council";
    static constexpr const char *password = "imap-secret-7";

    explicit ImapServer(QString dir)
        : m_dir(std::move(dir))
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
    }
    ~ImapServer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(10'000))
                m_process.kill();
            m_process.waitForFinished(5'000);
        }
    }
    ImapServer(const ImapServer &) = delete;
    ImapServer &operator=(const ImapServer &) = delete;

    /// Writes the config and starts Dovecot; false (with its log) when it does not come up.
    bool start()
    {
        const QDir dir(m_dir);
        for (const char *sub : {"run", "home"})
            dir.mkpath(QLatin1String(sub));
        const bool root = ::geteuid() == 0;
        if (root) {
            // The mail processes run as "dovecot": let them through to the mailbox.
            const auto open = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther;
            QFile::setPermissions(QFileInfo(m_dir).absolutePath(), open);
            QFile::setPermissions(m_dir, open);
            QFile::setPermissions(dir.filePath(QStringLiteral("home")),
                                  open | QFile::WriteGroup | QFile::WriteOther);
        }
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost))
            return false;
        m_port = probe.serverPort();
        probe.close();

        QFile users(dir.filePath(QStringLiteral("users")));
        if (!users.open(QIODevice::WriteOnly))
            return false;
        users.write(QByteArray(user) + ":{PLAIN}" + password + '\n');
        users.close();
        const QString account = QString::fromLocal8Bit(qgetenv("USER").isEmpty() ? "root" : qgetenv("USER"));
        QString config
            = QStringLiteral(
                  "base_dir = %1/run\n"
                  "state_dir = %1/run/state\n"
                  "log_path = %1/dovecot.log\n"
                  "protocols = imap\n"
                  "listen = 127.0.0.1\n"
                  "ssl = no\n"
                  "disable_plaintext_auth = no\n"
                  "auth_mechanisms = plain login\n"
                  "mail_location = maildir:%1/home/%u/Maildir\n"
                  "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u %1/users\n}\n"
                  "service imap-login {\n  chroot =\n  inet_listener imap {\n    port = %2\n  }\n"
                  "  inet_listener imaps {\n    port = 0\n  }\n}\n"
                  "service anvil {\n  chroot =\n}\n")
                  .arg(m_dir)
                  .arg(m_port);
        if (root) {
            config
                += QStringLiteral(
                       "first_valid_uid = 1\nfirst_valid_gid = 1\n"
                       "userdb {\n  driver = static\n  args = uid=dovecot gid=dovecot home=%1/home/%u\n}\n")
                       .arg(m_dir);
        } else {
            config += QStringLiteral("default_internal_user = %2\ndefault_login_user = %2\n"
                                     "userdb {\n  driver = static\n  args = home=%1/home/%u\n}\n")
                          .arg(m_dir, account);
        }
        QFile file(configPath());
        if (!file.open(QIODevice::WriteOnly))
            return false;
        file.write(config.toUtf8());
        file.close();

        m_process.start(QStringLiteral("/usr/sbin/dovecot"),
                        {QStringLiteral("-F"), QStringLiteral("-c"), configPath()});
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30'000) {
            if (m_process.state() == QProcess::NotRunning)
                break;
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, m_port);
            if (socket.waitForConnected(200) && socket.waitForReadyRead(2'000)
                && socket.readAll().startsWith("* OK"))
                return true;
            QThread::msleep(100);
        }
        qWarning().noquote() << "Dovecot did not start:" << m_process.readAll() << log();
        return false;
    }

    /// Delivers @p message to the mailbox as an MTA would (dovecot-lda); false with its output.
    bool deliver(const QByteArray &message)
    {
        QProcess lda;
        lda.setProcessChannelMode(QProcess::MergedChannels);
        lda.start(QStringLiteral("/usr/lib/dovecot/dovecot-lda"),
                  {QStringLiteral("-c"), configPath(), QStringLiteral("-d"), QLatin1String(user)});
        lda.write(message);
        lda.closeWriteChannel();
        if (!lda.waitForFinished(30'000) || lda.exitCode() != 0) {
            qWarning().noquote() << "dovecot-lda failed:" << lda.readAll();
            return false;
        }
        return true;
    }

    quint16 port() const { return m_port; }
    QString log() const
    {
        QFile file(QDir(m_dir).filePath(QStringLiteral("dovecot.log")));
        return file.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(file.readAll()) : QString();
    }

private:
    QString configPath() const { return QDir(m_dir).filePath(QStringLiteral("dovecot.conf")); }

    QString m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace Threadline::Testing
