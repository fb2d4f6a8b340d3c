// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Interaction.h"
#include "MailParser.h"
#include "PreparedQueries.h"
#include "RecordReader.h"
#include "SmtpClient.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <optional>

namespace Threadline::Server {
class Database;
class SyncStore;
} // namespace Threadline::Server

namespace Threadline::Server::Email {

/// How the email channel sends.
struct OutboxSettings
{
    SmtpSettings smtp;
    /// The From of every email sent ("Caerwen Council <contact@caerwen.gov.uk>"); its address is
    /// also the envelope sender and gives Message-IDs their domain.
    Mailbox from;
    std::chrono::seconds retryDelay {60}; ///< before the second attempt; doubles each time, at most an hour
    int maxAttempts = 8; ///< attempts before a temporary failure counts as final
    std::chrono::seconds poll {15}; ///< how often the queue is looked at besides being woken
    /// How long an email being sent is this instance's: a second instance on the same
    /// PostgreSQL leaves it alone that long (so it is sent once), then takes it over if this
    /// one stopped mid-way.
    std::chrono::seconds lease {300};
};

/// Sends the emails agents write, over SMTP, and says how each went.
///
/// An outgoing email interaction accepted from a client is queued (`mail_outbox`) in the same
/// transaction, with delivery "queued" (SyncStore). This class takes the queue one email at a
/// time, oldest due first: composes it once with GMime (MailComposer: UTF-8, Message-ID,
/// In-Reply-To, References, the agent's signature) and keeps those bytes, so every attempt sends
/// the same message; hands it to the mail server on a worker thread (SmtpClient, libcurl); then
/// stamps the interaction with the outcome and appends its new version to the feed, so every
/// client sees it:
/// - accepted: delivery "sent", the time, the server's reply, and the message as it was sent
///   (message id, header block, raw source);
/// - refused for good (a 5xx reply): "failed" with the server's reply;
/// - a temporary failure (no connection, a 4xx reply, a TLS or sign-in problem): still
///   "queued", the reply and the attempt count shown, tried again after a delay that doubles;
///   after maxAttempts it is "failed".
/// Several instances on one PostgreSQL share the queue: an email is claimed by a lease before
/// it is sent. Lives on the database's thread.
class MailOutbox : public QObject
{
    Q_OBJECT
public:
    MailOutbox(Database &database, SyncStore &store, OutboxSettings settings, QObject *parent = nullptr);
    /// Cancels a transfer in progress and waits for its thread (the email stays queued).
    ~MailOutbox() override;

    /// Starts polling and looks at the queue now.
    void start();
    /// Looks at the queue once the current event-loop turn is over (several calls, one look).
    void wake();

    /// The delay before attempt @p attempts + 1 after @p attempts failed ones.
    static std::chrono::seconds retryDelay(std::chrono::seconds first, int attempts);

Q_SIGNALS:
    /// An email's delivery changed: the feed grew.
    void stamped();

private:
    struct Job
    {
        Interaction interaction;
        int attempts = 0; ///< before this one
        QByteArray message;
        QStringList recipients;
    };

    void sendNext();
    Status takeNext();
    void finish();
    Status record(const SmtpOutcome &outcome);
    Result<QByteArray> compose(Interaction &interaction);
    /// Runs an INSERT, UPDATE or DELETE on the queue; how many rows it changed.
    Result<int> change(const QString &sql, const QVariantList &values, const QString &what);
    Status dropFromQueue(const QUuid &id);

    Database &m_database;
    SyncStore &m_store;
    OutboxSettings m_settings;
    PreparedQueries m_queries;
    RecordReader m_reader;
    QTimer m_poll;
    QFutureWatcher<SmtpOutcome> m_watcher;
    std::atomic<bool> m_cancel {false};
    std::optional<Job> m_job;
    bool m_lookQueued = false;
};

} // namespace Threadline::Server::Email
