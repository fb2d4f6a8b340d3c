// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyncLogging.h"

Q_LOGGING_CATEGORY(lcSync, "threadline.sync", QtInfoMsg)
