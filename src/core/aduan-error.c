/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "aduan-error.h"

G_DEFINE_QUARK (aduan-error-quark, aduan_error)
