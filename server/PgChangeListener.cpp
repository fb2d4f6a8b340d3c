// SPDX-License-Identifier: GPL-3.0-or-later
#include "PgChangeListener.h"

#include "Logging.h"

#include <QSocketNotifier>

#include <libpq-fe.h>

namespace Threadline::Server {

PgChangeListener::PgChangeListener(QString url, QString channel, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_channel(std::move(channel))
{
    m_retry.setInterval(1000);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        if (Status again = connectAndListen(); !again) {
            qCWarning(lcServerDb).noquote() << "listening for feed changes:" << again.error().message;
            m_retry.start();
            return;
        }
        qCInfo(lcServerDb).noquote() << "listening for feed changes again";
        Q_EMIT notified(0); // whatever was sent meanwhile is lost: look at the feed
    });
}

PgChangeListener::~PgChangeListener()
{
    closeConnection();
}

Status PgChangeListener::start()
{
    return connectAndListen();
}

Status PgChangeListener::connectAndListen()
{
    closeConnection();
    const QByteArray uri = m_url.toUtf8();
    m_conn = PQconnectdb(uri.constData());
    if (!m_conn || PQstatus(m_conn) != CONNECTION_OK) {
        const QString why = m_conn ? QString::fromUtf8(PQerrorMessage(m_conn)).trimmed() : QString();
        closeConnection();
        return Error {QStringLiteral("database_unusable"),
                      QStringLiteral("cannot open a connection to listen for feed changes (%1)").arg(why)};
    }
    char *channel
        = PQescapeIdentifier(m_conn, m_channel.toUtf8().constData(), size_t(m_channel.toUtf8().size()));
    const QByteArray listen = QByteArrayLiteral("LISTEN ") + QByteArray(channel);
    PQfreemem(channel);
    PGresult *result = PQexec(m_conn, listen.constData());
    const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    if (!ok) {
        const QString why = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
        closeConnection();
        return Error {QStringLiteral("database_unusable"),
                      QStringLiteral("cannot listen for feed changes (%1)").arg(why)};
    }
    m_notifier = std::make_unique<QSocketNotifier>(PQsocket(m_conn), QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &PgChangeListener::onReadable);
    return Status::success();
}

void PgChangeListener::onReadable()
{
    if (!m_conn)
        return;
    if (PQconsumeInput(m_conn) == 0 || PQstatus(m_conn) != CONNECTION_OK) {
        lost(QString::fromUtf8(PQerrorMessage(m_conn)).trimmed());
        return;
    }
    while (PGnotify *notify = PQnotifies(m_conn)) {
        bool isNumber = false;
        const qint64 payload = QByteArray(notify->extra).toLongLong(&isNumber);
        PQfreemem(notify);
        Q_EMIT notified(isNumber ? payload : 0);
        if (!m_conn)
            return; // a receiver stopped us
    }
}

void PgChangeListener::lost(const QString &why)
{
    qCWarning(lcServerDb).noquote() << "the connection listening for feed changes was lost:" << why
                                    << "- connecting again";
    closeConnection();
    m_retry.start();
}

void PgChangeListener::closeConnection()
{
    m_notifier.reset();
    if (m_conn) {
        PQfinish(m_conn);
        m_conn = nullptr;
    }
}

} // namespace Threadline::Server
