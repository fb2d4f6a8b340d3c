// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SyncEngine.h"

#include <QCoreApplication>

namespace Threadline::Ui {

/// The words for what the sync engine reports as values (translated).
class SyncText
{
    Q_DECLARE_TR_FUNCTIONS(SyncText)
public:
    /// One or two sentences for the agent; empty for an empty error.
    static QString error(const Sync::SyncError &error);
};

} // namespace Threadline::Ui
