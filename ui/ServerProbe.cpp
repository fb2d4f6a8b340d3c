// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServerProbe.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Threadline::Ui {

ServerProbe::ServerProbe(QUrl url, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
{
    m_retry.setInterval(5000);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &ServerProbe::start);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &ServerProbe::onMessage);
    connect(&m_socket, &QWebSocket::disconnected, this, &ServerProbe::onDisconnected);
}

void ServerProbe::start()
{
    Q_EMIT statusChanged(tr("Connecting to %1…").arg(m_url.toDisplayString()), false);
    m_socket.open(m_url);
}

void ServerProbe::onMessage(const QString &message)
{
    const QJsonObject frame = QJsonDocument::fromJson(message.toUtf8()).object();
    if (frame.value(QStringLiteral("type")).toString() != QLatin1String("server_info"))
        return;
    Q_EMIT statusChanged(tr("Server %1 (threadline-server %2) holds %3 customers and %4 interactions; this "
                            "version does not sync yet")
                             .arg(m_url.toDisplayString(), frame.value(QStringLiteral("version")).toString())
                             .arg(frame.value(QStringLiteral("customers")).toInteger())
                             .arg(frame.value(QStringLiteral("interactions")).toInteger()),
                         true);
}

void ServerProbe::onDisconnected()
{
    const QString reason = m_socket.errorString();
    Q_EMIT statusChanged(tr("Server %1 not reachable (%2); working from the local cache")
                             .arg(m_url.toDisplayString(), reason.isEmpty() ? tr("closed") : reason),
                         false);
    m_retry.start();
}

} // namespace Threadline::Ui
