/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aduan-hub-storage.h"

G_BEGIN_DECLS

/**
 * AduanHubWriteFunc:
 * @storage: the writer's storage, inside a transaction
 * @data: the job's data
 * @error: return location for a #GError
 *
 * One write, run on the writer thread. It may read and write @storage
 * freely; if it fails, all it wrote is undone and nothing else is.
 *
 * Returns: %TRUE on success
 */
typedef gboolean (*AduanHubWriteFunc) (AduanHubStorage  *storage,
                                       gpointer          data,
                                       GError          **error);

#define ADUAN_HUB_TYPE_WRITER (aduan_hub_writer_get_type ())
G_DECLARE_FINAL_TYPE (AduanHubWriter, aduan_hub_writer, ADUAN_HUB, WRITER, GObject)

AduanHubWriter *aduan_hub_writer_new           (AduanHubStorage     *storage);
void            aduan_hub_writer_submit        (AduanHubWriter      *self,
                                                AduanHubWriteFunc    func,
                                                gpointer             data,
                                                GDestroyNotify       destroy,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        aduan_hub_writer_submit_finish (AduanHubWriter      *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void            aduan_hub_writer_stop          (AduanHubWriter      *self);

G_END_DECLS
