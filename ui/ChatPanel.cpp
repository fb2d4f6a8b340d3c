// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChatPanel.h"

#include "ItemRoles.h"
#include "LiveChatModel.h"

#include <QHBoxLayout>
#include <QIdentityProxyModel>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace Threadline::Ui {

using Models::LiveChatModel;

namespace {

/// The chat list's words: the model holds values, the list shows sentences.
class ChatListWords : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole)
            return ChatPanel::describe(mapToSource(index));
        if (role == Qt::FontRole) {
            QFont font;
            font.setBold(mapToSource(index).data(Models::UnreadRole).toBool());
            return font;
        }
        return QIdentityProxyModel::data(index, role);
    }
};

QString who(const QModelIndex &chat)
{
    const QString contact = chat.data(Qt::DisplayRole).toString();
    return contact.isEmpty() ? ChatPanel::tr("Web chat visitor") : contact;
}

QString languageName(const QString &code)
{
    return code == u"cy" ? ChatPanel::tr("Welsh") : ChatPanel::tr("English");
}

QString clock(const QDateTime &utc)
{
    return QLocale().toString(utc.toLocalTime().time(), QLocale::ShortFormat);
}

} // namespace

QString ChatPanel::describe(const QModelIndex &index)
{
    const auto state = LiveChatModel::State(index.data(Models::ChatStateRole).toInt());
    const int unread = index.data(Models::UnreadCountRole).toInt();
    QString line = tr("%1, since %2").arg(who(index), clock(index.data(Models::OccurredAtRole).toDateTime()));
    if (state == LiveChatModel::State::Ended)
        line += tr(" (ended)");
    else if (index.data(Models::CitizenTypingRole).toBool())
        line += tr(" (typing…)");
    if (unread > 0)
        line += u' ' + tr("%n new message(s)", nullptr, unread);
    return line;
}

ChatPanel::ChatPanel(LiveChatModel &chats, QWidget *parent)
    : QWidget(parent)
    , m_chats(chats)
{
    auto *words = new ChatListWords(this);
    words->setSourceModel(&m_chats);
    m_list = new QListView;
    m_list->setModel(words);
    m_list->setAccessibleName(tr("Live chats"));
    m_list->setUniformItemSizes(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);

    m_contact = new QLabel;
    m_contact->setAccessibleName(tr("Chat contact"));
    m_contact->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_contact->setWordWrap(true);
    m_openCustomer = new QPushButton(tr("Open &customer"));
    m_openCustomer->setToolTip(tr("Show the timeline of the customer whose email address the citizen gave."));
    m_transcript = new QTextBrowser;
    m_transcript->setAccessibleName(tr("Chat transcript"));
    m_transcript->setOpenLinks(false);
    m_state = new QLabel;
    m_state->setAccessibleName(tr("Chat status"));
    m_state->setWordWrap(true);
    m_reply = new QPlainTextEdit;
    m_reply->setAccessibleName(tr("Chat reply"));
    m_reply->setAccessibleDescription(tr("Enter sends the reply; Shift+Enter starts a new line."));
    m_reply->setPlaceholderText(tr("Write a reply (Enter sends, Shift+Enter for a new line)"));
    m_reply->setTabChangesFocus(true);
    m_reply->installEventFilter(this);
    m_count = new QLabel;
    m_count->setAccessibleName(tr("Reply length"));
    m_send = new QPushButton(tr("&Send"));
    m_end = new QPushButton(tr("&End chat"));
    m_end->setToolTip(tr("End the chat for you and the citizen; its transcript is filed on the timeline."));
    m_dismiss = new QPushButton(tr("&Remove from list"));
    m_dismiss->setAccessibleName(tr("Remove from list"));

    auto *head = new QHBoxLayout;
    head->addWidget(m_contact, 1);
    head->addWidget(m_openCustomer);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_count, 1);
    buttons->addWidget(m_dismiss);
    buttons->addWidget(m_end);
    buttons->addWidget(m_send);
    auto *conversation = new QWidget;
    auto *right = new QVBoxLayout(conversation);
    right->setContentsMargins(0, 0, 0, 0);
    right->addLayout(head);
    right->addWidget(m_transcript, 1);
    right->addWidget(m_state);
    right->addWidget(m_reply);
    right->addLayout(buttons);
    m_reply->setMaximumHeight(m_reply->fontMetrics().lineSpacing() * 5);

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_list);
    split->addWidget(conversation);
    split->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                const QUuid id = current.data(Models::IdRole).toUuid();
                if (id != m_current)
                    showChat(id);
            });
    connect(&m_chats, &LiveChatModel::chatChanged, this, [this](const QUuid &chat) {
        if (chat == m_current) {
            renderTranscript();
            if (isVisible() && window()->isActiveWindow())
                m_chats.markRead(chat);
        }
    });
    connect(&m_chats, &QAbstractItemModel::dataChanged, this, &ChatPanel::refresh);
    connect(&m_chats, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (!m_chats.indexOf(m_current).isValid())
            showChat(m_chats.rowCount() > 0 ? m_chats.index(0).data(Models::IdRole).toUuid() : QUuid());
    });
    connect(m_reply, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_reply->toPlainText().trimmed().isEmpty())
            m_chats.typing(m_current);
        refresh();
    });
    connect(m_send, &QPushButton::clicked, this, &ChatPanel::sendReply);
    connect(m_end, &QPushButton::clicked, this, &ChatPanel::endChat);
    connect(m_dismiss, &QPushButton::clicked, this, [this] { m_chats.dismiss(m_current); });
    connect(m_openCustomer, &QPushButton::clicked, this, [this] {
        const QUuid customer = m_chats.indexOf(m_current).data(Models::CustomerIdRole).toUuid();
        if (!customer.isNull())
            Q_EMIT openCustomerRequested(customer);
    });
    showChat({});
}

void ChatPanel::showChat(const QUuid &chat)
{
    if (!m_current.isNull())
        m_drafts.insert(m_current, m_reply->toPlainText());
    m_current = chat;
    const QModelIndex source = m_chats.indexOf(chat);
    {
        const QSignalBlocker quiet(m_reply); // restoring a draft is not typing
        m_reply->setPlainText(m_drafts.take(chat));
    }
    if (source.isValid()) {
        const QModelIndex row = m_list->model()->index(source.row(), 0);
        if (m_list->currentIndex() != row)
            m_list->setCurrentIndex(row);
        m_chats.markRead(chat);
        m_reply->setFocus();
    }
    renderTranscript();
    refresh();
}

void ChatPanel::renderTranscript()
{
    const QModelIndex chat = m_chats.indexOf(m_current);
    if (!chat.isValid()) {
        m_transcript->setPlainText(m_chats.rowCount() == 0
                                       ? tr("No live chats. A chat a citizen starts on the web page "
                                            "appears here when it is given to you.")
                                       : tr("Choose a chat above."));
        return;
    }
    QString html;
    for (const ChatMessage &m : m_chats.messages(m_current)) {
        QString from;
        switch (m.role) {
        case ChatRole::Citizen:
            from = who(chat);
            break;
        case ChatRole::Agent:
            from = m.author.isEmpty() ? tr("Adviser") : m.author;
            break;
        case ChatRole::System:
            from = tr("Notice");
            break;
        }
        html += QStringLiteral("<p><b>%1</b> <small>%2</small><br>%3</p>")
                    .arg(from.toHtmlEscaped(), clock(m.at).toHtmlEscaped(),
                         m.text.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")));
    }
    m_transcript->setHtml(html);
    m_transcript->moveCursor(QTextCursor::End);
    m_transcript->ensureCursorVisible();
}

void ChatPanel::refresh()
{
    const QModelIndex chat = m_chats.indexOf(m_current);
    const auto state = LiveChatModel::State(chat.data(Models::ChatStateRole).toInt());
    const bool active = chat.isValid() && state == LiveChatModel::State::Active;
    const qsizetype length = m_reply->toPlainText().trimmed().size();
    const bool tooLong = length > maxLiveChatMessageChars;

    if (!chat.isValid()) {
        m_contact->clear();
        m_state->clear();
    } else {
        QStringList contact {who(chat)};
        const QString phone = chat.data(Models::ContactPhoneRole).toString();
        if (!phone.isEmpty() && phone != contact.first())
            contact.append(phone);
        m_contact->setText(contact.join(QStringLiteral(", ")));
        switch (state) {
        case LiveChatModel::State::Active:
            m_state->setText(
                chat.data(Models::CitizenTypingRole).toBool()
                    ? tr("The citizen is typing…")
                    : tr("Chat open since %1; the citizen's page is in %2.")
                          .arg(clock(chat.data(Models::OccurredAtRole).toDateTime()),
                               languageName(chat.data(Models::PreferredLanguageRole).toString())));
            break;
        case LiveChatModel::State::Disconnected:
            m_state->setText(tr("Not connected to the server: the chat goes on when you are back online."));
            break;
        case LiveChatModel::State::Ended:
            switch (ChatEndReason(chat.data(Models::ChatEndReasonRole).toInt())) {
            case ChatEndReason::Citizen:
                m_state->setText(tr("The citizen ended the chat. It is filed on their timeline."));
                break;
            case ChatEndReason::Agent:
                m_state->setText(tr("You ended the chat. It is filed on the citizen's timeline."));
                break;
            case ChatEndReason::Idle:
                m_state->setText(tr("The chat ended after a long silence. It is filed on the timeline."));
                break;
            case ChatEndReason::Moved:
                m_state->setText(tr("This chat was given to a colleague while you were away."));
                break;
            case ChatEndReason::Shutdown:
                m_state->setText(
                    tr("The server stopped, which ended the chat. It is filed on the timeline."));
                break;
            case ChatEndReason::Gone:
                m_state->setText(tr("This chat is over or no longer yours."));
                break;
            }
            break;
        }
    }
    m_count->setText(
        tooLong ? tr("%1 of at most %2 characters: too long to send").arg(length).arg(maxLiveChatMessageChars)
                : (length > maxLiveChatMessageChars * 3 / 4
                       ? tr("%1 of %2 characters").arg(length).arg(maxLiveChatMessageChars)
                       : QString()));
    m_reply->setEnabled(chat.isValid() && state != LiveChatModel::State::Ended);
    m_send->setEnabled(active && length > 0 && !tooLong);
    m_end->setEnabled(active);
    m_dismiss->setVisible(chat.isValid() && state == LiveChatModel::State::Ended);
    m_openCustomer->setEnabled(!chat.data(Models::CustomerIdRole).toUuid().isNull());
}

void ChatPanel::sendReply()
{
    if (!m_chats.send(m_current, m_reply->toPlainText()))
        return; // the buttons say why (too long, not connected, ended)
    const QSignalBlocker quiet(m_reply);
    m_reply->clear();
    refresh();
}

void ChatPanel::endChat()
{
    m_chats.end(m_current);
}

bool ChatPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_reply && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && !(key->modifiers() & Qt::ShiftModifier)) {
            sendReply();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Threadline::Ui
