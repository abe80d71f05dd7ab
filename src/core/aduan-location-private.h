/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aduan-location.h"

G_BEGIN_DECLS

/* For the providers in libaduan; each notifies on the caller's thread,
 * which must be the one the provider was started on. */
void _aduan_location_provider_set_state (AduanLocationProvider  *self,
                                         AduanLocationState      state,
                                         const char             *status);
void _aduan_location_provider_set_fix   (AduanLocationProvider  *self,
                                         const AduanLocationFix *fix);
void _aduan_location_provider_fail      (AduanLocationProvider  *self,
                                         const GError           *error);

G_END_DECLS
