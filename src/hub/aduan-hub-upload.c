/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "aduan-hub-upload.h"

/**
 * aduan_hub_upload_new:
 *
 * Returns: (transfer full): an empty upload record
 */
AduanHubUpload *
aduan_hub_upload_new (void)
{
  return g_new0 (AduanHubUpload, 1);
}

AduanHubUpload *
aduan_hub_upload_copy (const AduanHubUpload *upload)
{
  AduanHubUpload *copy;

  g_return_val_if_fail (upload != NULL, NULL);

  copy = g_new0 (AduanHubUpload, 1);
  *copy = *upload;
  copy->id = g_strdup (upload->id);
  copy->device_id = g_strdup (upload->device_id);
  copy->complaint_uuid = g_strdup (upload->complaint_uuid);
  copy->sha256 = g_strdup (upload->sha256);
  copy->filename = g_strdup (upload->filename);
  copy->content_type = g_strdup (upload->content_type);
  copy->metadata = g_strdup (upload->metadata);

  return copy;
}

void
aduan_hub_upload_free (AduanHubUpload *upload)
{
  if (upload == NULL)
    return;

  g_free (upload->id);
  g_free (upload->device_id);
  g_free (upload->complaint_uuid);
  g_free (upload->sha256);
  g_free (upload->filename);
  g_free (upload->content_type);
  g_free (upload->metadata);
  g_free (upload);
}
