// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImapSource.h"

#include "Database.h"
#include "Logging.h"
#include "MailIntake.h"
#include "RecordColumns.h"
#include "SqlDialect.h"

#include <QPointer>
#include <QSemaphore>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>

#include <condition_variable>
#include <libetpan/libetpan.h>
#include <mutex>
#include <poll.h>

namespace Threadline::Server::Email {

using namespace std::chrono_literals;

struct ImapSource::Shared
{
    std::atomic<bool> cancel {false};
    QSemaphore batchFiled; ///< released by the database's thread when a batch is filed
    std::atomic<quint32> uidValidity {0};
    std::atomic<quint32> lastUid {0}; ///< the last UID filed
    std::atomic<bool> filingFailed {false}; ///< the database could not file: wait before fetching again
    std::mutex mutex;
    std::condition_variable wake;

    /// Sleeps for @p duration unless stopped; false when stopped.
    bool sleepFor(std::chrono::milliseconds duration)
    {
        std::unique_lock lock(mutex);
        return !wake.wait_for(lock, duration, [this] { return cancel.load(); });
    }
};

namespace {

constexpr int batchSize = 50;

struct ImapDeleter
{
    void operator()(mailimap *imap) const { mailimap_free(imap); }
};
using Imap = std::unique_ptr<mailimap, ImapDeleter>;

struct FetchList
{
    clist *list = nullptr;
    ~FetchList()
    {
        if (list)
            mailimap_fetch_list_free(list);
    }
};

/// A failure of a session, as a code for the log (never personal data).
struct SessionError
{
    QString code;
};

/// The server's certificate chain, verified for @p host against the trusted CAs (the system's
/// and a private CA added at start); empty when it is good.
QString verifyChain(mailimap *imap, const QString &host)
{
    carray *chain = mailstream_get_certificate_chain(imap->imap_stream);
    if (!chain)
        return QStringLiteral("no certificate");
    QList<QSslCertificate> certificates;
    for (unsigned n = 0; n < carray_count(chain); ++n) {
        auto *der = static_cast<MMAPString *>(carray_get(chain, n));
        certificates.append(QSslCertificate(QByteArray(der->str, qsizetype(der->len)), QSsl::Der));
        mmap_string_free(der);
    }
    carray_free(chain);
    const QList<QSslError> errors = QSslCertificate::verify(certificates, host);
    return errors.isEmpty() ? QString() : errors.first().errorString();
}

std::optional<SessionError> connectAndSelect(mailimap *imap, const ImapSettings &settings)
{
    const QByteArray host = settings.host.toUtf8();
    int r = MAILIMAP_NO_ERROR;
    switch (settings.security) {
    case MailSecurity::Tls:
        r = mailimap_ssl_connect(imap, host.constData(), settings.port);
        break;
    case MailSecurity::StartTls:
        r = mailimap_socket_connect(imap, host.constData(), settings.port);
        if (r == MAILIMAP_NO_ERROR_NON_AUTHENTICATED || r == MAILIMAP_NO_ERROR_AUTHENTICATED)
            r = mailimap_socket_starttls(imap) == MAILIMAP_NO_ERROR ? MAILIMAP_NO_ERROR_NON_AUTHENTICATED
                                                                    : MAILIMAP_ERROR_SSL;
        break;
    case MailSecurity::None:
        r = mailimap_socket_connect(imap, host.constData(), settings.port);
        break;
    }
    if (r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED && r != MAILIMAP_NO_ERROR_AUTHENTICATED
        && r != MAILIMAP_NO_ERROR)
        return SessionError {r == MAILIMAP_ERROR_SSL ? QStringLiteral("tls_failed")
                                                     : QStringLiteral("connect_failed")};
    if (settings.security != MailSecurity::None) {
        if (const QString problem = verifyChain(imap, settings.host); !problem.isEmpty()) {
            qCWarning(lcServer).noquote()
                << "email: the IMAP server's certificate is not trusted:" << problem;
            return SessionError {QStringLiteral("certificate_rejected")};
        }
    }
    const QByteArray user = settings.user.toUtf8();
    const QByteArray password = settings.password.toUtf8();
    r = mailimap_login(imap, user.constData(), password.constData());
    if (r != MAILIMAP_NO_ERROR)
        return SessionError {r == MAILIMAP_ERROR_LOGIN ? QStringLiteral("login_denied")
                                                       : QStringLiteral("connection_lost")};
    const QByteArray folder = settings.folder.toUtf8();
    r = mailimap_select(imap, folder.constData());
    if (r != MAILIMAP_NO_ERROR)
        return SessionError {r == MAILIMAP_ERROR_SELECT ? QStringLiteral("folder_not_found")
                                                        : QStringLiteral("connection_lost")};
    return std::nullopt;
}

/// The UIDs after @p after, ascending. A refused fetch (an empty mailbox has no "*") is none.
Result<QList<quint32>> uidsAfter(mailimap *imap, quint32 after)
{
    mailimap_set *set = mailimap_set_new_interval(after + 1, 0); // after+1:*
    mailimap_fetch_type *type = mailimap_fetch_type_new_fetch_att_list_empty();
    mailimap_fetch_type_new_fetch_att_list_add(type, mailimap_fetch_att_new_uid());
    FetchList result;
    const int r = mailimap_uid_fetch(imap, set, type, &result.list);
    mailimap_fetch_type_free(type);
    mailimap_set_free(set);
    if (r == MAILIMAP_ERROR_UID_FETCH)
        return QList<quint32>();
    if (r != MAILIMAP_NO_ERROR)
        return Error {QStringLiteral("connection_lost"), QString()};
    QList<quint32> uids;
    for (clistiter *cur = clist_begin(result.list); cur; cur = clist_next(cur)) {
        auto *att = static_cast<mailimap_msg_att *>(clist_content(cur));
        for (clistiter *item = clist_begin(att->att_list); item; item = clist_next(item)) {
            auto *i = static_cast<mailimap_msg_att_item *>(clist_content(item));
            if (i->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC
                && i->att_data.att_static->att_type == MAILIMAP_MSG_ATT_UID
                && i->att_data.att_static->att_data.att_uid > after)
                uids.append(i->att_data.att_static->att_data.att_uid); // "n:*" also gives the last one
        }
    }
    std::sort(uids.begin(), uids.end());
    return uids;
}

/// The whole messages with @p uids (BODY.PEEK[]: they stay unread), by UID.
Result<QList<ImapSource::Fetched>> fetchMessages(mailimap *imap, const QList<quint32> &uids)
{
    mailimap_set *set = mailimap_set_new_empty();
    for (const quint32 uid : uids)
        mailimap_set_add_single(set, uid);
    mailimap_fetch_type *type = mailimap_fetch_type_new_fetch_att_list_empty();
    mailimap_fetch_type_new_fetch_att_list_add(type, mailimap_fetch_att_new_uid());
    mailimap_fetch_type_new_fetch_att_list_add(
        type, mailimap_fetch_att_new_body_peek_section(mailimap_section_new(nullptr)));
    FetchList result;
    const int r = mailimap_uid_fetch(imap, set, type, &result.list);
    mailimap_fetch_type_free(type);
    mailimap_set_free(set);
    if (r != MAILIMAP_NO_ERROR)
        return Error {QStringLiteral("fetch_failed"), QString()};
    QList<ImapSource::Fetched> out;
    for (clistiter *cur = clist_begin(result.list); cur; cur = clist_next(cur)) {
        auto *att = static_cast<mailimap_msg_att *>(clist_content(cur));
        ImapSource::Fetched message;
        bool hasBody = false;
        for (clistiter *item = clist_begin(att->att_list); item; item = clist_next(item)) {
            auto *i = static_cast<mailimap_msg_att_item *>(clist_content(item));
            if (i->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
                continue;
            const mailimap_msg_att_static *s = i->att_data.att_static;
            if (s->att_type == MAILIMAP_MSG_ATT_UID) {
                message.uid = s->att_data.att_uid;
            } else if (s->att_type == MAILIMAP_MSG_ATT_BODY_SECTION && s->att_data.att_body_section) {
                const auto *section = s->att_data.att_body_section;
                message.raw = section->sec_body_part
                    ? QByteArray(section->sec_body_part, qsizetype(section->sec_length))
                    : QByteArray("");
                hasBody = true;
            }
        }
        if (message.uid != 0 && hasBody)
            out.append(std::move(message));
    }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.uid < b.uid; });
    return out;
}

/// Waits for news in the selected folder: IDLE where offered (up to @p wait, or until the
/// server says something), else a NOOP after @p wait. An error means the session is gone.
std::optional<SessionError> waitForNews(mailimap *imap, std::chrono::seconds wait, ImapSource::Shared &shared)
{
    if (!mailimap_has_idle(imap)) {
        if (!shared.sleepFor(wait))
            return std::nullopt;
        if (mailimap_noop(imap) != MAILIMAP_NO_ERROR)
            return SessionError {QStringLiteral("connection_lost")};
        return std::nullopt;
    }
    if (mailimap_idle(imap) != MAILIMAP_NO_ERROR)
        return SessionError {QStringLiteral("idle_failed")};
    const int fd = mailimap_idle_get_fd(imap);
    const auto deadline = std::chrono::steady_clock::now() + std::min<std::chrono::seconds>(wait, 25min);
    while (!shared.cancel && std::chrono::steady_clock::now() < deadline) {
        pollfd p {fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, 250);
        if (ready != 0)
            break; // news, or an error the DONE below will find
    }
    if (mailimap_idle_done(imap) != MAILIMAP_NO_ERROR)
        return SessionError {QStringLiteral("connection_lost")};
    return std::nullopt;
}

void runWorker(std::shared_ptr<ImapSource::Shared> shared, ImapSettings settings,
               QPointer<ImapSource> source);

} // namespace

ImapSource::ImapSource(ImapSettings settings, MailIntake &intake, Database &database, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_intake(intake)
    , m_database(database)
    , m_queries(database)
    , m_shared(std::make_shared<Shared>())
{ }

ImapSource::~ImapSource()
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->cancel = true;
    }
    m_shared->wake.notify_all();
    m_shared->batchFiled.release();
    if (m_thread.joinable())
        m_thread.join();
}

QString ImapSource::key() const
{
    return QStringLiteral("imap://%1@%2:%3/%4")
        .arg(m_settings.user, m_settings.host)
        .arg(m_settings.port)
        .arg(m_settings.folder);
}

Status ImapSource::start()
{
    auto query
        = m_queries.get(QStringLiteral("SELECT uid_validity, last_uid FROM mail_sources WHERE source = ?"));
    if (!query)
        return query.error();
    (*query)->addBindValue(key());
    if (Status ran = m_queries.exec(**query, QStringLiteral("reading how far the mailbox was read")); !ran)
        return ran;
    if ((*query)->next()) {
        m_shared->uidValidity = quint32((*query)->value(0).toLongLong());
        m_shared->lastUid = quint32((*query)->value(1).toLongLong());
    }
    (*query)->finish();
    if (!m_settings.caFile.isEmpty()) {
        // QSslCertificate::verify() trusts the default configuration's authorities.
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        if (!configuration.addCaCertificates(m_settings.caFile))
            return Error {QStringLiteral("imap_ca_file"),
                          QStringLiteral("the IMAP CA file %1 holds no certificate").arg(m_settings.caFile)};
        QSslConfiguration::setDefaultConfiguration(configuration);
    }
    qCInfo(lcServer).noquote() << QStringLiteral(
                                      "email: taking mail from IMAP %1 port %2, folder %3, after UID %4")
                                      .arg(m_settings.host)
                                      .arg(m_settings.port)
                                      .arg(m_settings.folder)
                                      .arg(m_shared->lastUid.load());
    m_thread = std::thread(runWorker, m_shared, m_settings, QPointer<ImapSource>(this));
    return Status::success();
}

void ImapSource::file(quint32 uidValidity, const QList<Fetched> &batch)
{
    quint32 last = m_shared->uidValidity == uidValidity ? m_shared->lastUid.load() : 0;
    int filed = 0;
    int duplicates = 0;
    int withDefects = 0;
    bool failed = false;
    for (const Fetched &message : batch) {
        auto result = m_intake.ingest(message.raw);
        if (!result && result.error().code == u"invalid_mail_record") {
            // This message can never be filed; it stays in the mailbox for a person.
            qCWarning(lcServer).noquote()
                << "email: IMAP message UID" << message.uid << "cannot be filed:" << result.error().code
                << "- left in the mailbox, skipped";
            last = message.uid;
            continue;
        }
        if (!result) {
            qCWarning(lcServer).noquote()
                << "email: cannot file IMAP message UID" << message.uid << "now:" << result.error().code;
            failed = true;
            break;
        }
        last = message.uid;
        if (result->alreadyStored)
            ++duplicates;
        else
            ++filed;
        if (!result->defects.isEmpty())
            ++withDefects;
    }
    if (last != m_shared->lastUid || uidValidity != m_shared->uidValidity) {
        if (Status saved = saveProgress(uidValidity, last); !saved)
            qCWarning(lcServer).noquote()
                << "email: cannot record how far the mailbox was read:" << saved.error().code;
    }
    m_shared->uidValidity = uidValidity;
    m_shared->lastUid = last;
    m_shared->filingFailed = failed;
    m_shared->batchFiled.release();
    if (filed + duplicates > 0)
        qCInfo(lcServer).noquote() << QStringLiteral(
                                          "email: IMAP: %1 filed (%2 with defects), %3 already stored")
                                          .arg(filed)
                                          .arg(withDefects)
                                          .arg(duplicates);
    if (filed > 0)
        Q_EMIT this->filed(filed);
}

Status ImapSource::saveProgress(quint32 uidValidity, quint32 lastUid)
{
    auto query = m_queries.get(m_database.dialect().upsert(
        QStringLiteral("mail_sources"),
        {QStringLiteral("source"), QStringLiteral("uid_validity"), QStringLiteral("last_uid")},
        {QStringLiteral("source")}));
    if (!query)
        return query.error();
    (*query)->addBindValue(key());
    (*query)->addBindValue(qint64(uidValidity));
    (*query)->addBindValue(qint64(lastUid));
    Status ran = m_queries.exec(**query, QStringLiteral("recording how far the mailbox was read"));
    (*query)->finish();
    return ran;
}

namespace {

void runWorker(std::shared_ptr<ImapSource::Shared> shared, ImapSettings settings, QPointer<ImapSource> source)
{
    std::chrono::milliseconds backoff = 5s;
    QString lastProblem;
    while (!shared->cancel) {
        Imap imap(mailimap_new(0, nullptr));
        mailimap_set_timeout(imap.get(), 60);
        std::optional<SessionError> problem = connectAndSelect(imap.get(), settings);
        if (!problem) {
            backoff = 5s;
            if (!lastProblem.isEmpty())
                qCInfo(lcServer).noquote() << "email: IMAP reachable again";
            lastProblem.clear();
            const quint32 uidValidity
                = imap->imap_selection_info ? imap->imap_selection_info->sel_uidvalidity : 0;
            while (!shared->cancel && !problem) {
                const quint32 after = shared->uidValidity == uidValidity ? shared->lastUid.load() : 0;
                auto uids = uidsAfter(imap.get(), after);
                if (!uids) {
                    problem = SessionError {uids.error().code};
                    break;
                }
                for (qsizetype first = 0; first < uids->size() && !shared->cancel; first += batchSize) {
                    auto messages = fetchMessages(imap.get(), uids->mid(first, batchSize));
                    if (!messages) {
                        problem = SessionError {messages.error().code};
                        break;
                    }
                    if (messages->isEmpty())
                        continue;
                    QMetaObject::invokeMethod(
                        source.data(),
                        [source, uidValidity, batch = *messages] {
                            if (source)
                                source->file(uidValidity, batch);
                        },
                        Qt::QueuedConnection);
                    while (!shared->cancel && !shared->batchFiled.tryAcquire(1, 200)) { }
                    if (shared->filingFailed) {
                        shared->sleepFor(backoff);
                        break; // fetch again from what was filed
                    }
                }
                if (problem || shared->cancel)
                    break;
                if (shared->filingFailed) {
                    shared->filingFailed = false;
                    continue;
                }
                problem = waitForNews(imap.get(), settings.poll, *shared);
            }
            if (!problem)
                mailimap_logout(imap.get());
        }
        if (shared->cancel)
            break;
        if (problem && problem->code != lastProblem) {
            qCWarning(lcServer).noquote()
                << "email: IMAP:" << problem->code << "- trying again in"
                << std::chrono::duration_cast<std::chrono::seconds>(backoff).count() << "s";
            lastProblem = problem->code;
        }
        shared->sleepFor(backoff);
        backoff = std::min<std::chrono::milliseconds>(backoff * 2, 5min);
    }
}

} // namespace

} // namespace Threadline::Server::Email
