/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include <glib-unix.h>

#include "aduan-xvfb.h"

/* A private X server for the UI tests and the start-up benchmark, on a
 * display number it picks itself (-displayfd), so runs never collide. */

#define START_TIMEOUT_MS 15000

struct _AduanXvfb
{
  GSubprocess *process;
  char        *display;
};

/**
 * aduan_xvfb_start:
 * @width: screen width in pixels
 * @height: screen height in pixels
 *
 * Returns: (transfer full) (nullable): the running server, or %NULL with
 *   %G_IO_ERROR_NOT_FOUND when Xvfb is not installed, or another error
 *   when it would not start
 */
AduanXvfb *
aduan_xvfb_start (int      width,
                  int      height,
                  GError **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *program = g_find_program_in_path ("Xvfb");
  g_autofree char *screen = NULL;
  g_autoptr(GString) number = g_string_new (NULL);
  AduanXvfb *self;
  int fds[2];

  if (program == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Xvfb is not installed");
      return NULL;
    }

  if (!g_unix_open_pipe (fds, FD_CLOEXEC, error))
    return NULL;

  screen = g_strdup_printf ("%dx%dx24", width, height);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_take_fd (launcher, fds[1], 3);
  process = g_subprocess_launcher_spawn (launcher, error,
                                         program, "-displayfd", "3",
                                         "-screen", "0", screen,
                                         "-nolisten", "tcp", "-noreset",
                                         NULL);
  /* Our copy of the write end must go, or a dying server is not seen. */
  g_clear_object (&launcher);
  if (process == NULL)
    {
      close (fds[0]);
      return NULL;
    }

  /* The server writes its display number and a newline once it is ready. */
  for (;;)
    {
      struct pollfd pfd = { fds[0], POLLIN, 0 };
      char c;
      int n = poll (&pfd, 1, START_TIMEOUT_MS);

      if (n < 0 && errno == EINTR)
        continue;

      if (n <= 0 || read (fds[0], &c, 1) != 1)
        {
          close (fds[0]);
          g_subprocess_force_exit (process);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Xvfb did not start");
          return NULL;
        }

      if (c == '\n')
        break;
      g_string_append_c (number, c);
    }
  close (fds[0]);

  self = g_new0 (AduanXvfb, 1);
  self->process = g_steal_pointer (&process);
  self->display = g_strdup_printf (":%s", number->str);

  return self;
}

const char *
aduan_xvfb_get_display (AduanXvfb *self)
{
  return self->display;
}

void
aduan_xvfb_stop (AduanXvfb *self)
{
  if (self == NULL)
    return;

  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
  g_free (self->display);
  g_free (self);
}
