/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "aduan-hub-device.h"

static const char * const roles[ADUAN_HUB_ROLE_N] = {
  "officer", "kiosk", "admin", "agency",
};

const char *
aduan_hub_role_to_string (AduanHubRole role)
{
  g_return_val_if_fail ((guint) role < ADUAN_HUB_ROLE_N, NULL);

  return roles[role];
}

gboolean
aduan_hub_role_from_string (const char   *str,
                            AduanHubRole *out_role)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < ADUAN_HUB_ROLE_N; i++)
    if (g_str_equal (roles[i], str))
      {
        *out_role = (AduanHubRole) i;
        return TRUE;
      }

  return FALSE;
}

/**
 * aduan_hub_device_new:
 *
 * Returns: (transfer full): an empty device record
 */
AduanHubDevice *
aduan_hub_device_new (void)
{
  return g_new0 (AduanHubDevice, 1);
}

AduanHubDevice *
aduan_hub_device_copy (const AduanHubDevice *device)
{
  AduanHubDevice *copy;

  g_return_val_if_fail (device != NULL, NULL);

  copy = g_new0 (AduanHubDevice, 1);
  *copy = *device;
  copy->id = g_strdup (device->id);
  copy->name = g_strdup (device->name);
  copy->agency_code = g_strdup (device->agency_code);
  copy->tracking_prefix = g_strdup (device->tracking_prefix);

  return copy;
}

void
aduan_hub_device_free (AduanHubDevice *device)
{
  if (device == NULL)
    return;

  g_free (device->id);
  g_free (device->name);
  g_free (device->agency_code);
  g_free (device->tracking_prefix);
  g_free (device);
}
