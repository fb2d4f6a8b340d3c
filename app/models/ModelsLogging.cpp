// SPDX-License-Identifier: GPL-3.0-or-later
#include "ModelsLogging.h"

Q_LOGGING_CATEGORY(lcModels, "threadline.models", QtInfoMsg)
