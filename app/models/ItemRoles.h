// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <Qt>

namespace Threadline::Models {

/// Every custom role of Threadline's models, in one place. Models return raw values (ids, enums
/// as int, times as UTC QDateTime, counts); delegates and proxies format them for people.
/// Qt::DisplayRole gives the plain text a screen reader would read first (a name, a subject).
enum ItemRole : int
{
    IdRole = Qt::UserRole + 1, ///< QUuid: the row's record (customer, interaction)
    CustomerIdRole, ///< QUuid
    LoadingRole, ///< bool: a placeholder row for a page still being read

    // Timeline rows (TimelineModel) and search hits on interactions
    ChannelRole, ///< int: Threadline::Channel
    DirectionRole, ///< int: Threadline::Direction
    OccurredAtRole, ///< QDateTime, UTC
    AgentIdRole, ///< QUuid, null when none
    CaseIdRole, ///< QUuid, null when none
    SubjectRole, ///< QString
    PreviewRole, ///< QString: the first few hundred characters of the body
    AttachmentCountRole, ///< int
    CallDurationRole, ///< int seconds
    CallOutcomeRole, ///< int: Threadline::CallOutcome, or an invalid QVariant
    HasDefectsRole, ///< bool: an email that could not be fully parsed (raw source kept)
    CounterpartRole, ///< QString: the email sender or the caller's number
    ChatSessionRole, ///< QString
    HasScanRole, ///< bool: a letter with its scan
    SyncMarkRole, ///< int: 0 synced, 1 pending, 2 refused by the server
    SyncErrorRole, ///< QString: the server's reason code for a refused row
    DeliveryRole, ///< int: Threadline::MailDelivery of an email sent from here, or an invalid QVariant
    DeliveryDetailRole, ///< QString: the mail server's last answer about it
    DeliveryAttemptsRole, ///< int: how many times sending it was tried
    UnreadRole, ///< bool: an inbound contact newer than this agent's last look at the customer here
    AwaitingReplyRole, ///< bool: a contact that needs a response and came after the last one

    // Customers (CustomerListModel, SearchModel's people)
    DisplayNameRole, ///< QString
    PostcodeRole, ///< QString
    PreferredLanguageRole, ///< QString: BCP 47 primary tag ("en", "cy")
    InteractionCountRole, ///< qint64
    ViewedAtRole, ///< QDateTime UTC: when this agent last opened the customer here

    // Sync problems (SyncProblemsModel)
    ProblemKindRole, ///< int: SyncProblemsModel::Kind, on group rows and item rows
    IsGroupRole, ///< bool: a group row (conflicts, refused changes, set-aside changes)
    SeenRole, ///< bool: a conflict the agent has marked as seen
    RecordKindRole, ///< QString: "customer", "case", or the feed entity of a set-aside change; may be empty
    RecordNameRole, ///< QString: the customer's name or the case's title; empty when not in the cache
    FieldRole, ///< QString: the protocol field a conflict is about
    AttemptedValueRole, ///< QString: what the agent's losing edit wanted (invalid QVariant: empty)
    KeptValueRole, ///< QString: what the field holds (invalid QVariant: empty)
    OperationRole, ///< QString: a refused change's operation, e.g. "case.update"
    FeedSeqRole, ///< qint64: a set-aside change's feed position

    // Search results (SearchModel)
    HitKindRole, ///< int: SearchModel::HitKind
    InteractionIdRole, ///< QUuid: the interaction a hit points at (null for a person)
    SnippetRole, ///< QString: the matched excerpt, plain text
    HighlightsRole, ///< QVariantList of QPoint(start, end): character ranges of the matches in SnippetRole
    ScoreRole, ///< double: bm25, lower is better

    // Live web chats (LiveChatModel); also IdRole, CustomerIdRole, UnreadRole, OccurredAtRole
    // (when the chat started), PreviewRole (the last message), PreferredLanguageRole (the page's)
    ChatStateRole, ///< int: LiveChatModel::State
    ChatEndReasonRole, ///< int: Threadline::ChatEndReason, once ended
    CitizenTypingRole, ///< bool: the citizen typed in the last few seconds
    ContactEmailRole, ///< QString: the email address the citizen left
    ContactPhoneRole, ///< QString: the phone number the citizen left
    UnreadCountRole, ///< int: the citizen's messages since the agent last looked at the chat
};

/// SyncMarkRole values.
enum class RowSyncMark : int
{
    Synced = 0,
    Pending = 1,
    Refused = 2,
};

} // namespace Threadline::Models
