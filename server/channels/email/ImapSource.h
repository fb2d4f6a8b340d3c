// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "MailSecurity.h"
#include "PreparedQueries.h"
#include "Result.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <chrono>
#include <memory>
#include <thread>

namespace Threadline::Server {
class Database;
} // namespace Threadline::Server

namespace Threadline::Server::Email {

class MailIntake;

/// Where and how to read a mailbox.
struct ImapSettings
{
    QString host;
    quint16 port = 993;
    MailSecurity security = MailSecurity::Tls;
    QString user;
    QString password;
    QString folder = QStringLiteral("INBOX");
    /// A private certificate authority (PEM) trusted besides the system's; empty: none.
    QString caFile;
    /// How often to look for new mail when the server has no IDLE; with IDLE, new mail is
    /// fetched as it arrives and the IDLE is renewed this often (at most every 25 minutes).
    std::chrono::seconds poll {60};
};

/// Takes inbound email from an IMAP mailbox, with libetpan on a worker thread: signs in
/// (TLS or STARTTLS with the server's certificate chain verified for the host name, or plain
/// text to a loopback host), selects the folder and fetches every message after the last UID
/// it filed (BODY.PEEK[], so nothing is marked read), in batches of up to 50. Each batch is
/// filed through MailIntake on the database's thread; the worker waits for that before it
/// fetches more, so nothing queues up without bound. Progress (UIDVALIDITY and the last UID
/// filed) is kept in the `mail_sources` table, so a restart fetches only what is new; a changed
/// UIDVALIDITY starts again from the first message (MailIntake files each message once
/// anyway). After catching up it waits with IDLE where the server offers it, else polls.
/// Lost connections, refused sign-ins and missing folders are logged by code and retried with
/// a delay that doubles up to five minutes. Never deletes or changes a message.
class ImapSource : public QObject
{
    Q_OBJECT
public:
    ImapSource(ImapSettings settings, MailIntake &intake, Database &database, QObject *parent = nullptr);
    /// Stops the worker (it leaves IDLE and signs out) and waits for it.
    ~ImapSource() override;

    /// Reads the progress kept for this mailbox and starts the worker.
    Status start();

    /// This mailbox's key in `mail_sources`: "imap://user@host:port/folder".
    QString key() const;

    struct Fetched
    {
        quint32 uid = 0;
        QByteArray raw;
    };
    /// What the worker thread and this object share (ImapSource.cpp).
    struct Shared;
    /// On the database's thread, for the worker: files @p batch, records the progress, and lets
    /// the worker go on.
    void file(quint32 uidValidity, const QList<Fetched> &batch);

Q_SIGNALS:
    /// Interactions were filed: the feed grew.
    void filed(int count);

private:
    Status saveProgress(quint32 uidValidity, quint32 lastUid);

    ImapSettings m_settings;
    MailIntake &m_intake;
    Database &m_database;
    PreparedQueries m_queries;
    std::shared_ptr<Shared> m_shared;
    std::thread m_thread;
};

} // namespace Threadline::Server::Email
