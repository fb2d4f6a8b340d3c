// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QUuid>
#include <QWidget>

class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;

namespace Threadline::Models {
class LiveChatModel;
}

namespace Threadline::Ui {

/// The agent's live web chats: the list of chats given to them (newest first, unread counts),
/// the chosen chat's transcript as the citizen sees it, what is happening (the citizen typing,
/// the chat ended and why, the connection lost), and a reply box.
///
/// Enter sends the reply, Shift+Enter starts a new line; a reply longer than the chat allows is
/// refused with the count shown. What the agent typed is kept per chat while they switch between
/// chats. "Open customer" shows the customer the citizen's email address matched. Ended chats
/// stay listed until dismissed; their transcript is filed on the customer's timeline.
/// All words are the UI's (tr()); the model holds values only. Does not own the model.
class ChatPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChatPanel(Models::LiveChatModel &chats, QWidget *parent = nullptr);

    /// Shows @p chat and puts the cursor in the reply box.
    void showChat(const QUuid &chat);
    QUuid currentChat() const { return m_current; }

    QListView *chatList() const { return m_list; }
    QTextBrowser *transcript() const { return m_transcript; }
    QPlainTextEdit *replyBox() const { return m_reply; }
    QLabel *stateLabel() const { return m_state; }
    QPushButton *sendButton() const { return m_send; }
    QPushButton *endButton() const { return m_end; }
    QPushButton *openCustomerButton() const { return m_openCustomer; }

    /// What the chat list says about a row (for the list's text and screen readers).
    static QString describe(const QModelIndex &index);

Q_SIGNALS:
    /// The agent asked to see the customer this chat is matched to.
    void openCustomerRequested(const QUuid &customerId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refresh();
    void renderTranscript();
    void sendReply();
    void endChat();

    Models::LiveChatModel &m_chats;
    QUuid m_current;
    QHash<QUuid, QString> m_drafts; ///< replies typed in chats not shown now
    QListView *m_list = nullptr;
    QTextBrowser *m_transcript = nullptr;
    QLabel *m_contact = nullptr;
    QLabel *m_state = nullptr;
    QPlainTextEdit *m_reply = nullptr;
    QLabel *m_count = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_end = nullptr;
    QPushButton *m_openCustomer = nullptr;
    QPushButton *m_dismiss = nullptr;
};

} // namespace Threadline::Ui
