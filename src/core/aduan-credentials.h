/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aduan-store.h"

G_BEGIN_DECLS

/**
 * AduanEnrollment:
 * @hub_url: the hub's address, ending with a slash
 * @device_id: the ID the hub gave this device
 * @role: `officer` or `kiosk`
 * @name: (nullable): the device's name at the hub
 * @tracking_prefix: (nullable): the tracking-code prefix the hub gave it
 * @ca_file: (nullable): the certificates trusted for this hub instead of
 *   the system's
 * @token_store: where the token is kept: `keyring` or `file`
 * @enrolled_at: when (UTC microseconds)
 * @refused: the hub has since refused the token: enroll again
 *
 * This device's enrollment with its hub. The token itself is not here.
 */
typedef struct
{
  char     *hub_url;          /* (owned) */
  char     *device_id;        /* (owned) */
  char     *role;             /* (owned) */
  char     *name;             /* (owned) (nullable) */
  char     *tracking_prefix;  /* (owned) (nullable) */
  char     *ca_file;          /* (owned) (nullable) */
  char     *token_store;      /* (owned) */
  gint64    enrolled_at;
  gboolean  refused;
} AduanEnrollment;

#define ADUAN_TYPE_ENROLLMENT (aduan_enrollment_get_type ())
GType            aduan_enrollment_get_type        (void) G_GNUC_CONST;
AduanEnrollment *aduan_enrollment_copy            (const AduanEnrollment *enrollment);
void             aduan_enrollment_free            (AduanEnrollment       *enrollment);

AduanEnrollment *aduan_credentials_get_enrollment (AduanStore           *store,
                                                   GError              **error);
gboolean         aduan_credentials_enroll         (AduanStore           *store,
                                                   const char           *hub_url,
                                                   const char           *code,
                                                   const char           *device_name,
                                                   const char           *ca_file,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
void             aduan_credentials_enroll_async   (AduanStore           *store,
                                                   const char           *hub_url,
                                                   const char           *code,
                                                   const char           *device_name,
                                                   const char           *ca_file,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         aduan_credentials_enroll_finish  (AduanStore           *store,
                                                   GAsyncResult         *result,
                                                   GError              **error);
char            *aduan_credentials_lookup_token   (AduanStore           *store,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
gboolean         aduan_credentials_forget         (AduanStore           *store,
                                                   GCancellable         *cancellable,
                                                   GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanEnrollment, aduan_enrollment_free)

G_END_DECLS
