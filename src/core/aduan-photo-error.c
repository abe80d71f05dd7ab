/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "aduan-photo-error.h"

G_DEFINE_QUARK (aduan-photo-error-quark, aduan_photo_error)
