// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

class QSocketNotifier;
struct pg_conn;

namespace Threadline::Server {

/// A connection of its own to PostgreSQL that does nothing but LISTEN on one channel and report
/// each notification (libpq directly: PQconsumeInput/PQnotifies driven by a QSocketNotifier).
///
/// Kept apart from the connection that runs queries on purpose: notifications that arrive while
/// a query is being read are buffered by libpq on that connection and could wait there unseen
/// until some later query; a connection that never queries has no such gap. When the listening
/// connection is lost it connects again every second and then emits notified(0), because
/// notifications sent meanwhile are gone. Lives on the thread that created it.
class PgChangeListener : public QObject
{
    Q_OBJECT
public:
    /// @p url: a libpq connection URI (postgresql://user:password@host:port/dbname?...).
    PgChangeListener(QString url, QString channel, QObject *parent = nullptr);
    ~PgChangeListener() override;

    /// Connects and listens; fails with "database_unusable" saying why.
    Status start();

Q_SIGNALS:
    /// Another connection committed and notified; @p payload is its text as a number (0 when it
    /// is not one, or after a reconnection).
    void notified(qint64 payload);

private:
    Status connectAndListen();
    void onReadable();
    void lost(const QString &why);
    void closeConnection();

    QString m_url;
    QString m_channel;
    pg_conn *m_conn = nullptr;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QTimer m_retry;
};

} // namespace Threadline::Server
