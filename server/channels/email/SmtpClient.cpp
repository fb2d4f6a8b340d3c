// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmtpClient.h"

#include <curl/curl.h>
#include <memory>
#include <mutex>

namespace Threadline::Server::Email {

namespace {

struct Upload
{
    const QByteArray &bytes;
    qsizetype offset = 0;
};

size_t readUpload(char *buffer, size_t size, size_t count, void *data)
{
    auto *upload = static_cast<Upload *>(data);
    const qsizetype left = upload->bytes.size() - upload->offset;
    const qsizetype n = std::min<qsizetype>(left, qsizetype(size * count));
    std::memcpy(buffer, upload->bytes.constData() + upload->offset, size_t(n));
    upload->offset += n;
    return size_t(n);
}

/// Keeps the server's replies (CURLINFO_HEADER_IN carries SMTP replies line by line), the
/// last few only.
int keepReplies(CURL *, curl_infotype type, char *data, size_t size, void *userData)
{
    if (type != CURLINFO_HEADER_IN)
        return 0;
    auto *replies = static_cast<QStringList *>(userData);
    const QString line = QString::fromUtf8(data, qsizetype(size)).trimmed();
    if (line.isEmpty())
        return 0;
    replies->append(line.left(1000));
    if (replies->size() > 16)
        replies->removeFirst();
    return 0;
}

/// The last reply line with @p code (a failed command's reply comes before QUIT's "221 Bye").
QString replyWithCode(const QStringList &replies, long code)
{
    const QString prefix = QString::number(code);
    for (auto it = replies.crbegin(); it != replies.crend(); ++it) {
        if (it->startsWith(prefix))
            return *it;
    }
    return {};
}

int checkCancel(void *data, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    const auto *cancel = static_cast<const std::atomic<bool> *>(data);
    return cancel && cancel->load() ? 1 : 0;
}

QByteArray angle(const QString &address)
{
    return '<' + address.toUtf8() + '>';
}

struct CurlDeleter
{
    void operator()(CURL *curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter
{
    void operator()(curl_slist *list) const { curl_slist_free_all(list); }
};

QString transportCode(CURLcode code)
{
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
        return QStringLiteral("host_not_found");
    case CURLE_COULDNT_CONNECT:
        return QStringLiteral("connect_failed");
    case CURLE_OPERATION_TIMEDOUT:
        return QStringLiteral("timeout");
    case CURLE_LOGIN_DENIED:
        return QStringLiteral("login_denied");
    case CURLE_USE_SSL_FAILED:
        return QStringLiteral("starttls_refused");
    case CURLE_PEER_FAILED_VERIFICATION:
        return QStringLiteral("certificate_rejected");
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
        return QStringLiteral("tls_failed");
    case CURLE_ABORTED_BY_CALLBACK:
        return QStringLiteral("cancelled");
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
        return QStringLiteral("connection_lost");
    default:
        return QStringLiteral("curl_%1").arg(int(code));
    }
}

} // namespace

void initialiseSmtp()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

SmtpOutcome sendMail(const SmtpSettings &settings, const QString &envelopeFrom, const QStringList &recipients,
                     const QByteArray &message, const std::atomic<bool> *cancel)
{
    initialiseSmtp();
    SmtpOutcome outcome;
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        outcome.detail = QStringLiteral("the SMTP library could not start");
        outcome.logCode = QStringLiteral("curl_init_failed");
        return outcome;
    }
    CURL *c = curl.get();
    const QByteArray url = QStringLiteral("%1://%2:%3/")
                               .arg(settings.security == MailSecurity::Tls ? u"smtps" : u"smtp")
                               .arg(settings.host)
                               .arg(settings.port)
                               .toUtf8();
    const QByteArray from = angle(envelopeFrom);
    std::unique_ptr<curl_slist, ListDeleter> rcpt;
    for (const QString &recipient : recipients) {
        curl_slist *next = curl_slist_append(rcpt.get(), angle(recipient).constData());
        if (!next) {
            outcome.detail = QStringLiteral("out of memory");
            outcome.logCode = QStringLiteral("out_of_memory");
            return outcome;
        }
        (void)rcpt.release();
        rcpt.reset(next);
    }
    Upload upload {message};
    QStringList replies;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    const QByteArray user = settings.user.toUtf8();
    const QByteArray password = settings.password.toUtf8();
    const QByteArray caFile = settings.caFile.toLocal8Bit();

    curl_easy_setopt(c, CURLOPT_URL, url.constData());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &readUpload);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.size()));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, long(settings.connectTimeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT, long(settings.timeout.count()));
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(c, CURLOPT_VERBOSE, 1L); // replies go to keepReplies, nothing is printed
    curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, &keepReplies);
    curl_easy_setopt(c, CURLOPT_DEBUGDATA, &replies);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &checkCancel);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, cancel);
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     settings.security == MailSecurity::None ? long(CURLUSESSL_NONE) : long(CURLUSESSL_ALL));
    curl_easy_setopt(c, CURLOPT_SSLVERSION, long(CURL_SSLVERSION_TLSv1_2));
    if (!caFile.isEmpty())
        curl_easy_setopt(c, CURLOPT_CAINFO, caFile.constData());
    if (!user.isEmpty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(c, CURLOPT_PASSWORD, password.constData());
    }

    const CURLcode result = curl_easy_perform(c);
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    outcome.code = int(code);
    const QString lastReply = replyWithCode(replies, code);
    if (result == CURLE_OK) {
        outcome.kind = SmtpOutcome::Kind::Sent;
        outcome.detail = lastReply;
        outcome.logCode = QStringLiteral("sent");
        return outcome;
    }
    // A refused sign-in (535) is the server's configuration, not this email's fault: it is retried
    // like a lost connection, so mail waits while an operator fixes the password.
    const bool refused = code >= 500 && code < 600 && result != CURLE_LOGIN_DENIED;
    outcome.kind = refused ? SmtpOutcome::Kind::Permanent : SmtpOutcome::Kind::Transient;
    outcome.logCode = code >= 400 ? QStringLiteral("smtp_%1").arg(code) : transportCode(result);
    // The server's own words when it said something about the failure; otherwise libcurl's.
    if (code >= 400 && !lastReply.isEmpty())
        outcome.detail = lastReply;
    else
        outcome.detail = QString::fromUtf8(errorBuffer[0] ? errorBuffer : curl_easy_strerror(result));
    return outcome;
}

} // namespace Threadline::Server::Email
