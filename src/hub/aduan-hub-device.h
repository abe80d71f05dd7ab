/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * AduanHubRole:
 * @ADUAN_HUB_ROLE_OFFICER: a field officer's laptop; syncs its complaints
 * @ADUAN_HUB_ROLE_KIOSK: a kiosk in a service unit; syncs its complaints
 * @ADUAN_HUB_ROLE_ADMIN: the complaint admin's office token; everything
 * @ADUAN_HUB_ROLE_AGENCY: an agency liaison's token; its own agency's
 *   complaints
 *
 * What a bearer token may do.
 */
typedef enum {
  ADUAN_HUB_ROLE_OFFICER,
  ADUAN_HUB_ROLE_KIOSK,
  ADUAN_HUB_ROLE_ADMIN,
  ADUAN_HUB_ROLE_AGENCY,
  ADUAN_HUB_ROLE_N
} AduanHubRole;

#define ADUAN_HUB_ROLE_MASK(role) (1u << (role))
#define ADUAN_HUB_ROLES_DEVICE (ADUAN_HUB_ROLE_MASK (ADUAN_HUB_ROLE_OFFICER) | \
                                ADUAN_HUB_ROLE_MASK (ADUAN_HUB_ROLE_KIOSK))
#define ADUAN_HUB_ROLES_OFFICE (ADUAN_HUB_ROLE_MASK (ADUAN_HUB_ROLE_ADMIN) | \
                                ADUAN_HUB_ROLE_MASK (ADUAN_HUB_ROLE_AGENCY))
#define ADUAN_HUB_ROLES_ANY    (ADUAN_HUB_ROLES_DEVICE | ADUAN_HUB_ROLES_OFFICE)

const char *aduan_hub_role_to_string   (AduanHubRole  role);
gboolean    aduan_hub_role_from_string (const char   *str,
                                        AduanHubRole *out_role);

/**
 * AduanHubDevice:
 * @id: the device's ID, as logs and events name it
 * @name: what the admin called it, e.g. "Kiosk MPP Sleman"
 * @role: what its token may do
 * @agency_code: (nullable): the agency of an %ADUAN_HUB_ROLE_AGENCY token
 * @tracking_prefix: (nullable): a tracking-code prefix no other device has
 * @created_at: when it was enrolled, UTC microseconds
 * @revoked_at: when its token was revoked, 0 while it is valid
 *
 * One holder of a bearer token: an enrolled device or an office token.
 */
typedef struct
{
  char         *id;               /* (owned) */
  char         *name;             /* (owned) */
  AduanHubRole  role;
  char         *agency_code;      /* (owned) (nullable) */
  char         *tracking_prefix;  /* (owned) (nullable) */
  gint64        created_at;
  gint64        revoked_at;
} AduanHubDevice;

AduanHubDevice *aduan_hub_device_new  (void);
AduanHubDevice *aduan_hub_device_copy (const AduanHubDevice *device);
void            aduan_hub_device_free (AduanHubDevice       *device);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanHubDevice, aduan_hub_device_free)

G_END_DECLS
