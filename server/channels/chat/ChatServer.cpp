// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChatServer.h"

#include "Change.h"
#include "Database.h"
#include "Logging.h"
#include "MailIntake.h"
#include "ServerTls.h"
#include "SyncSession.h"
#include "SyncStore.h"
#include "Validation.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QUrlQuery>
#include <QWebSocket>

namespace Threadline::Server::Chat {

using namespace std::chrono_literals;

struct ChatServer::Session
{
    QString key; ///< SHA-256 (hex) of the citizen's secret token: whoever holds it continues the chat
    QUuid id; ///< the chat's public id (the interaction's session id)
    QHostAddress address;
    QString language = QStringLiteral("en");
    QDateTime started;
    QDateTime lastActivity;
    QList<ChatMessage> messages;
    QString email;
    QString phone;
    QList<QWebSocket *> sockets;
    std::deque<qint64> recent; ///< when the citizen's recent messages came (ms)
    bool ending = false; ///< ended; waiting to be filed
    QUuid customer; ///< the customer the email address left belongs to, when one does
    QUuid agentId; ///< the agent the chat is given to (null: not yet, or waiting for one)
    QString agentName;
    QDateTime agentAwaySince; ///< the agent signed out of every device then (invalid: they are in)
    bool toldWaiting = false; ///< the citizen was told nobody is free yet
};

namespace {

QJsonObject words(const QString &language)
{
    static const QJsonObject all = [] {
        QFile file(QStringLiteral(":/threadline-chat/words.json"));
        if (!file.open(QIODevice::ReadOnly))
            return QJsonObject();
        return QJsonDocument::fromJson(file.readAll()).object();
    }();
    return all.value(language).toObject();
}

QByteArray resource(const QString &name)
{
    QFile file(QStringLiteral(":/threadline-chat/") + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString randomToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

/// What the server keeps of a token: its SHA-256, in hex.
QString tokenKey(const QString &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

/// What the citizen sees of an agent's name: the first word of it.
QString firstName(const QString &displayName)
{
    return displayName.section(u' ', 0, 0, QString::SectionSkipEmpty);
}

QJsonObject messageJson(const ChatMessage &m)
{
    QJsonObject json {{QStringLiteral("t"), QStringLiteral("message")},
                      {QStringLiteral("from"), toString(m.role)},
                      {QStringLiteral("text"), m.text},
                      {QStringLiteral("at"), m.at.toMSecsSinceEpoch()}};
    if (!m.author.isEmpty())
        json.insert(QStringLiteral("name"), firstName(m.author)); // the citizen sees the first name only
    return json;
}

LiveChatEvent chatEvent(ChatEventKind kind, const QUuid &chat = {})
{
    LiveChatEvent event;
    event.kind = kind;
    event.chat = chat;
    return event;
}

LiveChatEvent ended(const QUuid &chat, ChatEndReason reason)
{
    LiveChatEvent event = chatEvent(ChatEventKind::Ended, chat);
    event.endedBy = reason;
    return event;
}

void sendJson(QWebSocket *socket, const QJsonObject &object)
{
    socket->sendTextMessage(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
}

const QUuid &idNamespace()
{
    static const QUuid ns = QUuid::fromString(u"2b7c64f0-8f3e-5d1a-9c6b-7a3e1f0d4c21");
    return ns;
}

QHttpServerResponse staticFile(const QByteArray &type, const QString &name)
{
    QHttpServerResponse response(type, resource(name));
    response.addHeader("Cache-Control", "no-cache");
    response.addHeader("X-Content-Type-Options", "nosniff");
    return response;
}

} // namespace

QString pageLanguage(const QString &query, const QByteArray &acceptLanguage)
{
    if (query == u"cy" || query == u"en")
        return query;
    // The first language the browser names that the page has.
    for (const QByteArray &part : acceptLanguage.split(',')) {
        const QByteArray tag = part.split(';').first().trimmed().toLower();
        if (tag.startsWith("cy"))
            return QStringLiteral("cy");
        if (tag.startsWith("en"))
            return QStringLiteral("en");
    }
    return QStringLiteral("en");
}

namespace {

QByteArray makeChatPage(const QString &lang)
{
    const QJsonObject w = words(lang);
    QString page = QString::fromUtf8(resource(QStringLiteral("chat.html")));
    for (auto it = w.constBegin(); it != w.constEnd(); ++it)
        page.replace(QStringLiteral("{{") + it.key() + QStringLiteral("}}"),
                     it.value().toString().toHtmlEscaped());
    page.replace(QStringLiteral("{{lang}}"), lang);
    page.replace(QStringLiteral("{{other_lang}}"),
                 lang == u"cy" ? QStringLiteral("en") : QStringLiteral("cy"));
    // The page's script reads its words from a JSON block; "</" would end the block early.
    const QString json = QString::fromUtf8(QJsonDocument(w).toJson(QJsonDocument::Compact))
                             .replace(QStringLiteral("</"), QStringLiteral("<\\/"));
    page.replace(QStringLiteral("{{words_json}}"), json);
    return page.toUtf8();
}

} // namespace

QByteArray chatPage(const QString &language)
{
    // Made once per language: the page is the same for every request.
    static const QByteArray english = makeChatPage(QStringLiteral("en"));
    static const QByteArray welsh = makeChatPage(QStringLiteral("cy"));
    return language == u"cy" ? welsh : english;
}

ChatServer::ChatServer(Database &database, SyncStore &store, ChatLimits limits, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_store(store)
    , m_limits(limits)
    , m_reader(database)
    , m_queries(database)
    , m_http(std::make_unique<QHttpServer>())
{
    m_http->route(QStringLiteral("/chat"), [](const QHttpServerRequest &request) {
        const QString lang = pageLanguage(QUrlQuery(request.url()).queryItemValue(QStringLiteral("lang")),
                                          request.value("Accept-Language"));
        QHttpServerResponse response("text/html; charset=utf-8", chatPage(lang));
        // Only the page's own files run and load; nothing from elsewhere.
        response.addHeader("Content-Security-Policy",
                           "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                           "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
        response.addHeader("X-Content-Type-Options", "nosniff");
        response.addHeader("Referrer-Policy", "no-referrer");
        response.addHeader("Cache-Control", "no-cache");
        return response;
    });
    m_http->route(QStringLiteral("/chat/chat.js"),
                  [] { return staticFile("text/javascript; charset=utf-8", QStringLiteral("chat.js")); });
    m_http->route(QStringLiteral("/chat/chat.css"),
                  [] { return staticFile("text/css; charset=utf-8", QStringLiteral("chat.css")); });
    // Qt HTTP Server 6.4 upgrades a WebSocket request only when a route takes it; this one
    // answers nothing itself (newWebSocketConnection gets the socket).
    m_http->route(QStringLiteral("/chat/socket"), [](const QHttpServerRequest &, QHttpServerResponder &&) {});
    connect(m_http.get(), &QHttpServer::newWebSocketConnection, this, &ChatServer::onWebSocket);
    m_sweep.setInterval(std::clamp<std::chrono::milliseconds>(
        std::min<std::chrono::milliseconds>(m_limits.idle / 2, m_limits.reassignAfter / 2), 200ms, 60s));
    connect(&m_sweep, &QTimer::timeout, this, &ChatServer::sweep);
    m_sweep.start();
    restore();
}

ChatServer::~ChatServer()
{
    m_sweep.stop();
    for (const auto &session : std::as_const(m_sessions)) {
        if (session->messages.isEmpty() || (!session->ending && persist(*session)))
            continue; // kept for the next start
        tellAgent(*session, ended(session->id, ChatEndReason::Shutdown));
        if (Status filed = file(*session); !filed)
            qCWarning(lcServer).noquote() << "chat: a chat could not be filed at stop:" << filed.error().code;
        else
            forget(*session);
    }
    m_sessions.clear();
    m_desks.clear();
    // The sockets are children of this object: they go now, before the members their signals
    // would reach.
    const QList<QWebSocket *> sockets = findChildren<QWebSocket *>(QString(), Qt::FindDirectChildrenOnly);
    for (QWebSocket *socket : sockets) {
        socket->disconnect(this);
        delete socket;
    }
    m_socketSession.clear();
}

Result<quint16> ChatServer::listen(const QHostAddress &address, quint16 port)
{
    // Nagle off, so each chat message goes out at once: with it on, a reply sent right after the
    // echo of the citizen's own message waits for the page's delayed acknowledgement (~40 ms).
    QTcpServer *tcp = nullptr;
    if (m_tls) {
        auto *tls = new LowDelaySslServer(m_http.get());
        tls->setSslConfiguration(*m_tls);
        m_tlsServer = tls;
        tcp = tls;
    } else {
        tcp = new LowDelayTcpServer(m_http.get());
    }
    const quint16 bound = tcp->listen(address, port) ? tcp->serverPort() : 0;
    if (bound == 0) {
        delete tcp;
        return Error {
            QStringLiteral("chat_listen_failed"),
            QStringLiteral("the web chat cannot listen on %1 port %2").arg(address.toString()).arg(port)};
    }
    m_http->bind(tcp);
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
        ? u'[' + address.toString() + u']'
        : address.toString();
    qCInfo(lcServer).noquote() << QStringLiteral("chat: the web chat page is on %1://%2:%3/chat")
                                      .arg(m_tls ? QStringLiteral("https") : QStringLiteral("http"), host)
                                      .arg(bound);
    return bound;
}

void ChatServer::setTls(const QSslConfiguration &configuration)
{
    m_tls = configuration;
    if (m_tlsServer)
        m_tlsServer->setSslConfiguration(configuration);
}

void ChatServer::onWebSocket()
{
    while (m_http->hasPendingWebSocketConnections()) {
        QWebSocket *socket = m_http->nextPendingWebSocketConnection().release();
        socket->setParent(this);
        if (socket->requestUrl().path() != u"/chat/socket") {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated);
            socket->deleteLater();
            continue;
        }
        socket->setMaxAllowedIncomingMessageSize(16 * 1024);
        socket->setMaxAllowedIncomingFrameSize(16 * 1024);
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this, socket](const QString &text) { onText(socket, text); });
        connect(socket, &QWebSocket::binaryMessageReceived, this,
                [this, socket](const QByteArray &) { sendError(socket, QStringLiteral("bad_message")); });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] {
            const QString token = m_socketSession.take(socket);
            if (auto it = m_sessions.find(token); it != m_sessions.end())
                (*it)->sockets.removeAll(socket);
            socket->deleteLater();
        });
    }
}

void ChatServer::sendError(QWebSocket *socket, const QString &code)
{
    sendJson(socket, {{QStringLiteral("t"), QStringLiteral("error")}, {QStringLiteral("code"), code}});
}

void ChatServer::onText(QWebSocket *socket, const QString &text)
{
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = message.value(QStringLiteral("t")).toString();
    if (type == u"start") {
        start(socket, message);
        return;
    }
    auto it = m_sessions.find(m_socketSession.value(socket));
    if (it == m_sessions.end() || (*it)->ending) {
        sendError(socket, QStringLiteral("bad_message")); // nothing started on this socket
        return;
    }
    Session &session = **it;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    session.lastActivity = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC);
    if (type == u"message") {
        const QString body = message.value(QStringLiteral("text")).toString().trimmed();
        if (body.isEmpty())
            return;
        if (body.size() > m_limits.maxMessageChars) {
            sendError(socket, QStringLiteral("too_long"));
            return;
        }
        while (!session.recent.empty() && session.recent.front() < now - 60'000)
            session.recent.pop_front();
        if (int(session.recent.size()) >= m_limits.messagesPerMinute) {
            sendError(socket, QStringLiteral("too_fast"));
            return;
        }
        if (session.messages.size() >= m_limits.maxMessagesPerChat) {
            sendError(socket, QStringLiteral("chat_full"));
            return;
        }
        session.recent.push_back(now);
        post(session, ChatRole::Citizen, body);
    } else if (type == u"typing") {
        tellAgent(session, chatEvent(ChatEventKind::Typing, session.id));
    } else if (type == u"contact") {
        const QString email = Email::normalisedAddress(message.value(QStringLiteral("email")).toString());
        const QString phone = message.value(QStringLiteral("phone")).toString().remove(u' ');
        if (IdentifierRules::isEmailAddress(email))
            session.email = email;
        if (IdentifierRules::isE164(phone))
            session.phone = phone;
        contactChanged(session);
    } else if (type == u"end") {
        end(session.key, ChatEndReason::Citizen);
    } else {
        sendError(socket, QStringLiteral("bad_message"));
    }
}

void ChatServer::start(QWebSocket *socket, const QJsonObject &message)
{
    QString token = message.value(QStringLiteral("token")).toString();
    std::shared_ptr<Session> session;
    if (auto it = m_sessions.find(tokenKey(token));
        !token.isEmpty() && it != m_sessions.end() && !(*it)->ending) {
        session = *it; // a reload: the same chat goes on
    } else {
        const QHostAddress address = socket->peerAddress();
        qsizetype fromThere = 0;
        for (const auto &open : std::as_const(m_sessions))
            fromThere += open->address.isEqual(address) ? 1 : 0;
        if (fromThere >= m_limits.sessionsPerAddress || m_sessions.size() >= m_limits.maxSessions) {
            sendError(socket,
                      fromThere >= m_limits.sessionsPerAddress ? QStringLiteral("too_many_sessions")
                                                               : QStringLiteral("busy"));
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated);
            return;
        }
        session = std::make_shared<Session>();
        token = randomToken();
        session->key = tokenKey(token);
        session->id = QUuid::createUuid();
        session->address = address;
        session->started = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
        session->lastActivity = session->started;
        m_sessions.insert(session->key, session);
        m_tokenById.insert(session->id, session->key);
    }
    if (message.value(QStringLiteral("lang")).toString() == u"cy")
        session->language = QStringLiteral("cy");
    if (const QString previous = m_socketSession.value(socket); previous != session->key) {
        if (auto old = m_sessions.find(previous); old != m_sessions.end())
            (*old)->sockets.removeAll(socket);
    }
    m_socketSession.insert(socket, session->key);
    if (!session->sockets.contains(socket))
        session->sockets.append(socket);
    QJsonArray history;
    for (const ChatMessage &m : std::as_const(session->messages)) {
        QJsonObject item = messageJson(m);
        item.remove(QStringLiteral("t"));
        history.append(item);
    }
    sendJson(socket,
             {{QStringLiteral("t"), QStringLiteral("session")},
              {QStringLiteral("token"), token},
              {QStringLiteral("messages"), history}});
    if (!session->agentId.isNull())
        sendJson(socket,
                 {{QStringLiteral("t"), QStringLiteral("status")},
                  {QStringLiteral("code"), QStringLiteral("joined")},
                  {QStringLiteral("name"), firstName(session->agentName)}});
    else if (!session->messages.isEmpty())
        sendJson(socket,
                 {{QStringLiteral("t"), QStringLiteral("status")},
                  {QStringLiteral("code"), QStringLiteral("waiting")}});
}

void ChatServer::post(Session &session, ChatRole role, const QString &text, const QString &author)
{
    ChatMessage m;
    m.at = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    m.role = role;
    m.author = author;
    m.text = text;
    session.messages.append(m);
    persist(session);
    tellCitizen(session, messageJson(m));
    if (session.agentId.isNull()) {
        if (role == ChatRole::Citizen)
            assign(session); // offers the whole chat, this message with it
        return;
    }
    LiveChatEvent event = chatEvent(ChatEventKind::Message, session.id);
    event.messages = {m};
    tellAgent(session, event);
}

void ChatServer::tellCitizen(const Session &session, const QJsonObject &message) const
{
    for (QWebSocket *socket : std::as_const(session.sockets))
        sendJson(socket, message);
}

void ChatServer::tellAgent(const Session &session, const LiveChatEvent &event) const
{
    if (session.agentId.isNull())
        return;
    const QList<SyncSession *> desks = m_desks.value(session.agentId);
    if (desks.isEmpty())
        return;
    const Protocol::Frame frame = Protocol::ChatEvent {event}.toFrame();
    for (SyncSession *desk : desks)
        desk->sendFrame(frame);
}

void ChatServer::offer(const Session &session, SyncSession *desk) const
{
    LiveChatEvent event = chatEvent(ChatEventKind::Offered, session.id);
    event.messages = session.messages;
    event.started = session.started;
    event.language = session.language;
    event.email = session.email;
    event.phone = session.phone;
    event.customer = session.customer;
    desk->sendFrame(Protocol::ChatEvent {event}.toFrame());
}

void ChatServer::assign(Session &session)
{
    // The signed-in agent with the fewest chats; among equals, the one given a chat longest ago.
    QHash<QUuid, int> load;
    for (auto it = m_desks.cbegin(); it != m_desks.cend(); ++it)
        load.insert(it.key(), 0);
    if (load.isEmpty()) {
        session.agentId = QUuid();
        session.agentName.clear();
        if (!session.toldWaiting)
            tellCitizen(session,
                        {{QStringLiteral("t"), QStringLiteral("status")},
                         {QStringLiteral("code"), QStringLiteral("waiting")}});
        session.toldWaiting = true;
        return;
    }
    for (const auto &other : std::as_const(m_sessions)) {
        if (!other->ending && load.contains(other->agentId))
            ++load[other->agentId];
    }
    QUuid chosen;
    for (auto it = load.cbegin(); it != load.cend(); ++it) {
        if (chosen.isNull() || it.value() < load.value(chosen)
            || (it.value() == load.value(chosen) && m_lastGiven.value(it.key()) < m_lastGiven.value(chosen)))
            chosen = it.key();
    }
    const QList<SyncSession *> desks = m_desks.value(chosen);
    session.agentId = chosen;
    session.agentName = desks.first()->agent().displayName;
    session.agentAwaySince = QDateTime();
    m_lastGiven.insert(chosen, QDateTime::currentMSecsSinceEpoch());
    persist(session);
    for (SyncSession *desk : desks)
        offer(session, desk);
    tellCitizen(session,
                {{QStringLiteral("t"), QStringLiteral("status")},
                 {QStringLiteral("code"), QStringLiteral("joined")},
                 {QStringLiteral("name"), firstName(session.agentName)}});
}

void ChatServer::agentJoined(SyncSession *session)
{
    const QUuid agentId = session->agent().id;
    QList<SyncSession *> &desks = m_desks[agentId];
    if (desks.contains(session))
        return;
    desks.append(session);
    // This agent's chats first (a reconnect or another device), then the ones waiting for anyone.
    QList<std::shared_ptr<Session>> waiting;
    for (const auto &chat : std::as_const(m_sessions)) {
        if (chat->ending)
            continue;
        if (chat->agentId == agentId) {
            chat->agentAwaySince = QDateTime();
            offer(*chat, session);
        } else if (chat->agentId.isNull() && !chat->messages.isEmpty()) {
            waiting.append(chat);
        }
    }
    session->sendFrame(Protocol::ChatEvent {chatEvent(ChatEventKind::Synced)}.toFrame());
    std::sort(waiting.begin(), waiting.end(),
              [](const auto &a, const auto &b) { return a->started < b->started; });
    for (const auto &chat : std::as_const(waiting))
        assign(*chat);
}

void ChatServer::agentLeft(SyncSession *session)
{
    for (auto it = m_desks.begin(); it != m_desks.end(); ++it) {
        if (!it->removeAll(session))
            continue;
        if (it->isEmpty()) {
            const QUuid agentId = it.key();
            m_desks.erase(it);
            const QDateTime now = QDateTime::currentDateTimeUtc();
            for (const auto &chat : std::as_const(m_sessions)) {
                if (chat->agentId == agentId)
                    chat->agentAwaySince = now;
            }
        }
        return;
    }
}

Status ChatServer::act(SyncSession &desk, const LiveChatAction &action)
{
    const Agent &agent = desk.agent();
    const auto it = m_sessions.find(m_tokenById.value(action.chat));
    if (it == m_sessions.end() || (*it)->ending || (*it)->agentId != agent.id) {
        desk.sendFrame(Protocol::ChatEvent {ended(action.chat, ChatEndReason::Gone)}.toFrame());
        return Status::success();
    }
    Session &session = **it;
    session.lastActivity = QDateTime::currentDateTimeUtc();
    switch (action.kind) {
    case ChatActionKind::Send:
        if (session.messages.size() >= m_limits.maxMessagesPerChat)
            return Error {Protocol::toString(Protocol::ErrorCode::InvalidField),
                          QStringLiteral("The chat holds as many messages as it may.")};
        post(session, ChatRole::Agent, action.text, agent.displayName);
        break;
    case ChatActionKind::Typing:
        tellCitizen(session, {{QStringLiteral("t"), QStringLiteral("typing")}});
        break;
    case ChatActionKind::End:
        end(session.key, ChatEndReason::Agent);
        break;
    }
    return Status::success();
}

Result<QUuid> ChatServer::matchCustomer(const Session &session)
{
    // The email address first, then the phone number; with several candidates the first, and
    // identity review sorts them out.
    const std::pair<IdentifierKind, QString> left[]
        = {{IdentifierKind::Email, session.email}, {IdentifierKind::Phone, session.phone}};
    for (const auto &[kind, value] : left) {
        if (value.isEmpty())
            continue;
        auto known = m_reader.customersWithIdentifier(kind, value);
        if (!known)
            return known.error();
        if (!known->isEmpty())
            return known->first();
    }
    return QUuid();
}

void ChatServer::contactChanged(Session &session)
{
    if (auto known = matchCustomer(session); !known)
        qCWarning(lcServer).noquote()
            << "chat: looking up the citizen's customer failed:" << known.error().code;
    else
        session.customer = *known;
    if (!session.messages.isEmpty())
        persist(session);
    LiveChatEvent event = chatEvent(ChatEventKind::Contact, session.id);
    event.email = session.email;
    event.phone = session.phone;
    event.customer = session.customer;
    tellAgent(session, event);
}

void ChatServer::end(const QString &token, ChatEndReason reason)
{
    auto it = m_sessions.find(token);
    if (it == m_sessions.end())
        return;
    std::shared_ptr<Session> session = *it;
    if (!session->ending)
        tellAgent(*session, ended(session->id, reason));
    session->ending = true;
    for (QWebSocket *socket : std::as_const(session->sockets)) {
        sendJson(socket, {{QStringLiteral("t"), QStringLiteral("ended")}});
        m_socketSession.remove(socket);
    }
    session->sockets.clear();
    if (Status filed = file(*session); !filed) {
        // Kept, ending, and filed again by the next sweep: nothing the citizen wrote is lost.
        qCWarning(lcServer).noquote() << "chat: a chat could not be filed yet:" << filed.error().code;
        return;
    }
    forget(*session);
    m_sessions.erase(m_sessions.find(token));
    m_tokenById.remove(session->id);
    if (!session->messages.isEmpty())
        Q_EMIT filed();
}

void ChatServer::sweep()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList due;
    QList<std::shared_ptr<Session>> orphans;
    for (const auto &session : std::as_const(m_sessions)) {
        if (session->ending
            || (session->sockets.isEmpty() && session->lastActivity.addSecs(m_limits.idle.count()) <= now)
            || session->lastActivity.addSecs(m_limits.idle.count() * 4) <= now)
            due.append(session->key);
        else if (session->agentAwaySince.isValid()
                 && session->agentAwaySince.addMSecs(m_limits.reassignAfter.count()) <= now)
            orphans.append(session);
    }
    for (const QString &token : std::as_const(due))
        end(token, ChatEndReason::Idle);
    // The agent has been away too long: a colleague takes the chat (or it waits for one).
    for (const auto &session : std::as_const(orphans)) {
        session->agentId = QUuid();
        session->agentAwaySince = QDateTime();
        session->toldWaiting = false;
        assign(*session);
    }
}

Status ChatServer::file(const Session &session)
{
    if (session.messages.isEmpty())
        return Status::success();
    QList<Change::Record> records;
    QUuid customerId = session.customer;
    if (customerId.isNull()) {
        auto known = matchCustomer(session);
        if (!known)
            return known.error();
        customerId = *known;
    }
    if (customerId.isNull()) {
        Customer customer;
        customer.id
            = QUuid::createUuidV5(idNamespace(), QStringLiteral("chat-visitor:") + session.id.toString());
        customer.displayName = QStringLiteral("Web chat visitor");
        customer.preferredLanguage = session.language;
        customer.preferredChannel = Channel::Chat;
        customer.version = 1;
        customer.updatedAt = QDateTime::currentDateTimeUtc();
        records.append(customer);
        if (!session.email.isEmpty())
            records.append(Identifier {customer.id, IdentifierKind::Email, session.email, false,
                                       QStringLiteral("chat")});
        if (!session.phone.isEmpty())
            records.append(Identifier {customer.id, IdentifierKind::Phone, session.phone, false,
                                       QStringLiteral("chat")});
        customerId = customer.id;
    }
    Interaction interaction;
    interaction.id = QUuid::createUuidV5(idNamespace(), QStringLiteral("chat:") + session.id.toString());
    interaction.customerId = customerId;
    interaction.direction = Direction::Inbound;
    interaction.occurredAt = session.started;
    interaction.agentId = session.agentId;
    for (const ChatMessage &m : session.messages) {
        if (m.role == ChatRole::Citizen) {
            interaction.body = m.text;
            break;
        }
    }
    interaction.details = ChatDetails {session.id.toString(QUuid::WithoutBraces), session.messages};
    records.append(interaction);
    for (const Change::Record &record : std::as_const(records)) {
        if (const Problems problems = validate(record); !problems.isEmpty())
            return Error {
                QStringLiteral("invalid_chat_record"),
                QStringLiteral("the chat could not be made into a valid record (first problem in %1)")
                    .arg(problems.first().field)};
    }
    if (Status appended = m_store.appendRecords(records); !appended)
        return appended;
    qCInfo(lcServer).noquote()
        << QStringLiteral("chat: filed a chat of %1 messages").arg(session.messages.size());
    return Status::success();
}

bool ChatServer::persist(const Session &session)
{
    if (session.messages.isEmpty())
        return true;
    QJsonArray messages;
    for (const ChatMessage &m : session.messages)
        messages.append(QJsonObject {{QStringLiteral("at"), m.at.toMSecsSinceEpoch()},
                                     {QStringLiteral("role"), toString(m.role)},
                                     {QStringLiteral("author"), m.author},
                                     {QStringLiteral("text"), m.text}});
    const QJsonObject state {
        {QStringLiteral("address"), session.address.toString()},
        {QStringLiteral("language"), session.language},
        {QStringLiteral("started"), session.started.toMSecsSinceEpoch()},
        {QStringLiteral("last_activity"), session.lastActivity.toMSecsSinceEpoch()},
        {QStringLiteral("email"), session.email},
        {QStringLiteral("phone"), session.phone},
        {QStringLiteral("customer"), session.customer.toString(QUuid::WithoutBraces)},
        {QStringLiteral("agent"), session.agentId.toString(QUuid::WithoutBraces)},
        {QStringLiteral("agent_name"), session.agentName},
        {QStringLiteral("messages"), messages},
    };
    auto query
        = m_queries.get(m_database.dialect().upsert(QStringLiteral("open_chats"),
                                                    {QStringLiteral("id"), QStringLiteral("token_sha256"),
                                                     QStringLiteral("state"), QStringLiteral("updated_at")},
                                                    {QStringLiteral("id")}));
    Status done = query ? Status::success() : Status(query.error());
    if (done) {
        (*query)->addBindValue(session.id.toString(QUuid::WithoutBraces));
        (*query)->addBindValue(session.key);
        (*query)->addBindValue(QString::fromUtf8(QJsonDocument(state).toJson(QJsonDocument::Compact)));
        (*query)->addBindValue(QDateTime::currentMSecsSinceEpoch());
        done = m_queries.exec(**query, QStringLiteral("keeping an open chat"));
        (*query)->finish();
    }
    if (!done)
        qCWarning(lcServer).noquote()
            << "chat: an open chat could not be kept in the database:" << done.error().code;
    return bool(done);
}

bool ChatServer::forget(const Session &session)
{
    auto query = m_queries.get(QStringLiteral("DELETE FROM open_chats WHERE id = ?"));
    Status done = query ? Status::success() : Status(query.error());
    if (done) {
        (*query)->addBindValue(session.id.toString(QUuid::WithoutBraces));
        done = m_queries.exec(**query, QStringLiteral("forgetting a filed chat"));
        (*query)->finish();
    }
    if (!done)
        qCWarning(lcServer).noquote() << "chat: a filed chat stays in open_chats:" << done.error().code;
    return bool(done);
}

void ChatServer::restore()
{
    auto query = m_queries.get(QStringLiteral("SELECT id, token_sha256, state FROM open_chats"));
    Status done = query ? Status::success() : Status(query.error());
    if (done)
        done = m_queries.exec(**query, QStringLiteral("reading the open chats"));
    if (!done) {
        qCWarning(lcServer).noquote()
            << "chat: the chats open at the last stop cannot be read:" << done.error().code;
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    while ((*query)->next()) {
        const QJsonObject state = QJsonDocument::fromJson((*query)->value(2).toString().toUtf8()).object();
        auto session = std::make_shared<Session>();
        session->id = QUuid::fromString((*query)->value(0).toString());
        session->key = (*query)->value(1).toString();
        session->address = QHostAddress(state.value(QStringLiteral("address")).toString());
        session->language = state.value(QStringLiteral("language")).toString(QStringLiteral("en"));
        session->started = QDateTime::fromMSecsSinceEpoch(
            qint64(state.value(QStringLiteral("started")).toDouble()), Qt::UTC);
        session->lastActivity = QDateTime::fromMSecsSinceEpoch(
            qint64(state.value(QStringLiteral("last_activity")).toDouble()), Qt::UTC);
        session->email = state.value(QStringLiteral("email")).toString();
        session->phone = state.value(QStringLiteral("phone")).toString();
        session->customer = QUuid::fromString(state.value(QStringLiteral("customer")).toString());
        session->agentId = QUuid::fromString(state.value(QStringLiteral("agent")).toString());
        session->agentName = state.value(QStringLiteral("agent_name")).toString();
        if (!session->agentId.isNull())
            session->agentAwaySince = now; // offered again when they sign in, else a colleague's
        for (const QJsonValue &value : state.value(QStringLiteral("messages")).toArray()) {
            const QJsonObject m = value.toObject();
            session->messages.append(ChatMessage {
                QDateTime::fromMSecsSinceEpoch(qint64(m.value(QStringLiteral("at")).toDouble()), Qt::UTC),
                fromString<ChatRole>(m.value(QStringLiteral("role")).toString()).value_or(ChatRole::System),
                m.value(QStringLiteral("author")).toString(), m.value(QStringLiteral("text")).toString()});
        }
        if (session->id.isNull() || session->key.isEmpty() || session->messages.isEmpty()) {
            qCWarning(lcServer).noquote() << "chat: an unreadable open chat was left in open_chats";
            continue;
        }
        m_sessions.insert(session->key, session);
        m_tokenById.insert(session->id, session->key);
    }
    (*query)->finish();
    if (!m_sessions.isEmpty())
        qCInfo(lcServer).noquote()
            << QStringLiteral("chat: %1 chats open at the last stop go on").arg(m_sessions.size());
}

} // namespace Threadline::Server::Chat
