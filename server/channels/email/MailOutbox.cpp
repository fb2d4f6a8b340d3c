// SPDX-License-Identifier: GPL-3.0-or-later
#include "MailOutbox.h"

#include "Database.h"
#include "Logging.h"
#include "MailComposer.h"
#include "RecordColumns.h"
#include "SyncStore.h"

#include <QtConcurrent/QtConcurrentRun>

namespace Threadline::Server::Email {

using namespace std::chrono_literals;

namespace {

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

QString signatureOf(const std::optional<Agent> &agent, const Mailbox &from)
{
    QStringList lines;
    if (agent && !agent->displayName.isEmpty())
        lines.append(agent->displayName);
    if (agent && !agent->team.isEmpty())
        lines.append(agent->team);
    if (!from.name.isEmpty())
        lines.append(from.name);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

MailOutbox::MailOutbox(Database &database, SyncStore &store, OutboxSettings settings, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_store(store)
    , m_settings(std::move(settings))
    , m_queries(database)
    , m_reader(database)
{
    initialiseSmtp();
    m_poll.setInterval(m_settings.poll);
    connect(&m_poll, &QTimer::timeout, this, &MailOutbox::wake);
    connect(&m_watcher, &QFutureWatcher<SmtpOutcome>::finished, this, &MailOutbox::finish);
}

MailOutbox::~MailOutbox()
{
    m_cancel = true;
    m_watcher.disconnect(this);
    m_watcher.waitForFinished();
}

void MailOutbox::start()
{
    qCInfo(lcServer).noquote() << QStringLiteral("email: sending through %1 port %2")
                                      .arg(m_settings.smtp.host)
                                      .arg(m_settings.smtp.port);
    m_poll.start();
    wake();
}

void MailOutbox::wake()
{
    if (m_lookQueued)
        return;
    m_lookQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_lookQueued = false;
            sendNext();
        },
        Qt::QueuedConnection);
}

std::chrono::seconds MailOutbox::retryDelay(std::chrono::seconds first, int attempts)
{
    std::chrono::seconds delay = first;
    for (int n = 1; n < attempts && delay < 1h; ++n)
        delay *= 2;
    return std::min<std::chrono::seconds>(delay, 1h);
}

void MailOutbox::sendNext()
{
    if (m_job || m_watcher.isRunning())
        return;
    if (Status taken = takeNext(); !taken) {
        qCWarning(lcServer).noquote()
            << "email: cannot read the queue of email to send:" << taken.error().code;
        return; // the next poll tries again
    }
    if (!m_job)
        return;
    m_cancel = false;
    m_watcher.setFuture(
        QtConcurrent::run([settings = m_settings.smtp, from = m_settings.from.address,
                           recipients = m_job->recipients, message = m_job->message, cancel = &m_cancel] {
            return sendMail(settings, from, recipients, message, cancel);
        }));
}

Status MailOutbox::takeNext()
{
    if (Status connected = m_database.ensureConnected(); !connected)
        return connected;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto due = m_queries.get(QStringLiteral("SELECT interaction_id, attempts, next_attempt_at, message "
                                            "FROM mail_outbox WHERE next_attempt_at <= ? "
                                            "ORDER BY next_attempt_at LIMIT 1"));
    if (!due)
        return due.error();
    (*due)->addBindValue(now);
    if (Status ran = m_queries.exec(**due, QStringLiteral("reading the email queue")); !ran)
        return ran;
    if (!(*due)->next()) {
        (*due)->finish();
        return Status::success();
    }
    const QUuid id = Columns::toUuid((*due)->value(0));
    Job job;
    job.attempts = (*due)->value(1).toInt();
    const qint64 dueAt = (*due)->value(2).toLongLong();
    job.message = (*due)->value(3).toByteArray();
    (*due)->finish();

    // The lease: only the instance whose update changed the row sends it.
    auto claimed = change(
        QStringLiteral(
            "UPDATE mail_outbox SET next_attempt_at = ? WHERE interaction_id = ? AND next_attempt_at = ?"),
        {now + std::chrono::milliseconds(m_settings.lease).count(), Columns::uuid(id), dueAt},
        QStringLiteral("claiming an email to send"));
    if (!claimed)
        return claimed.error();
    if (*claimed != 1) {
        wake(); // another instance took it; there may be more
        return Status::success();
    }

    auto interaction = m_reader.interaction(id);
    if (!interaction)
        return interaction.error();
    const auto *email = *interaction ? std::get_if<EmailDetails>(&(*interaction)->details) : nullptr;
    if (!email || (*interaction)->direction != Direction::Outbound) {
        qCWarning(lcServer).noquote() << "email: queued interaction" << idText(id)
                                      << "is not an outgoing email; dropped from the queue";
        wake();
        return dropFromQueue(id);
    }
    job.interaction = std::move(**interaction);
    const auto &details = std::get<EmailDetails>(job.interaction.details);
    job.recipients = details.to + details.cc;
    if (job.message.isEmpty()) {
        auto composed = compose(job.interaction);
        if (!composed)
            return composed.error();
        job.message = *composed;
        auto kept = change(QStringLiteral("UPDATE mail_outbox SET message = ? WHERE interaction_id = ?"),
                           {job.message, Columns::uuid(id)}, QStringLiteral("keeping the composed email"));
        if (!kept)
            return kept.error();
    }
    m_job = std::move(job);
    return Status::success();
}

Result<int> MailOutbox::change(const QString &sql, const QVariantList &values, const QString &what)
{
    auto query = m_queries.get(sql);
    if (!query)
        return query.error();
    for (const QVariant &value : values)
        (*query)->addBindValue(value);
    if (Status ran = m_queries.exec(**query, what); !ran)
        return ran.error();
    const int rows = (*query)->numRowsAffected();
    (*query)->finish();
    return rows;
}

Status MailOutbox::dropFromQueue(const QUuid &id)
{
    auto dropped = change(QStringLiteral("DELETE FROM mail_outbox WHERE interaction_id = ?"),
                          {Columns::uuid(id)}, QStringLiteral("taking an email off the queue"));
    return dropped ? Status::success() : Status(dropped.error());
}

Result<QByteArray> MailOutbox::compose(Interaction &interaction)
{
    const auto &email = std::get<EmailDetails>(interaction.details);
    std::optional<Agent> agent;
    if (!interaction.agentId.isNull()) {
        auto found = m_reader.agent(interaction.agentId);
        if (!found)
            return found.error();
        agent = *found;
    }
    OutgoingMail mail;
    mail.from = m_settings.from;
    for (const QString &address : email.to)
        mail.to.append({QString(), address});
    for (const QString &address : email.cc)
        mail.cc.append({QString(), address});
    mail.subject = interaction.subject;
    mail.body = interaction.body;
    mail.signature = signatureOf(agent, m_settings.from);
    mail.messageId = outgoingMessageId(interaction.id, m_settings.from.address);
    mail.inReplyTo = email.inReplyTo;
    mail.references = email.references;
    // RFC 5322 3.6.4: the parent's references followed by the parent's id.
    if (!mail.inReplyTo.isEmpty()
        && (mail.references.isEmpty() || mail.references.last() != mail.inReplyTo)) {
        mail.references.removeAll(mail.inReplyTo);
        mail.references.append(mail.inReplyTo);
    }
    mail.date = QDateTime::currentDateTimeUtc();
    return composeMail(mail);
}

void MailOutbox::finish()
{
    if (!m_job)
        return;
    const SmtpOutcome outcome = m_watcher.result();
    if (Status recorded = record(outcome); !recorded) {
        // The lease runs out and it is tried again; had it been sent, it may go twice.
        qCWarning(lcServer).noquote() << "email: could not record how sending"
                                      << idText(m_job->interaction.id) << "went:" << recorded.error().code;
    } else {
        Q_EMIT stamped();
    }
    m_job.reset();
    wake();
}

Status MailOutbox::record(const SmtpOutcome &outcome)
{
    Interaction &interaction = m_job->interaction;
    auto &email = std::get<EmailDetails>(interaction.details);
    const int attempts = m_job->attempts + 1;
    const ParsedMail sent = parseMail(m_job->message);
    email.messageId = sent.messageId;
    email.headers = sent.headers;
    email.rawSource = m_job->message;
    email.deliveryAttempts = attempts;
    email.deliveryDetail = outcome.detail.left(1000);
    const QUuid id = interaction.id;
    std::function<Status()> queueStep;
    const auto dropIt = [this, id] { return dropFromQueue(id); };
    QString said;
    if (outcome.kind == SmtpOutcome::Kind::Sent) {
        email.delivery = MailDelivery::Sent;
        email.sentAt = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
        queueStep = dropIt;
        said = QStringLiteral("sent");
    } else if (outcome.kind == SmtpOutcome::Kind::Transient && attempts < m_settings.maxAttempts) {
        email.delivery = MailDelivery::Queued;
        const auto delay = retryDelay(m_settings.retryDelay, attempts);
        const qint64 nextAt = QDateTime::currentMSecsSinceEpoch() + std::chrono::milliseconds(delay).count();
        queueStep = [this, id, attempts, nextAt]() -> Status {
            auto changed = change(
                QStringLiteral(
                    "UPDATE mail_outbox SET attempts = ?, next_attempt_at = ? WHERE interaction_id = ?"),
                {attempts, nextAt, Columns::uuid(id)}, QStringLiteral("putting an email back on the queue"));
            return changed ? Status::success() : Status(changed.error());
        };
        said = QStringLiteral("will be tried again in %1 s").arg(delay.count());
        QTimer::singleShot(std::chrono::milliseconds(delay) + 50ms, this, &MailOutbox::wake);
    } else {
        email.delivery = MailDelivery::Failed;
        queueStep = dropIt;
        said = QStringLiteral("failed");
    }
    if (Status stamped = m_store.restamp(interaction, queueStep); !stamped)
        return stamped;
    // Codes and ids only: the server's reply may quote addresses.
    qCInfo(lcServer).noquote() << QStringLiteral("email: %1 attempt %2: %3, %4")
                                      .arg(idText(id))
                                      .arg(attempts)
                                      .arg(outcome.logCode, said);
    return Status::success();
}

} // namespace Threadline::Server::Email
