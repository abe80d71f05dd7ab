/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>

#include "aduan-outbox.h"
#include "sync-test-common.h"

/* The end-to-end test of the data-loss rules: kill -9 of the syncing
 * program at any moment loses nothing and duplicates nothing. */

#define N_COMPLAINTS 200
#define N_KILLS 20
/* The link's rate: about 21 MB to send takes ten seconds or more, so the
 * kills land while there is work however fast this machine or the engine
 * is (a faster engine once sent everything before the 13th kill). */
#define LINK_RATE (2 * 1000 * 1000)

static GSubprocess *
spawn_sync (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              sync_test_aduanctl_program (), "sync", "--quiet", "--data-dir", data_dir,
                              "--stall-timeout", "3", NULL);
  g_assert_no_error (error);

  return process;
}

/* 200 complaints with photos; `aduanctl sync` is SIGKILLed at random
 * moments 20 times, then runs to the end: the hub holds exactly 200, each
 * photo byte-identical. */
static void
test_kill_client (void)
{
  g_autoptr(SyncTestHub) hub = sync_test_hub_start (NULL, NULL);
  g_autoptr(FaultProxy) proxy = fault_proxy_new (hub->port);
  g_autofree char *url = fault_proxy_get_url (proxy);
  g_autoptr(AduanStore) store = sync_test_device_new ("device");
  g_autoptr(GRand) rand = g_rand_new ();
  g_autoptr(GSubprocess) last = NULL;
  g_autoptr(GError) error = NULL;
  const char *data_dir = aduan_store_get_data_dir (store);
  guint killed_with_work_left = 0;

  for (guint i = 0; i < N_COMPLAINTS; i++)
    {
      g_autoptr(AduanComplaint) complaint =
        sync_test_save_complaint (store, i, 1 + i % 2, 20 * 1000 + g_rand_int_range (rand, 0, 100 * 1000));
    }
  sync_test_enroll (store, hub, url);
  fault_proxy_set_link (proxy, LINK_RATE, 0);

  for (guint k = 0; k < N_KILLS; k++)
    {
      g_autoptr(GSubprocess) process = spawn_sync (data_dir);
      /* From before the store is open to the middle of a photo. */
      guint delay_ms = (guint) g_test_rand_int_range (10, 250);
      guint waiting;

      g_usleep (delay_ms * 1000);
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, &error);
      g_assert_no_error (error);

      waiting = sync_test_count_waiting (store);
      if (g_subprocess_get_if_signaled (process) && waiting > 0)
        killed_with_work_left++;
      g_test_message ("Kill %u after %u ms: %u complaints left", k + 1, delay_ms, waiting);
    }

  /* The kills must have landed while there was work, or this proves
   * little. */
  g_assert_cmpuint (killed_with_work_left, >=, N_KILLS * 3 / 4);

  fault_proxy_set_link (proxy, 0, 0);
  {
    gint64 start = g_get_monotonic_time ();

    last = spawn_sync (data_dir);
    g_subprocess_wait_check (last, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("The last run took %.1f s", (g_get_monotonic_time () - start) / 1e6);
  }

  g_assert_cmpuint (sync_test_count_waiting (store), ==, 0);
  sync_test_hub_assert_holds (hub, store, N_COMPLAINTS);
}

int
main (int    argc,
      char **argv)
{
  sync_test_init (&argc, &argv);

  g_test_add_func ("/sync/kill/client-killed-20-times", test_kill_client);

  return g_test_run ();
}
