/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "aduan-hub-rate-limit.h"

/* Buckets that have been full this long are forgotten: they would only
 * refill to what a new bucket holds anyway. */
#define IDLE_USEC ((gint64) 120 * G_USEC_PER_SEC)
#define PRUNE_EVERY 4096

/**
 * AduanHubRateLimit:
 *
 * Requests per minute per device, as a token bucket: a device may send a
 * burst of a minute's allowance at once (a laptop back from a village
 * with a morning's complaints), then as fast as the allowance refills.
 */
struct _AduanHubRateLimit
{
  guint       per_minute;
  GHashTable *buckets;   /* (owned) key → Bucket */
  guint       checks;
};

typedef struct
{
  double tokens;
  gint64 updated;
} Bucket;

/**
 * aduan_hub_rate_limit_new:
 * @per_minute: requests allowed per minute and key; 0 for no limit
 *
 * Returns: (transfer full): a limiter
 */
AduanHubRateLimit *
aduan_hub_rate_limit_new (guint per_minute)
{
  AduanHubRateLimit *self = g_new0 (AduanHubRateLimit, 1);

  self->per_minute = per_minute;
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return self;
}

void
aduan_hub_rate_limit_free (AduanHubRateLimit *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->buckets);
  g_free (self);
}

static void
prune (AduanHubRateLimit *self,
       gint64             now)
{
  GHashTableIter iter;
  Bucket *bucket;

  g_hash_table_iter_init (&iter, self->buckets);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &bucket))
    if (now - bucket->updated > IDLE_USEC)
      g_hash_table_iter_remove (&iter);
}

/**
 * aduan_hub_rate_limit_check:
 * @self: a limiter
 * @key: who is asking: a device ID, or an address for callers without one
 * @now: monotonic microseconds
 * @out_retry_after: (out) (optional): when refused, the seconds until
 *   the next request would be allowed
 *
 * Counts one request for @key.
 *
 * Returns: %TRUE if the request may go ahead
 */
gboolean
aduan_hub_rate_limit_check (AduanHubRateLimit *self,
                            const char        *key,
                            gint64             now,
                            guint             *out_retry_after)
{
  double per_usec;
  Bucket *bucket;

  g_return_val_if_fail (self != NULL, TRUE);
  g_return_val_if_fail (key != NULL, TRUE);

  if (self->per_minute == 0)
    return TRUE;

  if (++self->checks % PRUNE_EVERY == 0)
    prune (self, now);

  per_usec = self->per_minute / (60.0 * G_USEC_PER_SEC);
  bucket = g_hash_table_lookup (self->buckets, key);
  if (bucket == NULL)
    {
      bucket = g_new0 (Bucket, 1);
      bucket->tokens = self->per_minute;
      bucket->updated = now;
      g_hash_table_insert (self->buckets, g_strdup (key), bucket);
    }
  else
    {
      bucket->tokens = MIN ((double) self->per_minute,
                            bucket->tokens + (double) (now - bucket->updated) * per_usec);
      bucket->updated = now;
    }

  if (bucket->tokens >= 1.0)
    {
      bucket->tokens -= 1.0;
      return TRUE;
    }

  if (out_retry_after != NULL)
    *out_retry_after = MAX (1, (guint) ceil ((1.0 - bucket->tokens) / per_usec / G_USEC_PER_SEC));

  return FALSE;
}
