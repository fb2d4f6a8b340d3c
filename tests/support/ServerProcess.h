// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStringList>
#include <QUrl>
#include <QtDebug>

#include <csignal>
#include <sys/types.h>

namespace Threadline::Testing {

/// One run of the real threadline-server executable for integration tests and benchmarks:
/// port 0 with --port-file, a data directory of the caller's, optionally a PostgreSQL URL.
/// Owns the process; kills it on destruction if it still runs. Use on one thread.
class ServerProcess
{
public:
    struct Options
    {
        QString binary; ///< the threadline-server executable
        QString dataDir; ///< created if missing
        QString database; ///< empty: SQLite in dataDir
        quint16 port = 0; ///< 0: any free port (a restart can ask for the previous one)
        QStringList extra; ///< e.g. --seed-demo 200
    };

    explicit ServerProcess(Options options)
        : m_options(std::move(options))
    {
        QDir().mkpath(m_options.dataDir);
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        QObject::connect(&m_process, &QProcess::readyRead, &m_process,
                         [this] { m_output += m_process.readAll(); });
    }
    ~ServerProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10'000);
        }
    }
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    QStringList storageArguments() const
    {
        QStringList args = {QStringLiteral("--data-dir"), m_options.dataDir};
        if (!m_options.database.isEmpty())
            args << QStringLiteral("--database") << m_options.database;
        return args;
    }

    /// Runs `threadline-server user add NAME --team TEAM` on this server's storage, password on
    /// stdin. Returns the command's output on failure, an empty string on success.
    QString addUser(const QString &name, const QString &team, const QString &password) const
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(
            m_options.binary,
            QStringList {QStringLiteral("user"), QStringLiteral("add"), name, QStringLiteral("--team"), team}
                + storageArguments());
        p.write(password.toUtf8() + '\n');
        p.closeWriteChannel();
        if (!p.waitForFinished(120'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            return QStringLiteral("user add failed: ") + QString::fromLocal8Bit(p.readAll());
        return {};
    }

    /// Runs `threadline-server user WORDS...` on this server's storage with @p input on stdin;
    /// an empty string on success, else the command's output.
    QString user(const QStringList &words, const QByteArray &input = {}) const
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(m_options.binary, QStringList {QStringLiteral("user")} + words + storageArguments());
        p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(120'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            return QStringLiteral("user %1 failed: %2")
                .arg(words.join(u' '), QString::fromLocal8Bit(p.readAll()));
        return {};
    }

    /// Starts the daemon and waits until it wrote its port file; false (with the output logged)
    /// when it exits or does not get there in time.
    bool start(int timeoutMs = 120'000)
    {
        const QString portFile = QDir(m_options.dataDir).filePath(QStringLiteral("port"));
        QFile::remove(portFile);
        m_output.clear();
        m_process.start(m_options.binary,
                        QStringList {QStringLiteral("--port"), QString::number(m_options.port),
                                     QStringLiteral("--port-file"), portFile}
                            + storageArguments() + m_options.extra);
        QElapsedTimer t;
        t.start();
        while (!QFile::exists(portFile)) {
            if (m_process.state() == QProcess::NotRunning || t.elapsed() > timeoutMs) {
                qWarning().noquote() << "threadline-server did not start:" << output();
                return false;
            }
            m_process.waitForReadyRead(50);
            QCoreApplication::processEvents();
        }
        QFile file(portFile);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        m_port = quint16(file.readAll().trimmed().toUInt());
        m_options.port = m_port; // a restart comes back on the same port
        return m_port != 0;
    }

    /// SIGTERM and wait: a clean stop.
    bool stop(int timeoutMs = 30'000)
    {
        if (m_process.state() == QProcess::NotRunning)
            return true;
        m_process.terminate();
        return m_process.waitForFinished(timeoutMs);
    }
    /// SIGKILL: the process gets no chance to finish anything.
    void kill9()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        ::kill(pid_t(m_process.processId()), SIGKILL);
        m_process.waitForFinished(10'000);
    }

    /// Waits until the server's output contains @p text; false after @p timeoutMs.
    bool waitForOutput(const QString &text, int timeoutMs = 10'000)
    {
        QElapsedTimer t;
        t.start();
        while (!QString::fromLocal8Bit(m_output).contains(text)) {
            if (t.elapsed() > timeoutMs)
                return false;
            m_process.waitForReadyRead(50);
            QCoreApplication::processEvents();
        }
        return true;
    }

    /// The web chat's port (the server started with --chat-port), read from the line it logs
    /// when it listens; 0 when that line does not come within @p timeoutMs.
    quint16 chatPort(int timeoutMs = 10'000)
    {
        static const QRegularExpression line(
            QStringLiteral("web chat page is on https?://[^ ]+:(\\d+)/chat"));
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeoutMs) {
            if (const QRegularExpressionMatch m = line.match(QString::fromLocal8Bit(m_output)); m.hasMatch())
                return quint16(m.captured(1).toUInt());
            m_process.waitForReadyRead(50);
            QCoreApplication::processEvents();
        }
        return 0;
    }

    bool running() const { return m_process.state() == QProcess::Running; }
    qint64 pid() const { return m_process.processId(); }
    quint16 port() const { return m_port; }
    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_port)); }
    QString output() const { return QString::fromLocal8Bit(m_output); }
    const Options &options() const { return m_options; }

private:
    Options m_options;
    QProcess m_process;
    QByteArray m_output;
    quint16 m_port = 0;
};

} // namespace Threadline::Testing
